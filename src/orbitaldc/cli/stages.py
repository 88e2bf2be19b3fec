"""Commands over the pipeline: run, design, launch, cost, timeline, validate, schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from orbitaldc.cli.common import JsonOpt, ScenarioArg, app, bridge_of, console, fail, fmt, print_json, result_of
from orbitaldc.report.numbers import (
    PLAN_COLUMNS,
    cost_comparison,
    feasibility,
    headline_position,
    plan_rows,
    plan_summary,
    si,
    tornado_rows,
)
from orbitaldc.scenario import json_schema, load_scenario


def _print_design(doc: dict) -> None:
    env, sat, fleet = doc["environment"], doc["design"]["satellite"], doc["design"]["fleet"]
    # Physics only: the cost verdict is printed separately with the economics.
    ok, words = feasibility(doc)
    verdict = f"[green]{words}[/]" if ok else f"[red]{escape(words)}[/]"
    console.print(f"[bold]{doc['scenario']}[/] — design {verdict}")
    for p in doc["problems"]:
        console.print(f"  [red]•[/] {p}")
    orbit = Table(title="Orbit (analytic)", show_header=False)
    for label, value in [
        ("altitude", fmt(env["altitude_km"], "km", digits=4)),
        ("inclination", fmt(env["inclination_deg"], "deg", digits=4)),
        ("period", fmt(env["orbit_period_min"], "min", digits=4)),
        ("beta angle", f"{fmt(env['beta_angle_deg']['min'])} … {fmt(env['beta_angle_deg']['max'], 'deg')}"),
        ("longest eclipse", fmt(env["max_eclipse_min"], "min")),
        ("eclipse days per year", fmt(env["eclipse_days_per_year"], "d")),
        ("sunlit fraction", fmt(env["sunlit_fraction"], digits=4)),
    ]:
        orbit.add_row(label, value)
    console.print(orbit)
    table = Table(title="Satellite", show_header=False)
    for label, value in [
        ("accelerators", f"{sat['accelerators']} × {sat['accelerator']}"),
        ("IT power", fmt(sat["it_power_w"], "kW", 1e3)),
        ("array power BOL (AM0 rating)", fmt(sat["array_power_bol_w"], "kW", 1e3)),
        ("solar array area", fmt(sat["solar_array_area_m2"], "m²")),
        ("radiator area", fmt(sat["radiator_area_m2"], "m²")),
        ("radiator net flux", fmt(sat["radiator_net_w_m2"], "W/m²")),
        ("battery", fmt(sat["battery_energy_wh"], "kWh", 1e3)),
        ("mass", fmt(sat["mass_kg"], "t", 1e3)),
        ("IT power per kg", fmt(sat["it_power_w_per_kg"], "W/kg")),
    ]:
        table.add_row(label, value)
    console.print(table)
    mass = Table(title="Mass breakdown (kg)")
    mass.add_column("part")
    mass.add_column("kg", justify="right")
    for part, kg in sat["mass_breakdown_kg"].items():
        if kg:  # a system-level mass model leaves the bottom-up parts empty
            mass.add_row(part, fmt(kg))
    console.print(mass)
    console.print(
        f"Fleet: {fleet['satellites']} satellites, {si(fleet['it_power_w'], 'W')} IT, "
        f"{fmt(fleet['mass_kg'], 't', 1e3)}"
    )
    for option in doc["design"].get("study_options", []):
        console.print(f"[yellow]study option:[/] {option}")
    if not any("system-level mass" in o for o in doc["design"].get("study_options", [])):
        console.print("[dim]Mass model: bottom-up parts plus bus shares, validated only to ×2 on flown "
                      "non-compute satellites (see design.models in --json).[/]")


@app.command()
def run(
    scenario: ScenarioArg,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(
        "--out", help="write report.html, result.json and scenario.czml here")] = None,
    compare_with: Annotated[Path | None, typer.Option(
        "--compare", help="another scenario: the report draws the bridge from it to this one (bridge.json)")] = None,
):
    """Run the whole pipeline built so far on SCENARIO."""
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
            probe = out / ".write-test"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            fail("--out", f"cannot write to {out}: {exc.strerror or exc}")
    bridged = bridge_of(compare_with, scenario) if compare_with is not None else None
    result = result_of(scenario, quiet=json_out, operations=True)
    doc = result.document()
    paths = None
    if out is not None:
        from orbitaldc.report import write_outputs

        try:
            paths = write_outputs(result, out, doc, bridge=bridged)
        except OSError as exc:
            fail("--out", f"cannot write to {out}: {exc.strerror or exc}")
    if json_out:
        print_json(doc)
    else:
        _print_design(doc)
        if doc.get("launch", {}).get("feasible"):
            plan = doc["launch"]
            console.print(f"Launch: {plan['launches']:,} × {plan['vehicle']}, {fmt(plan['cost_usd'], 'USD')}, "
                          f"deployment {fmt(plan['deployment_years'], 'yr')} at {fmt(plan['launches_per_year'])} "
                          f"launches a year (the world flew {plan['world_orbital_launches_2025']:.0f} in 2025)")
        if "economics" in doc:
            _print_economics(doc)
        if paths is not None:
            console.print(f"wrote {paths['result']} and {paths['czml']}")
            print(f"report: {paths['report']}")


@app.command()
def design(scenario: ScenarioArg, json_out: JsonOpt = False):
    """Size one satellite and the fleet (needs the analytic orbit geometry only)."""
    doc = result_of(scenario, timeline=False).document()
    doc = {k: doc[k] for k in ("scenario", "orbitaldc_version", "feasible", "problems",
                               "design", "environment")}
    print_json(doc) if json_out else _print_design(doc)


@app.command()
def launch(scenario: ScenarioArg, json_out: JsonOpt = False):
    """Launches, cost and deployment time for the sized fleet (needs launch.vehicle)."""
    result = result_of(scenario, timeline=False)
    if result.scenario.launch.vehicle is None:
        fail("launch.vehicle", "the scenario names no launch vehicle")
    full = result.document()
    doc = {k: full[k] for k in ("scenario", "orbitaldc_version", "feasible", "problems")}
    doc["launch"] = full.get("launch")
    if json_out:
        print_json(doc)
        return
    plan = doc["launch"]
    if plan is None:
        console.print("[red]design infeasible: not launched[/]")
        return
    table = Table(title=f"{doc['scenario']}: launch on {plan['vehicle']}", show_header=False)
    for label, key, unit in [("payload to the orbit", "payload_to_orbit_kg", "kg"),
                             ("satellites per launch", "satellites_per_launch", ""), ("launches", "launches", ""),
                             ("cost", "cost_usd", "USD"), ("per kg delivered", "usd_per_kg", "USD/kg"),
                             ("campaign success rate", "success_rate", ""),
                             ("deployment", "deployment_years", "yr"), ("launches per year", "launches_per_year", ""),
                             ("world orbital launches, 2025", "world_orbital_launches_2025", "")]:
        value = plan.get(key)
        table.add_row(label, "—" if value is None else fmt(value, unit))
    console.print(table)
    if plan.get("success_rate_model"):
        console.print(f"[dim]success rate: {plan['success_rate_model']}[/]")
    for p in doc["problems"]:
        console.print(f"[red]•[/] {p}")


@app.command()
def cost(scenario: ScenarioArg, json_out: JsonOpt = False):
    """Orbital versus terrestrial TCO, $/GPU-hour, break-even launch price and its uncertainty."""
    result = result_of(scenario, timeline=False)
    if result.economics is None:
        fail("launch.vehicle", "the economics need a launch price: name launch.vehicle or give "
              "economics.inputs.launch_usd_per_kg")
    full = result.document()
    doc = {k: full[k] for k in ("scenario", "orbitaldc_version", "feasible", "problems")}
    doc["launch"] = full.get("launch")
    doc["economics"] = full["economics"]
    if json_out:
        print_json(doc)
        return
    _print_economics(doc)


def _print_economics(doc: dict) -> None:
    econ = doc["economics"]
    if not econ["feasible"]:
        console.print(f"[bold]{doc['scenario']}[/] — [red]not priced[/]")
        for p in dict.fromkeys(econ["problems"] + doc["problems"]):  # once each: run() repeats the economics'
            console.print(f"  [red]•[/] {escape(p)}")
        return
    table = Table(title=f"{doc['scenario']}: orbit vs ground ({econ['site']})")
    for column in ("", "orbital", "terrestrial"):
        table.add_column(column, justify="right" if column else "left")
    for label, key, unit, scale in [("capex", "capex_usd", "M USD", 1e6), ("opex per year", "opex_usd_per_year",
                                     "M USD", 1e6), ("TCO (present value)", "tco_usd", "M USD", 1e6),
                                    ("per GPU-hour", "usd_per_gpu_hour", "USD", 1.0),
                                    ("per kWh of IT energy", "usd_per_kwh_it", "USD", 1.0),
                                    ("per million tokens", "usd_per_million_tokens", "USD", 1.0)]:
        table.add_row(label, fmt(econ["orbital"][key], unit, scale), fmt(econ["terrestrial"][key], unit, scale))
    console.print(table)
    be = econ["breakeven_launch_usd_per_kg"]
    free = fmt(econ["orbital_usd_per_gpu_hour_with_free_launch"], "USD")
    console.print("break-even launch price: " + (f"none (orbit costs {free} per GPU-hour even with free launch)"
                                                 if be is None else fmt(be, "USD/kg")))
    console.print("orbital per GPU-hour without the program's one-off costs (NRE, ground, spectrum): "
                  + fmt(econ["orbital"]["usd_per_gpu_hour_excluding_program"], "USD"))
    capex = econ["orbital"]["capex_breakdown_usd"]
    total = sum(capex.values()) or 1.0
    top = sorted(capex.items(), key=lambda kv: -kv[1])[:4]
    console.print("largest orbital capex: " + ", ".join(f"{k.replace('_', ' ')} {v / total:.0%}" for k, v in top))
    swing = tornado_rows(econ)[:3]
    if swing:
        console.print("most sensitive inputs (orbital USD/GPU-h at the input's low – high): " + ", ".join(
            f"{r['label']} {fmt(r['usd_per_gpu_hour_low'])}–{fmt(r['usd_per_gpu_hour_high'])}" for r in swing))
    u = econ["uncertainty"]
    console.print(f"uncertainty ({u['samples']:,} samples): orbital {fmt(u['p10'])} / {fmt(u['p50'])} / "
                  f"{fmt(u['p90'])} USD per GPU-hour (p10/p50/p90); P(orbit cheaper) = "
                  f"{fmt(u['probability_orbit_wins'])}")
    where = headline_position(econ)
    if where is not None:
        console.print(escape(where["text"]) + (f"; why: {escape(where['reason'])}" if where["reason"] else ""))
    cost = cost_comparison(doc)
    if cost is not None:
        console.print(f"[bold]cost verdict:[/] {escape(cost)}")
    for p in doc["problems"]:  # priced, but stated: a long deployment, a study-sized satellite, a launch price note
        console.print(f"[yellow]note:[/] {escape(p)}")
    if econ.get("plan"):
        _print_plan(econ["plan"])


def _print_plan(plan: dict) -> None:
    """economics.plan as a compact table: one row per launch price, totals at the plan's last year."""
    table = Table(title="Build-out plan (economics.plan)", title_justify="left")
    for column in PLAN_COLUMNS:
        table.add_column(column, justify="right", overflow="fold")
    for row in plan_rows(plan):
        table.add_row(*row)
    console.print(table)
    console.print(f"[dim]{escape(plan_summary(plan))}[/]")


