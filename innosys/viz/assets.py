"""The JavaScript and CSS libraries every page inlines (no CDN, no network).

vis-network is vendored in ``innosys/viz/assets`` (copied from pyvis, see the
README there); plotly.js is the ``plotly.min.js`` bundled with the installed
``plotly`` package.

>>> "vis-network" in vis_js()[:200]
True
>>> plotly_js().lstrip().startswith("/**")
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

ASSETS = Path(__file__).parent / "assets"


@cache
def vis_js() -> str:
    return (ASSETS / "vis-network.min.js").read_text(encoding="utf-8")


@cache
def vis_css() -> str:
    return (ASSETS / "vis-network.css").read_text(encoding="utf-8")


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
