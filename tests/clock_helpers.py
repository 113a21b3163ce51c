"""A clock the tests move by hand, handed to the library where it decides by time: a window or
a wait is then tested to the second, without waiting for it."""

from datetime import datetime, timedelta

from workbench.clock import Clock


class ManualClock(Clock):
    """Stands still at `start` until moved on; its `sleep` moves it on at once (code that
    waits takes no time)."""

    def __init__(self, start: datetime):
        self.start = start
        self.elapsed = 0.0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return self.elapsed

    def sleep(self, seconds: float) -> None:
        self.elapsed += seconds
