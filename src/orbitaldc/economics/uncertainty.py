"""Monte Carlo over the economic inputs, tornado sensitivity and break-even prices.

Sampling is vectorized: every uncertain input becomes an array of ``samples`` draws and the cost
kernels price all of them in one call. Distributions: triangular (low, mode, high), uniform
(low, high), lognormal (median, sigma of ln x), split (triangles on each side of the mode with half
the mass each: the mode is the median). Without distributions in the scenario, every input whose
catalog record carries a range is split over (low, value, high), so each input's default is its
median, stated in the output.

Break-even: orbital cost per accelerator-hour is affine in the launch price and in the bus price
per W (every launch- and bus-driven cost line is proportional to them), so the price at which it
equals the terrestrial figure follows from two evaluations; the result is re-evaluated as a check.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.economics.parameters import INPUTS, POSITIVE

CHUNK_SAMPLES = 1_000_000  # measured ~0.3 GiB of temporaries per 1e6 samples (docs/limits.md)


def sample(distribution, samples: int, rng: np.random.Generator) -> np.ndarray:
    d = distribution
    if d.distribution == "triangular":
        if d.high == d.low:
            return np.full(samples, float(d.low))
        return rng.triangular(d.low, d.mode, d.high, samples)
    if d.distribution == "split":
        # Two triangles meeting at the mode with half the mass each, so the mode is the median.
        u = rng.random(samples)
        left = d.low + (d.mode - d.low) * np.sqrt(2.0 * np.minimum(u, 0.5))
        right = d.high - (d.high - d.mode) * np.sqrt(2.0 - 2.0 * np.maximum(u, 0.5))
        return np.where(u < 0.5, left, right)
    if d.distribution == "uniform":
        return rng.uniform(d.low, d.high, samples)
    return d.median * np.exp(d.sigma * rng.standard_normal(samples))


def bounds(distribution, name: str | None = None) -> tuple[float, float]:
    """Low and high used by the tornado: the distribution's ends, or its 10th/90th percentiles
    for the lognormal; with the input's ``name``, kept inside its domain as the Monte Carlo's samples
    are (``clip_to_domain``)."""
    d = distribution
    if d.distribution == "lognormal":
        z = 1.2815515655446004  # standard normal 90th percentile
        low, high = d.median * np.exp(-z * d.sigma), d.median * np.exp(z * d.sigma)
    else:
        low, high = float(d.low), float(d.high)
    if name is None:
        return float(low), float(high)
    return float(clip_to_domain(name, low)), float(clip_to_domain(name, high))


def clip_to_domain(name: str, values):
    """Keep sampled rates inside their physical domain (a lognormal tail can pass 100 %; the scenario
    check, parameters.check_distribution_range, allows at most 1 % of the samples there)."""
    spec = INPUTS[name]
    floor = spec.minimum if spec.minimum is not None else np.finfo(float).tiny if name in POSITIVE else 0.0
    values = np.maximum(values, floor)
    if spec.maximum is not None:
        values = np.minimum(values, np.nextafter(spec.maximum, 0.0))
    return values


def monte_carlo(price_both, base: dict, distributions: dict, samples: int, seed: int) -> dict:
    """Sample the inputs and price them: ``price_both(inputs) -> (orbital, terrestrial)`` $/GPU-hour."""
    rng = np.random.default_rng(seed)
    orbital, terrestrial = np.empty(samples), np.empty(samples)
    clipped: dict[str, int] = {}
    # Priced in chunks: the cost kernels hold dozens of sample-sized temporaries at once, so one
    # 1e7-sample call took 3.1 GiB. Up to CHUNK_SAMPLES the draws (and results) are those of a
    # single call for the same seed.
    for first in range(0, samples, CHUNK_SAMPLES):
        size = min(CHUNK_SAMPLES, samples - first)
        inputs = dict(base)
        for name in sorted(distributions):
            drawn = sample(distributions[name], size, rng)
            inputs[name] = clip_to_domain(name, drawn)
            clipped[name] = clipped.get(name, 0) + int(np.count_nonzero(inputs[name] != drawn))
        o, t = price_both(inputs)
        orbital[first:first + size] = np.broadcast_to(np.asarray(o, dtype=float), (size,))
        terrestrial[first:first + size] = np.broadcast_to(np.asarray(t, dtype=float), (size,))
    finite = np.isfinite(orbital) & np.isfinite(terrestrial)
    if not finite.any():
        raise ValueError("economics.uncertainty: no sample gives a finite cost per GPU-hour")
    orbital, terrestrial = orbital[finite], terrestrial[finite]
    counts, edges = np.histogram(orbital, bins=40)
    p10, p50, p90 = np.percentile(orbital, [10, 50, 90])
    t10, t50, t90 = np.percentile(terrestrial, [10, 50, 90])
    return {
        "samples": samples, "seed": seed, "inputs": sorted(distributions),
        "non_finite_samples": int(samples - finite.sum()),
        # share of each input's draws moved onto its domain's bound (a lognormal's tail): at most 1 %
        "clipped_share": {k: n / samples for k, n in sorted(clipped.items()) if n},
        "metric": "usd_per_gpu_hour",
        "p10": float(p10), "p50": float(p50), "p90": float(p90), "mean": float(np.mean(orbital)),
        "terrestrial": {"p10": float(t10), "p50": float(t50), "p90": float(t90)},
        "probability_orbit_wins": float(np.mean(orbital < terrestrial)),
        "histogram": {"edges": edges.tolist(), "counts": counts.tolist()},
    }


def tornado(price, base: dict, distributions: dict) -> list[dict]:
    """Orbital $/GPU-hour with each uncertain input at its low and high, the rest at base; largest
    swing first."""
    rows = []
    for name, dist in distributions.items():
        low, high = bounds(dist, name)
        at_low = float(price({**base, name: low}))
        at_high = float(price({**base, name: high}))
        rows.append({"input": name, "unit": INPUTS[name].unit, "low": low, "high": high,
                     "usd_per_gpu_hour_low": at_low, "usd_per_gpu_hour_high": at_high})
    return sorted(rows, key=lambda r: -abs(r["usd_per_gpu_hour_high"] - r["usd_per_gpu_hour_low"]))


def breakeven(price, base: dict, name: str, target: float) -> float | None:
    """Value of input ``name`` at which the orbital $/GPU-hour equals ``target`` (affine in it);
    None when no positive value reaches it."""
    # Evaluated at 1 and 2, not 0: a zero bus price per W means "price the bus per kg".
    at1 = float(price({**base, name: 1.0}))
    at2 = float(price({**base, name: 2.0}))
    slope = at2 - at1
    if not slope > 0.0:
        return None
    value = 1.0 + (target - at1) / slope
    if not (value > 0.0 and np.isfinite(value)):
        return None
    check = float(price({**base, name: value}))
    assert abs(check - target) <= 1e-6 * max(1.0, abs(target)), "break-even is not affine in " + name
    return float(value)


def breakeven_surface(price, base: dict, target: float, launch_usd_per_kg, bus_usd_per_w) -> dict:
    """Orbital minus terrestrial $/GPU-hour over a grid of launch $/kg (columns) and bus $/W (rows)."""
    launch = np.asarray(launch_usd_per_kg, dtype=float)
    bus = np.asarray(bus_usd_per_w, dtype=float)
    grid = {**base, "launch_usd_per_kg": launch[None, :], "bus_usd_per_w": bus[:, None]}
    orbital = np.broadcast_to(price(grid), (bus.size, launch.size))
    return {"launch_usd_per_kg": launch.tolist(), "bus_usd_per_w": bus.tolist(),
            "orbital_minus_terrestrial_usd_per_gpu_hour": (orbital - target).tolist()}
