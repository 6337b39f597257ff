"""The instance's signing key: the setting when given, else one random key kept in the data folder, the same
for every worker that reads it (page links made by one worker are accepted by the others)."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from server.auth import signing
from server.settings import load_settings


def test_the_key_is_made_once_in_the_data_folder_and_shared(tmp_path: Path) -> None:
    settings = load_settings({"SPACES_DATA_DIR": str(tmp_path / "data")})

    def fresh_worker(_: int) -> bytes:
        signing._kept_key.cache_clear()  # as a new process would start
        return signing.instance_key(settings)

    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(fresh_worker, range(16)))
    kept = tmp_path / "data" / signing.KEY_FILE
    assert keys == {kept.read_text().strip().encode()} and len(next(iter(keys))) == 64
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert [p.name for p in kept.parent.iterdir()] == [signing.KEY_FILE]  # no draft left behind


def test_the_setting_wins_and_a_spoiled_key_file_is_said(tmp_path: Path) -> None:
    given = load_settings({"SPACES_DATA_DIR": str(tmp_path), "SPACES_SECRET_KEY": "x" * 40})
    assert signing.instance_key(given) == b"x" * 40 and not (tmp_path / signing.KEY_FILE).exists()
    (tmp_path / signing.KEY_FILE).write_text("short")
    signing._kept_key.cache_clear()
    try:
        signing.instance_key(load_settings({"SPACES_DATA_DIR": str(tmp_path)}))
    except RuntimeError as error:
        assert "SPACES_SECRET_KEY" in str(error)
    else:
        raise AssertionError("a key file with no usable key was accepted")
