"""Shared code of the example studies: arguments, printed tables, result files and the Neo4j step.

Every study in this folder is a script::

    python examples/t001_innovation_system.py [--runs N] [--seed S] [--out DIR] [--data DIR] [--no-neo4j]

It prints the tables that answer its research question and writes its HTML pages into ``--out``
(default ``out/examples/<study>/``).  When ``NEO4J_URI`` is set (with ``NEO4J_USERNAME``,
``NEO4J_PASSWORD`` and optionally ``NEO4J_DATABASE``), the study also loads the dataset into that
Neo4j server, answers at least one of its tables through the ``neo4j`` query backend (and checks that
the rows equal the embedded answer), and writes its simulation results back.

Only public innosys APIs are used, so each study doubles as a worked example of the library.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
_STARTED = time.perf_counter()
SCENARIOS = HERE / "scenarios"


pd.set_option("display.width", 220)
pd.set_option("display.max_columns", 40)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.max_rows", 200)


class ExampleError(RuntimeError):
    """A study could not produce a trustworthy answer (e.g. Neo4j and embedded rows differ)."""


def scenario(name: str) -> Path:
    """Path of a scenario file in ``examples/scenarios`` (``name`` with or without ``.toml``)."""
    path = SCENARIOS / (name if name.endswith(".toml") else f"{name}.toml")
    if not path.is_file():
        raise FileNotFoundError(f"{path}: scenario file not found")
    return path


# ---------------------------------------------------------------------------
# Arguments and the study context
# ---------------------------------------------------------------------------


def parser(study: str, question: str, default_runs: int, example: str | None = None) -> argparse.ArgumentParser:
    """The common command line of a study; ``question`` is the research question shown by ``--help``."""
    script = f"examples/{study}.py"
    example = example or f"python {script} --runs {max(20, default_runs // 4)} --seed 7 --out out/{study}"
    epilog = textwrap.dedent(f"""\
        Example:
          {example}
          NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=secret python {script}

        With NEO4J_URI set the study also loads the data into Neo4j, checks one of its tables
        against the neo4j query backend and writes its simulation results back (see examples/README.md).""")
    p = argparse.ArgumentParser(prog=f"python {script}", description=question, epilog=epilog,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=_positive, default=default_runs,
                   help=f"Monte Carlo runs per scenario (default {default_runs})")
    p.add_argument("--seed", type=_non_negative, default=None,
                   help="random seed (default: the seed in the first scenario file)")
    p.add_argument("--out", type=Path, default=Path("out") / "examples" / study,
                   help=f"folder for HTML pages and result directories (default out/examples/{study})")
    p.add_argument("--data", type=Path, default=None,
                   help="data directory to read (default: the dataset shipped with innosys)")
    p.add_argument("--no-neo4j", action="store_true",
                   help="skip the Neo4j step even when NEO4J_URI is set")
    return p


def _at_least(minimum: int):
    """An argparse type: a whole number >= minimum."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return parse


_positive = _at_least(1)
_non_negative = _at_least(0)


