"""Inline display in notebooks (Jupyter, JupyterLab, VS Code): pages in a sandboxed iframe, results as tables.

:func:`show` displays a page (explorer, playback, report) inline as an
``<iframe srcdoc>`` with ``sandbox="allow-scripts"``: the page's scripts run
but cannot reach the notebook, and its strict content policy still forbids
any network request.  The ``*_html`` functions are the compact summary tables
that simulation, sweep and comparison results show as their ``_repr_html_``.
(Query results are pandas DataFrames, which notebooks already show as tables.)

>>> from innosys.viz import Page
>>> html_text = iframe_html(Page("<!DOCTYPE html><title>t</title><p>x</p>", title="a <b>"))
>>> html_text.startswith('<iframe title="a &lt;b&gt;" sandbox="allow-scripts"')
True
>>> "srcdoc=\\"&lt;!DOCTYPE html&gt;" in html_text
True
>>> print(summary_table({"runs": 20, "title": "<i>x</i>"}, caption="Result")[:60])
<table class="innosys-summary"><caption>Result</caption><tbo
"""

from __future__ import annotations

import html

import pandas as pd

#: Height of an inline page in pixels (the pages fill their frame).
FRAME_HEIGHT = 720
_MAX_ROWS = 20


def iframe_html(page, height: int = FRAME_HEIGHT) -> str:
    """A page as a sandboxed ``<iframe srcdoc>`` (scripts run, but apart from the notebook's)."""
    return (f'<iframe title="{html.escape(page.title)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ccd" '
            f'srcdoc="{html.escape(page.html, quote=True)}"></iframe>')


class Inline:
    """Anything with HTML, shown by a notebook through ``_repr_html_``."""

    def __init__(self, html_text: str):
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html


def show(page, height: int = FRAME_HEIGHT) -> Inline:
    """Display ``page`` inline in a notebook (and return it as an :class:`Inline` for re-display).

    >>> from innosys.viz import network_explorer
    >>> shown = show(network_explorer(kind="County"), height=400)
    >>> "height:400px" in shown._repr_html_()
    True
    """
    shown = Inline(iframe_html(page, height))
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # plain Python: nothing to display in
        return shown
    if get_ipython() is not None:
        display(shown)
        return None  # displayed once; a returned object would show a second time
    return shown


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.3g}"
    return html.escape(str(value))


def summary_table(rows: dict, caption: str = "") -> str:
    """A two-column HTML table of ``rows`` (label → value); every text is escaped."""
    body = "".join(f"<tr><th style=\"text-align:left\">{html.escape(str(k))}</th><td>{_cell(v)}</td></tr>"
                   for k, v in rows.items())
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="innosys-summary">{cap}<tbody>{body}</tbody></table>'


def _share(fs: dict | None) -> str:
    if not fs or fs.get("mean") is None:
        return "–"
    return f"{100 * fs['mean']:.1f} % (5–95 % of runs: {100 * fs['p05']:.1f}–{100 * fs['p95']:.1f} %)"


def simulation_result_html(result) -> str:
    """The summary table of a :class:`~innosys.diffusion.SimulationResult`."""
    s = result.summary()
    tts = s.get("time_to_share") or {}
    rows = {"scenario": s.get("scenario"), "title": s.get("title"),
            "innovation": s.get("innovation_name") or s.get("innovation_id"),
            "units": s.get("n_units"), "runs": s.get("runs"), "seed": s.get("seed"),
            "steps": f"{s.get('steps')} × {s.get('step_length')} from {s.get('start')}",
            "final adopted share": _share(s.get("final_share")),
            "time to 10 / 50 / 90 %": " / ".join("–" if tts.get(k) is None else f"step {tts[k]}"
                                                  for k in ("0.1", "0.5", "0.9")),
            "elapsed": f"{s.get('elapsed_seconds', 0):.2f} s"}
    return summary_table(rows, caption="innosys simulation result")


def _frame_html(df: pd.DataFrame, caption: str) -> str:
    shown = df.head(_MAX_ROWS)
    more = f"<p>… {len(df) - _MAX_ROWS} more rows in <code>.table</code></p>" if len(df) > _MAX_ROWS else ""
    return (f"<div><strong>{html.escape(caption)}</strong>"
            + shown.to_html(index=False, escape=True, float_format=lambda v: f"{v:.3g}", na_rep="–") + more + "</div>")


def sweep_html(sweep) -> str:
    """The table of a sweep (one row per parameter combination)."""
    keys = ", ".join(sweep.grid)
    return _frame_html(sweep.table, f"innosys sweep over {keys}: {len(sweep.combos)} combinations")


def comparison_html(comparison) -> str:
    """The table of a scenario comparison (one row per scenario, differences against the first)."""
    return _frame_html(comparison.table, f"innosys comparison of {len(comparison.scenarios)} scenarios "
                                         "(differences against the first, common random numbers)")
