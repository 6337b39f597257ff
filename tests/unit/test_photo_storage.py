"""Photo storage: content-addressed, written atomically, stored once, and never a way to build a path."""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

import pytest

from server.photos import PhotoStore, storage

JPEG = b"\xff\xd8\xff\xe0 pretend this is a processed photo \xff\xd9"
DIGEST = hashlib.sha256(JPEG).hexdigest()


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


async def test_put_stores_by_sha256_under_two_levels_of_folders(tmp_path: Path):
    store = PhotoStore(tmp_path)
    digest = await store.put(JPEG)
    assert digest == DIGEST
    target = tmp_path / DIGEST[:2] / DIGEST[2:4] / f"{DIGEST}.jpg"
    assert store.path(digest) == target
    assert target.read_bytes() == JPEG
    assert files_under(tmp_path) == [target]  # no temporary file left behind
    assert await store.read(digest) == JPEG
    assert await store.exists(digest)


async def test_identical_bytes_are_stored_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = PhotoStore(tmp_path)
    first = await store.put(JPEG)
    before = store.path(first).stat()

    def must_not_write(*args: object) -> None:
        raise AssertionError("a stored photo was written again")

    monkeypatch.setattr(storage, "_write_atomically", must_not_write)
    assert await store.put(JPEG) == first
    after = store.path(first).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


async def test_concurrent_puts_of_the_same_bytes_leave_one_file(tmp_path: Path):
    store = PhotoStore(tmp_path)
    digests = await asyncio.gather(*(store.put(JPEG) for _ in range(6)))
    assert set(digests) == {DIGEST}
    assert files_under(tmp_path) == [store.path(DIGEST)]


async def test_a_crash_before_the_rename_leaves_nothing_visible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = PhotoStore(tmp_path)

    def crash(source: str, target: str) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(storage.os, "replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        await store.put(JPEG)
    monkeypatch.undo()
    assert not store.path(DIGEST).exists()
    assert files_under(tmp_path) == []  # the temporary file was removed too
    assert not await store.exists(DIGEST)


async def test_a_crash_mid_write_leaves_nothing_visible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = PhotoStore(tmp_path)
    real_fsync = os.fsync

    def crash(fd: int) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(storage.os, "fsync", crash)
    with pytest.raises(OSError, match="power cut"):
        await store.put(JPEG)
    monkeypatch.setattr(storage.os, "fsync", real_fsync)
    assert files_under(tmp_path) == []
    assert await store.put(JPEG) == DIGEST  # and a retry then works
    assert files_under(tmp_path) == [store.path(DIGEST)]


async def test_different_bytes_get_different_files(tmp_path: Path):
    store = PhotoStore(tmp_path)
    first, second = await store.put(JPEG), await store.put(JPEG + b"\x00")
    assert first != second
    assert len(files_under(tmp_path)) == 2


async def test_reading_what_is_not_there(tmp_path: Path):
    store = PhotoStore(tmp_path)
    assert not await store.exists(DIGEST)
    with pytest.raises(FileNotFoundError):
        await store.read(DIGEST)


@pytest.mark.parametrize("digest", [
    "../../etc/passwd",
    "..",
    "",
    DIGEST.upper(),
    DIGEST[:63],
    DIGEST + "0",
    DIGEST + "\n",
    DIGEST[:62] + "/x",
    "g" * 64,
    f"{DIGEST[:32]}..{DIGEST[34:]}",
    None,
    123,
])
async def test_path_accepts_only_a_sha256_hex_digest(tmp_path: Path, digest: object):
    store = PhotoStore(tmp_path)
    with pytest.raises(ValueError, match="64 lowercase hexadecimal"):
        store.path(digest)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        await store.read(digest)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        await store.exists(digest)  # type: ignore[arg-type]


def test_path_stays_under_the_root(tmp_path: Path):
    path = PhotoStore(tmp_path).path(DIGEST)
    assert path.resolve().is_relative_to(tmp_path.resolve())
    assert path.name == f"{DIGEST}.jpg"
