"""Inference workloads: request traces read from the public Azure LLM inference format, or generated.

A `Trace` is one array per request: arrival time, context (prompt) tokens, generated tokens and the
user region. Files follow the Azure LLM inference traces (github.com/Azure/AzurePublicDataset:
AzureLLMInferenceDataset2023.md, Patel et al., "Splitwise", ISCA 2024; AzureLLMInferenceDataset2024.md,
Stojkovic et al., "DynamoLLM", HPCA 2025): ``TIMESTAMP,ContextTokens,GeneratedTokens`` with times like
``2023-11-16 18:15:46.6805900`` (2023, no zone: read as UTC) or ``2024-05-12 00:00:00.001163+00:00``
(2024), plus an optional ``Region`` column that `write_trace` adds.

`synthetic_trace` draws a doubly stochastic (Cox) process whose parameters live in
``data/workloads.yaml`` (each block with source, year and kind):
- expected rate: per user region, share x a weekly profile (168 hourly values, Monday first) of the
  Azure 2024 week-long traces, shifted from the traces' assumed home zone (UTC-5) to the region's
  local time, linearly interpolated between hour centres;
- bursts: each 60 s window's rate times a Gamma factor of mean 1 (``rate_cv``), and within the
  warped time a renewal process of Gamma gaps (``gap_cv``), both fitted to the Azure 2023 trace;
- tokens: inverse CDF of empirical quantile tables of the Azure 2023 traces (log-linear between
  knots), context and generated drawn independently (their log correlation there is < 0.09).
The window factors are rescaled so the expected request count is exactly rate x duration: bursts
move requests in time, they do not change how many a study asked for.

`load_trace` gives a scenario's trace (its file or its synthetic one) and `user_regions` each
request's user region among the default ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from orbitaldc.errors import ScenarioError
from orbitaldc.ops.trace import _NS_PER_S, COLUMNS, MAX_REQUESTS, TICK_NS, Trace, _to_tick  # noqa: F401
from orbitaldc.ops.trace_io import read_trace, write_trace  # noqa: F401  (public API)

KINDS = ("conversation", "code")
DEFAULT_START = np.datetime64("2024-05-13T00:00:00", "ns")  # a Monday inside the Azure 2024 week
_HOURS_PER_WEEK = 168
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday: hours since Monday 00:00 = hours since epoch + 72


@dataclass(frozen=True)
class Region:
    """Where a share of the users are: a representative point, a fixed UTC offset (hours, no DST)."""

    name: str
    lat_deg: float
    lon_deg: float
    share: float
    utc_offset_h: float


@cache
def _model() -> dict:
    return yaml.safe_load(resources.files("orbitaldc").joinpath("data/workloads.yaml").read_text("utf-8"))


def default_regions() -> tuple[Region, ...]:
    """North America, Europe, Asia-Pacific (shares and points: an assumption, see workloads.yaml)."""
    return tuple(Region(**r) for r in _model()["default_regions"]["regions"])


# ---------------------------------------------------------------- a scenario's trace and users

def load_trace(inference, start):
    """The trace of a scenario's ``workload.inference``: its file, or its synthetic trace starting at
    ``start``; errors name the scenario's keys."""
    if inference.trace is not None:
        return read_trace(inference.trace)
    s = inference.synthetic
    try:
        return synthetic_trace(s.requests_per_s, s.hours * 3600.0, kind=s.kind, seed=s.seed,
                               start=np.datetime64(start, "ns"))
    except ScenarioError as exc:  # the generator's arguments, named as the scenario's keys
        key = {"requests_per_s_mean": "requests_per_s", "duration_s": "hours"}.get(exc.field, exc.field)
        raise ScenarioError(f"workload.inference.synthetic.{key}", exc.why) from None


def user_regions(trace):
    """Each request's user region (an index into the default regions), those regions, and a note.
    Requests from a region we do not know (not in ``default_regions``) are drawn over the default
    regions by their shares; the note names those regions and counts their requests."""
    known = {r.name: r for r in default_regions()}
    points = list(known.values())
    unknown = [name for name in trace.regions if name not in known]
    if not unknown:
        return np.array([points.index(known[n]) for n in trace.regions])[trace.region], points, "the trace's regions"
    shares = np.array([r.share for r in points])
    drawn = np.random.default_rng(0).choice(len(points), size=trace.requests, p=shares / shares.sum())
    if len(unknown) == len(trace.regions):
        return drawn, points, (f"users spread over the default regions by their shares (the trace's regions "
                               f"{_listed(unknown)} are none of {_listed(known)})")
    code = np.array([points.index(known[n]) if n in known else -1 for n in trace.regions])[trace.region]
    moved = code < 0
    return np.where(moved, drawn, code), points, (
        f"the trace's regions; {int(moved.sum()):,} request(s) from regions we do not know ({_listed(unknown)}; known: "
        f"{_listed(known)}) spread over the default regions by their shares")


