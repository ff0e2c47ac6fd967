"""The reader's and the review page's HTML: one template (pages.html), assets from /static/curate/.

Both pages build their DOM in plain scripts that talk to this server only: the policy lets them load
this server's script and stylesheet and fetch from it (GraphQL, the review routes), nothing else.
"""

from __future__ import annotations

from html import escape
from string import Template

from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from graph.files.resources import package_file

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
STATIC_DIR = package_file("graph", "static", "curate")
TEMPLATE = Template(package_file("graph.server", "pages.html").read_text(encoding="utf-8"))


def page(title: str, script: str, data: dict[str, str], status_code: int = 200) -> HTMLResponse:
    """The shell of a page: its title, its script (a file of static/curate/) and data-* attributes
    the script reads (values escaped; never markup)."""
    attributes = "".join(f' data-{name}="{escape(value)}"' for name, value in data.items())
    body = TEMPLATE.substitute(title=escape(title), script=escape(script), data=attributes)
    return HTMLResponse(body, status_code=status_code, headers={"Content-Security-Policy": POLICY})


def static_route() -> Mount:
    return Mount("/static/curate", app=StaticFiles(directory=STATIC_DIR), name="curate")
