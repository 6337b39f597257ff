"""A memory budget shared by the photo jobs of one event loop, handed out first come, first served."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio


class _Waiter:
    def __init__(self, amount: int) -> None:
        self.amount = amount
        self.admitted = anyio.Event()


class MemoryBudget:
    """Bytes of working memory; a job holds its share while it runs.

    A job starts when its share fits beside the jobs running and every job that asked before it has started:
    first come, first served, so a stream of small jobs cannot starve a large one (nor the reverse; a small
    job may wait behind a large one). A share larger than the whole budget is admitted once nothing else
    runs: that job runs alone, rather than never.
    """

    def __init__(self, total: int) -> None:
        if total <= 0:
            raise ValueError("a memory budget must be above zero")
        self.total = total
        self.in_use = 0
        self._waiting: deque[_Waiter] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @asynccontextmanager
    async def reserve(self, amount: int) -> AsyncIterator[int]:
        """Wait for amount bytes (at most the whole budget) and hold them for the block; yields the share."""
        share = min(max(amount, 0), self.total)
        await self._acquire(share)
        try:
            yield share
        finally:
            self._release(share)

    async def _acquire(self, share: int) -> None:
        if not self._waiting and self.in_use + share <= self.total:
            self.in_use += share
            return
        waiter = _Waiter(share)
        self._waiting.append(waiter)
        try:
            await waiter.admitted.wait()
        except BaseException:  # cancelled while waiting
            if waiter.admitted.is_set():
                self._release(share)  # admitted just as it was cancelled: hand the share on
            else:
                self._waiting.remove(waiter)
                self._admit()  # it may have been the first in line, holding up the others
            raise

    def _release(self, share: int) -> None:
        self.in_use -= share
        self._admit()

    def _admit(self) -> None:
        while self._waiting and self.in_use + self._waiting[0].amount <= self.total:
            waiter = self._waiting.popleft()
            self.in_use += waiter.amount
            waiter.admitted.set()
