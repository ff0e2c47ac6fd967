"""The README against the code: settings, commands, paths, layering and the seed graph's figures.

Datasette's habit: documentation that names every setting and command, checked by the tests, so
adding a setting or a command without documenting it fails here. The README's generated blocks
(docs/figures.py) must equal what a real build gives now; the figures it quotes in prose about
the seed graph are checked against the same build.
"""

from __future__ import annotations

import argparse
import re
import shlex
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from docs import figures
from graph.analytics.conflict_findings import finding_id
from graph.cli.main import build_parser as cli_parser
from graph.http.settings import Settings, env_name
from graph.server.serve import build_parser as server_parser
from graph.store.export import EXPORTS
from graph.visual.formats import DUMPS
from tests.test_layering import ALLOWED

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


@pytest.fixture(scope="module")
def facts() -> figures.SeedFacts:
    return figures.seed_facts()


def code_blocks(text: str = README) -> list[tuple[str, str]]:
    """(info string, body) of every fenced block."""
    return re.findall(r"^```(\w*)\n(.*?)^```$", text, flags=re.S | re.M)


def shell_lines(text: str = README) -> list[str]:
    """Lines of the unlabelled code blocks (the commands), comments cut, continuations joined."""
    lines: list[str] = []
    for info, body in code_blocks(text):
        if info in {"", "sh"}:
            joined = body.replace("\\\n", " ")
            lines += [line.split(" # ")[0].strip() for line in joined.splitlines() if line.strip()]
    return lines


def inline_code(text: str = README) -> list[str]:
    """Code spans of the prose (outside fenced blocks and HTML comments)."""
    prose = re.sub(r"^```\w*\n.*?^```$|<!--.*?-->", "", text, flags=re.S | re.M)
    return re.findall(r"`([^`\n]+)`", prose)


def subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name)
                yield from subcommands(child, (*path, name))


def test_every_setting_is_in_the_readme_with_its_flag_and_variable() -> None:
    flags = {action.dest: action.option_strings for action in server_parser()._actions}
    for name in Settings.__dataclass_fields__:
        assert any(f"`{flag}`" in README for flag in flags[name]), f"setting {name} ({flags[name]}) not in README"
        assert env_name(name) in README, f"{env_name(name)} not in README"


def test_defaults_the_prose_quotes_are_the_settings_defaults() -> None:
    quoted = re.findall(r"`--([a-z-]+)`[^`]{0,50}?default ([\d,.]+)", README)
    assert len(quoted) >= 5, quoted  # the limits of GraphQL and SPARQL
    for flag, value in quoted:
        default = Settings.__dataclass_fields__[flag.replace("-", "_")].default
        assert float(value.replace(",", "").rstrip(".")) == default, f"--{flag}: README says {value}, code {default}"


def test_every_cli_command_and_subcommand_is_in_the_readme() -> None:
    commands = list(subcommands(cli_parser()))
    assert len(commands) >= 10
    missing = [" ".join(path) for path in commands if f"stargate-kg {' '.join(path)}" not in README]
    assert not missing, f"commands the README never shows: {missing}"


def test_the_readme_keeps_its_two_set_up_commands() -> None:
    assert shell_lines()[:2] == ["pip install uv==0.13.8 && uv run --frozen python server.py", "bash tests/run.sh"]


