"""Sobol' indices of the Ishigami function against their closed form.

Reference: Ishigami & Homma, "An importance quantification technique in uncertainty analysis for
computer models", ISUMA 1990; closed-form variances in Sobol' & Levitan, Comput. Phys. Commun. 117
(1999) and Saltelli et al., Global Sensitivity Analysis: The Primer (Wiley 2008), sec. 4.9:
f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i uniform on [-pi, pi], a = 7, b = 0.1;
V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
VT1 = V1 + V13, VT3 = V13 = 8 b^2 pi^8 / 225. Each exact index must lie within the estimate's 95 %
bootstrap interval, and the convergence loop must stop with every interval narrower than asked.
"""

import math

import numpy as np

from orbitaldc.sweep.sensitivity import sobol_indices

A, B = 7.0, 0.1


def ishigami(u: np.ndarray) -> np.ndarray:
    x = -math.pi + 2.0 * math.pi * u
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def exact():
    v = A**2 / 8 + B * math.pi**4 / 5 + B**2 * math.pi**8 / 18 + 0.5
    v1, v2, v13 = 0.5 * (1 + B * math.pi**4 / 5) ** 2, A**2 / 8, 8 * B**2 * math.pi**8 / 225
    return {"x1": (v1 / v, (v1 + v13) / v), "x2": (v2 / v, v2 / v), "x3": (0.0, v13 / v)}


def test_ishigami_indices_within_their_bootstrap_intervals():
    result = sobol_indices(ishigami, ["x1", "x2", "x3"], n=1024, max_n=1 << 15, ci_width=0.06, seed=7)
    assert result["converged"] and result["widest_interval"] < 0.06 and "converged" in result["statement"]
    want = exact()
    for row in result["indices"]:
        s1, st = want[row["input"]]
        assert row["S1_low"] <= s1 <= row["S1_high"], (row, s1)
        assert row["ST_low"] <= st <= row["ST_high"], (row, st)
    assert abs(want["x1"][0] - 0.3139) < 1e-3 and abs(want["x3"][1] - 0.2437) < 1e-3  # the Primer's table


def test_unconverged_is_said():
    result = sobol_indices(ishigami, ["x1", "x2", "x3"], n=64, max_n=128, ci_width=0.001, seed=1)
    assert not result["converged"] and result["N"] == 128 and result["statement"].startswith("NOT converged")
