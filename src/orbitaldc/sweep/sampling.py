"""Scenario points of a sweep: grid, random, Latin hypercube or Sobol sequence over its axes, and a
64-bit content hash per scenario.

Samplers: ``numpy.random.default_rng`` (random), a Latin hypercube drawn with it (McKay, Beckman &
Conover, Technometrics 21, 1979: a random permutation of n strata per axis, a uniform point in each)
and ``scipy.stats.qmc.Sobol`` (scrambled; Owen 1998),
each seeded by the sweep's ``seed``, so a sweep file always means the same scenarios. A unit
sample u in [0, 1) maps to an axis as low + u (high - low), low (high/low)^u on a log scale, a
whole number in [low, high] for a count, and the floor(u k)-th of k discrete values.

The hash of a scenario is splitmix64 (Steele, Lea & Flood, OOPSLA 2014) over the base scenario's
SHA-256 and each axis' path and value, summed over the axes so their order does not matter; a
sweep that samples one scenario twice (discrete axes) keeps it once.
"""

from __future__ import annotations

import hashlib
import json
import warnings

import numpy as np

from orbitaldc.errors import ScenarioError
from orbitaldc.sweep.spec import MAX_SCENARIOS, Axis, Sweep

_M1, _M2, _GOLDEN = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB), np.uint64(0x9E3779B97F4A7C15)


def splitmix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser on uint64 arrays (wrapping arithmetic)."""
    z = np.asarray(x, dtype=np.uint64) + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def _text_hash(text: str) -> np.uint64:
    return np.frombuffer(hashlib.sha256(text.encode()).digest()[:8], dtype=np.uint64)[0]


def _grid_points(axis: Axis, integer: bool) -> np.ndarray:
    if axis.values is not None:
        return _values_array(axis.values)
    low, high = axis.range
    points = np.geomspace(low, high, axis.steps) if axis.scale == "log" else np.linspace(low, high, axis.steps)
    return np.unique(np.round(points).astype(np.int64)) if integer else points


def _values_array(values: list) -> np.ndarray:
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        if all(isinstance(v, int) for v in values):
            return np.asarray(values, dtype=np.int64)
        return np.asarray(values, dtype=float)
    return np.asarray(values, dtype=object)


def _from_unit(axis: Axis, integer: bool, u: np.ndarray) -> np.ndarray:
    if axis.values is not None:
        values = _values_array(axis.values)
        return values[np.minimum((u * len(values)).astype(np.int64), len(values) - 1)]
    low, high = axis.range
    if integer:
        lo, hi = int(np.ceil(low)), int(np.floor(high))
        return np.minimum(lo + (u * (hi - lo + 1)).astype(np.int64), hi)
    if axis.scale == "log":
        return low * (high / low) ** u
    return low + u * (high - low)


def unit_samples(method: str, n: int, d: int, seed: int) -> np.ndarray:
    """n points of the unit hypercube [0, 1)^d by ``method``."""
    rng = np.random.default_rng(seed)
    if method == "random":
        return rng.random((n, d))
    if method == "lhs":  # McKay et al.: one point in each of n equal strata of every axis, strata paired at random
        strata = np.stack([rng.permutation(n) for _ in range(d)], axis=1)
        return (strata + rng.random((n, d))) / n
    from scipy.stats import qmc  # imported only here: scipy.stats takes seconds to import

    with warnings.catch_warnings():  # Sobol' balance needs n a power of 2: a sweep file's other n are refused (spec)
        warnings.simplefilter("ignore")
        return qmc.Sobol(d=d, scramble=True, seed=seed).random(n)


def sample_axes(sweep: Sweep) -> dict[str, np.ndarray]:
    """Axis path -> values of every scenario point of the sweep (before removing repeats)."""
    spec, axes = sweep.spec, sweep.axes
    if spec.method == "grid":
        points = [_grid_points(a, sweep.integer[a.path]) for a in axes]
        total = int(np.prod([len(p) for p in points], dtype=float))
        if total > MAX_SCENARIOS:
            raise ScenarioError("axes", f"the grid has {total:,} points, more than {MAX_SCENARIOS:,}")
        index = np.indices([len(p) for p in points]).reshape(len(points), -1)
        return {a.path: p[i] for a, p, i in zip(axes, points, index, strict=True)}
    u = unit_samples(spec.method, spec.samples, len(axes), spec.seed)
    return {a.path: _from_unit(a, sweep.integer[a.path], u[:, j]) for j, a in enumerate(axes)}


def value_bits(values: np.ndarray) -> np.ndarray:
    """uint64 code of each value: the float64 bits of a number (-0 as 0), a hash of anything else."""
    if values.dtype.kind in "iuf":
        as_float = np.asarray(values, dtype=float) + 0.0  # -0.0 + 0.0 == +0.0
        return as_float.view(np.uint64)
    codes = {v: _text_hash(json.dumps(v)) for v in set(values.tolist())}
    return np.fromiter((codes[v] for v in values.tolist()), dtype=np.uint64, count=len(values))


def scenario_hashes(sweep: Sweep, columns: dict[str, np.ndarray]) -> np.ndarray:
    """64-bit content hash of each scenario (base document and axis values)."""
    n = len(next(iter(columns.values())))
    total = np.full(n, _text_hash(sweep.base_hash), dtype=np.uint64)
    for path, values in columns.items():
        total = total + splitmix64(value_bits(values) ^ _text_hash(path))
    return splitmix64(total)


def scenario_points(sweep: Sweep) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(hashes, {path: values}) of the sweep's distinct scenarios, in sampling order."""
    columns = sample_axes(sweep)
    hashes = scenario_hashes(sweep, columns)
    _, first = np.unique(hashes, return_index=True)
    if len(first) < len(hashes):
        keep = np.sort(first)
        hashes = hashes[keep]
        columns = {k: v[keep] for k, v in columns.items()}
    return hashes, columns
