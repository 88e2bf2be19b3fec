"""What the web app's HTTP API does, without the web framework: plain functions from JSON-able
documents to JSON-able documents, so the server, the benchmark and the tests share one path.

``run_document`` is the public path of ``orbitaldc cost``/``run``: ``parse_scenario`` (the same
validation as ``load_scenario``) then ``run`` on the analytic orbit (no numerical timeline), so the
economics, break-even prices and the Monte Carlo band are those ``orbitaldc cost --json`` prints for
the same scenario. Bad input raises ``ScenarioError``; the server turns it into status 400 with one
line ``error: <field>: <why>``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import yaml

from orbitaldc.errors import ScenarioError
from orbitaldc.scenario import Scenario, parse_scenario

MAX_BODY_BYTES = 1_000_000  # a scenario is a few kB; anything larger is refused before parsing


class BodyTooLarge(ScenarioError):
    """A request body over MAX_BODY_BYTES (HTTP 413, not 400)."""


def parse_body(body: bytes, field: str = "scenario") -> object:
    """The JSON of a request body; ScenarioError(field, why) when it is not JSON."""
    if len(body) > MAX_BODY_BYTES:
        raise BodyTooLarge(field, f"request body of {len(body):,} bytes is larger than {MAX_BODY_BYTES:,}")
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ScenarioError(field, "the request body is not UTF-8 text") from None
    except RecursionError:
        raise ScenarioError(field, "nested too deeply to be a scenario") from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(field, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None


def scenario_of(data, source: str = "scenario") -> Scenario:
    """A validated scenario from a scenario document (the mapping a scenario YAML file holds)."""
    return parse_scenario(data, source=source)


def run_document(data, *, operations: bool = False) -> dict:
    """The result document of a scenario document: analytic orbit, whole pipeline otherwise
    (``operations``: also the Operations stage's simulation when the scenario has a workload, which
    takes seconds, not milliseconds)."""
    from orbitaldc.run import run

    scenario = scenario_of(data)
    return run(scenario, timeline=False, operations=operations).document()


def bridge_document(data) -> dict:
    """``{"from": scenario, "to": scenario[, "from_label", "to_label"]}`` -> the bridge of
    ``orbitaldc compare`` (orbitaldc.studies.bridge)."""
    from orbitaldc.studies import bridge

    if not isinstance(data, dict) or not {"from", "to"} <= data.keys():
        raise ScenarioError("bridge", "give {\"from\": scenario, \"to\": scenario}")
    ends = []
    for side in ("from", "to"):
        try:
            ends.append(scenario_of(data[side], source=side))
        except ScenarioError as exc:
            raise ScenarioError(f"{side}: {exc.field}" if exc.field != side else side, exc.why) from None
    labels = [str(data.get(f"{side}_label") or s.name) for side, s in zip(("from", "to"), ends, strict=True)]
    try:
        return bridge(*ends, *labels)
    except ScenarioError as exc:
        raise ScenarioError(getattr(exc, "side", "bridge"), exc.why) from None


def scenario_yaml(data) -> str:
    """The scenario document as YAML that ``orbitaldc run`` accepts unchanged (validated first)."""
    scenario = scenario_of(data)
    header = (f"# Scenario {scenario.name!r} as set in `orbitaldc app`; run it with `orbitaldc run FILE` or "
              "`orbitaldc cost FILE`.\n")
    return header + yaml.safe_dump(data, sort_keys=False, default_flow_style=False, allow_unicode=True)


def to_json(doc) -> bytes:
    """The document as JSON; a non-finite number (none is expected: the documents say null for
    'none') becomes null rather than the invalid JSON token NaN."""
    try:
        return json.dumps(doc, allow_nan=False, separators=(",", ":")).encode()
    except ValueError:
        return json.dumps(finite(doc), allow_nan=False, separators=(",", ":")).encode()


def finite(value):
    """JSON has no NaN or infinity: a non-finite number becomes null (the documents use null for
    'none', e.g. a break-even price that does not exist)."""
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def plain(value):
    """A parsed YAML scenario as JSON-able data: dates as ISO-8601 strings (UTC with a Z)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat() + "Z"
    if isinstance(value, dt.date):
        return value.isoformat() + "T00:00:00Z"
    return value


def scenario_file_document(path: Path) -> dict:
    """A scenario file as a JSON-able scenario document, validated, with the element-set and trace
    files it names made absolute (so the document runs from any directory, as ``load_scenario``
    resolves them next to the file)."""
    from orbitaldc import yaml_safe
    from orbitaldc.scenario import load_scenario

    load_scenario(path)  # every check and error message of the CLI
    data = plain(yaml_safe.load(path.read_text(encoding="utf-8")))
    orbit = data.get("constellation", {}).get("orbit", {})
    for key in ("tle", "omm"):
        if isinstance(orbit.get(key), str) and not Path(orbit[key]).is_absolute():
            orbit[key] = str((path.parent / orbit[key]).resolve())
    inference = (data.get("workload") or {}).get("inference") or {}
    if isinstance(inference.get("trace"), str) and not Path(inference["trace"]).is_absolute():
        inference["trace"] = str((path.parent / inference["trace"]).resolve())
    return data