def _listed(names, most: int = 5) -> str:
    names = list(names)
    return ", ".join(names[:most]) + (f" and {len(names) - most:,} more" if len(names) > most else "")


# ---------------------------------------------------------------- generating

def expected_rate(kind: str, regions, times_ns: np.ndarray) -> np.ndarray:
    """Relative expected request rate of each region at each time (int64 ns UTC): share x the weekly
    profile at the region's local time, shape (times, regions); the weekly mean of one region with
    share 1 is 1. A region at UTC-5 (the profile's assumed home zone) follows the Azure 2024 trace."""
    model = _model()
    table = np.asarray(model["weekly_profile"][_kind(kind)]["utc_hourly"], float).ravel()  # Monday 00 UTC first
    reference_h = float(model["profile_reference_utc_offset_h"]["value"])
    hour_of_week = np.asarray(times_ns, np.int64) / (3600 * _NS_PER_S) + 24 * _EPOCH_WEEKDAY
    out = np.empty((hour_of_week.size, len(regions)))
    for j, r in enumerate(regions):  # a handful of regions: vectorized over time
        # the region's local hour follows the profile as the trace's users did at UTC-5
        utc_equivalent = hour_of_week + r.utc_offset_h - reference_h
        out[:, j] = r.share * np.interp(utc_equivalent, np.arange(_HOURS_PER_WEEK) + 0.5, table,
                                        period=_HOURS_PER_WEEK)
    return out


