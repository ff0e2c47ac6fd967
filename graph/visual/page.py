"""The interactive page: sigma.js over graphology, bundled from web/viz/ into graph/static/viz/.

One HTML template (page.html) carries the view as graphology JSON in a script element. At /viz
the script and stylesheet are linked from /static/viz/; as a dump (`--format html`) they are
inlined, so the single file opens from disk with no network. Inlined text is escaped so that no
`</script>` or `</style>` inside it can end its element early.
"""

from __future__ import annotations

import json
import re
from html import escape
from string import Template

from graph.files.resources import package_file
from graph.visual.json_formats import graphology_data
from graph.visual.view import View

# Where the page may load from: the served page only this server's script and stylesheet, the
# standalone file only what it holds. Neither may connect anywhere.
SERVED_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
STANDALONE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
MAX_PAGE_NODES = 5000  # the page lays out in the browser: past this, ask for a scope
STATIC_DIR = package_file("graph", "static", "viz")
TEMPLATE = Template(package_file("graph.visual", "page.html").read_text(encoding="utf-8"))


def _closing(tag: str) -> re.Pattern[str]:
    return re.compile(rf"</({tag})", re.IGNORECASE)


def _inline(text: str, tag: str) -> str:
    return _closing(tag).sub(lambda m: "<\\/" + m.group(1), text)


def html(view: View, *, standalone: bool) -> bytes:
    """The page for a view: assets linked from static/viz/, or inlined when `standalone`."""
    if len(view.nodes) > MAX_PAGE_NODES:
        raise ValueError(
            f"{len(view.nodes)} entities are too many for the page (at most {MAX_PAGE_NODES}); "
            "choose an entity's neighbourhood, a finding or some relations"
        )
    data = _inline(json.dumps(graphology_data(view), ensure_ascii=False), "script")
    if standalone:
        css = (STATIC_DIR / "viz.css").read_text(encoding="utf-8")
        js = (STATIC_DIR / "viz.js").read_text(encoding="utf-8")
        style = f"<style>{_inline(css, 'style')}</style>"
        script = f"<script>{_inline(js, 'script')}</script>"
    else:
        style = '<link rel="stylesheet" href="static/viz/viz.css">'
        script = '<script src="static/viz/viz.js"></script>'
    policy = STANDALONE_POLICY if standalone else SERVED_POLICY
    return TEMPLATE.substitute(title=escape(view.title), policy=policy, style=style, script=script, data=data).encode()


def standalone(view: View) -> bytes:
    return html(view, standalone=True)
