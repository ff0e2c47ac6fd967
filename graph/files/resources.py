"""Files the package ships (ontology, shapes, rules, named queries, the seed corpus, bundled pages).

Everything is found through `importlib.resources`, so an installed wheel reads exactly the
files a checkout does, from any working directory.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_file(package: str, *parts: str) -> Path:
    """The file system path of a resource of `package` (a dotted module name).

    A path, not a Traversable: Oxigraph, pySHACL and Starlette's StaticFiles read real files,
    and a wheel always installs unpacked."""
    resource = files(package).joinpath(*parts)
    if not isinstance(resource, Path):
        raise RuntimeError(
            f"{package} is not installed as files on disk (a zip import?); stargate-kg needs its data files on disk"
        )
    return resource
