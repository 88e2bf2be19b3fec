"""Battery state of charge of each sampled satellite through its eclipses, in time.

The design sizes the battery so that the eclipse load of the design's longest eclipse takes it to
its depth of discharge, and the array to return that energy over the rest of the orbit (SMAD,
Wertz & Larson, Space Mission Analysis and Design, 3rd ed., eq. 11-5: P_sa T_d = P_e T_e / X_e +
P_d T_d / X_d). So, as a fraction of capacity, the state of charge falls at DoD / T_e per second of
shadow and rises at DoD / (T - T_e) per second of sunlight, capped at 1 (T the period, T_e the design
eclipse); it starts full. Linear in time (constant power both ways), no temperature or ageing.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _soc_kernel(lit, dt, down_per_s, up_per_s, low, mean):
    n_sat, n_t = lit.shape
    for s in range(n_sat):
        soc = 1.0
        for k in range(n_t):
            low[k] = min(low[k], soc)
            mean[k] += soc / n_sat
            if lit[s, k]:
                soc = min(1.0, soc + up_per_s * dt[k])
            else:
                soc = max(0.0, soc - down_per_s * dt[k])


def state_of_charge(lit: np.ndarray, grid_s: np.ndarray, depth_of_discharge: float, eclipse_s: float,
                    period_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and mean state of charge (fraction of capacity) over the satellites at each time of
    ``grid_s``, from sunlit flags ``lit`` (satellite, time); each step holds the state of its start.
    Ones without eclipses. Keeps two floats per time, not one per satellite and time."""
    n_t = grid_s.size
    if eclipse_s <= 0.0 or period_s <= eclipse_s or lit.size == 0:
        return np.ones(n_t), np.ones(n_t)
    dt = np.diff(grid_s, append=grid_s[-1]).astype(np.float64)
    low, mean = np.ones(n_t), np.zeros(n_t)
    _soc_kernel(np.ascontiguousarray(lit, dtype=np.bool_), dt, depth_of_discharge / eclipse_s,
                depth_of_discharge / (period_s - eclipse_s), low, mean)
    return low, mean
