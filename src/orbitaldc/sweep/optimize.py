"""Pareto fronts over a sweep's design axes: NSGA-II (pymoo) on chosen result columns.

Method: NSGA-II (Deb, Pratap, Agarwal & Meyarivan, IEEE Trans. Evol. Comput. 6(2), 2002) as
implemented by pymoo (Blank & Deb, IEEE Access 8, 2020), with its default simulated binary crossover
and polynomial mutation. The decision variables are the sweep's ``design`` axes on the unit interval,
mapped to values exactly as the sweep samples them (log scale, whole numbers, discrete choices);
``assumption`` axes are not decisions: they stay at the base scenario's values, or with ``robust``
each design is judged over ``robust_samples`` Latin-hypercube samples of the assumption axes (the
same samples for every design) by their mean or 90th percentile. A design that is infeasible or
fails is a violated constraint, never a point of the front; the answer counts such evaluations and
names their most common reason, which is the whole answer when no design is feasible.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter

import numpy as np

from orbitaldc.errors import ScenarioError
from orbitaldc.sweep.row import PROBLEM_SEPARATOR

PENALTY = 1e30  # objective value given to an infeasible design (pymoo needs finite numbers)


def pareto_front(evaluate, n_var: int, n_obj: int, *, population: int = 40, generations: int = 30,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray, int]:
    """Non-dominated set of ``evaluate`` (unit-cube points (m, n_var) -> (objectives (m, n_obj) to
    minimise, feasible (m,))) by NSGA-II: (X, F, evaluations)."""
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.core.problem import Problem
    from pymoo.optimize import minimize

    count = [0]

    class Sweep(Problem):
        def __init__(self):
            super().__init__(n_var=n_var, n_obj=n_obj, n_ieq_constr=1, xl=0.0, xu=1.0)

        def _evaluate(self, x, out, *args, **kwargs):
            f, ok = evaluate(np.clip(x, 0.0, 1.0 - 1e-12))
            count[0] += len(x)
            f = np.where(np.isfinite(f) & ok[:, None], f, PENALTY)
            out["F"] = f
            out["G"] = np.where(ok, -1.0, 1.0)[:, None]

    result = minimize(Sweep(), NSGA2(pop_size=population), ("n_gen", generations), seed=seed, verbose=False)
    if result.X is None:
        return np.zeros((0, n_var)), np.zeros((0, n_obj)), count[0]
    x, f = np.atleast_2d(result.X), np.atleast_2d(result.F)
    return x, f, count[0]


def sweep_optimize(sweep) -> dict:
    """The Pareto front of the sweep's ``optimize`` objectives over its design axes."""
    from orbitaldc.sweep.batch import evaluate_batch
    from orbitaldc.sweep.sampling import _from_unit, unit_samples

    settings = sweep.spec.optimize
    if settings is None:
        raise ScenarioError("optimize", "the sweep file has no optimize section (objectives: [{column, sense}])")
    design = [a for a in sweep.axes if a.kind == "design"]
    assumptions = [a for a in sweep.axes if a.kind == "assumption"]
    if not design:
        raise ScenarioError("axes", "no axis is marked kind: design, so there is nothing to choose")
    robust = settings.robust != "none" and assumptions
    k = settings.robust_samples if robust else 1
    fixed_u = unit_samples("lhs", k, len(assumptions), settings.seed) if robust else None
    signs = np.array([1.0 if o.sense == "min" else -1.0 for o in settings.objectives])
    rejected = _Reasons()

    def columns_of(u: np.ndarray) -> dict:
        m = len(u)
        columns = {a.path: np.repeat(_from_unit(a, sweep.integer[a.path], u[:, j]), k) for j, a in enumerate(design)}
        for j, a in enumerate(assumptions if robust else ()):
            columns[a.path] = np.tile(_from_unit(a, sweep.integer[a.path], fixed_u[:, j]), m)
        return columns

    def evaluate(u: np.ndarray):
        out = evaluate_batch(sweep, columns_of(u))
        values = []
        for objective in settings.objectives:
            if objective.column not in out or out[objective.column].dtype == object:
                raise ScenarioError("optimize.objectives", f"{objective.column!r} is not a numeric result column")
            values.append(out[objective.column].reshape(len(u), k))
        v = np.stack(values, axis=-1) * signs  # (designs, samples, objectives), all to minimise
        ok = np.all(np.isfinite(v), axis=(1, 2))
        rejected.add(out, ~np.all(np.isfinite(v), axis=2).reshape(-1), [o.column for o in settings.objectives])
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: infeasible, flagged by ok
            # p90 of the quantity minimised: the pessimistic side whether the objective is a cost or a gain
            agg = np.nanpercentile(v, 90, axis=1) if settings.robust == "p90" else np.nanmean(v, axis=1)
        return agg, ok

    x, f, evaluations = pareto_front(evaluate, len(design), len(settings.objectives), population=settings.population,
                                     generations=settings.generations, seed=settings.seed)
    front = []
    for row_u, row_f in sorted(zip(x, f, strict=True), key=lambda r: tuple(r[1])):
        point = {a.column: _plain(_from_unit(a, sweep.integer[a.path], np.array([u]))[0])
                 for a, u in zip(design, row_u, strict=True)}
        point.update({o.column: float(v * s) for o, v, s in zip(settings.objectives, row_f, signs, strict=True)})
        front.append(point)
    statistic = {"none": "base scenario's assumptions", "mean": f"mean over {k} assumption samples",
                 "p90": f"90th percentile over {k} assumption samples"}[settings.robust if robust else "none"]
    return {"objectives": [o.model_dump() for o in settings.objectives], "design_axes": [a.column for a in design],
            "assumption_axes": [a.column for a in assumptions], "judged_by": statistic, "front": front,
            "evaluations": evaluations * k, "population": settings.population, "generations": settings.generations,
            **rejected.summary(evaluations * k, bool(front))}