def synthetic_trace(requests_per_s_mean: float, duration_s: float, *, regions=None, kind: str = "conversation",
                    start=DEFAULT_START, seed: int = 0) -> Trace:
    """A bursty, diurnal trace of about ``requests_per_s_mean x duration_s`` requests (expected count
    exactly that) from ``regions`` (default: `default_regions`), with ``kind`` token lengths
    ("conversation" or "code"). The same seed gives the same trace. Model: module docstring."""
    kind = _kind(kind)
    rate = _positive(requests_per_s_mean, "requests_per_s_mean")
    duration = _positive(duration_s, "duration_s")
    total = rate * duration
    if total > MAX_REQUESTS:
        raise ScenarioError("requests_per_s_mean", f"{total:,.0f} expected requests is above the limit of "
                            f"{MAX_REQUESTS:,} (each is held in memory through the simulation; docs/limits.md)")
    regions = default_regions() if regions is None else _check_regions(regions)
    start_ns = _start_ns(start)
    burst = _model()["burstiness"]
    window_s = float(burst["window_s"])
    rng = np.random.default_rng(seed)

    n_windows = int(np.ceil(duration / window_s))
    edges = np.minimum(np.arange(n_windows + 1) * window_s, duration)
    middle_ns = start_ns + (0.5 * (edges[:-1] + edges[1:]) * _NS_PER_S).astype(np.int64)
    by_region = expected_rate(kind, regions, middle_ns)
    factor = _gamma_mean_one(rng, float(burst[kind]["rate_cv"]), n_windows)
    warped = np.concatenate([[0.0], np.cumsum(by_region.sum(axis=1) * factor * np.diff(edges))])
    warped *= total / warped[-1]  # rescale: the expected count is exactly rate x duration

    # renewal process in warped time, mapped back through the piecewise-linear cumulative rate
    t_s = np.interp(_renewal(rng, float(burst[kind]["gap_cv"]), total), warped, edges)
    if t_s.size == 0:
        raise ScenarioError("requests_per_s_mean", f"{rate} requests/s over {duration} s drew no request")
    ticks = np.rint(t_s * (_NS_PER_S / TICK_NS)).astype(np.int64)

    window = np.minimum((t_s // window_s).astype(np.int64), n_windows - 1)
    cumulative = np.cumsum(by_region, axis=1)
    u = rng.random(t_s.size) * cumulative[window, -1]
    region = np.zeros(t_s.size, np.int16)
    for j in range(len(regions) - 1):  # per region, not per request
        region += u >= cumulative[window, j]

    tokens = _model()["token_quantiles"]
    probabilities = np.asarray(tokens["probabilities_pct"], float) / 100
    context = _inverse_cdf(rng, probabilities, tokens[kind]["context_tokens"], t_s.size)
    generated = _inverse_cdf(rng, probabilities, tokens[kind]["generated_tokens"], t_s.size)
    description = (f"synthetic {kind} trace: {rate:g} requests/s mean over {duration:g} s from "
                   f"{np.datetime64(start_ns, 'ns')} UTC, {len(regions)} regions, seed {seed} (workloads.yaml)")
    return Trace((ticks - ticks[0]) / (_NS_PER_S / TICK_NS), context, generated,
                 np.datetime64(start_ns + int(ticks[0]) * TICK_NS, "ns"), region,
                 tuple(r.name for r in regions), description)


def _gamma_mean_one(rng: np.random.Generator, cv: float, size: int) -> np.ndarray:
    return np.ones(size) if cv == 0 else rng.gamma(1 / cv**2, cv**2, size)


def _renewal(rng: np.random.Generator, cv: float, total: float) -> np.ndarray:
    """Arrival epochs in (0, total) of a stationary renewal process with unit-mean Gamma gaps."""
    chunk = int(total + 8 * max(cv, 1) * np.sqrt(total) + 16)
    gaps = _gamma_mean_one(rng, cv, chunk)
    # stationary start: the first gap is the forward recurrence time, uniform x a size-biased gap
    k = 1 / cv**2 if cv > 0 else np.inf
    gaps[0] = rng.random() * (rng.gamma(k + 1, 1 / k) if cv > 0 else 1.0)
    epochs = np.cumsum(gaps)
    while epochs[-1] < total:  # rare: the chunk above covers 8 standard deviations
        epochs = np.concatenate([epochs, epochs[-1] + np.cumsum(_gamma_mean_one(rng, cv, chunk // 4 + 16))])
    return epochs[: np.searchsorted(epochs, total)]


def _inverse_cdf(rng: np.random.Generator, probabilities: np.ndarray, knots, size: int) -> np.ndarray:
    """Token counts from an empirical quantile table: log-linear between knots, rounded, >= 1."""
    log_knots = np.log(np.asarray(knots, float))
    return np.maximum(1, np.rint(np.exp(np.interp(rng.random(size), probabilities, log_knots)))).astype(np.int64)


def _kind(kind: str) -> str:
    if kind not in KINDS:  # no silent fallback for a typo'd workload name
        raise ScenarioError("kind", f"unknown workload {kind!r}; choose one of {', '.join(KINDS)}")
    return kind


def _positive(value, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ScenarioError(field, f"must be a number, got {value!r}") from None
    if not np.isfinite(number) or number <= 0:
        raise ScenarioError(field, f"must be a positive finite number, got {value!r}")
    return number


def _start_ns(start) -> int:
    try:
        stamp = pd.Timestamp(start)
    except (TypeError, ValueError) as err:
        raise ScenarioError("start", f"not a date and time: {err}") from None
    if stamp is pd.NaT:
        raise ScenarioError("start", "not a date and time")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return _to_tick(stamp.as_unit("ns").value)


def _check_regions(regions) -> tuple[Region, ...]:
    regions = tuple(regions)
    if not regions:
        raise ScenarioError("regions", "at least one region")
    seen = set()
    for i, r in enumerate(regions):
        field = f"regions[{i}]"
        if not isinstance(r, Region):
            raise ScenarioError(field, f"expected a Region, got {type(r).__name__}")
        if not r.name or r.name != r.name.strip() or any(ch in r.name for ch in ',"\n\r') or r.name in seen:
            raise ScenarioError(f"{field}.name", f"{r.name!r}: names must be unique, non-empty, without "
                                "commas, quotes or line breaks")
        seen.add(r.name)
        checks = (("share", r.share, 0, np.inf, False), ("utc_offset_h", r.utc_offset_h, -12, 14, True),
                  ("lat_deg", r.lat_deg, -90, 90, True), ("lon_deg", r.lon_deg, -180, 180, True))
        for name, value, low, high, closed in checks:
            if not (np.isfinite(value) and (low <= value if closed else low < value) and value <= high):
                raise ScenarioError(f"{field}.{name}", f"{value!r} is outside {'[' if closed else '('}{low}, {high}]")
    total = sum(r.share for r in regions)
    return tuple(Region(r.name, r.lat_deg, r.lon_deg, r.share / total, r.utc_offset_h) for r in regions)

