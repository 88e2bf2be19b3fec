"""Sweep files: a base scenario and axes over its fields, validated against the scenario schema
before anything runs.

A sweep file (YAML, read like a scenario with ``orbitaldc.yaml_safe``)::

    name: altitude-launch
    base: ../scenarios/tpu-cluster-81.yaml      # or ``scenario:`` with the scenario inline
    method: lhs                                 # grid | random | lhs | sobol
    samples: 2000                               # not for grid
    axes:
      - path: constellation.orbit.altitude_km   # any scenario field, by dotted path
        kind: design                            # design (the engineer's choice) | assumption (exogenous)
        values: [500, 550, 650, 800]            # discrete choices ...
      - path: launch.usd_per_kg
        kind: assumption
        range: [20, 2000]                       # ... or a continuous range (``scale: log`` for decades)

Every path must name a field of the scenario schema (``economics.inputs.<name>`` names a dict entry),
and the base scenario with each axis at each end of its range (and at each of its values) must
validate: a bad path or value is a ``ScenarioError`` naming the axis, before any scenario runs.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import typing
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from orbitaldc import yaml_safe
from orbitaldc.errors import ScenarioError, field_parts, merged_union_message
from orbitaldc.scenario import Scenario, parse_scenario

Method = Literal["grid", "random", "lhs", "sobol"]
MAX_SCENARIOS = 100_000_000
Seed = Annotated[int, Field(ge=0)]  # numpy's generators take non-negative seeds only


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Axis(_Strict):
    path: str = Field(description="dotted path of a scenario field, e.g. constellation.orbit.altitude_km")
    kind: Literal["design", "assumption"]
    values: list[float | int | str | bool] | None = Field(None, min_length=1, description="discrete choices")
    range: tuple[float, float] | None = Field(None, description="continuous [low, high]")
    scale: Literal["linear", "log"] = "linear"
    steps: Annotated[int, Field(ge=2, le=100_000)] | None = Field(None, description="grid points over the range")
    name: str | None = Field(None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", description="column name (default: path)")

    @field_validator("range")
    @classmethod
    def _ordered(cls, value):
        if value is not None and not value[0] < value[1]:
            raise ValueError(f"range needs low < high (got {value[0]:g}, {value[1]:g})")
        return value

    @property
    def column(self) -> str:
        return "axis_" + (self.name or self.path.replace(".", "_"))


class Objective(_Strict):
    column: str = Field(description="a result column, e.g. economics_orbital_usd_per_gpu_hour")
    sense: Literal["min", "max"] = "min"


class OptimizeSettings(_Strict):
    objectives: list[Objective] = Field(min_length=1)
    population: Annotated[int, Field(ge=4, le=10_000)] = 40
    generations: Annotated[int, Field(ge=1, le=10_000)] = 30
    robust: Literal["none", "mean", "p90"] = Field(
        "none", description="judge each design over samples of the assumption axes by their mean or 90th percentile")
    robust_samples: Annotated[int, Field(ge=2, le=100_000)] = 32
    seed: Seed = 0


class SensitivitySettings(_Strict):
    output: str = Field("economics_orbital_usd_per_gpu_hour", description="the result column explained")
    n: Annotated[int, Field(ge=16, le=1 << 20)] = Field(256, description="first base sample count (power of 2)")
    max_n: Annotated[int, Field(ge=16, le=1 << 22)] = 8192
    ci_width: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        0.05, description="converged when every index's 95 % interval is narrower than this")
    seed: Seed | None = Field(None, description="seeds the Sobol' sample and the bootstrap (default: the sweep's seed)")


class SweepFile(_Strict):
    name: str = "sweep"
    base: str | None = None
    scenario: dict | None = None
    method: Method = "grid"
    samples: Annotated[int, Field(ge=1, le=MAX_SCENARIOS)] | None = None
    seed: Seed = 0
    timeline: bool = Field(False, description="run the numerical timeline per scenario (slow; default analytic)")
    operations: bool = Field(False, description="run the Operations stage per scenario (its workload)")
    axes: list[Axis] = Field(min_length=1)
    optimize: OptimizeSettings | None = None
    sensitivity: SensitivitySettings | None = None


def _check_consistent(spec: SweepFile) -> None:
    """The rules between fields, each a ``ScenarioError`` naming the field to change."""
    if (spec.base is None) == (spec.scenario is None):
        raise ScenarioError("base", "give exactly one of base (a scenario file) or scenario (inline)")
    for i, axis in enumerate(spec.axes):
        if (axis.values is None) == (axis.range is None):
            raise ScenarioError(f"axes[{i}]", "give exactly one of values or range")
        if axis.values is not None and axis.steps is not None:
            raise ScenarioError(f"axes[{i}].steps", "steps go with range, not values")
        if axis.values is not None and axis.scale != "linear":
            raise ScenarioError(f"axes[{i}].scale", "a scale goes with range, not values")
        if axis.range is not None and axis.scale == "log" and not axis.range[0] > 0:
            raise ScenarioError(f"axes[{i}].range", f"a log scale needs a positive range (got low {axis.range[0]:g})")
        if spec.method == "grid" and axis.range is not None and axis.steps is None:
            raise ScenarioError(f"axes[{i}].steps", f"{axis.path}: a grid over a range needs steps")
    if spec.method == "grid" and spec.samples is not None:
        raise ScenarioError("samples", "a grid takes no samples: its size is the product of the axes' points")
    if spec.method != "grid" and spec.samples is None:
        raise ScenarioError("samples", f"method {spec.method} needs samples")
    n = spec.samples
    if spec.method == "sobol" and n & (n - 1):  # docs/sweeps.md: Sobol' balance needs a power of 2
        low = 1 << (n.bit_length() - 1)
        raise ScenarioError("samples", f"method sobol needs a power of 2 (its balance properties, "
                            f"scipy.stats.qmc.Sobol; got {n:,}): give {low:,} or {2 * low:,}")
    first: dict[str, int] = {}
    for i, axis in enumerate(spec.axes):
        if axis.column in first:
            raise ScenarioError(f"axes[{i}].name", f"the column {axis.column} is also axes[{first[axis.column]}]'s: "
                                "name them apart")
        first[axis.column] = i


class Sweep:
    """A validated sweep: the base scenario document and the axes, ready to sample."""

    def __init__(self, spec: SweepFile, base: dict, source: str):
        self.spec = spec
        self.base = base
        self.source = source
        self.axes = spec.axes
        self.integer = {a.path: _is_integer_field(a.path) for a in spec.axes if _known(a.path)}
        self.base_hash = hashlib.sha256(json.dumps(base, sort_keys=True, default=str).encode()).hexdigest()

    def scenario_dict(self, values: dict) -> dict:
        """The base scenario document with ``values`` ({path: value}) set."""
        data = copy.deepcopy(self.base)
        for path, value in values.items():
            set_path(data, path, value)
        return data

    def scenario(self, values: dict) -> Scenario:
        return parse_scenario(self.scenario_dict(values), source=self.source)

    def axis_values_at(self, axis: Axis, value):
        """A sampled value as the scenario field takes it (whole numbers for counts)."""
        if self.integer[axis.path] and not isinstance(value, str):
            return int(round(float(value)))
        return value.item() if hasattr(value, "item") else value


def set_path(data: dict, path: str, value) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def _models_in(annotation) -> list[type[BaseModel]]:
    """Pydantic models inside a field annotation (Optional, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out = []
    for arg in typing.get_args(annotation):
        out += _models_in(arg)
    return out


def _is_dict(annotation) -> bool:
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_dict(a) for a in typing.get_args(annotation) if a is not type(None))


