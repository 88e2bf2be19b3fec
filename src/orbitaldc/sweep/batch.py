"""Evaluate a batch of sweep scenarios: groups of scenarios through the vectorized stages
(``sweep.group``), everything else one scenario at a time (``sweep.row``), into one column table.

Axes that are not kernel axes (altitude, accelerator, vehicle, site, ...) split the batch into groups
of equal structural values; each group is priced at once. As a guard, the first batched row of every group
(once per group and process) is also evaluated by the per-scenario path, and the group falls back to
it if any column disagrees by more than 1e-9 (relative): a stage changed since the batch was written
makes the sweep slower, not wrong.
"""

from __future__ import annotations

import math

import numpy as np

from orbitaldc import __version__
from orbitaldc.sweep.group import NotBatchable, evaluate_group, is_kernel  # noqa: F401
from orbitaldc.sweep.row import evaluate_one
from orbitaldc.sweep.sampling import value_bits

CHECK_RTOL = 1e-9
_VERIFIED: set = set()  # groups whose guard row agreed, in this process (checked once per process)


class Columns:
    """Column table under construction: pieces of rows, typed when finished (numbers as float64,
    NaN for missing; text and flags as objects, None for missing)."""

    def __init__(self, n: int):
        self.n = n
        self.pieces: dict[str, list] = {}

    def put(self, name: str, index: np.ndarray, values) -> None:
        self.pieces.setdefault(name, []).append((index, values, _kinds(values)))

    def put_rows(self, index: np.ndarray, rows: list[dict]) -> None:
        names = {k for row in rows for k in row}
        for name in names:
            self.put(name, index, [row.get(name) for row in rows])

    def finish(self) -> dict[str, np.ndarray]:
        out = {}
        for name, pieces in self.pieces.items():
            kinds = set().union(*(k for _, _, k in pieces))
            covered = sum(len(index) for index, _, _ in pieces) == self.n
            if kinds <= {"number", "none"}:
                column = np.full(self.n, np.nan)
                for index, values, _ in pieces:
                    column[index] = np.asarray(_numbers(values), dtype=float)
                column[~np.isfinite(column)] = np.nan
            elif kinds == {"bool"} and covered:
                column = np.zeros(self.n, dtype=bool)
                for index, values, _ in pieces:
                    column[index] = values
            else:
                column = np.full(self.n, None, dtype=object)
                for index, values, _ in pieces:
                    if isinstance(values, str | bool):
                        column[index] = values  # a constant: no temporary array
                    else:
                        column[index] = _objects(values, len(index))
            out[name] = column
        return out


def _kinds(values) -> set:
    """What a piece holds: number, bool, text, or "none" only (missing values)."""
    if isinstance(values, np.ndarray) and values.ndim:
        return {"bool"} if values.dtype == bool else {"text"} if values.dtype == object else {"number"}
    items = values if isinstance(values, list) else [values.item() if isinstance(values, np.ndarray) else values]
    kinds = set()
    for v in items:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            kinds.add("none")
            continue
        kinds.add("bool" if isinstance(v, bool | np.bool_) else "number" if isinstance(v, int | float | np.number)
                  else "text")
    return kinds


def _numbers(values):
    if isinstance(values, list):
        return [math.nan if v is None else v for v in values]
    return math.nan if values is None else values


def _objects(values, n: int):
    if isinstance(values, np.ndarray):
        return values.astype(object) if values.ndim else np.full(n, values.item(), dtype=object)
    if isinstance(values, list):
        return np.asarray([None if isinstance(v, float) and math.isnan(v) else v for v in values] + [None],
                          dtype=object)[:-1]
    return np.full(n, values, dtype=object)


def _axis_row(sweep, columns: dict, i: int) -> dict:
    return {a.path: sweep.axis_values_at(a, columns[a.path][i]) for a in sweep.axes if a.path in columns}


def _one_by_one(sweep, columns: dict, index: np.ndarray, table: Columns) -> None:
    rows = [evaluate_one(sweep, _axis_row(sweep, columns, int(i))) for i in index]
    table.put_rows(index, rows)


def _agrees(batch: dict, row: dict) -> bool:
    """Does row 0 of a group's batch columns equal the per-scenario row (every key of either)?"""
    for name in set(batch) | set(row):
        if name in ("error", "orbitaldc_version", "batched"):
            continue
        a, b = batch.get(name), row.get(name)
        a = a[0] if isinstance(a, np.ndarray) and a.ndim else a
        a = a.item() if isinstance(a, np.generic) else a
        if isinstance(a, float | int) and not isinstance(a, bool) or isinstance(b, float | int) and not isinstance(
                b, bool):
            x = math.nan if a is None else float(a)
            y = math.nan if b is None else float(b)
            if math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y):
                if not (math.isnan(x) or math.isinf(x)) == (math.isnan(y) or math.isinf(y)):
                    return False
                continue
            if abs(x - y) > CHECK_RTOL * max(abs(x), abs(y), 1e-300):
                return False
        elif a != b:
            return False
    return True


def evaluate_batch(sweep, columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Result columns of the scenarios in ``columns`` ({axis path: values}), in their order; the
    column ``batched`` says which rows the vectorized path evaluated."""
    n = len(next(iter(columns.values())))
    table = Columns(n)
    axes = [a.path for a in sweep.axes if a.path in columns]  # an axis left out keeps the base's value
    structural = [p for p in axes if not is_kernel(p)]
    kernel = [p for p in axes if is_kernel(p)]
    group_of = np.zeros(n, dtype=np.int64)
    for path in structural:  # exact group numbers: each axis factorized, combined in mixed radix
        distinct, inverse = np.unique(value_bits(columns[path]), return_inverse=True)
        group_of = np.unique(group_of * len(distinct) + inverse.reshape(-1), return_inverse=True)[1].reshape(-1)
    order = np.argsort(group_of, kind="stable")
    bounds = np.flatnonzero(np.diff(group_of[order])) + 1
    for index in np.split(order, bounds):
        fixed = {p: sweep.axis_values_at(_axis(sweep, p), columns[p][index[0]]) for p in structural}
        varying = {p: columns[p][index] for p in kernel}
        try:
            out, slow = evaluate_group(sweep, fixed, varying)
            fast_rows = np.flatnonzero(~slow)
            key = (sweep.base_hash, tuple(sorted((p, str(v)) for p, v in fixed.items())), tuple(kernel))
            if len(fast_rows) and key not in _VERIFIED:  # the guard: the first batched row, both ways
                j = int(fast_rows[0])
                reference = evaluate_one(sweep, _axis_row(sweep, columns, int(index[j])))
                if not _agrees({k: v[j:j + 1] if isinstance(v, np.ndarray) and v.ndim else v
                                for k, v in out.items()}, reference):
                    raise NotBatchable("the batch and the per-scenario path disagree on this group")
                _VERIFIED.add(key)
        except Exception:  # NotBatchable, or the group's scenario fails: each row then says why
            table.put("batched", index, np.zeros(len(index), dtype=bool))
            _one_by_one(sweep, columns, index, table)
            continue
        fast = ~slow
        for name, values in out.items():
            if isinstance(values, np.ndarray) and values.ndim:
                table.put(name, index[fast], values[fast])
            else:
                table.put(name, index[fast], values)
        table.put("error", index[fast], "")
        table.put("batched", index, fast)
        _one_by_one(sweep, columns, index[slow], table)
    result = table.finish()
    result["orbitaldc_version"] = np.full(n, __version__, dtype=object)
    return result


def _axis(sweep, path):
    return next(a for a in sweep.axes if a.path == path)
