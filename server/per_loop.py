"""Values that belong to one event loop: anyio primitives (limiters, budgets built on events) belong to the loop
that made them, and tests start many loops, so each loop gets its own, made on first use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from anyio.lowlevel import RunVar

T = TypeVar("T")


class PerLoop(Generic[T]):
    """One value per event loop, made by `make` the first time get() is called in that loop."""

    def __init__(self, name: str, make: Callable[[], T]) -> None:
        self._var: RunVar[T] = RunVar(name)
        self._make = make

    def get(self) -> T:
        try:
            return self._var.get()
        except LookupError:
            value = self._make()
            self._var.set(value)
            return value
