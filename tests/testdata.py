"""Where the shared test photos are: $SPACES_TESTDATA_PHOTOS, else ../shared/testdata/photos beside the
repository (as on the development and CI machines), else /work/shared/testdata/photos. Tests that use them
fail (never skip) when none exists, so a missing test set cannot pass silently."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CANDIDATES = [Path(p) for p in (os.environ.get("SPACES_TESTDATA_PHOTOS", ""),) if p] + [
    REPO.parent / "shared" / "testdata" / "photos", Path("/work/shared/testdata/photos")]
PHOTOS = next((p for p in CANDIDATES if (p / "MANIFEST.tsv").exists()), CANDIDATES[0])
