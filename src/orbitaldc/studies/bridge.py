"""The bridge between two scenarios: why their orbital $/GPU-hour (and orbit/ground ratio) differ.

Attribution method: a fixed, documented order of changes (a sequential waterfall). Both scenarios
are expanded to every field with its default (``Scenario.model_dump``); the fields that differ are
grouped into changes, and the changes are applied to the first scenario one at a time in the order
of ``ORDER`` below (the orbit, the fleet, the satellite, launch, the site, accounting options, then
each economic input in the order of ``economics.parameters.INPUTS``). After each change the whole
pipeline runs (``run`` on the analytic orbit) and the step's contribution is the change in orbital
$/GPU-hour. The contributions telescope, so they add up to the total difference exactly (the total
is their ``math.fsum``; it equals B - A to rounding). Fields that only make sense together (an orbit
of another kind, the ways of sizing a satellite or pricing a launch) move as one change, and a
change whose intermediate scenario is not valid or not priceable is merged with the next one (the
step says so). A sequential waterfall depends on its order; the order is fixed so that a bridge is
reproducible, and reversing A and B reverses the steps.

``launch.make_or_buy`` is left out of both scenarios before anything is priced: the comparison of
owning a launch provider is reported beside the launch plan and does not change ``run``'s
$/GPU-hour (the bought plan prices the fleet either way, launch/make_or_buy.py), while its checks
(a first flight not before the epoch) would refuse intermediate scenarios whose epoch has moved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from orbitaldc.errors import ScenarioError
from orbitaldc.scenario import Scenario, parse_scenario

# Fields that move together: a change to any of them is one change to all of them.
COUPLED = {
    "constellation.orbit": "orbit",
    "constellation.satellites": "fleet size",
    "constellation.it_power_w": "fleet size",
    "satellite.compute.accelerators": "satellite sizing",
    "satellite.compute.it_power_w": "satellite sizing",
    "satellite.power.array_nameplate_w": "satellite sizing",
    "satellite.power.eclipse_policy": "eclipse policy",
    "satellite.power.sun_fraction": "eclipse policy",
    "satellite.mass": "mass model",
    "launch.vehicle": "launch vehicle",
    "launch.mix": "launch vehicle",
    "launch.usd_per_kg": "launch price",
    "launch.price_usd_per_launch": "launch price",
    "launch.reuse": "launch price",
    "launch.own_rocket": "launch price",
    "economics.inputs.facility_capex_usd_per_w": "facility capex",
    "economics.facility_capex_items_usd_per_w": "facility capex",
}
# Order of the steps, by the first matching prefix; economic inputs follow in INPUTS order.
ORDER = ("epoch", "horizon_years", "constellation", "ground", "satellite.compute", "satellite.power",
         "satellite.battery", "satellite.thermal", "satellite.shielding", "satellite.structure", "satellite.mass",
         "launch", "economics.site", "economics.include_compute", "economics.attrition", "economics.discounting",
         "economics.hours_per_year", "economics.facility_charge", "economics.facility_capex_items_usd_per_w",
         "economics.inputs")
# no effect on the deterministic $/GPU-hour
IGNORED = ("name", "economics.uncertainty", "economics.plan", "launch.make_or_buy")
UNSET = "(default)"


@dataclass(frozen=True)
class Price:
    orbital_usd_per_gpu_hour: float
    terrestrial_usd_per_gpu_hour: float

    @property
    def ratio(self) -> float:
        return self.orbital_usd_per_gpu_hour / self.terrestrial_usd_per_gpu_hour


def price(scenario: Scenario, label: str) -> Price:
    """Deterministic orbital and terrestrial $/GPU-hour of a scenario, or ScenarioError(label, why)."""
    from orbitaldc.run import run

    result = run(scenario, timeline=False, detail=False, operations=False)
    econ = result.economics
    if econ is None:
        raise ScenarioError(label, "not priced: no launch price (name launch.vehicle or give "
                                   "economics.inputs.launch_usd_per_kg)")
    if not econ.feasible:
        raise ScenarioError(label, "; ".join(list(econ.problems) + list(result.design.problems)
                                             + list(result.launch.problems if result.launch else ())))
    return Price(float(econ.orbital["usd_per_gpu_hour"]), float(econ.terrestrial["usd_per_gpu_hour"]))


def flatten(doc: dict, prefix: str = "") -> dict:
    """Leaf paths of a scenario dump; dicts are walked, lists and scalars are leaves."""
    out = {}
    for key, value in doc.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path != "constellation.orbit":  # an orbit changes as a whole
            out.update(flatten(value, path + "."))  # an empty mapping has no leaves
        else:
            out[path] = value
    return out


def _group(path: str) -> str:
    for prefix, name in COUPLED.items():
        if path == prefix or path.startswith(prefix + "."):
            return name
    return path


def _rank(path: str) -> tuple:
    from orbitaldc.economics.parameters import INPUTS

    if path.startswith("economics.inputs."):
        name = path.removeprefix("economics.inputs.")
        return (len(ORDER), list(INPUTS).index(name) if name in INPUTS else len(INPUTS), path)
    for i, prefix in enumerate(ORDER):
        if path == prefix or path.startswith(prefix + "."):
            return (i, 0, path)
    return (len(ORDER) + 1, 0, path)


def changes(a: dict, b: dict) -> list[tuple[str, list[str]]]:
    """The differing leaf paths of two scenario dumps, grouped and ordered: [(label, paths)]."""
    fa, fb = flatten(a), flatten(b)
    paths = [p for p in sorted(set(fa) | set(fb), key=_rank)
             if fa.get(p, UNSET) != fb.get(p, UNSET) and not any(p == i or p.startswith(i + ".") for i in IGNORED)]
    groups: dict[str, list[str]] = {}
    for p in paths:
        groups.setdefault(_group(p), []).append(p)
    return list(groups.items())


def _set(doc: dict, path: str, value) -> None:
    """Set a leaf, or remove it (UNSET) together with the mappings it leaves empty."""
    *parents, leaf = path.split(".")
    chain = [doc]
    for key in parents:
        chain.append(chain[-1].setdefault(key, {}))
    if value is not UNSET:
        chain[-1][leaf] = value
        return
    chain[-1].pop(leaf, None)
    for parent, key in zip(reversed(chain[:-1]), reversed(parents), strict=True):
        if parent[key]:
            break
        del parent[key]


def _show(value) -> str:
    if value is UNSET or value is None:
        return UNSET
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | dict):
        return "[…]" if isinstance(value, list) else "{…}"
    return str(value)


def describe(paths: list[str], fa: dict, fb: dict) -> str:
    return "; ".join(f"{p}: {_show(fa.get(p, UNSET))} → {_show(fb.get(p, UNSET))}" for p in paths)


def _dump(s: Scenario) -> dict:
    return s.model_dump(mode="json", exclude_none=True)


def without_make_or_buy(s: Scenario) -> Scenario:
    """The scenario without ``launch.make_or_buy``, which does not move its $/GPU-hour (module docstring)."""
    if s.launch.make_or_buy is None:
        return s
    return s.model_copy(update={"launch": s.launch.model_copy(update={"make_or_buy": None})})


def bridge(a: Scenario, b: Scenario, label_a: str = "A", label_b: str = "B") -> dict:
    """Waterfall of named changes from scenario ``a`` to ``b`` (module docstring: the method)."""
    a, b = without_make_or_buy(a), without_make_or_buy(b)
    ends = []
    for side, scenario, label in (("from", a, label_a), ("to", b, label_b)):
        try:
            ends.append(price(scenario, label))
        except ScenarioError as exc:
            exc.side = side  # which of the two could not be priced, for the caller's message
            raise
    start, end = ends
    da, db = _dump(a), _dump(b)
    fa, fb = flatten(da), flatten(db)
    doc = _dump(a)
    steps, pending, previous = [], [], start
    groups = changes(da, db)
    for index, (_, paths) in enumerate(groups):
        pending += paths
        for p in paths:
            _set(doc, p, fb.get(p, UNSET))
        last = index == len(groups) - 1
        try:
            now = end if last else price(parse_scenario(doc), "step")
        except ValueError:
            continue  # not valid or not priced on its own: merged with the next change
        steps.append({
            "change": describe(pending, fa, fb), "paths": list(pending), "merged": len(pending) > len(paths),
            "delta_usd_per_gpu_hour": now.orbital_usd_per_gpu_hour - previous.orbital_usd_per_gpu_hour,
            "delta_orbit_ground_ratio": now.ratio - previous.ratio,
            "usd_per_gpu_hour": now.orbital_usd_per_gpu_hour,
            "terrestrial_usd_per_gpu_hour": now.terrestrial_usd_per_gpu_hour,
            "orbit_ground_ratio": now.ratio,
        })
        pending, previous = [], now
    return {
        "from": label_a, "to": label_b,
        "from_usd_per_gpu_hour": start.orbital_usd_per_gpu_hour, "to_usd_per_gpu_hour": end.orbital_usd_per_gpu_hour,
        "from_terrestrial_usd_per_gpu_hour": start.terrestrial_usd_per_gpu_hour,
        "to_terrestrial_usd_per_gpu_hour": end.terrestrial_usd_per_gpu_hour,
        "from_orbit_ground_ratio": start.ratio, "to_orbit_ground_ratio": end.ratio,
        "steps": steps,
        "total_delta_usd_per_gpu_hour": math.fsum(s["delta_usd_per_gpu_hour"] for s in steps),
        "total_delta_orbit_ground_ratio": math.fsum(s["delta_orbit_ground_ratio"] for s in steps),
        "method": "sequential waterfall in a fixed documented order (orbit, fleet, satellite, launch, site, "
                  "accounting options, economic inputs); each step re-runs the pipeline on the analytic orbit; "
                  "steps that are not valid alone are merged with the next; launch.make_or_buy, which does not "
                  "change the $/GPU-hour, is left out of both sides (orbitaldc.studies.bridge)",
    }
