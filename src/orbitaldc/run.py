"""Compose the stages and turn their results into the result document of DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass

from orbitaldc import __version__
from orbitaldc.design import NOT_LAUNCHABLE_AS_SIZED, Design, design
from orbitaldc.design.document import design_document
from orbitaldc.economics import Economics, economics_document
from orbitaldc.economics import evaluate as evaluate_economics
from orbitaldc.economics.delivered import delivered_prices
from orbitaldc.launch.document import launch_document
from orbitaldc.launch.manifest import LaunchPlan, plan_launches
from orbitaldc.limits import MAX_SATELLITES
from orbitaldc.ops.operations import OpsResult, not_simulated, operations_document
from orbitaldc.ops.operations import simulate as simulate_operations
from orbitaldc.orbit import orbit_geometry, orbit_problems
from orbitaldc.orbit.constellation import scenario_stations
from orbitaldc.orbit.document import environment_document
from orbitaldc.orbit.geometry import OrbitGeometry
from orbitaldc.scenario import Scenario
from orbitaldc.timeline import Timeline, build_timeline
from orbitaldc.timeline import environment_document as timeline_environment


@dataclass(frozen=True)
class Result:
    """Everything one scenario run produced, stage by stage."""

    scenario: Scenario
    geometry: OrbitGeometry
    design: Design
    timeline: Timeline | None = None
    launch: LaunchPlan | None = None
    economics: Economics | None = None
    notes: tuple[str, ...] = ()  # what the run left out, and why
    operations: OpsResult | None = None

    @property
    def feasible(self) -> bool:
        return self.design.feasible and (self.launch is None or self.launch.feasible)

    @property
    def problems(self) -> list[str]:
        """The design's, the launch's and the orbit's problems, the run's notes and the pricing's, in that
        order. ``feasible`` stays the design's and the launch's (DESIGN.md); a feasible fleet the economics
        could not price, or priced with a caveat, says so here too."""
        return (list(self.design.problems) + list(self.launch.problems if self.launch else ())
                + list(self.timeline.problems if self.timeline is not None else orbit_problems(self.scenario))
                + list(self.notes) + self.pricing_notes())

    def pricing_notes(self) -> list[str]:
        """Why a feasible fleet is not priced, a study-sized satellite no vehicle carries, and which launch
        price the economics use when it is not the launch section's."""
        if not self.feasible or self.economics is None:
            return []
        if not self.economics.feasible:
            return list(self.economics.problems)
        out = [f"priced as the study sizes it, though {p.removeprefix(NOT_LAUNCHABLE_AS_SIZED)}"
               for p in self.design.study_options if p.startswith(NOT_LAUNCHABLE_AS_SIZED)]
        note = launch_price_note(self.scenario, self.launch)
        return out + ([note] if note else [])

    def stage_documents(self) -> dict:
        """The ``design``, ``environment`` and (with a launch stage) ``launch`` parts of the document."""
        doc = {"design": design_document(self.design),
               "environment": (timeline_environment(self.timeline, self.design) if self.timeline is not None
                               else environment_document(self.geometry))}
        if self.launch is not None:
            doc["launch"] = launch_document(self.launch)
            note = launch_price_note(self.scenario, self.launch)
            if note and self.economics is not None:
                doc["launch"]["economics_price_note"] = note
        return doc

    def document(self) -> dict:
        """The JSON result document (keys of DESIGN.md, numbers in the unit they name)."""
        doc = {"scenario": self.scenario.name, "orbitaldc_version": __version__, "feasible": self.feasible,
               "problems": self.problems, **self.stage_documents()}
        if self.operations is not None:
            doc["operations"] = operations_document(self.operations)
        if self.economics is not None:
            doc["economics"] = economics_document(self.economics)
            if self.operations is not None and self.operations.orbital is not None and self.economics.feasible:
                doc["economics"]["delivered"] = delivered_prices(self.economics, self.operations)
        return doc


def launch_price_note(scenario: Scenario, plan: LaunchPlan | None) -> str | None:
    """The economics price launch at ``economics.inputs.launch_usd_per_kg`` when it is given
    (economics/parameters.py ``base_inputs``), not at the launch section's price: say so."""
    given = scenario.economics.inputs.get("launch_usd_per_kg")
    if given is None or plan is None or not plan.feasible:
        return None
    own = plan.usd_per_kg_launched
    theirs = "no price" if own is None else f"{own:,.0f} USD/kg launched" if own >= 100 else \
        f"{own:.3g} USD/kg launched"
    return (f"the economics price launch at economics.inputs.launch_usd_per_kg = {given:,.6g} USD/kg launched, not "
            f"at the launch section's {plan.vehicle} price ({theirs}), which is reported but not used")


def check(scenario: Scenario) -> Result:
    """Every check that needs no simulation (what ``orbitaldc validate`` runs): the analytic design,
    launch and pricing with its Monte Carlo, and a workload's trace and serving model. Raises
    ``ScenarioError`` for bad input; an infeasible design is a result, not an error."""
    from orbitaldc.ops.operations import prepare

    checked = run(scenario, timeline=False, operations=False)
    if scenario.workload is not None and checked.design.feasible:
        prepare(scenario, checked.design)  # reads the trace and sizes the serving model
    return checked


def run(scenario: Scenario, *, timeline: bool = True, economics: bool = True, progress=None,
        detail: bool = True, operations: bool = True) -> Result:
    """Run every stage built so far on a validated scenario.

    ``timeline=False`` skips the numerical timeline (fleet eclipses, contacts, dose, drag);
    the environment keys then come from the analytic reference orbit alone. The economics use the
    analytic sunlit fraction either way (within 2e-4 of the timeline's, tests/validation), so
    ``orbitaldc cost`` and ``orbitaldc run`` price a scenario alike. ``detail=False`` prices the
    scenario's own site only (no break-even, Monte Carlo or tornado), for callers that need the two
    prices alone, such as the bridge. ``operations=False`` skips the Operations stage of a scenario
    with a ``workload`` (a discrete-event simulation of its trace).
    """
    geometry = orbit_geometry(scenario)
    sized = design(scenario, geometry)
    notes: tuple[str, ...] = ()
    if timeline and sized.satellites > MAX_SATELLITES:
        timeline = False
        notes = (f"the timeline builds at most {MAX_SATELLITES:,} satellites (docs/limits.md): the environment of "
                 f"this {sized.satellites:,}-satellite fleet is its analytic reference orbit's",)
    fleet = build_timeline(scenario, geometry, sized.satellites, progress) if timeline else None
    plan = None
    if scenario.launch.vehicle is not None and sized.feasible:  # an infeasible design is never priced
        plan = plan_launches(scenario, sized, geometry.altitude_km, geometry.inclination_deg)
    priced = None
    if economics and (scenario.launch.vehicle is not None or "launch_usd_per_kg" in scenario.economics.inputs):
        priced = evaluate_economics(scenario, sized, plan, geometry.sunlit_fraction,
                                    len(scenario_stations(scenario)), detail=detail)
    ops = None
    if operations and scenario.workload is not None:  # an infeasible design is never simulated, and says so
        ops = (simulate_operations(scenario, sized, priced.inputs if priced is not None and priced.feasible else None)
               if sized.feasible and (plan is None or plan.feasible) else not_simulated())
    return Result(scenario=scenario, geometry=geometry, design=sized, timeline=fleet, launch=plan, economics=priced,
                  notes=notes, operations=ops)
