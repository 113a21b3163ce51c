"""The clock Python code reads the time from where it decides by time (how long a sign-in
waits, when a watcher tries to take a job over): handed in as `clock`, the machine's by
default, so that tests move time on instead of waiting for it. Where SQL compares with the
database's clock (a job's heartbeat, store/jobs.py) the database decides, not this clock:
workers on several machines must agree.
"""

import time
from datetime import datetime, timezone

from workbench.model import TIME_STAMP


class Clock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The time, in UTC: what the store's time stamps are compared with."""
        return datetime.now(timezone.utc)

    def stamp(self) -> str:
        """The time as the store writes it (model.TIME_STAMP)."""
        return stamp_of(self.now())

    def monotonic(self) -> float:
        """Seconds on a count that never goes back (the time of day may be set back): for
        how long something has lasted."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


MACHINE_CLOCK = Clock()


def stamp_of(moment: datetime) -> str:
    """`moment` as the store writes times (model.TIME_STAMP, in UTC; a time without a zone is
    taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime(TIME_STAMP)


def moment_of(stamp: str) -> datetime:
    """A time the store wrote (model.TIME_STAMP, UTC), as a time to compare with `now`."""
    return datetime.strptime(stamp, TIME_STAMP).replace(tzinfo=timezone.utc)
