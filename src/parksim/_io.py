"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    The file gets the permissions any file the user writes gets (the umask's), not the
    private 0600 of a temporary file; a missing folder is an ``OSError`` that names ``path``.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(2, f"no such folder {target.parent}", str(target))
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
            os.fchmod(temp.fileno(), user_file_mode())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def user_file_mode(full: int = 0o666) -> int:
    """The mode a new file of the user's gets: ``full`` (0666; 0777 for a folder) less the
    process's umask (read by setting it, then setting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return full & ~mask
