"""Photos as evidence: decode any accepted upload, make it upright and metadata-free, re-encode it as JPEG in
three sizes, blur regions on request, and store the results by content hash.

Pure Python (Pillow, pillow-heif): nothing here knows about HTTP or the database.
"""

from server.photos.decoding import ACCEPTED_TEXT, DEFAULT_MAX_PIXELS, PhotoRejected
from server.photos.pipeline import Upload, process, process_upload, read_header
from server.photos.redaction import MAX_REDACTION_BOXES, redact
from server.photos.sizes import SIZES, ProcessedPhoto
from server.photos.storage import PhotoStore
from server.photos.workers import memory_budget, process_bounded, redact_bounded

__all__ = [
    "ACCEPTED_TEXT",
    "DEFAULT_MAX_PIXELS",
    "MAX_REDACTION_BOXES",
    "SIZES",
    "PhotoRejected",
    "PhotoStore",
    "ProcessedPhoto",
    "Upload",
    "memory_budget",
    "process",
    "process_bounded",
    "process_upload",
    "read_header",
    "redact",
    "redact_bounded",
]
