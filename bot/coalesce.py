"""Fold bursts of "please refresh X" into a few refreshes, without timers.

While a refresh of a key runs, further requests for that key only mark it dirty; when the run ends, one
more refresh covers all of them. A burst of N requests costs at most two refreshes per refresh duration,
and a slow (rate-limited) refresh absorbs more of the burst.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any

Spawn = Callable[[Awaitable[None]], Any]


class Coalescer:
    def __init__(self, spawn: Spawn) -> None:
        self._spawn = spawn
        self._running: set[Hashable] = set()
        self._dirty: set[Hashable] = set()

    def request(self, key: Hashable, refresh: Callable[[], Awaitable[None]]) -> None:
        if key in self._running:
            self._dirty.add(key)
            return
        self._running.add(key)
        self._spawn(self._run(key, refresh))

    async def _run(self, key: Hashable, refresh: Callable[[], Awaitable[None]]) -> None:
        try:
            while True:
                self._dirty.discard(key)
                await refresh()
                if key not in self._dirty:
                    return
        finally:
            self._running.discard(key)
            self._dirty.discard(key)
