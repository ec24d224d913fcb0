"""Shared CLI pieces: the group class, the one error type, shared options and helpers."""

from __future__ import annotations

import functools

import click

#: exit code for invalid input (data, scenario, options, an output path that must not be replaced)
EXIT_INVALID = 2
#: exit code when the environment fails (a file system error, an unreachable server)
EXIT_FAILED = 1


class InnosysError(click.ClickException):
    """Every error the CLI reports: one message, exit code 2 unless ``exit_code`` says otherwise.

    ``raw=True`` prints the message as it is (a multi-line validation report) instead of
    ``Error: <message>``.
    """

    exit_code = EXIT_INVALID

    def __init__(self, message: str, *, exit_code: int = EXIT_INVALID, raw: bool = False):
        super().__init__(message)
        self.exit_code = exit_code
        self.raw = raw

    def show(self, file=None) -> None:
        if self.raw:
            click.echo(self.format_message(), err=True)
        else:
            super().show(file)


def os_error_sentence(e: OSError) -> str:
    """One sentence for a file system error: what could not be done to which path, and why."""
    import os

    from innosys.atomic import WriteError

    reason = (e.strerror or str(e)).rstrip(".")
    if e.errno and reason == os.strerror(e.errno):  # the system's text: starts mid-sentence
        reason = reason[0].lower() + reason[1:]
    if isinstance(e, WriteError):
        return f"Cannot write {e.filename}: {reason}."
    if e.filename:
        return f"{e.filename}: {reason}."
    return f"{reason}."


class InnosysGroup(click.Group):
    """Lists commands in the order they were added and turns known errors into clean messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context):
        _configure_logging(ctx)
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as e:  # noqa: BLE001 - the one place that turns errors into messages
            raise _as_cli_error(e) from None


def _as_cli_error(e: Exception) -> Exception:
    from innosys.atomic import OutputDirError
    from innosys.diffusion.ensemble import MemoryLimitError
    from innosys.diffusion.results import RunsNotKeptError
    from innosys.io.problems import ValidationError

    if _debug():
        return e
    if isinstance(e, ValidationError):
        return InnosysError(e.report(limit=e.limit), raw=True)
    if isinstance(e, (OutputDirError, MemoryLimitError, RunsNotKeptError)):
        return InnosysError(str(e))
    if isinstance(e, OSError):
        return InnosysError(os_error_sentence(e), exit_code=EXIT_FAILED)
    if isinstance(e, (KeyError, ValueError)):
        return InnosysError(str(e), exit_code=EXIT_FAILED)
    return e


def _debug() -> bool:
    import os

    return bool(os.environ.get("INNOSYS_DEBUG"))


def _configure_logging(ctx: click.Context) -> None:
    """innosys's log (and the Neo4j driver's, routed into it) goes to stderr only with --verbose."""
    from innosys.log import configure

    configure(verbose=bool((ctx.params or {}).get("verbose")))


def data_option(f):
    return click.option(
        "--data", "data_dir", type=click.Path(file_okay=False, path_type=str), default=None,
        help="Data directory (default: the dataset shipped with innosys).")(f)


def force_option(f):
    return click.option(
        "--force", is_flag=True,
        help="Replace --out even when it holds files innosys did not write (never the current "
             "directory, its parents, or a directory holding the input files).")(f)


def check_out(out, force: bool, inputs=()) -> None:
    """Refuse an output directory before any work is done (the same check runs again when writing)."""
    from innosys.atomic import check_output_dir

    check_output_dir(out, force=force, inputs=[i for i in inputs if i])


def load(data_dir):
    """Load and validate a data directory (ValidationError is reported by the group)."""
    from innosys.io import load_dataset

    return load_dataset(data_dir)


def _verbose(ctx, param, value) -> None:
    if value:
        from innosys.log import configure

        configure(verbose=True)


#: ``--verbose`` on a command (the group has its own): show innosys's and the driver's log on stderr
verbose_option = click.option("--verbose", "-v", is_flag=True, expose_value=False, is_eager=True,
                              callback=_verbose, help="Show the log (with the Neo4j driver's) on stderr.")


def connection_options(f):
    """--uri/--user/--password/--database/--timeout, defaulting to the NEO4J_* environment variables."""
    f = verbose_option(f)
    f = click.option("--timeout", envvar="NEO4J_TIMEOUT", type=click.FloatRange(min=0.5), default=None,
                     metavar="SECONDS",
                     help="Give up when the server is silent this long (env NEO4J_TIMEOUT; default 10).")(f)
    f = click.option("--database", envvar="NEO4J_DATABASE", default=None, metavar="NAME",
                     help="Database (env NEO4J_DATABASE; default: the server's default database).")(f)
    f = click.option("--password", envvar="NEO4J_PASSWORD", default=None, metavar="PW",
                     help="Password (env NEO4J_PASSWORD).")(f)
    f = click.option("--user", envvar=["NEO4J_USERNAME", "NEO4J_USER"], default=None, metavar="NAME",
                     help="User (env NEO4J_USERNAME; default neo4j).")(f)
    f = click.option("--uri", envvar="NEO4J_URI", default=None, metavar="URI",
                     help="Bolt URI (env NEO4J_URI; default bolt://localhost:7687).")(f)
    return f


def open_db(uri, user, password, database, timeout=None):
    """An open :class:`innosys.neo4j.Session` from the options or the NEO4J_* variables."""
    from innosys.neo4j import Neo4jConfig, open_session

    return open_session(Neo4jConfig.from_env(uri=uri, user=user, password=password, database=database,
                                             timeout=timeout))


def neo4j_errors(f):
    """Turn the errors a Neo4j command can meet into one sentence and exit code 1."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from innosys.neo4j import CypherFileError, Neo4jConnectionError, ResultDirError
        from innosys.neo4j.connection import Neo4jConfig, describe_failure
        from innosys.queries import QueryError

        try:
            return f(*args, **kwargs)
        except (Neo4jConnectionError, CypherFileError, ResultDirError, QueryError) as e:
            raise InnosysError(str(e), exit_code=EXIT_FAILED) from None
        except Exception as e:  # noqa: BLE001 - a server error in mid-command: one sentence
            try:
                cfg = Neo4jConfig.from_env(uri=kwargs.get("uri"), timeout=kwargs.get("timeout"))
            except Neo4jConnectionError as bad:
                raise InnosysError(str(bad), exit_code=EXIT_FAILED) from None
            msg = describe_failure(e, cfg)
            if msg is None:
                raise
            raise InnosysError(msg, exit_code=EXIT_FAILED) from None
    return wrapper


def scenario_errors(fn):
    """Report a ScenarioError as its file/key messages with exit code 2."""
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        from innosys.diffusion.scenario import ScenarioError

        try:
            return fn(*a, **kw)
        except ScenarioError as e:
            raise InnosysError("Invalid scenario:\n" + e.report(), raw=True) from None
    return wrapper