@pytest.mark.parametrize("text", [README, CONTRIBUTING], ids=["README", "CONTRIBUTING"])
def test_commands_run_after_the_set_up_alone(text: str) -> None:
    """uv run --frozen everywhere (the lock, no resolution); tools named by their group; CLI and
    server lines that the real parsers accept."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    known = {"--group": set(project["dependency-groups"]), "--extra": set(project["project"]["optional-dependencies"])}
    commands = shell_lines(text) + [span for span in inline_code(text) if re.match(r"(uv run|python|pip) ", span)]
    assert len(commands) >= 5
    for command in commands:
        for part in command.split("&&"):
            words = shlex.split(part)
            assert words[0] not in {"python", "python3", "stargate-kg"}, f"not run through uv: {command}"
            if words[:2] != ["uv", "run"]:
                continue
            assert words[2] == "--frozen", f"uv run without --frozen: {command}"
            rest = words[3:]
            while rest[:1] in (["--group"], ["--extra"], ["--with"]):
                assert rest[1] in known.get(rest[0], {rest[1]}), f"no {rest[0]} {rest[1]} in pyproject.toml: {command}"
                rest = rest[2:]
            parsers = {"stargate-kg": (cli_parser, 1), "python": (server_parser, 2)}
            if rest[:1] == ["stargate-kg"] or rest[:2] == ["python", "server.py"]:
                make, skip = parsers[rest[0]]
                try:
                    make().parse_args(rest[skip:])
                except SystemExit as exit_:  # --help exits 0; a bad flag or value exits 2
                    assert exit_.code == 0, f"the parser refuses: {command}"


PATH = re.compile(r"(?<![\w/.-])((?:graph|tests|bench|web|docs)/[\w./*-]*)")


def named_paths(text: str) -> set[str]:
    return {m.rstrip(".") for m in PATH.findall(text) if "<" not in m}


def moved_table() -> list[tuple[str, str]]:
    section = README.split("## What moved where", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| (.+?) \| (.+?) \|$", section, flags=re.M)[2:]


def exists(path: str) -> bool:
    return any(ROOT.glob(path.rstrip("/"))) if "*" in path else (ROOT / path).exists()


@pytest.mark.parametrize("text", [README, CONTRIBUTING], ids=["README", "CONTRIBUTING"])
def test_every_path_named_exists(text: str) -> None:
    old = {path for before, _ in moved_table() for path in named_paths(before)}
    missing = sorted(p for p in named_paths(text) - old if not exists(p))
    assert not missing, f"paths that do not exist: {missing}"


def test_every_dump_and_export_format_is_in_the_readme() -> None:
    for name in [*DUMPS, *EXPORTS]:
        assert f"`{name}`" in README, f"format {name} not in README"


def test_what_moved_where_maps_gone_paths_to_present_ones() -> None:
    rows = moved_table()
    assert len(rows) >= 20
    for before, now in rows:
        gone = [p for p in named_paths(before) if "<" not in p and exists(p) and p not in now]
        assert not gone, f"{gone} still exist, yet the README says they moved"
        assert all(exists(p) for p in named_paths(now)), now


def test_the_readme_tree_lists_the_packages_in_an_order_the_layering_allows() -> None:
    section = README.split("## How the data flows", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^graph/(\w+)/ ", section, flags=re.M)
    assert set(listed) == set(ALLOWED) | {"seeds"}
    assert len(listed) == len(set(listed))
    packages = [name for name in listed if name in ALLOWED]
    for position, name in enumerate(packages):
        assert ALLOWED[name] <= set(packages[:position]), f"{name} may import a package listed below it"


def test_generated_blocks_are_current(facts: figures.SeedFacts) -> None:
    assert figures.current(README) == figures.generated(facts), (
        f"README.md's generated blocks are stale: run {figures.COMMAND}"
    )


def test_seed_figures_in_the_prose_match_a_build(facts: figures.SeedFacts) -> None:
    """Figures about the seed graph outside the generated blocks (a failure names the sentence)."""
    (word,) = re.findall(r"built from (\w+) Chinese news articles", README)
    assert NUMBER_WORDS[word] == facts.documents
    header = re.findall(r"\| seed \(([\d,]+) entities, ([\d,]+) edges\) \|", README)
    assert header == [(f"{facts.entities:,}", f"{facts.entity_graph_edges:,}")], (
        "the analytics timings were measured on another seed graph: rerun "
        "`uv run --frozen --extra parallel python -m bench.analytics` and copy its table"
    )
    assert re.findall(r"^\| findings \| ([\d,]+) \|", README, flags=re.M) == [f"{len(facts.findings):,}"]
    assert re.findall(r"conflict scan, all (\d+) rules", README) == [str(facts.rules)]


def test_generated_world_figures_are_multiples_of_the_seed_graph(facts: figures.SeedFacts) -> None:
    (factor, documents, claims) = re.findall(
        r"bench\.generate (\d+) \S+ +# ([\d,]+) documents, ([\d,]+) claims", README
    )[0]
    assert (documents, claims) == (f"{int(factor) * facts.documents:,}", f"{int(factor) * facts.claims:,}")
    ((factor, documents, millions),) = re.findall(r"([\d,]+)x \(([\d,]+) documents, ([\d.]+) million claims", README)
    size = int(factor.replace(",", ""))
    assert documents == f"{size * facts.documents:,}"
    assert millions == f"{size * facts.claims / 1e6:.2f}"


def test_the_graphql_example_answer_is_the_finding_it_asks_for(facts: figures.SeedFacts) -> None:
    (asked,) = re.findall(r'conflict\(id: "([^"]+)"\)', README)
    (explanation,) = re.findall(r'"explanation": "([^"]+)"', README)
    by_id = {finding_id(finding): finding for finding in facts.findings}
    assert by_id[asked].explanation == explanation


def test_the_data_licence_is_stated_where_the_data_is_and_agrees_with_void() -> None:
    void = (ROOT / "graph" / "sparql" / "void.ttl").read_text(encoding="utf-8")
    licence = "https://creativecommons.org/licenses/by/4.0/"
    assert licence in void
    for text in (README, (ROOT / "graph" / "seeds" / "README.md").read_text(encoding="utf-8")):
        assert "CC BY 4.0" in text and licence in text
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
