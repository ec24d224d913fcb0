"""python -m innosys.neo4j [DIR]: (re)write the generated files cypher/schema.cypher and cypher/load/*.cypher."""

import sys
from pathlib import Path

from innosys.neo4j.cypher import write_generated

target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "cypher"
changed = write_generated(target)
for rel in changed:
    print(f"wrote {target / rel}")
if not changed:
    print(f"{target}: up to date")
