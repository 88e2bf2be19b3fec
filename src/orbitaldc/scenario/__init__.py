"""Scenario files: YAML (safe_load only) -> validated pydantic models.

Unknown keys are errors with a "did you mean" hint; every failure becomes a
``ScenarioError`` that names the field path, which the CLI prints on one line.
Optional fields left out take their value from the catalogs (``orbitaldc.catalog``);
a value given here overrides the catalog.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from orbitaldc import yaml_safe
from orbitaldc.errors import ScenarioError, field_parts, merged_union_message
from orbitaldc.fields import DAYS_PER_YEAR, Epoch, Name
from orbitaldc.limits import check_work_limits
from orbitaldc.scenario.base import SUN_SERIES_END, Strict
from orbitaldc.scenario.costs import (  # noqa: F401
    Distribution,
    Economics,
    Launch,
    LaunchShare,
    OwnRocket,
    PlanInputs,
    Reuse,
    Uncertainty,
)
from orbitaldc.scenario.fleet import (  # noqa: F401
    CircularOrbit,
    ClusterOrbit,
    Constellation,
    ElementsOrbit,
    Ground,
    SSOOrbit,
    Station,
    WalkerOrbit,
)
from orbitaldc.scenario.satellite import Battery, Compute, Mass, Power, Satellite, Shielding, Structure, Thermal  # noqa: F401
from orbitaldc.scenario.workload import Inference, SyntheticTrace, Training, Workload  # noqa: F401


class Scenario(Strict):
    name: Name
    epoch: Epoch
    horizon_years: Annotated[float, Field(gt=0.0, le=50.0)]
    satellite: Satellite
    constellation: Constellation
    ground: Ground = Ground()
    launch: Launch = Launch()
    economics: Economics = Economics()
    workload: Workload | None = None

    @field_validator("epoch")
    @classmethod
    def _utc(cls, epoch: dt.datetime):
        if epoch.tzinfo is not None:
            epoch = epoch.astimezone(dt.UTC).replace(tzinfo=None)
        if not 1950 <= epoch.year < 2050:
            raise ValueError("epoch must lie in 1950-2049, where the analytic Sun series is valid")
        return epoch

    @field_validator("horizon_years")
    @classmethod
    def _at_least_a_day(cls, horizon_years: float):
        if horizon_years < 1.0 / DAYS_PER_YEAR:
            raise ValueError(f"a horizon of at least one day ({1.0 / DAYS_PER_YEAR:.5f} years) is required "
                             f"(got {horizon_years:g})")
        return horizon_years

    @model_validator(mode="after")
    def _workload_inside_horizon(self):
        inference = self.workload.inference if self.workload is not None else None
        if inference is not None and inference.at_years is not None and inference.at_years > self.horizon_years:
            raise ValueError(f"workload.inference.at_years {inference.at_years:g} is past the "
                             f"{self.horizon_years:g}-year horizon")
        return self

    @model_validator(mode="after")
    def _inside_model_validity(self):
        end = self.epoch + dt.timedelta(days=self.horizon_years * DAYS_PER_YEAR)
        if end > SUN_SERIES_END:
            raise ValueError(f"epoch + horizon_years ends on {end:%Y-%m-%d}, past {SUN_SERIES_END:%Y-%m-%d} where "
                             "the analytic Sun series (Astronomical Almanac low-precision formulae) is valid")
        return self


def read_yaml_file(path: str | Path, what: str = "scenario"):
    """The YAML document of a file (safe loader, YAML 1.2 numbers); every way a file can fail to be one is a
    ``ScenarioError`` naming the file: missing, not UTF-8, not YAML (line and column), too deep, empty."""
    path = Path(path)
    if path.is_dir():
        raise ScenarioError(str(path), f"is a directory, not a {what} file")
    if not path.is_file():
        raise ScenarioError(str(path), "no such file")
    try:
        data = yaml_safe.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(str(path), "not valid YAML: " + _yaml_reason(exc)) from None
    except UnicodeDecodeError:
        raise ScenarioError(str(path), "not a UTF-8 text file") from None
    except RecursionError:
        raise ScenarioError(str(path), f"nested too deeply to be a {what}") from None
    if data is None:
        raise ScenarioError(str(path), f"empty {what} file")
    return data


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raises ``ScenarioError``."""
    path = Path(path)
    scenario = parse_scenario(read_yaml_file(path), source=str(path))
    orbit = scenario.constellation.orbit
    if orbit.kind == "elements":  # element files are found next to the scenario
        for key in ("tle", "omm"):
            value = getattr(orbit, key)
            if value is not None and not Path(value).is_absolute():
                orbit = orbit.model_copy(update={key: str(path.parent / value)})
        constellation = scenario.constellation.model_copy(update={"orbit": orbit})
        scenario = scenario.model_copy(update={"constellation": constellation})
    inference = scenario.workload.inference if scenario.workload is not None else None
    if inference is not None and inference.trace is not None and not Path(inference.trace).is_absolute():
        inference = inference.model_copy(update={"trace": str(path.parent / inference.trace)})  # next to the file
        workload = scenario.workload.model_copy(update={"inference": inference})
        scenario = scenario.model_copy(update={"workload": workload})
    return scenario


