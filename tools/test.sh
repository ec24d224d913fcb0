#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it.
#   bash tools/test.sh            # all tests
#   bash tools/test.sh -k loader  # extra arguments go to pytest
#   python -m pytest -m "not slow"  # the inner loop (< 1 min): no Neo4j, Chromium, subprocess studies
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: headless Chromium for the browser tests.
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (Debian package)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Python packages: innosys itself with its test extras.
echo "== installing innosys with its dev extras"
python3 -m pip install -q --disable-pip-version-check -e ".[dev]"

# Java dependencies: the local Neo4j used by the Neo4j tests (Maven fetches the jars).
if [ -f tools/neo4j-local/pom.xml ]; then
  echo "== building the local Neo4j launcher (Maven)"
  bash tools/neo4j-local/neo4j-local build
fi

echo "== running the test suite"
set +e
python3 -m pytest "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
