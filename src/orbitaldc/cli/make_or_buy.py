"""``orbitaldc make-or-buy SCENARIO.yaml [--json]``: the fleet on bought launches and on an owned vehicle."""

from __future__ import annotations

from rich.table import Table

from orbitaldc.cli.common import JsonOpt, ScenarioArg, app, console, fmt, print_json
from orbitaldc.errors import ScenarioError
from orbitaldc.report.numbers import usd


def make_or_buy_document(path) -> dict:
    """The ``launch.make_or_buy`` document of a scenario; without the section, its defaults (provider
    stoke-space and catalog/providers.yaml)."""
    from orbitaldc.run import run
    from orbitaldc.scenario import load_scenario
    from orbitaldc.scenario.costs import MakeOrBuy

    scenario = load_scenario(path)
    if scenario.launch.vehicle is None:
        raise ScenarioError("launch.vehicle", "make-or-buy compares owning with buying: name the bought vehicle")
    if scenario.launch.make_or_buy is None:
        if scenario.launch.own_rocket is not None:
            raise ScenarioError("launch.own_rocket", "make-or-buy prices the bought launches as a purchase: drop "
                                "own_rocket (the owned side is launch.make_or_buy)")
        launch = scenario.launch.model_copy(update={"make_or_buy": MakeOrBuy()})
        scenario = scenario.model_copy(update={"launch": launch})
    result = run(scenario, timeline=False, economics=False, operations=False)
    if result.launch is None:
        return {"feasible": False, "problems": ["the design is infeasible: " + "; ".join(result.design.problems)]}
    return result.launch.make_or_buy


@app.command("make-or-buy")
def make_or_buy(scenario: ScenarioArg, json_out: JsonOpt = False):
    """The Stoke question: the same fleet on bought launches and on an owned vehicle, side by side."""
    doc = make_or_buy_document(scenario)
    if json_out:
        print_json(doc)
        return
    if not doc["feasible"]:
        console.print("[bold red]not compared[/]: " + "; ".join(doc["problems"]))
        return
    buy, own = doc["buy"], doc["own"]
    console.print(f"[bold]{doc['verdict'].upper()}[/]: {doc['why']}")
    table = Table(title=f"make or buy over {doc['years']} years at {doc['discount_rate']:.1%}/yr")
    for column in ("", f"buy {buy['vehicle']}", f"own {doc['vehicle']} ({doc['provider']})"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [("satellites x accelerators", f"{buy['satellites']:,} x {buy['accelerators_per_satellite']}",
             f"{own['satellites']:,} x {own['accelerators_per_satellite']}" if own["feasible"] else "—"),
            ("satellite mass", fmt(buy["satellite_mass_kg"], "kg"), fmt(own.get("satellite_mass_kg"), "kg")),
            ("deployment", fmt(buy["deployment_years"], "yr"), fmt(own.get("deployment_years"), "yr")),
            ("launch NPV", usd(buy["launch_npv_usd"]), usd(own.get("launch_npv_usd"))),
            ("satellites NPV", usd(buy["satellites_npv_usd"]),
             usd(own.get("satellites_npv_usd"))),
            ("USD per accelerator-hour", fmt(buy["usd_per_gpu_hour"]), fmt(own.get("usd_per_gpu_hour"))),
            ("satellites delivered", fmt(buy["satellites_delivered_in_horizon"]),
             fmt(own.get("satellites_delivered_in_horizon")))]
    for row in rows:
        table.add_row(*row)
    console.print(table)
    if not own["feasible"]:
        return
    fleet = Table(title="IT power in orbit at each year's end")
    for column in ("year", "buy", "own"):
        fleet.add_column(column, justify="right")
    for b, o in zip(buy["fleet"], own["fleet"], strict=True):
        fleet.add_row(f"{b['year']:.1f}", fmt(b["it_power_w"], "MW", 1e6), fmt(o["it_power_w"], "MW", 1e6))
    console.print(fleet)
    console.print(f"break-even acquisition: {usd(doc['breakeven_acquisition_usd'])} "
                  f"({doc['breakeven_acquisition_note']})")
    console.print(f"break-even flights per year: {fmt(doc['breakeven_flights_per_year'])} "
                  f"({doc['breakeven_flights_note']})")
    tornado = Table(title="what decides it: owning's NPV advantage with each input at its low and high")
    for column in ("input", "low", "high", "at low", "at high"):
        tornado.add_column(column, justify="left" if column == "input" else "right")
    for c in doc["tornado"]:
        show = usd if c["unit"].startswith("USD") else (lambda v: f"{v:.2f}") if c["unit"] == "year" else fmt
        tornado.add_row(c["input"], show(c["low"]), show(c["high"]), usd(c["advantage_at_low_usd"]),
                        usd(c["advantage_at_high_usd"]))
    console.print(tornado)