@dataclass
class Study:
    """What a running study knows: its name, arguments, output folder and the actor graph."""

    name: str
    args: argparse.Namespace
    G: object
    steps_total: int
    files: list[Path] = field(default_factory=list)
    _step: int = 0

    @property
    def out(self) -> Path:
        return self.args.out

    @property
    def runs(self) -> int:
        return self.args.runs

    @property
    def seed(self) -> int | None:
        return self.args.seed

    # -- progress (stderr) and printed answers (stdout) -------------------------------------------
    def progress(self, text: str) -> None:
        self._step += 1
        print(f"[{self._step}/{self.steps_total}] {text}", file=sys.stderr, flush=True)

    def table(self, title: str, df: pd.DataFrame, note: str | None = None, index: bool = False) -> None:
        """Print a table under a short heading (pandas ``to_string``)."""
        print(f"\n## {title}")
        if note:
            print(textwrap.fill(note, 100))
        print(df.to_string(index=index) if len(df) else "(no rows)", flush=True)

    def answer(self, label: str, value) -> None:
        """Print one answer line ``label: value`` (lists are joined with commas)."""
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value) if value else "none"
        print(f"{label}: {value}", flush=True)

    def heading(self, text: str) -> None:
        print(f"\n# {text}", flush=True)

    # -- files ------------------------------------------------------------------------------------
    def write_result(self, result) -> Path:
        """Write a simulation result directory (format_version 1) under ``out/results/<scenario>``."""
        from innosys.diffusion import write_results

        path = Path(write_results(result, self.out / "results" / result.scenario.name))
        self.files.append(path)
        return path

    def write_page(self, page, filename: str) -> Path:
        path = Path(page.write(self.out / filename))
        self.files.append(path)
        return path

    def finish(self) -> None:
        print("\n## Files written")
        for f in self.files:
            print(f"  {f}{'/' if f.is_dir() else ''}")
        print(f"\n{self.name}: done in {time.perf_counter() - _STARTED:.1f} s", flush=True)


def start(study: str, question: str, argv: list[str] | None, *, default_runs: int, steps: int,
          example: str | None = None) -> Study:
    """Parse the arguments, load the actor graph and print the study's heading."""
    args = parser(study, question, default_runs, example).parse_args(argv)
    from innosys.graph import load_graph

    s = Study(study, args, None, steps + (1 if neo4j_wanted(args) else 0))
    s.progress(f"loading the data ({args.data or 'shipped dataset'})")
    s.G = load_graph(str(args.data) if args.data else None)
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"# {study}: {question}")
    print(f"data: {args.data or 'shipped dataset'} ({s.G.number_of_nodes()} nodes, {s.G.number_of_edges()} edges); "
          f"runs per scenario: {args.runs}; seed: {args.seed if args.seed is not None else 'from the scenario file'}")
    return s


def main_wrapper(main: Callable[[list[str] | None], int | None]) -> None:
    """Run ``main`` and turn expected failures into one clear sentence and exit code 1.

    Set ``INNOSYS_DEBUG=1`` to see the full traceback instead.
    """
    try:
        code = main(None)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as e:  # noqa: BLE001 - every failure becomes one message
        if os.environ.get("INNOSYS_DEBUG"):
            raise
        problems = getattr(e, "problems", None)
        if problems:  # data or scenario validation: every problem, one per line
            print(f"error: {len(problems)} problem(s) in the input:", file=sys.stderr)
            for p in problems[:50]:
                print(f"  {p}", file=sys.stderr)
        else:
            print(f"error: {str(e).strip() or type(e).__name__}", file=sys.stderr)
        sys.exit(1)
    sys.exit(code or 0)


# ---------------------------------------------------------------------------
# Graph helpers
# ---------------------------------------------------------------------------


def name_of(G, node_id: str) -> str:
    return str(G.nodes[node_id].get("name", node_id)) if node_id in G else node_id


def adoption_rows(G, innovation_ids: Iterable[str], adopters: Iterable[str] | None = None) -> pd.DataFrame:
    """ADOPTED relations of the given innovations (optionally only these adopters) as a table."""
    wanted = set(innovation_ids)
    keep = set(adopters) if adopters is not None else None
    rows = []
    for u, v, d in G.edges(data=True):
        if d.get("type") != "ADOPTED" or v not in wanted or (keep is not None and u not in keep):
            continue
        rows.append({"adopter_id": u, "adopter": name_of(G, u), "innovation_id": v, "innovation": name_of(G, v),
                     "status": d.get("status"), "depth": d.get("depth"), "year_start": d.get("year_start"),
                     "year_end": d.get("year_end"), "channel": d.get("channel"), "via": d.get("via_id"),
                     "confidence": d.get("confidence"), "source": d.get("source"), "lines": d.get("lines")})
    cols = ["adopter_id", "adopter", "innovation_id", "innovation", "status", "depth", "year_start", "year_end",
            "channel", "via", "confidence", "source", "lines"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["adopter_id", "innovation_id", "year_start", "status"], na_position="first",
                          kind="stable").reset_index(drop=True)


