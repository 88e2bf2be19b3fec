"""A corpus of malformed scenarios derived from the shipped examples, for the bad-input tests.

Every numeric, boolean or string leaf of an example is replaced by values a careless or hostile
user might write (non-finite, negative, zero, tiny, huge, booleans, strings). A scenario is then
either refused with a ``ScenarioError`` or runs to a finite result document: never another
exception, never a numpy RuntimeWarning, never NaN/inf in the document.
"""

from __future__ import annotations

import copy
import json
import math
import warnings
from pathlib import Path

from orbitaldc import ScenarioError, parse_scenario, yaml_safe
from orbitaldc.run import check

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "scenarios").glob("*.yaml")) + sorted(
    (ROOT / "examples" / "studies").glob("*.yaml"))

NUMBER_MUTATIONS = (math.inf, -math.inf, -1.0, 0.0, 1e-12, 1e-9, 0.999, 1.0, 1e12, 1e308, True, "3", 7)
STRING_MUTATIONS = ("", "\x1b[31mred", "x" * 300, 3.0)


def leaves(doc, path=()):
    """(path, value) of every scalar leaf."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from leaves(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from leaves(value, (*path, i))
    else:
        yield path, doc


def with_leaf(doc, path, value):
    out = copy.deepcopy(doc)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def mutations(example: Path):
    """(label, document) pairs: each leaf of the example replaced by each hostile value."""
    doc = yaml_safe.load(example.read_text())
    doc["_dir"] = str(example.parent)
    if "workload" in doc:  # a short trace: the corpus checks input handling, not the simulation's scale
        doc["workload"]["inference"]["synthetic"].update({"requests_per_s": 20, "hours": 0.05})
    for path, value in leaves(doc):
        if path == ("_dir",):
            continue
        if isinstance(value, bool):
            replacements = (1, 0.0, "yes", None)
        elif isinstance(value, int | float):
            replacements = NUMBER_MUTATIONS
        elif isinstance(value, str) and path[-1] in ("name",):
            replacements = STRING_MUTATIONS
        else:
            continue
        for new in replacements:
            if new is value or (type(new) is type(value) and new == value):
                continue
            yield f"{example.stem}:{'.'.join(map(str, path))}={new!r}", with_leaf(doc, path, new)


def outcome(doc) -> str:
    """'refused: <field>' or 'ok'; raises on anything else (a bug)."""
    doc = dict(doc)
    base = Path(doc.pop("_dir"))
    orbit = doc.get("constellation", {}).get("orbit", {})
    for key in ("tle", "omm"):
        if isinstance(orbit, dict) and isinstance(orbit.get(key), str):
            orbit[key] = str(base / orbit[key])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            scenario = parse_scenario(doc)
            result = check(scenario)  # what `orbitaldc validate` runs
        except ScenarioError as exc:
            assert "\n" not in exc.field + exc.why, (exc.field, exc.why)
            return f"refused: {exc.field}"
    json.dumps(result.document(), allow_nan=False)
    return "ok"
