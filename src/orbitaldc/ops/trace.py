"""A request trace in memory: one array per request (the unit all of ops/ works on)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc.limits import MAX_TRACE_REQUESTS

COLUMNS = ("TIMESTAMP", "ContextTokens", "GeneratedTokens")
TICK_NS = 100  # the Azure 2023 files' resolution (7 decimals); write_trace keeps exactly this
MAX_REQUESTS = MAX_TRACE_REQUESTS  # a trace's requests as the Operations stage can hold them (limits.py)
_NS_PER_S = 1_000_000_000


@dataclass(frozen=True, eq=False)
class Trace:
    """Requests in arrival order. ``arrival_s`` is seconds after the first request (which is at
    ``start``, datetime64[ns] UTC); ``region`` indexes ``regions``; ``source`` says where it came from."""

    arrival_s: np.ndarray
    context_tokens: np.ndarray
    generated_tokens: np.ndarray
    start: np.datetime64
    region: np.ndarray
    regions: tuple[str, ...]
    source: str

    def __post_init__(self):
        set_ = object.__setattr__  # frozen: normalise the dtypes once, here
        set_(self, "arrival_s", np.asarray(self.arrival_s, dtype=np.float64))
        set_(self, "context_tokens", np.asarray(self.context_tokens, dtype=np.int64))
        set_(self, "generated_tokens", np.asarray(self.generated_tokens, dtype=np.int64))
        set_(self, "region", np.asarray(self.region, dtype=np.int16))
        set_(self, "start", np.datetime64(self.start, "ns"))
        set_(self, "regions", tuple(self.regions))
        n = self.arrival_s.size
        if any(a.shape != (n,) for a in (self.context_tokens, self.generated_tokens, self.region)):
            raise ValueError("Trace arrays must be one-dimensional and of equal length")
        if n and (self.region.min() < 0 or self.region.max() >= len(self.regions)):
            raise ValueError("Trace.region must index Trace.regions")
        if n > 1 and np.any(np.diff(self.arrival_s) < 0):
            raise ValueError("Trace.arrival_s must be non-decreasing")

    @property
    def requests(self) -> int:
        return int(self.arrival_s.size)

    @property
    def duration_s(self) -> float:
        """Seconds from the first request to the last."""
        return float(self.arrival_s[-1]) if self.requests else 0.0

    @property
    def mean_rate_per_s(self) -> float:
        """Arrivals per second between the first and the last request ((n - 1) / duration)."""
        return (self.requests - 1) / self.duration_s if self.duration_s > 0 else float("nan")

    def region_names(self) -> np.ndarray:
        """The region name of each request (codes are renumbered by `read_trace`, names are not)."""
        return np.asarray(self.regions, dtype=object)[self.region]


def _to_tick(ns: int) -> int:
    return (ns + TICK_NS // 2) // TICK_NS * TICK_NS  # integers: ns since 1970 overflow a float's 53 bits