class _Reasons:
    """Why evaluations were not feasible points: the problems of infeasible rows (one count per row
    and problem; numbers masked, so "radiator at 80 C" and "at 90 C" are one reason), a failed row's
    error, or a feasible row's objective without a value."""

    def __init__(self):
        self.count = Counter()
        self.example: dict[str, str] = {}
        self.rows = 0

    def add(self, out: dict, bad: np.ndarray, objectives: list[str]) -> None:
        problems, errors, feasible = out.get("problems"), out.get("error"), out.get("feasible")
        for i in np.flatnonzero(bad):
            self.rows += 1
            error = str(errors[i]) if errors is not None and errors[i] else ""
            if error:
                reasons = [error]
            elif feasible is not None and not feasible[i]:
                text = str(problems[i]) if problems is not None and problems[i] else ""
                reasons = [r for r in text.split(PROBLEM_SEPARATOR) if r] or ["infeasible (no problem given)"]
            else:
                reasons = [f"no value for {', '.join(objectives)}"]
            for reason in dict.fromkeys(reasons):
                key = re.sub(r"\d[\d,.]*(e[+-]?\d+)?", "#", reason)
                self.count[key] += 1
                self.example.setdefault(key, reason)

    def summary(self, evaluations: int, found: bool) -> dict:
        """{infeasible_evaluations, most_common_reason, most_common_reason_evaluations} and, with no
        feasible design, a ``statement`` saying so."""
        key, times = (self.count.most_common(1)[0] if self.count else (None, 0))
        out = {"infeasible_evaluations": self.rows, "most_common_reason": self.example.get(key),
               "most_common_reason_evaluations": times}
        if not found:
            why = (f"; the most common reason ({times:,} of {self.rows:,}): {self.example[key]}" if key is not None
                   else "")
            out["statement"] = (f"no feasible design: {self.rows:,} of {evaluations:,} evaluated scenarios are "
                                f"infeasible or failed{why}")
        return out


def _plain(value):
    return value.item() if hasattr(value, "item") else value
