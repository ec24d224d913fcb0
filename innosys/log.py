"""innosys's log: quiet by default, shown on stderr with ``--verbose``.

The Neo4j driver's own log records (connection errors, retries) are routed into
the ``innosys.neo4j.driver`` logger instead of reaching stderr on their own,
so a failing command prints one sentence, not raw driver lines.

>>> import logging
>>> route_driver_logging()
>>> logging.getLogger("neo4j").propagate
False
>>> configure(verbose=False)
>>> logging.getLogger("innosys").isEnabledFor(logging.INFO)
False
"""

from __future__ import annotations

import logging
import sys

LOGGER = logging.getLogger("innosys")
_DRIVER = logging.getLogger("innosys.neo4j.driver")
LOGGER.addHandler(logging.NullHandler())  # a library stays silent unless its user configures logging


class _Forward(logging.Handler):
    """Hands a driver record to innosys's logger (which decides whether anyone sees it)."""

    def emit(self, record: logging.LogRecord) -> None:
        if _DRIVER.isEnabledFor(record.levelno):
            _DRIVER.handle(record)


def route_driver_logging() -> None:
    """Send the ``neo4j`` driver's records through innosys's logger (idempotent)."""
    driver = logging.getLogger("neo4j")
    driver.propagate = False  # else Python's last-resort handler prints its warnings to stderr
    if not any(isinstance(h, _Forward) for h in driver.handlers):
        driver.addHandler(_Forward())
    if driver.level == logging.NOTSET:
        driver.setLevel(logging.WARNING)


def configure(verbose: bool = False) -> None:
    """Quiet (warnings of innosys itself are kept from stderr too) or ``verbose`` (INFO to stderr)."""
    route_driver_logging()
    for h in [h for h in LOGGER.handlers if getattr(h, "_innosys", False)]:
        LOGGER.removeHandler(h)
    handler: logging.Handler
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
    else:
        handler = logging.NullHandler()
    handler._innosys = True  # type: ignore[attr-defined]
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO if verbose else logging.CRITICAL)
    LOGGER.propagate = not verbose