def _leaf_annotation(path: str):
    """The annotation of the field at ``path`` (None for a dict entry); raises ValueError naming the
    first unknown part."""
    models: list[type[BaseModel]] = [Scenario]
    parts = path.split(".")
    annotation = None
    for i, part in enumerate(parts):
        if annotation is not None and _is_dict(annotation) and not models:
            if i != len(parts) - 1:
                raise ValueError(f"{'.'.join(parts[:i + 1])}: a dict entry has no fields below it")
            return None
        known = sorted({f for m in models for f in m.model_fields})
        owner = next((m for m in models if part in m.model_fields), None)
        if owner is None:
            close = difflib.get_close_matches(part, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            where = ".".join(parts[:i]) or "scenario"
            raise ValueError(f"{where} has no field {part!r}{hint} (fields: {', '.join(known) or 'none'})")
        annotation = owner.model_fields[part].annotation
        models = _models_in(annotation)
    if models:
        raise ValueError(f"{path} is a section, not a field: sweep one of its fields "
                         f"({', '.join(sorted({f for m in models for f in m.model_fields}))})")
    return annotation


def _known(path: str) -> bool:
    try:
        _leaf_annotation(path)
    except ValueError:
        return False
    return True


def _leaf_types(annotation) -> set:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is Literal:
        return {type(a) for a in args}
    if not args:
        return {annotation} if isinstance(annotation, type) else set()
    return set().union(*(_leaf_types(a) for a in args))


def _is_integer_field(path: str) -> bool:
    """A count (int, not float): sampled values are rounded to whole numbers."""
    kinds = _leaf_types(_leaf_annotation(path)) - {type(None)}
    return int in kinds and float not in kinds


def _base_document(spec: SweepFile, sweep_path: Path) -> tuple[dict, str]:
    if spec.scenario is not None:
        return copy.deepcopy(spec.scenario), f"{sweep_path}: scenario"
    base_path = Path(spec.base)
    if not base_path.is_absolute():
        base_path = sweep_path.parent / base_path
    if base_path.is_dir():
        raise ScenarioError("base", f"{spec.base}: is a directory, not a scenario file")
    if not base_path.is_file():
        raise ScenarioError("base", f"{spec.base}: no such scenario file (relative to the sweep file)")
    try:
        data = yaml_safe.load(base_path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ScenarioError("base", f"{spec.base}: not a readable YAML scenario ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ScenarioError("base", f"{spec.base}: a scenario file is a mapping")
    # Element and trace files are found next to the scenario, as load_scenario does.
    orbit = (data.get("constellation") or {}).get("orbit") or {}
    for key in ("tle", "omm"):
        if isinstance(orbit.get(key), str) and not Path(orbit[key]).is_absolute():
            orbit[key] = str(base_path.parent / orbit[key])
    inference = ((data.get("workload") or {}).get("inference") or {})
    if isinstance(inference.get("trace"), str) and not Path(inference["trace"]).is_absolute():
        inference["trace"] = str(base_path.parent / inference["trace"])
    return data, str(base_path)


def _pydantic_error(exc: ValidationError) -> ScenarioError:
    errors = exc.errors()
    err = errors[0]
    loc = []
    for part in field_parts(err["loc"]):  # pydantic's union-member tags dropped
        if isinstance(part, int) and loc:
            loc[-1] = f"{loc[-1]}[{part}]"
        else:
            loc.append(str(part))
    field = ".".join(loc) or "sweep"
    message = merged_union_message(errors, err)
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    elif err["type"] == "missing":
        message = "required field is missing"
    return ScenarioError(field, message)


def parse_sweep(data, sweep_path: str | Path = "sweep.yaml") -> Sweep:
    """Validate a sweep document; raises ``ScenarioError`` before any scenario is run."""
    sweep_path = Path(sweep_path)
    if not isinstance(data, dict):
        raise ScenarioError(str(sweep_path), "a sweep file is a mapping")
    try:
        spec = SweepFile.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(exc) from None
    _check_consistent(spec)
    base, source = _base_document(spec, sweep_path)
    where = "base" if spec.base is not None else "scenario"
    try:
        parse_scenario(base, source=source)
    except ScenarioError as exc:
        raise ScenarioError(f"{where}: {exc.field}", exc.why) from None
    sweep = Sweep(spec, base, source)
    for i, axis in enumerate(spec.axes):
        _check_axis(sweep, i, axis)
    return sweep


def _check_axis(sweep: Sweep, i: int, axis: Axis) -> None:
    field = f"axes[{i}].path"
    try:
        annotation = _leaf_annotation(axis.path)
    except ValueError as exc:
        raise ScenarioError(field, f"{axis.path}: {exc}") from None
    integer = sweep.integer.get(axis.path, False)
    if axis.range is not None:
        if annotation is not None and not _numeric(annotation):
            raise ScenarioError(f"axes[{i}].range", f"{axis.path} is not a number: give values")
        probes = list(axis.range)
        if integer:
            probes = [int(round(p)) for p in probes]
    else:
        probes = list(axis.values)
    for value in probes:
        try:
            sweep.scenario({axis.path: value})
        except ScenarioError as exc:
            where = "range" if axis.range is not None else "values"
            raise ScenarioError(f"axes[{i}].{where}", f"{axis.path} = {value!r}: {exc.field}: {exc.why}") from None


def _numeric(annotation) -> bool:
    kinds = _leaf_types(annotation)
    return bool(kinds & {int, float})


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file; raises ``ScenarioError`` (one line: field and why)."""
    from orbitaldc.scenario import read_yaml_file

    return parse_sweep(read_yaml_file(path, "sweep"), Path(path))
