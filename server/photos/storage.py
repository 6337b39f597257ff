"""Processed JPEGs on disk, named by the SHA-256 of their bytes: root/ab/cd/<sha256>.jpg.

Content addressing stores identical images once and makes a stored file immutable. Writes go to a temporary
file in the target folder, are flushed to disk, then renamed over the final name (atomic on POSIX): a crash
mid-write leaves at most a hidden ".*.tmp" file, never a partial photo under a real name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

import anyio.to_thread

_DIGEST = re.compile(r"[0-9a-f]{64}")


class PhotoStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, digest: str) -> Path:
        """Where a digest lives; only 64 lowercase hex digits are accepted, so no caller can build a path."""
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise ValueError("A photo digest is 64 lowercase hexadecimal digits.")
        return self.root / digest[:2] / digest[2:4] / f"{digest}.jpg"

    async def put(self, data: bytes) -> str:
        """Store the bytes (once) and return their SHA-256 hex digest."""
        return await anyio.to_thread.run_sync(self._put, data)

    async def read(self, digest: str) -> bytes:
        """The stored bytes; FileNotFoundError when there are none."""
        return await anyio.to_thread.run_sync(self.path(digest).read_bytes)

    async def exists(self, digest: str) -> bool:
        return await anyio.to_thread.run_sync(self.path(digest).is_file)

    def _put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.is_file():
            return digest  # the same bytes are already there, and stored files never change
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, data)
        return digest


def _write_atomically(target: Path, data: bytes) -> None:
    # mkstemp makes the file readable by this user only: photos are evidence, served through the app.
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every filesystem lets a folder be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
