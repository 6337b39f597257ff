"""Run the CPU-bound pipeline in worker threads, as many at once as the cores and the memory budget allow.

Memory follows pixels, not uploads: a 312 KB PNG can declare 99 megapixels. So a job first has its header
read (cheap, in a worker thread), which says how much memory the rest will take (memory.working_memory),
and it is decoded only once that share of the memory budget (SPACES_PHOTO_MEMORY_MB) is free; see
budget.MemoryBudget for the order of admission. Threads are also capped at the number of cores: more only adds
memory. Pillow and libjpeg release the GIL while decoding and encoding, so threads use the cores.

Memory freed by a large job is handed back to the system: glibc keeps what threads free in their arenas (a
server that had decoded four large photos at once stayed at that peak), so after a photo of more than
TRIM_AFTER the arenas are trimmed (a millisecond or two, against a tenth of a second or more for the photo).
Pillow's own cache of freed blocks is off by default (PILLOW_BLOCKS_MAX=0), so its freed image memory
reaches malloc at once.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

import anyio
import anyio.to_thread

from server.per_loop import PerLoop
from server.photos.budget import MemoryBudget
from server.photos.decoding import PhotoRejected
from server.photos.memory import REDACTION_MEMORY
from server.photos.pipeline import Upload, process_upload, read_header
from server.photos.redaction import redact
from server.photos.sizes import ProcessedPhoto
from server.settings import load_settings

# More workers than cores only adds memory; past 4 the memory of large images matters more than throughput.
MAX_WORKERS = 4
# Full-size bytes (4 a pixel, as declared) of a photo after which freed memory is handed back: 8 megapixels.
# Trimming takes each arena's lock for a moment; small photos leave little to give back.
TRIM_AFTER = 32 << 20
# A photo may take up to this many times the budget (alone); beyond that it is refused before decoding.
CEILING = 2


def worker_count() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, MAX_WORKERS))


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, which returns free memory of every arena to the system; None elsewhere (musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library this process already uses
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def give_back_memory() -> None:
    """Return freed heap memory to the system, where the C library allows it."""
    if _TRIM is not None:
        _TRIM(0)


def _budget() -> MemoryBudget:
    # Read here rather than passed down: the budget belongs to the process, like the worker count.
    return MemoryBudget(load_settings().photo_memory_mb << 20)


# One limiter and one budget per event loop (see per_loop).
_LIMITER = PerLoop("photo_workers", lambda: anyio.CapacityLimiter(worker_count()))
_BUDGET = PerLoop("photo_memory", _budget)


def memory_budget() -> MemoryBudget:
    """This event loop's photo memory budget (SPACES_PHOTO_MEMORY_MB)."""
    return _BUDGET.get()


def _finish(upload: Upload) -> ProcessedPhoto:
    try:
        return process_upload(upload)
    finally:
        if upload.image.width * upload.image.height * 4 >= TRIM_AFTER:
            give_back_memory()


async def process_bounded(data: bytes, *, max_pixels: int) -> ProcessedPhoto:
    """process() in worker threads, decoding once the memory it needs is free; raises PhotoRejected."""
    upload = await anyio.to_thread.run_sync(read_header, data, max_pixels, limiter=_LIMITER.get())
    try:
        budget = memory_budget()
        if upload.memory > CEILING * budget.total:
            # Some formats cost far more than their pixels (a 99 MP WebP decodes through two full canvases,
            # about 1.6 GB): such a photo would take the server's memory with it, even alone.
            raise PhotoRejected(422, "photo_too_large", f"This photo needs about {upload.memory >> 20} MB of "
                                "memory to process, more than this server allows; send it at fewer megapixels "
                                "(a phone's usual setting is fine).")
        async with budget.reserve(upload.memory):
            return await anyio.to_thread.run_sync(_finish, upload, limiter=_LIMITER.get())
    finally:
        upload.close()


async def redact_bounded(evidence_jpeg: bytes, boxes: list[tuple[float, float, float, float]]) -> ProcessedPhoto:
    """redact() in a worker thread, within the memory budget; raises ValueError for bad boxes."""
    async with memory_budget().reserve(REDACTION_MEMORY):
        return await anyio.to_thread.run_sync(redact, evidence_jpeg, boxes, limiter=_LIMITER.get())
