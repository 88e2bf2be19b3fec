"""Peer throughput: spacedc-mdao (import name ``orbitdc``), measured in the same run as ours.

The peer has no vectorized or batch API: its design-of-experiments, Monte Carlo and OpenMDAO
drivers all loop in Python over ``orbitdc.compare.evaluate_space(scenario, overrides)``, which
evaluates one orbital design point (power, thermal co-design, reliability, network, mass, cost,
delivered-compute waterfall) as scalars. That is what is timed here, one call per design point.

The scenario is built in memory (no scenario file) and the peer's catalog YAMLs, which it caches
after first use, are loaded by an untimed warm-up call, so the timed loop does no file I/O. The
radiator temperature setpoint (the peer's own design-variable range, 300-345 K, below its 350 K
chip-stack ceiling for this scenario) changes from point to point; the peer memoizes nothing
between calls.
"""

from __future__ import annotations

import contextlib
import logging
import time
import warnings

PEER = "spacedc-mdao"
FUNCTION = "orbitdc.compare.evaluate_space"
T_RAD_SETPOINT_K = (300.0, 345.0)

# Close to examples/scenarios/tpu-cluster-81.yaml: 81 satellites x 128 TPU-class accelerators at
# 650 km sun-synchronous for 5 years. Everything else is left at the peer's defaults.
SCENARIO = {
    "name": "bench-tpu-cluster-81",
    "kind": "space",
    "mission_life_years": 5.0,
    "accelerator": "tpu_v5e",
    "space": {
        "orbit": {"type": "leo", "altitude_km": 650.0, "inclination_deg": 98.0},
        "architecture": {"satellites": 81, "accelerators_per_satellite": 128},
    },
}

NOTE = (
    "One peer design point is one scalar call of orbitdc.compare.evaluate_space on an in-memory "
    "81-satellite scenario (radiator setpoint varied): it sizes solar array and battery, runs "
    "a radiator/coolant/chip-stack thermal co-design and a mass build-up comparable to our "
    "power/thermal/mass sizing, but also computes reliability, radiation, network and comms "
    "limits, station-keeping, environmental impact, lifecycle cost and its delivered-compute "
    "waterfall, so each point does more work than ours; the peer has no vectorized/batch API, "
    "so points are evaluated one by one in a Python loop."
)


@contextlib.contextmanager
def quiet_peer():
    """The peer's logger off and its warnings ignored while it is timed (it logs per point)."""
    peer_logger = logging.getLogger("orbitdc")
    was_disabled = peer_logger.disabled
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer_logger.disabled = True
        try:
            yield
        finally:
            peer_logger.disabled = was_disabled


def measure(points: int = 2000, repeats: int = 3) -> dict | None:
    """Best-of-``repeats`` wall time for ``points`` peer design-point evaluations; None if absent."""
    try:
        import orbitdc  # noqa: F401
        from orbitdc.compare import evaluate_space
        from orbitdc.core.scenario import load_scenario_dict
    except ImportError:
        return None

    from importlib.metadata import PackageNotFoundError, version

    try:
        peer_version = version(PEER)
    except PackageNotFoundError:
        peer_version = getattr(orbitdc, "__version__", "unknown")

    points = max(1, int(points))
    repeats = max(1, int(repeats))
    lo, hi = T_RAD_SETPOINT_K
    step = (hi - lo) / (points - 1) if points > 1 else 0.0
    overrides = [{"radiator_t_rad_setpoint_k": lo + i * step} for i in range(points)]

    with quiet_peer():
        scenario = load_scenario_dict(SCENARIO)
        evaluate_space(scenario, overrides[0])  # warm-up: loads and caches the peer's catalogs
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            for o in overrides:
                evaluate_space(scenario, o)
            best = min(best, time.perf_counter() - t0)

    return {
        "peer": PEER,
        "version": peer_version,
        "function": FUNCTION,
        "points": points,
        "seconds": best,
        "points_per_s": points / best,
        "note": NOTE,
    }
