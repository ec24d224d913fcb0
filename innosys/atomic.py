"""All-or-nothing writes: a file or a directory appears complete, or not at all.

Everything innosys writes goes through here, so a failure (bad input, a crash,
Ctrl-C) never leaves a half-written file behind, and an output directory never
replaces a directory that innosys did not write.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> p = atomic_text(root / "a.txt", "hello")
>>> p.read_text()
'hello'
>>> with atomic_dir(root / "result") as tmp:
...     _ = (tmp / "table.csv").write_text("x")
>>> sorted(p.name for p in (root / "result").iterdir())
['.innosys-output', 'table.csv']
>>> _ = (root / "result" / "notes.txt").write_text("mine")
>>> with atomic_dir(root / "result") as tmp:
...     pass
Traceback (most recent call last):
...
innosys.atomic.OutputDirError: ...result is not empty and holds files innosys did not write (notes.txt); choose another directory, or pass --force to replace it.

How ``atomic_dir`` treats an existing output directory:

* an empty directory, or one innosys wrote (it holds the :data:`MARKER` file and
  only the files listed there, plus :data:`OWN_EXTRAS`), is replaced whole;
* any other directory is refused with :class:`OutputDirError` unless ``force=True``;
* the current directory, its ancestors, the home directory and a directory holding
  one of the input files are refused even with ``force=True``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

#: permissions of written files and directories (temp files would otherwise be private)
FILE_MODE = 0o644
DIR_MODE = 0o755

#: the file that marks a directory as innosys's own output; it lists every file written there
MARKER = ".innosys-output"
#: files innosys itself adds to its result directories later (``viz diffusion`` writes its page there)
OWN_EXTRAS = frozenset({"playback.html"})

# Temporary names carry the writer's process id, so leftovers of a killed writer can be told
# apart from those of a writer that is still running (concurrent runs into one parent).
_LEFTOVER = re.compile(r"^\..+\.(?:tmp|old)-(\d+)\.innosys-[a-z0-9_]{8}$")


class OutputDirError(Exception):
    """An output path that must not be written or replaced; the message is one sentence."""


class WriteError(OSError):
    """A file system error while writing ``filename`` (the path the user asked for, not a temporary one)."""


def _as_write_error(e: OSError, target: Path, *where: Path) -> OSError:
    """``e`` naming ``target`` when it happened in ``target``'s temporary files (else ``e`` itself)."""
    if isinstance(e, WriteError):
        return e
    name = str(e.filename or "")
    if name and not any(name.startswith(str(w)) for w in where):
        return e
    err = WriteError(e.errno, e.strerror or str(e), str(target))
    err.__cause__ = e
    return err


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def clean_leftovers(parent: str | Path) -> list[Path]:
    """Remove temporary files and directories that a killed innosys writer left in ``parent``.

    Only names of the form ``.<name>.tmp-<pid>.innosys-XXXXXXXX`` (or ``.old-``) whose
    process is gone are removed; returns what was removed.
    """
    removed = []
    try:
        entries = list(Path(parent).iterdir())
    except OSError:
        return removed
    for p in entries:
        m = _LEFTOVER.match(p.name)
        if not m or int(m.group(1)) == os.getpid() or _pid_alive(int(m.group(1))):
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        removed.append(p)
    return removed


