"""NSGA-II (sweep.optimize.pareto_front) finds the known Pareto front of ZDT1.

Reference: Zitzler, Deb & Thiele, "Comparison of multiobjective evolutionary algorithms: empirical
results", Evolutionary Computation 8(2), 2000: f1 = x1, g = 1 + 9 sum(x2..xn)/(n - 1),
f2 = g (1 - sqrt(f1 / g)), x in [0, 1]^n; the Pareto-optimal front is g = 1, f2 = 1 - sqrt(f1),
f1 in [0, 1]. A constraint marks the infeasible half of a second case, which must never be on the front.
"""

import numpy as np

from orbitaldc.sweep.optimize import pareto_front


def zdt1(x: np.ndarray):
    f1 = x[:, 0]
    g = 1.0 + 9.0 * x[:, 1:].sum(axis=1) / (x.shape[1] - 1)
    return np.stack([f1, g * (1.0 - np.sqrt(f1 / g))], axis=1), np.ones(len(x), dtype=bool)


def test_zdt1_front_is_found():
    x, f, evaluations = pareto_front(zdt1, 5, 2, population=50, generations=100, seed=1)
    assert len(f) >= 30 and evaluations == 50 * 100
    np.testing.assert_allclose(f[:, 1], 1.0 - np.sqrt(f[:, 0]), atol=0.02)
    assert f[:, 0].min() < 0.05 and f[:, 0].max() > 0.95  # the whole front, not one end of it


def test_infeasible_designs_are_never_on_the_front():
    def half(x):
        f, _ = zdt1(x)
        return f, x[:, 0] < 0.5  # designs with x1 >= 0.5 "do not close"

    x, f, _ = pareto_front(half, 5, 2, population=40, generations=60, seed=2)
    assert len(x) and np.all(x[:, 0] < 0.5)
