"""Run the CPU-bound pipeline in worker threads, a bounded number at a time.

Each running job holds one decoded image, so capping how many run at once caps memory whatever the number of
uploads waiting (their bytes are all that a waiting upload holds). Pillow and libjpeg release the GIL while
decoding and encoding, so threads use the cores.
"""

from __future__ import annotations

import functools
import os

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar

from server.photos.pipeline import ProcessedPhoto, process, redact

# More workers than cores only adds memory; past 4 the memory of large images matters more than throughput.
MAX_WORKERS = 4


def worker_count() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, MAX_WORKERS))


# One limiter per event loop: anyio primitives belong to the loop that made them (tests start many loops).
_LIMITER: RunVar[anyio.CapacityLimiter] = RunVar("photo_workers")


def _limiter() -> anyio.CapacityLimiter:
    try:
        return _LIMITER.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(worker_count())
        _LIMITER.set(limiter)
        return limiter


async def process_bounded(data: bytes, *, max_pixels: int) -> ProcessedPhoto:
    """process() in a worker thread; raises PhotoRejected."""
    job = functools.partial(process, data, max_pixels=max_pixels)
    return await anyio.to_thread.run_sync(job, limiter=_limiter())


async def redact_bounded(evidence_jpeg: bytes, boxes: list[tuple[float, float, float, float]]) -> ProcessedPhoto:
    """redact() in a worker thread; raises ValueError for bad boxes."""
    return await anyio.to_thread.run_sync(redact, evidence_jpeg, boxes, limiter=_limiter())