def period(start, end) -> str:
    """'2015–2018', '2015–', '–2018' or '' from two optional years."""
    a = "" if start is None or pd.isna(start) else str(int(start))
    b = "" if end is None or pd.isna(end) else str(int(end))
    if not a and not b:
        return ""
    if a == b:
        return a
    return f"{a}–{b}"


# ---------------------------------------------------------------------------
# Simulation helpers
# ---------------------------------------------------------------------------


def dates(result) -> list[str]:
    """The calendar month (YYYY-MM) of every step of a result."""
    return list(result.curves()["date"])


def date_at(result, step) -> str:
    if step is None or (isinstance(step, float) and np.isnan(step)) or pd.isna(step):
        return "not reached"
    return dates(result)[int(step)]


def step_of(result, date: str) -> int:
    """The last step whose date is on or before ``date`` (YYYY-MM)."""
    ds = dates(result)
    ok = [i for i, d in enumerate(ds) if d <= date]
    if not ok:
        raise ValueError(f"{date} lies before the start of scenario {result.scenario.name!r} ({ds[0]})")
    return ok[-1]


def unit_outcomes(result) -> pd.DataFrame:
    """Per unit: adoption probability, median adoption step and date, mean step, main channel.

    The median is taken over all runs with "never" counted as later than any step, so it is empty
    (NA) when the unit adopts in fewer than half of the runs (the convention of ``units()``);
    computed from ``adoption_times(wide=True)`` so that the calendar date comes with it.
    """
    wide = result.adoption_times(wide=True)
    values = wide.to_numpy(dtype=float)
    runs = values.shape[1]
    prob = np.isfinite(values).mean(axis=1)
    ranked = np.sort(np.where(np.isfinite(values), values, np.inf), axis=1)
    med = ranked[:, (runs - 1) // 2]
    med = np.where(np.isfinite(med), med, np.nan)
    finite = np.isfinite(values)
    mean = np.where(finite.any(axis=1),
                    np.where(finite, values, 0.0).sum(axis=1) / np.maximum(finite.sum(axis=1), 1), np.nan)
    info = result.units().set_index("unit_id")
    ds = dates(result)
    df = pd.DataFrame({
        "unit_id": list(wide.index),
        "name": [info.at[u, "name"] for u in wide.index],
        "county": [info.at[u, "county"] for u in wide.index],
        "size_class": [info.at[u, "size_class"] for u in wide.index],
        "adoption_probability": prob,
        "median_step": pd.array([None if np.isnan(m) else int(m) for m in med], dtype="Int64"),
        "median_date": [None if np.isnan(m) else ds[int(m)] for m in med],
        "mean_step": mean,
        "main_channel": [info.at[u, "main_channel"] or None for u in wide.index],
    })
    return df


def adopted_by(result, date: str, units: Iterable[str] | None = None) -> pd.DataFrame:
    """Runs × units: True where the unit had adopted by ``date`` (YYYY-MM)."""
    wide = result.adoption_times(wide=True)
    if units is not None:
        wide = wide.loc[[u for u in units if u in wide.index]]
    return (wide <= step_of(result, date)).T


def count_by(result, date: str) -> np.ndarray:
    """Number of adopters by ``date`` in each run."""
    return result.counts("adopted")[step_of(result, date)]


def comparison_table(comparison) -> pd.DataFrame:
    """The engine's comparison table, with dates instead of bare steps and readable shares."""
    rows = []
    for sc, res, rec in zip(comparison.scenarios, comparison.results, comparison.table.to_dict("records")):
        cur = res.curves()
        row = {"scenario": sc.name, "units": res.n,
               "final adopted": f"{rec['final_share_mean']:.1%} ({rec['final_share_p05']:.0%}–{rec['final_share_p95']:.0%})",
               "final aware": f"{cur['aware_mean'].iloc[-1]:.1%}",
               "10 % by": date_at(res, _none(rec.get("t10"))), "50 % by": date_at(res, _none(rec.get("t50"))),
               "90 % by": date_at(res, _none(rec.get("t90"))),
               "vs first": f"{rec['diff_final_share_mean']:+.1%}"}
        rows.append(row)
    return pd.DataFrame(rows)


def channel_table(comparison) -> pd.DataFrame:
    """Mean adoptions per run by channel (rows) and scenario (columns)."""
    cols = {}
    for sc, res in zip(comparison.scenarios, comparison.results):
        ch = res.channels()
        ch = ch[ch["event"] == "adoption"].set_index("channel")["count_mean"]
        cols[sc.name] = ch
    return pd.DataFrame(cols).fillna(0.0).round(2).rename_axis("adoptions by channel")


def _none(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return v


# ---------------------------------------------------------------------------
# The Neo4j step
# ---------------------------------------------------------------------------


@dataclass
class Check:
    """One table answered by the named query on both backends."""

    title: str
    query: str
    params: dict = field(default_factory=dict)
    keep: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    show: tuple[str, ...] | None = None  # columns to print (all are compared)


def neo4j_wanted(args) -> bool:
    return bool(os.environ.get("NEO4J_URI")) and not getattr(args, "no_neo4j", False)


def _records(df: pd.DataFrame) -> list[tuple]:
    def clean(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return None
        if isinstance(v, (list, tuple)):
            return tuple(clean(x) for x in v)
        if isinstance(v, np.generic):
            return v.item()
        return v

    return sorted((tuple(clean(v) for v in row) for row in df.itertuples(index=False, name=None)), key=repr)


def same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Same columns and the same rows (order-normalised; None/NaN alike)."""
    return list(a.columns) == list(b.columns) and _records(a) == _records(b)


def neo4j_step(study: Study, checks: list[Check], result_dirs: Iterable[Path] = ()) -> None:
    """Load the data into Neo4j, answer ``checks`` on both backends, write results back.

    Does nothing unless NEO4J_URI is set (and --no-neo4j is not given).  Raises
    :class:`ExampleError` when a Neo4j answer differs from the embedded one.
    """
    if not neo4j_wanted(study.args):
        if not os.environ.get("NEO4J_URI"):
            print("\n(Neo4j step skipped: NEO4J_URI is not set.)")
        return
    from innosys.neo4j import load, open_session, write_results
    from innosys.queries import run_query

    study.progress(f"Neo4j: loading the data into {os.environ['NEO4J_URI']}, checking queries, writing results")
    study.heading("Neo4j")
    with open_session() as db:
        report = load(study.G, db)
        print(f"loaded into {db.config.where()}: {report}")
        for c in checks:
            embedded = run_query(c.query, G=study.G, **c.params)
            neo = run_query(c.query, backend="neo4j", db=db, **c.params)
            if c.keep is not None:
                embedded, neo = c.keep(embedded), c.keep(neo)
            study.table(f"{c.title} — from Neo4j (query {c.query})", neo[list(c.show)] if c.show else neo)
            same = same_rows(embedded, neo)
            study.answer(f"Neo4j parity {c.query}", f"{'equal' if same else 'DIFFERENT'} to the embedded answer "
                                                     f"({len(neo)} rows)")
            if not same:
                raise ExampleError(f"query {c.query!r} returned different rows from Neo4j and from the embedded graph")
        for d in result_dirs:
            info = write_results(d, db)
            name = info["scenario"]
            back = run_query("simulation-results", backend="neo4j", db=db, scenario=name)
            embedded = run_query("simulation-results", G=study.G, scenario=name, results=str(d))
            same = same_rows(embedded, back)
            study.answer(f"Neo4j write-back {name}",
                         f"{info['units_written']} units written, {info['units_missing']} not in the graph; "
                         f"read back {'equal' if same else 'DIFFERENT'} to {Path(d).name}/units.csv")
            if not same:
                raise ExampleError(f"simulation results of {name!r} read back from Neo4j differ from {d}")