def _listed(out: Path) -> set[str] | None:
    """The files innosys recorded in ``out``'s marker, or None when there is no readable marker."""
    try:
        data = json.loads((out / MARKER).read_text(encoding="utf-8"))
        return {str(f) for f in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def foreign_files(out: str | Path) -> list[str]:
    """Files (relative paths) in the directory ``out`` that innosys did not write there."""
    out = Path(out)
    listed = _listed(out)
    foreign = []
    for root, dirs, files in os.walk(out):
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            rel = Path(root, name).relative_to(out).as_posix()
            if listed is None or (rel not in listed and rel != MARKER and name not in OWN_EXTRAS):
                foreign.append(rel)
    return foreign


def check_output_dir(out: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> None:
    """Raise :class:`OutputDirError` unless ``out`` may become (or be replaced by) an output directory."""
    out = Path(out)
    target = out.resolve()
    cwd = Path.cwd().resolve()
    if cwd == target or cwd.is_relative_to(target) or target in (Path.home().resolve(), Path(target.anchor)):
        what = ("the current directory" if cwd == target else "a parent of the current directory"
                if cwd.is_relative_to(target) else "your home directory" if target != Path(target.anchor)
                else "the root of the file system")
        raise OutputDirError(f"{out} is {what} and is never replaced; choose a new directory such as out/result.")
    for f in inputs:
        if f is not None and Path(f).resolve().is_relative_to(target):
            raise OutputDirError(f"{out} holds the input file {f} and is never replaced; choose another directory.")
    for parent in [out, *out.parents]:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise OutputDirError(f"{parent} exists and is not a directory, so {out} cannot be written.")
            break
    if not out.is_dir() or force:
        return
    foreign = foreign_files(out)
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise OutputDirError(
            f"{out} is not empty and holds files innosys did not write ({', '.join(foreign[:3])}{more}); "
            f"choose another directory, or pass --force to replace it.")


def _tmp_name(name: str, kind: str) -> str:
    """Prefix of a temporary name (tempfile adds 8 random characters): ``.<name>.tmp-<pid>.innosys-XXXXXXXX``."""
    return f".{name}.{kind}-{os.getpid()}.innosys-"


def atomic_file(path: str | Path, write: Callable[[str], None]) -> Path:
    """Call ``write(tmp_path)`` on a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    if path.is_dir():
        raise WriteError(errno.EISDIR, "it is a directory", str(path))
    created: list[Path] = []
    tmp = None
    try:
        created = _make_parents(path.parent)
        clean_leftovers(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=_tmp_name(path.name, "tmp"), dir=path.parent)
        os.close(fd)
        write(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException as e:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        _remove_empty(created)
        if isinstance(e, OSError):
            raise _as_write_error(e, path, path.parent) from e.__cause__
        raise
    return path


def atomic_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return atomic_file(path, write)


def _make_parents(directory: Path) -> list[Path]:
    """Create ``directory`` and its missing parents; return the created ones (deepest first)."""
    missing = []
    for d in [directory, *directory.parents]:
        if d.exists():
            if not d.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{d} is a file, not a directory", str(d))
            break
        missing.append(d)
    directory.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_empty(dirs: list[Path]) -> None:
    for d in dirs:
        with contextlib.suppress(OSError):
            d.rmdir()


def _finish_modes(tmp: Path) -> list[str]:
    os.chmod(tmp, DIR_MODE)
    files = []
    for f in sorted(tmp.rglob("*")):
        os.chmod(f, DIR_MODE if f.is_dir() else FILE_MODE)
        if not f.is_dir():
            files.append(f.relative_to(tmp).as_posix())
    return files


@contextlib.contextmanager
def atomic_dir(out: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temporary directory; on success it becomes ``out``, replacing an old one whole.

    ``out`` is checked before and after the work (see :func:`check_output_dir`; ``force``
    allows replacing a directory innosys did not write, ``inputs`` are files that must not
    be inside ``out``).  The directory gets a :data:`MARKER` listing its files.  On failure
    nothing is left: no temporary directory, no parent directory created for ``out``.
    """
    out = Path(out)
    inputs = list(inputs)
    check_output_dir(out, force=force, inputs=inputs)
    created: list[Path] = []
    tmp = None
    try:
        created = _make_parents(out.parent)
        clean_leftovers(out.parent)
        tmp = Path(tempfile.mkdtemp(prefix=_tmp_name(out.name, "tmp"), dir=out.parent))
        yield tmp
        files = _finish_modes(tmp)
        (tmp / MARKER).write_text(json.dumps({"written_by": "innosys", "files": files}, indent=1) + "\n",
                                  encoding="utf-8")
        os.chmod(tmp / MARKER, FILE_MODE)
        check_output_dir(out, force=force, inputs=inputs)  # it may have changed while we worked
        _swap_in(tmp, out)
    except BaseException as e:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        _remove_empty(created)
        if isinstance(e, OSError):
            raise _as_write_error(e, out, out.parent) from e.__cause__
        raise
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _swap_in(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``; an existing ``out`` is moved aside first and deleted afterwards."""
    if not (out.exists() or out.is_symlink()):
        os.replace(tmp, out)
        return
    old = Path(tempfile.mkdtemp(prefix=_tmp_name(out.name, "old"), dir=out.parent))
    try:
        os.replace(out, old / out.name)
    except BaseException:
        old.rmdir()
        raise
    try:
        os.replace(tmp, out)
    except BaseException:
        os.replace(old / out.name, out)  # put the old directory back
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)