@app.command()
def timeline(scenario: ScenarioArg, json_out: JsonOpt = False):
    """Eclipses, ground contacts, radiation dose and drag of the scenario's fleet."""
    full = result_of(scenario, quiet=json_out).document()
    doc = {k: full[k] for k in ("scenario", "orbitaldc_version", "problems", "environment")}
    if json_out:
        print_json(doc)
        return
    env = doc["environment"]
    table = Table(title=f"{doc['scenario']}: environment over the horizon", show_header=False)
    for label, key, unit in [("satellites evaluated", "satellites_evaluated", ""),
                             ("sunlit fraction", "sunlit_fraction", ""),
                             ("longest eclipse", "max_eclipse_min", "min"),
                             ("eclipse days per year", "eclipse_days_per_year", "d"),
                             ("contact per day (any station)", "contact_min_per_day", "min"),
                             ("longest gap without contact", "longest_contact_gap_h", "h"),
                             ("dose behind shielding", "dose_rad_si_per_year", "rad(Si)/yr"),
                             ("orbital lifetime (no propulsion)", "orbital_lifetime_years", "yr"),
                             ("station-keeping delta-v", "station_keeping_dv_m_s_per_year", "m/s/yr")]:
        value = env.get(key)
        table.add_row(label, "—" if value is None else fmt(value, unit))
    console.print(table)
    for key in ("radiation_note", "drag_note"):
        if key in env:
            console.print(f"[dim]{env[key]}[/]")


@app.command()
def validate(scenario: ScenarioArg):
    """Check a scenario file and say what is wrong, if anything.

    Runs every check that needs no simulation: the schema, the work limits (the Operations stage's
    fleet size too), the element sets the scenario names, and the analytic design, launch and pricing
    with its Monte Carlo (no timeline), so a file it accepts does not fail with bad input later in
    ``run``."""
    from orbitaldc.limits import check_operations_fleet, check_timeline_work
    from orbitaldc.run import check

    s = load_scenario(scenario)
    checked = check(s)
    check_timeline_work(s)
    check_operations_fleet(checked)
    print(f"ok: {scenario} ({s.name})")
    if not checked.feasible:
        for problem in checked.document()["problems"]:
            print(f"note: infeasible: {problem}")


@app.command()
def schema():
    """Print the JSON Schema of the scenario format."""
    print_json(json_schema())
