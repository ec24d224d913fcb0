"""Write a diffusion result directory (format_version 1) back into Neo4j.

One ``:Innosys:SimulationRun {key: scenario}`` node carries the summary;
``(unit)-[:SIMULATED_ADOPTION {scenario, probability, median_step, mean_step,
category, main_channel}]->(run)`` carries one row of ``units.csv``; the run is
linked ``-[:OF_INNOVATION]->`` to the innovation when the graph has it.
Writing a scenario again replaces its earlier results, all in one transaction
(nothing half-written).  The catalogue query ``simulation-results`` reads them.

>>> read_result_dir  # doctest: +ELLIPSIS
<function read_result_dir at ...>
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from innosys.diffusion.result_dir import ResultDirError, read_result, unit_records
from innosys.neo4j.connection import Session
from innosys.neo4j.cypher import COMMON, label, rel_type

__all__ = ["ResultDirError", "ResultDirectory", "read_result_dir", "write_results"]


@dataclass
class ResultDirectory:
    """The parts of a result directory that go to Neo4j."""

    root: Path
    summary: dict
    units: list[dict]

    @property
    def scenario(self) -> str:
        return str(self.summary["scenario"])

    def run_properties(self) -> dict:
        s = self.summary
        props = {"key": self.scenario, "scenario": self.scenario, "result_dir": str(self.root)}
        for k in ("title", "innovation_id", "innovation_name", "seed", "runs", "steps", "step_length", "start",
                  "n_units", "innosys_version", "scenario_file", "data_dir"):
            if s.get(k) is not None:
                props[k] = s[k]
        if isinstance(s.get("adopting_kinds"), list):
            props["adopting_kinds"] = [str(k) for k in s["adopting_kinds"]]
        for k, v in (s.get("final_share") or {}).items():
            if isinstance(v, int | float):
                props[f"final_share_{k}"] = float(v)
        for k, v in (s.get("time_to_share") or {}).items():
            if v is not None:
                props[f"time_to_share_{k.replace('.', '_')}"] = int(v)
        return props

    def unit_rows(self) -> list[dict]:
        return [{"unit_id": u["unit_id"],
                 "props": {"scenario": self.scenario, "probability": u["adoption_probability"],
                           "median_step": u["median_step"], "mean_step": u["mean_step"],
                           "category": u["category"], "main_channel": u["main_channel"]}}
                for u in self.units]


def read_result_dir(path: str | Path) -> ResultDirectory:
    """Read ``summary.json`` and ``units.csv`` with the result directory's one reader
    (:func:`innosys.diffusion.result_dir.read_result`); raises :class:`ResultDirError` naming file and key."""
    result = read_result(path, ("units",))
    return ResultDirectory(result.path, result.summary, unit_records(result))


def write_results(result: ResultDirectory | str | Path, db: Session) -> dict:
    """Write one result into Neo4j, replacing earlier results of the same scenario.

    Returns ``{"scenario", "units_written", "units_missing", "innovation_linked"}``.
    Raises :class:`ResultDirError` when none of the units is in Neo4j (load the data first).
    """
    if not isinstance(result, ResultDirectory):
        result = read_result_dir(result)
    c, run_label = label(COMMON), label("SimulationRun")
    sim, of = rel_type("SIMULATED_ADOPTION"), rel_type("OF_INNOVATION")
    rows = result.unit_rows()
    ids = [r["unit_id"] for r in rows]

    def work(tx):
        present = {r["id"] for r in tx.run(f"UNWIND $ids AS id MATCH (n:{c} {{id: id}}) RETURN n.id AS id", ids=ids)}
        if rows and not present:
            raise ResultDirError(
                f"{result.root / 'units.csv'}: none of its {len(rows)} units is in Neo4j; "
                "load the data first (innosys neo4j load)")
        tx.run(f"MATCH (r:{c}:{run_label} {{key: $key}}) DETACH DELETE r", key=result.scenario).consume()
        tx.run(f"CREATE (r:{c}:{run_label}) SET r = $props", props=result.run_properties()).consume()
        linked = tx.run(
            f"MATCH (r:{run_label} {{key: $key}}) MATCH (i:{c} {{id: $inn}}) MERGE (r)-[:{of}]->(i) "
            "RETURN count(*) AS n", key=result.scenario, inn=str(result.summary.get("innovation_id"))).single()["n"]
        tx.run(f"MATCH (r:{run_label} {{key: $key}}) UNWIND $rows AS row MATCH (u:{c} {{id: row.unit_id}}) "
               f"CREATE (u)-[s:{sim}]->(r) SET s = row.props", key=result.scenario, rows=rows).consume()
        return len(present), bool(linked)

    written, linked = db.execute_write(work)
    return {"scenario": result.scenario, "units_written": written, "units_missing": len(rows) - written,
            "innovation_linked": linked}
