"""Interactive, self-contained HTML pages: network explorer, diffusion playback, scenario report.

Every function returns a :class:`~innosys.viz.page.Page` with ``.html``,
``.write(path)`` and inline display in Jupyter (:func:`show`); :func:`write_png`
saves a page, or a part of it, as a PNG.  Pages inline all their
scripts and styles and make no network request.

>>> from innosys.viz import network_explorer
>>> page = network_explorer(kind="County")
>>> page.info["nodes"]
15
"""

from innosys.viz.diffusion import diffusion_playback, playback_data
from innosys.viz.network import network_data, network_explorer
from innosys.viz.notebook import show
from innosys.viz.page import Page
from innosys.viz.png import write_png
from innosys.viz.report import differing_units, scenario_report, timing_table
from innosys.viz.results import Result, ResultFormatError, read_result
from innosys.viz.validation import validation_page

__all__ = ["Page", "Result", "ResultFormatError", "differing_units", "diffusion_playback", "network_data",
           "network_explorer", "playback_data", "read_result", "scenario_report", "show", "timing_table",
           "validation_page", "write_png"]
