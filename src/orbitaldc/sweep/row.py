"""One sweep row per scenario: the result document flattened, evaluated one scenario at a time.

The row is the result document of ``orbitaldc.run(scenario, timeline=False, operations=False,
detail=False)`` (DESIGN.md keys; the timeline and Operations when the sweep asks for them) with its
nested keys joined by ``_`` (``economics.orbital.usd_per_gpu_hour`` ->
``economics_orbital_usd_per_gpu_hour``). Left out: prose that is the same for every scenario of a
model (``model``, ``assumptions``, ``models``, ``payload_method``, ``cost_model``, labels, notes) and
lists (the launch schedule, a mix's legs); of the design's orbit transient only its verdict
(``design_thermal_transient_feasible``); ``problems`` is one text, the problems joined by `` | ``. A
number that is absent or not finite is NaN (NULL in the store). With the Operations stage the row
keeps its waterfall factors (``operations_orbital_waterfall_power`` ... ``_delivered``) and, when the
scenario is priced, the prices per delivered unit (``economics_delivered_orbital_usd_per_delivered_gpu_hour``,
``..._usd_per_million_tokens_delivered``), as ``orbitaldc run`` documents them. This module is the reference the
batch evaluator (``sweep.batch``) is tested against.
"""

from __future__ import annotations

import math

import numpy as np

from orbitaldc import __version__

PROBLEM_SEPARATOR = " | "
PROSE = {"model", "assumptions", "models", "payload_method", "cost_model", "success_rate_model", "co2_note",
         "schedule", "legs", "study_options", "label"}
SECTIONS = {"waterfall"}  # dicts of numbers: a side with none (no inference) adds no column, not a NULL one


def flatten(doc: dict, prefix: str = "") -> dict:
    """Nested keys joined by ``_``; prose and lists dropped; None -> NaN."""
    out = {}
    for key, value in doc.items():
        if key in PROSE:
            continue
        name = f"{prefix}_{key}" if prefix else key
        if isinstance(value, dict):
            out.update(flatten(value, name))
        elif isinstance(value, list | tuple):
            continue
        elif value is None:
            if key not in SECTIONS:
                out[name] = math.nan
        elif isinstance(value, bool | str):
            out[name] = value
        elif isinstance(value, int | float | np.integer | np.floating):
            number = float(value) if not isinstance(value, int | np.integer) else int(value)
            out[name] = number if not isinstance(number, float) or math.isfinite(number) else math.nan
    return out


def economics_summary(e) -> dict:
    """The economics keys a sweep row keeps (``detail=False``: the scenario's own site, no Monte Carlo)."""
    from orbitaldc.economics import side_document

    if e is None:
        return {}
    if not e.feasible:
        return {"feasible": False}
    from orbitaldc.economics import retained_fraction

    # availability as the result document has it: the eclipse cover times the capacity a decaying fleet keeps
    return {"feasible": True, "site": e.site, "orbital": side_document(e.orbital),
            "terrestrial": side_document(e.terrestrial),
            "availability": e.quantities.availability * retained_fraction(e),
            "eclipse_availability": e.quantities.availability, "deployment_years": e.quantities.deployment_years}


def result_row(result) -> dict:
    """The flattened row of one ``orbitaldc.run`` result."""
    from orbitaldc.economics.delivered import delivered_prices
    from orbitaldc.ops.operations import operations_document

    problems = result.problems
    if result.economics is not None and not result.economics.feasible:
        problems += list(result.economics.problems)
    stages = result.stage_documents()
    transient = (stages["design"].get("thermal") or {}).get("transient")
    if transient is not None:  # its orbit-resolved temperatures stay in `orbitaldc design --json`
        stages["design"]["thermal"]["transient"] = {"feasible": transient["feasible"]}
    doc = {"feasible": result.feasible, "problems": PROBLEM_SEPARATOR.join(problems), **stages}
    if result.economics is not None:
        doc["economics"] = economics_summary(result.economics)
    if result.operations is not None:
        doc["operations"] = operations_document(result.operations)
        # as Result.document(): the prices per delivered unit need a priced scenario and a served trace
        if result.economics is not None and result.economics.feasible and result.operations.orbital is not None:
            doc["economics"]["delivered"] = delivered_prices(result.economics, result.operations)
    return flatten(doc)


def evaluate_one(sweep, values: dict) -> dict:
    """The row of one scenario (axis ``values`` by path); an error is recorded, not raised."""
    from orbitaldc.run import run

    try:
        scenario = sweep.scenario(values)
        result = run(scenario, timeline=sweep.spec.timeline, operations=sweep.spec.operations, detail=False)
        row = result_row(result)
        row["error"] = ""
    except Exception as exc:  # a failing scenario is a row with its error; the sweep goes on
        row = {"feasible": False, "error": f"{type(exc).__name__}: {exc}"}
    row["orbitaldc_version"] = __version__
    return row
