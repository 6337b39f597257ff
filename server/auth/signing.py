"""The instance's signing key (for page cursors): SPACES_SECRET_KEY, else a random key kept in the data folder.

Every worker must sign with the same key, or a page link made by one would be refused by another: the first
to need the key writes it to a temporary file and links it into place (atomic, and refused if another worker
got there first), so all of them read the same one.
"""

from __future__ import annotations

import os
import secrets
from functools import cache
from pathlib import Path

from server.settings import Settings

KEY_FILE = "secret.key"


def instance_key(settings: Settings) -> bytes:
    if settings.secret_key:
        return settings.secret_key.encode()
    return _kept_key(settings.data_dir / KEY_FILE)


@cache
def _kept_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        draft.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another worker made it first: theirs is the key
        finally:
            draft.unlink()
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable key: delete it (a new one is made) or set SPACES_SECRET_KEY")
    return key.encode()
