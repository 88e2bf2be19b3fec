"""Sobol' sensitivity indices over a sweep's axes, with bootstrap confidence intervals and a
convergence check.

Method: SALib (Herman & Usher, JOSS 2017): Saltelli's sampling scheme on a Sobol' sequence
(``SALib.sample.sobol``, N (d + 2) model runs for d inputs, first and total order only) and the
estimators of Saltelli et al. (2010, Comput. Phys. Commun. 181) for first-order S1 and Jansen's for
total ST (``SALib.analyze.sobol``), each with a 95 % bootstrap confidence interval. Every axis,
design and assumption alike, is an input, uniform over its range (log-uniform on a log scale; its
values equally likely when discrete): the indices say how much of the output's variance each
axis explains over the sweep's own ranges, nothing wider.

Reproducible: the Sobol' sample and the bootstrap resampling are both seeded from one seed
(``sensitivity.seed``, by default the sweep's ``seed``), so the same file gives the same indices and
intervals on every run. SALib's ``analyze`` reads a seed of 0 as "unseeded" (numpy's global
generator), so the bootstrap gets a seed derived from it by ``numpy.random.SeedSequence``, never 0.

Convergence: starting at ``n`` base samples, N doubles until every interval (S1 and ST, full width)
is narrower than ``ci_width``, or ``max_n`` is reached, which the result then says. (spacedc-mdao's
default of 64 base samples gives total indices above 1, a sign of an unconverged estimate.)
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from orbitaldc.errors import ScenarioError


def sobol_indices(evaluate, names: list[str], *, n: int = 256, max_n: int = 8192, ci_width: float = 0.05,
                  seed: int = 0) -> dict:
    """Sobol' indices of ``evaluate`` (unit-cube points (m, d) -> outputs (m,)) over [0, 1]^d.

    Returns {indices: [{input, S1, S1_low, S1_high, ST, ST_low, ST_high}], N, model_runs, converged,
    widest_interval, statement}."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    base = 1 << max(0, math.ceil(math.log2(max(n, 2))))  # Sobol' balance needs a power of 2
    bootstrap_seed = bootstrap_seed_of(seed)
    runs = 0
    while True:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x = sample.sample(problem, base, calc_second_order=False, seed=seed)
        y = np.asarray(evaluate(x), dtype=float)
        runs += len(x)
        bad = ~np.isfinite(y)
        if bad.any():
            raise ScenarioError("sensitivity.output", f"{int(bad.sum()):,} of {len(y):,} model runs have no finite "
                                "value (infeasible or failed scenarios): narrow the axes' ranges")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            si = analyze.analyze(problem, y, calc_second_order=False, conf_level=0.95, seed=bootstrap_seed)
        widths = np.concatenate([2.0 * np.asarray(si["S1_conf"]), 2.0 * np.asarray(si["ST_conf"])])
        widest = float(np.max(widths))
        converged = widest < ci_width
        if converged or 2 * base > max_n:
            break
        base *= 2
    indices = [{"input": name, "S1": float(si["S1"][i]), "S1_low": float(si["S1"][i] - si["S1_conf"][i]),
                "S1_high": float(si["S1"][i] + si["S1_conf"][i]), "ST": float(si["ST"][i]),
                "ST_low": float(si["ST"][i] - si["ST_conf"][i]), "ST_high": float(si["ST"][i] + si["ST_conf"][i])}
               for i, name in enumerate(names)]
    statement = (f"converged: with N = {base:,} base samples ({len(x):,} model runs) every 95 % bootstrap interval "
                 f"is narrower than {ci_width:g} (widest {widest:.3g})" if converged else
                 f"NOT converged: at N = {base:,} base samples (max_n {max_n:,}; {len(x):,} model runs) the widest "
                 f"95 % bootstrap interval is {widest:.3g}, not below {ci_width:g}: raise max_n or accept the "
                 "intervals as they are")
    return {"indices": indices, "N": base, "model_runs": runs, "converged": converged, "widest_interval": widest,
            "ci_width": ci_width, "statement": statement}


def bootstrap_seed_of(seed: int) -> int:
    """The bootstrap's seed from the sensitivity seed: never 0, which SALib (``if seed:``) would
    take as no seed at all and resample from numpy's global generator, differently on every run."""
    return int(np.random.SeedSequence(seed).generate_state(1)[0]) or 1


def sweep_sensitivity(sweep, output: str | None = None) -> dict:
    """Sobol' indices of a result column over every axis of ``sweep`` (its ``sensitivity`` settings)."""
    from orbitaldc.sweep.batch import evaluate_batch
    from orbitaldc.sweep.sampling import _from_unit

    settings = sweep.spec.sensitivity
    if settings is None:
        from orbitaldc.sweep.spec import SensitivitySettings

        settings = SensitivitySettings()
    column = output or settings.output

    def evaluate(u: np.ndarray) -> np.ndarray:
        columns = {a.path: _from_unit(a, sweep.integer[a.path], u[:, j]) for j, a in enumerate(sweep.axes)}
        out = evaluate_batch(sweep, columns)
        if column not in out:
            raise ScenarioError("sensitivity.output", f"no result column {column!r} (see `orbitaldc query STORE "
                                "\"DESCRIBE results\"` for the columns)")
        values = out[column]
        if values.dtype == object:
            raise ScenarioError("sensitivity.output", f"{column} is not a number")
        return values

    seed = sweep.spec.seed if settings.seed is None else settings.seed
    result = sobol_indices(evaluate, [a.column for a in sweep.axes], n=settings.n, max_n=settings.max_n,
                           ci_width=settings.ci_width, seed=seed)
    result["seed"] = seed
    kinds = {a.column: a.kind for a in sweep.axes}
    for row in result["indices"]:
        row["kind"] = kinds[row["input"]]
    result["output"] = column
    return result
