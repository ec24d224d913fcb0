"""The JavaScript and CSS libraries every page inlines (no CDN, no network).

Both come from installed dependencies, read at run time: vis-network 9.1.2 from
the ``pyvis`` package (which bundles it), plotly.js from the ``plotly`` package.

>>> "vis-network" in vis_js()[:200]
True
>>> plotly_js().lstrip().startswith("/**")
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

VIS_VERSION = "9.1.2"


def vis_path(name: str) -> Path:
    """A vis-network file bundled with the installed pyvis package."""
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}" / name
    if not path.is_file():
        raise FileNotFoundError(f"{name} (vis-network {VIS_VERSION}) not found in the pyvis package ({path})")
    return path


@cache
def vis_js() -> str:
    return vis_path("vis-network.min.js").read_text(encoding="utf-8")


@cache
def vis_css() -> str:
    return vis_path("vis-network.css").read_text(encoding="utf-8")


def plotly_js_path() -> Path:
    """The ``plotly.min.js`` file shipped inside the installed plotly package."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the plotly package ({path})")
    return path


@cache
def plotly_js() -> str:
    return plotly_js_path().read_text(encoding="utf-8")
