"""A PDF's text as a reader sees it: pdftotext (Debian's poppler-utils) with its layout kept, without the
invisible marks it puts around right-to-left runs."""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


async def pdf_text(content: bytes, folder: Path) -> str:
    path = folder / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(content)
    process = await asyncio.create_subprocess_exec("pdftotext", "-layout", str(path), "-",
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return BIDI_CONTROLS.sub("", out.decode("utf-8"))


def flat(text: str) -> str:
    """Runs of spaces and line breaks made one space, so a sentence reads whole whatever the layout."""
    return re.sub(r"\s+", " ", text)
