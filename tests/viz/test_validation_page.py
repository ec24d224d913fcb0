"""The validation page in real headless Chromium: offline, escaped, every observed point drawn."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from innosys.cli import main
from innosys.viz import ResultFormatError, validation_page

from .conftest import HOSTILE

pytestmark = pytest.mark.slow  # real processes, servers or clusters: seconds per test


def _case(root, name, title, observed, until):
    d = root / name
    d.mkdir(parents=True)
    dates = [f"{2018 + m // 12}-{m % 12 + 1:02d}" for m in range(0, 36, 3)]
    share = [min(1.0, 0.02 + 0.03 * i) for i in range(len(dates))]
    pd.DataFrame({"date": dates, "innosys_mean": share, "innosys_p05": [s * 0.8 for s in share],
                  "innosys_p95": [min(1.0, s * 1.2) for s in share],
                  "innosys_no_network_mean": [s * 0.9 for s in share], "bass": [s * 1.1 for s in share],
                  }).to_csv(d / "curves.csv", index=False)
    obs = pd.DataFrame(observed, columns=["date", "share"])
    obs["count"] = obs["share"] * 100
    obs["in_fit"] = obs["date"] <= until
    obs.to_csv(d / "observed.csv", index=False)
    errors = [{"model": m, "until": until, "n_fit": int(obs["in_fit"].sum()), "n_holdout": int((~obs["in_fit"]).sum()),
               "rmse_share": 0.1, "t50_observed": None, "t50_forecast": None, "t50_error_months": None}
              for m in ("innosys", "innosys_no_network", "bass")]
    (d / "forecast.json").write_text(json.dumps({"name": name, "title": title, "until": until, "n": 100,
                                                 "params": {"bass": {"p": 0.01, "q": 0.4, "m": 90.0}},
                                                 "notes": [], "errors": errors}))


@pytest.fixture
def validation_dir(tmp_path):
    root = tmp_path / "validation"
    _case(root, "alpha", "A plain case", [("2018-04", 0.03), ("2018-10", 0.08), ("2019-07", 0.2), ("2020-04", 0.35)],
          "2018-10")
    _case(root, "beta", HOSTILE, [("2018-07", 0.05), ("2019-01", 0.12), ("2020-01", 0.3)], "2019-01")
    return root


def test_validation_page_draws_every_point_offline(tmp_path, validation_dir, visit):
    v = visit(validation_page(validation_dir).write(tmp_path / "validation.html"))
    assert v.js("() => window.innosys.counts().points") == {"alpha": 4, "beta": 3}
    for i, (n_fit, n_held) in enumerate([(2, 2), (2, 1)]):
        traces = v.js(f"() => document.getElementById('case-{i}').data.map(t => [t.name, t.meta || '', t.x.length])")
        observed = [t for t in traces if t[1] == "observed"]
        assert [t[2] for t in observed] == [n_fit, n_held]               # points drawn = data
        names = [t[0] for t in traces]
        assert "Bass model" in names and "innosys 5–95 % of runs" in names
        # every marker really is in the SVG
        drawn = v.js(f"() => document.querySelectorAll('#case-{i} .scatterlayer .points path').length")
        assert drawn == n_fit + n_held
        # the fit window is shaded up to the cut-off
        shape = v.js(f"() => document.getElementById('case-{i}').layout.shapes[0]")
        assert shape["type"] == "rect" and shape["x1"] == ["2018-10", "2019-01"][i]
    assert v.page.locator("#errors tbody tr").count() == 6
    assert HOSTILE in v.page.locator("section.case").nth(1).inner_text()   # shown as text, ran nothing
    assert v.js("() => document.querySelectorAll('img').length") == 0
    v.screenshot("validation.png", full_page=True)
    v.assert_clean()


def test_validation_page_errors_and_cli(tmp_path, validation_dir):
    with pytest.raises(ResultFormatError, match="no validation cases"):
        validation_page(tmp_path)
    (validation_dir / "alpha" / "curves.csv").unlink()
    with pytest.raises(ResultFormatError, match=r"alpha: missing curves.csv"):
        validation_page(validation_dir)
    runner = CliRunner()
    r = runner.invoke(main, ["report", "--validation", str(validation_dir), "--out", str(tmp_path / "v.html")])
    assert r.exit_code != 0 and "missing curves.csv" in r.output
    r = runner.invoke(main, ["report"])
    assert r.exit_code == 2 and "--validation" in r.output and "Missing argument" in r.output
