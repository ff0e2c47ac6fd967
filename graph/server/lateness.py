"""How late the event loop runs what is due: a probe that wakes every 10 ms and records its lateness.

Everything the server answers goes through one event loop, so a request that holds it (a large
answer built without awaiting) delays every other request, /health included, by as long. The
probe measures exactly that: /health reports the worst lateness of the last minute and since
start, and a lateness over WARN_AFTER is logged when it happens.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass, field

log = logging.getLogger("stargate_kg.server")

INTERVAL = 0.01  # seconds between wake-ups
WARN_AFTER = 0.1  # seconds of lateness worth a log line
WINDOW = 60  # seconds the recent worst covers


@dataclass
class Lateness:
    worst: float = 0.0  # seconds, since start
    _seconds: deque[tuple[int, float]] = field(default_factory=lambda: deque(maxlen=WINDOW))  # (second, worst)

    def record(self, now: float, late: float) -> None:
        self.worst = max(self.worst, late)
        second = int(now)
        if self._seconds and self._seconds[-1][0] == second:
            self._seconds[-1] = (second, max(self._seconds[-1][1], late))
        else:
            self._seconds.append((second, late))
        if late > WARN_AFTER:
            log.warning("the event loop ran %.0f ms late: a request held it", late * 1000)

    def recent(self, now: float) -> float:
        """The worst lateness of the last WINDOW seconds."""
        return max((late for second, late in self._seconds if second > now - WINDOW), default=0.0)

    def report(self, now: float) -> dict[str, float]:
        return {"last_minute_max_ms": round(self.recent(now) * 1000, 1), "max_ms": round(self.worst * 1000, 1)}

    async def probe(self) -> None:
        """Wake every INTERVAL until cancelled, recording how late each wake-up came."""
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + INTERVAL
            await asyncio.sleep(INTERVAL)
            now = loop.time()
            self.record(now, max(0.0, now - due))