def parse_scenario(data, source: str = "scenario") -> Scenario:
    """Validate an already-parsed mapping; raises ``ScenarioError``."""
    if not isinstance(data, dict):
        raise ScenarioError(source, f"top level must be a mapping, not {type(data).__name__}")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from None
    except RecursionError:
        raise ScenarioError(source, "nested too deeply to be a scenario") from None
    check_work_limits(scenario)
    return scenario


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    return " ".join(str(problem).split()) + where


ORBIT_KINDS = {"sso": SSOOrbit, "circular": CircularOrbit, "walker": WalkerOrbit, "cluster": ClusterOrbit,
               "elements": ElementsOrbit}


def _first_error(exc: ValidationError) -> ScenarioError:
    errors = exc.errors()
    # An unknown key usually explains the "missing" errors beside it (a typo), so it goes first.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    raw = [str(p) for p in field_parts(err["loc"])]  # pydantic's union-member tags dropped
    field = ".".join(p for p in raw if p not in ORBIT_KINDS) or "scenario"
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(raw[:-1])
        close = difflib.get_close_matches(raw[-1], allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return ScenarioError(field, f"unknown key{hint} (allowed: {', '.join(allowed)})")
    message = merged_union_message(errors, err)
    if field in _NAMED_ENTRIES:
        field, message = _name_the_entry(field, message, err.get("input"))
    leading = _LEADING_PATH.match(message) if field == "scenario" else None
    if leading:  # a check across sections names its key first ("workload.inference.at_years 6 is past ...")
        field, message = leading.group(1), leading.group(2)
    if err["type"] == "missing":
        message = "required field is missing"
    elif err["type"] in ("float_type", "int_type") and isinstance(err.get("input"), str):
        message += f" (got the text {err['input'][:40]!r}"
        if yaml_safe.looks_like_float(err["input"]):  # PyYAML reads 1.0e9 as text (YAML 1.1)
            message += "; plain yaml.safe_load reads exponents without a sign as text: load with orbitaldc.yaml_safe"
        message += ")"
    return ScenarioError(field, " ".join(message.split()))


# Sections validated as a whole dict whose messages begin with the entry they are about ("wacc must be
# below 1", "pue.low: pue is at least 1"): the field path names that entry.
_NAMED_ENTRIES = {"economics.inputs": "economics.inputs", "economics.uncertainty": "economics.uncertainty.inputs"}
_LEADING_PATH = re.compile(r"^([a-z_]+(?:\.[a-z_]+)+) (.*)$")
_ENTRY_FIRST = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_]+)?)(:? )(.*)$")


def _name_the_entry(field: str, message: str, given) -> tuple[str, str]:
    """(field, message) with the entry a dict section's message is about added to the field:
    ``economics.inputs: wacc must be below 1`` -> ``economics.inputs.wacc: wacc must be below 1``.
    An unknown entry's name stays in the message (it names no field)."""
    entries = given.get("inputs") if field == "economics.uncertainty" and isinstance(given, dict) else given
    match = _ENTRY_FIRST.match(message)
    if not isinstance(entries, dict) or match is None or match.group(1) not in entries:
        return field, message
    key, bound, colon, rest = match.groups()
    if colon == ": " and not bound:  # "utilization: a lognormal ...": the entry moves into the field
        return f"{_NAMED_ENTRIES[field]}.{key}", rest
    return f"{_NAMED_ENTRIES[field]}.{key}", message  # "pue.low: ..." keeps naming the bound


def _allowed_keys(path: list[str]) -> list[str]:
    """Field names of the model at ``path`` (a pydantic loc, orbit kind tags included)."""
    model: type[BaseModel] = Scenario
    for part in path:
        if part in ORBIT_KINDS:
            model = ORBIT_KINDS[part]
            continue
        if part.isdigit() or part not in model.model_fields:  # a list index or a dict key (economics...inputs.wacc)
            continue
        candidates = _models_in(model.model_fields[part].annotation)
        if not candidates:
            return []
        model = candidates[0]
    return sorted(model.model_fields)


def _models_in(annotation) -> list[type[BaseModel]]:
    """The pydantic models in an annotation, through unions and containers (``Literal[...] | list[Station]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def json_schema() -> dict:
    """JSON Schema of the scenario format."""
    return Scenario.model_json_schema()
