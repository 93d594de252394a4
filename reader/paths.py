"""Every directory broadsheet uses, in one place.

User dirs come from platformdirs unless a `BROADSHEET_*_DIR` variable overrides them (tests set all
three). Bundled data (`styles/`, `sample_articles/`) lives inside the installed package, or at the top
of the source tree for editable installs.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "broadsheet"


def _user_dir(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    getter = getattr(platformdirs, f"user_{kind}_dir")
    return Path(getter(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return _user_dir("BROADSHEET_CACHE_DIR", "cache")


def state_dir() -> Path:
    return _user_dir("BROADSHEET_STATE_DIR", "state")


def config_dir() -> Path:
    return _user_dir("BROADSHEET_CONFIG_DIR", "config")


def crash_report_path() -> Path:
    """Where the app writes the traceback of an exception it did not expect."""
    return state_dir() / "crash.txt"


def bundled(name: str) -> Path:
    """A folder shipped with broadsheet: inside the package when installed, else the source tree."""
    from importlib import resources  # only for the bundled data: it imports more than it seems

    packaged = resources.files("reader").joinpath(name)
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name


def sample_articles() -> Path:
    return bundled("sample_articles")


def styles() -> Path:
    return bundled("styles")


def path_inside(file: str, root: str) -> str | None:
    """`file`'s path under `root`, with `/` (as `list` gives an article's path), when it lies inside
    it: as written (a symlinked folder inside the root counts), or once both are resolved; None
    when it lies elsewhere."""
    for resolve in (os.path.abspath, os.path.realpath):
        base, target = resolve(root), resolve(file)
        if target != base and os.path.commonpath([base, target]) == base:
            return os.path.relpath(target, base).replace(os.sep, "/")
    return None


def replace_file(path: Path, data: bytes, durable: bool = True) -> None:
    """Write `data` to `path` atomically: into a temporary file beside it, then renamed over it, so
    a reader, a crash or a second instance never sees half a file. `durable` syncs it to disk
    before the rename (a cache can skip that). Raises OSError; no temporary file is left."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
