"""Codes a person reads or types: a space's poster code, a report's tracking code, and the secret follow-up key.

Poster and tracking codes use 22 characters that cannot be mistaken for one another when read aloud or typed
from a phone (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B), shown in groups of three (K7P-3QX, KF7-M2Q-9XD); what a
person types is read case-insensitively, ignoring dashes and spaces. The follow-up key is 128 random bits,
kept only as its SHA-256: whoever reads the database cannot follow a report.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.domain.community.limits import today
from server.models import CommunityReport, Space, SpaceCode

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
SPACE_CODE_LENGTH = 6  # 22**6, about 113 million: posters are public, the code only has to be unique
TRACKING_CODE_LENGTH = 9  # 22**9, about 1.2 million million
KEY_BYTES = 16
# Separators people type or phones substitute: spaces, hyphens and the Unicode dashes keyboards autocorrect to.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
# Compared against when no report has the code, so a wrong code costs the same work as a wrong key.
_NO_REPORT_HASH = hashlib.sha256(b"no such report").hexdigest()


def normalise(typed: str) -> str:
    """What a person typed, as stored: upper case, without dashes and spaces."""
    return _SEPARATORS.sub("", typed or "").upper()[:40]


def display(code: str) -> str:
    """Groups of three for reading aloud: K7P3QX -> K7P-3QX."""
    return "-".join(code[i:i + 3] for i in range(0, len(code), 3))


def well_formed(code: str, length: int) -> bool:
    return len(code) == length and all(c in ALPHABET for c in code)


def _random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _space_id(space: Space | Any) -> str:
    return str(space.id if isinstance(space, Space) else space)


# Space codes -------------------------------------------------------------------------------------------------

async def current_code(space: Space | Any) -> str | None:
    """The space's poster code (undashed, e.g. "K7P3QX"; display() groups it), or None if it has none yet."""
    code = await SpaceCode.filter(space_id=_space_id(space), retired_on=None).order_by("-created_on", "code").first()
    return code.code if code else None


async def current_codes(space_ids: list[Any]) -> dict[str, str]:
    """Each listed space's current code (undashed), for lists; spaces without one are left out."""
    rows = await SpaceCode.filter(space_id__in=[str(i) for i in space_ids], retired_on=None) \
        .order_by("created_on", "code").values_list("space_id", "code")
    return {str(space_id): code for space_id, code in rows}  # the newest wins, as in current_code


async def _new_code(space_id: str) -> str:
    """Insert a fresh code for the space (a collision with an existing code is drawn again)."""
    for _ in range(10):
        code = _random_code(SPACE_CODE_LENGTH)
        if await SpaceCode.exists(code=code):
            continue
        try:
            async with in_transaction():
                await SpaceCode.create(code=code, space_id=space_id, created_on=today())
            return code
        except IntegrityError:
            continue  # drawn by another process at the same moment
    raise RuntimeError("could not draw an unused space code in 10 tries")


async def ensure_code(space: Space | Any) -> str:
    """The space's current code, made on first use (two processes racing may both make one: both work)."""
    return await current_code(space) or await _new_code(_space_id(space))


async def renew(space: Space | Any) -> str:
    """Retire the space's current code(s) and make a new one; an old poster then says it is out of date."""
    space_id = _space_id(space)
    await SpaceCode.filter(space_id=space_id, retired_on=None).update(retired_on=today())
    return await _new_code(space_id)


@dataclass(frozen=True)
class Resolved:
    """What a typed poster code names: a space ("ok"), a renewed poster ("retired"), or nothing ("unknown")."""

    status: str
    code: str
    space: Space | None = None


async def resolve(typed: str) -> Resolved:
    code = normalise(typed)
    if not well_formed(code, SPACE_CODE_LENGTH):
        return Resolved("unknown", code)
    row = await SpaceCode.get_or_none(code=code).select_related("space__building__campus")
    if row is None:
        return Resolved("unknown", code)
    if row.retired_on is not None:
        return Resolved("retired", code)
    return Resolved("ok", code, row.space)


# Tracking codes and follow-up keys -------------------------------------------------------------------------

async def new_tracking_code() -> str:
    """A tracking code no report has yet (the unique index still guards a simultaneous draw)."""
    for _ in range(10):
        code = _random_code(TRACKING_CODE_LENGTH)
        if not await CommunityReport.exists(tracking_code=code):
            return code
    raise RuntimeError("could not draw an unused tracking code in 10 tries")


def new_key() -> str:
    """26 characters of base32 (lower case) over 128 random bits."""
    return base64.b32encode(secrets.token_bytes(KEY_BYTES)).decode("ascii").rstrip("=").lower()


def hash_key(key: str) -> str:
    """The SHA-256 (hex) that is stored instead of the key; case and stray spaces do not matter."""
    return hashlib.sha256(_SEPARATORS.sub("", key or "").lower()[:100].encode()).hexdigest()


def key_matches(key: str, key_hash: str | None) -> bool:
    """Hash the key and compare in constant time, against a stand-in when there is no report: the same work
    whether the code or the key was wrong."""
    return hmac.compare_digest(hash_key(key), key_hash or _NO_REPORT_HASH) and key_hash is not None


def follow_path(tracking_code: str, key: str) -> str:
    """The follow-up link: the secret travels in the fragment, which browsers never send to a server."""
    return f"/follow#{tracking_code}.{key}"
