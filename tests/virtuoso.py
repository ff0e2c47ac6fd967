"""A real Virtuoso server (Debian's `virtuoso-opensource`) for tests: the second SPARQL engine the
remote-store path is proven on, besides the Oxigraph server.

Each server gets a database directory and two free 127.0.0.1 ports (SQL and HTTP) of its own. Its
SPARQL user may update graphs, so `stargate-kg push` can load it through the Graph Store Protocol
at /sparql-graph-crud; queries go to /sparql, whose default graph, when a query names none, is
every graph the server holds (the union the API needs).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.live import free_port, stop

# Virtuoso's own defaults cut results at 10,000 rows and refuse queries it estimates as costly:
# the API reads whole lists, so neither may apply.
INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""
# The SPARQL user (anyone over HTTP, on 127.0.0.1 only) may write graphs: push needs it.
GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


@dataclass
class VirtuosoServer:
    url: str
    sql_port: int
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return self.url + "/sparql"

    @property
    def store_url(self) -> str:
        return self.url + "/sparql-graph-crud"


def virtuoso_executables() -> tuple[str, str]:
    server, client = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or client is None:
        raise RuntimeError("Virtuoso is not installed (Debian package virtuoso-opensource; tests/run.sh installs it)")
    return server, client


def start_virtuoso(location: Path) -> VirtuosoServer:
    """A Virtuoso server in `location`, ready for SPARQL queries and Graph Store Protocol writes."""
    server_exe, client_exe = virtuoso_executables()
    sql_port, http_port = free_port(), free_port()
    ini = location / "virtuoso.ini"
    ini.write_text(INI.format(dir=location, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    process = subprocess.Popen(
        [server_exe, "+foreground", "+configfile", str(ini)],
        cwd=location,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = VirtuosoServer(f"http://127.0.0.1:{http_port}", sql_port, process)
    try:
        _wait_until_answering(server)
        granted = subprocess.run(
            [client_exe, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={GRANTS}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if granted.returncode != 0 or "Error" in granted.stdout + granted.stderr:
            raise RuntimeError(f"Virtuoso refused the grants: {granted.stdout}{granted.stderr}")
    except BaseException:
        stop(process)
        raise
    return server


def _wait_until_answering(server: VirtuosoServer) -> None:
    deadline = time.monotonic() + 120  # a first start creates the database: a few seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {server.process.returncode}")
        try:
            if httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("Virtuoso did not answer within 120 s")
