#!/usr/bin/env bash
# The whole test suite, from a fresh machine: system packages the tests drive (Chromium and its
# driver, Graphviz, Node.js, Virtuoso, a CJK font) or build with (ICU and a C++ compiler, for PyICU), uv,
# the locked Python environment with the test, bench and lint groups, then lint (ruff), types
# (mypy --strict) and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
command -v node >/dev/null 2>&1 || need+=(nodejs)
# Virtuoso, the second SPARQL server the remote store is tested on (tests/virtuoso.py)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
# a CJK font, so Chinese labels in screenshots and rendered PNGs are readable
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
# the ICU library and a C++ compiler, to build PyICU (followthemoney's, for the FollowTheMoney export)
dpkg -s libicu-dev >/dev/null 2>&1 || need+=(libicu-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v g++ >/dev/null 2>&1 || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing system packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet "uv==0.13.8"
uv sync --frozen --all-groups --quiet
run() { uv run --frozen --all-groups "$@"; }
echo "lint: ruff check, ruff format --check, mypy --strict"
run ruff check graph tests bench server.py
run ruff format --check --quiet graph tests bench server.py
run mypy graph
exec uv run --frozen --all-groups pytest "$@"
