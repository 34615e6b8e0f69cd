"""How old the data on a screen is, in words for the header.

A screen that shows answers kept from an earlier run says when the server sent them
("as of 09:42, refreshing…") until the server answers again; a screen whose server
cannot be reached says so, with the age of what it still shows.  Fresh data needs no
words: the header then says only where the app is connected.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


def clock_time(at: float, now: float | None = None) -> str:
    """'09:42' today, '2 Dec 09:42' on another day (local time)."""
    moment = time.localtime(at)
    today = time.localtime(time.time() if now is None else now)
    if moment[:3] == today[:3]:
        return time.strftime("%H:%M", moment)
    return f"{moment.tm_mday} {time.strftime('%b %H:%M', moment)}"


@dataclass
class Freshness:
    """What a screen shows, and from when: kept from an earlier run, or offline."""

    #: When the server sent the oldest data on screen (epoch seconds); None before any.
    since: float | None = None
    #: The data came from the local cache and the server has not answered since.
    from_cache: bool = False
    #: The last load could not reach the server.
    offline: bool = False
    #: The last load failed otherwise (the server refused, or answered nonsense).
    refresh_failed: bool = False

    def cached(self, at: float) -> None:
        self.since = at if self.since is None or not self.from_cache else min(self.since, at)
        self.from_cache = True

    def fresh(self, at: float) -> None:
        self.since, self.from_cache, self.offline, self.refresh_failed = at, False, False, False

    def unreachable(self) -> None:
        self.offline = True

    def failed(self) -> None:
        self.refresh_failed = True

    def words(self) -> str | None:
        """The header's words for it, or None when the data is fresh (or there is none)."""
        if self.since is None:
            return None
        if self.offline:
            return f"offline · as of {clock_time(self.since)}"
        if self.from_cache and self.refresh_failed:
            return f"as of {clock_time(self.since)} · not refreshed"
        if self.from_cache:
            return f"as of {clock_time(self.since)}, refreshing…"
        return None
