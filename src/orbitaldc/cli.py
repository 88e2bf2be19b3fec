"""Command line: a thin layer over the Python API.

Exit codes: 0 ok, 2 bad input (one line ``error: <field>: <why>`` on stderr), 1 a bug.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from orbitaldc.scenario import ScenarioError, json_schema, load_scenario

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Size orbital AI data centers and compare them with the ground.",
)
console = Console()

ScenarioArg = Annotated[Path, typer.Argument(help="scenario YAML file", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="print the result document as JSON")]


def _fail(field: str, why: str, code: int = 2):
    print(f"error: {field}: {why}", file=sys.stderr)
    raise typer.Exit(code)


def _print_json(doc: dict) -> None:
    sys.stdout.write(json.dumps(doc, indent=2, allow_nan=False) + "\n")


def _fmt(value, unit: str = "", scale: float = 1.0, digits: int = 3) -> str:
    if value is None:
        return "—"
    v = value / scale
    text = f"{v:,.0f}" if abs(v) >= 10 ** digits else f"{v:.{digits}g}"
    return f"{text} {unit}".strip()


def _print_design(doc: dict) -> None:
    env, sat, fleet = doc["environment"], doc["design"]["satellite"], doc["design"]["fleet"]
    verdict = "[green]feasible[/]" if doc["feasible"] else "[red]infeasible[/]"
    console.print(f"[bold]{doc['scenario']}[/] — design {verdict}")
    for p in doc["problems"]:
        console.print(f"  [red]•[/] {p}")
    orbit = Table(title="Orbit (analytic)", show_header=False)
    for label, value in [
        ("altitude", _fmt(env["altitude_km"], "km", digits=4)),
        ("inclination", _fmt(env["inclination_deg"], "deg", digits=4)),
        ("period", _fmt(env["orbit_period_min"], "min", digits=4)),
        ("beta angle", f"{env['beta_angle_deg']['min']:.1f} … {env['beta_angle_deg']['max']:.1f} deg"),
        ("longest eclipse", _fmt(env["max_eclipse_min"], "min")),
        ("eclipse days per year", _fmt(env["eclipse_days_per_year"], "d")),
        ("sunlit fraction", f"{env['sunlit_fraction']:.4f}"),
    ]:
        orbit.add_row(label, value)
    console.print(orbit)
    table = Table(title="Satellite", show_header=False)
    for label, value in [
        ("accelerators", f"{sat['accelerators']} × {sat['accelerator']}"),
        ("IT power", _fmt(sat["it_power_w"], "kW", 1e3)),
        ("array power BOL (AM0 rating)", _fmt(sat["array_power_bol_w"], "kW", 1e3)),
        ("solar array area", _fmt(sat["solar_array_area_m2"], "m²")),
        ("radiator area", _fmt(sat["radiator_area_m2"], "m²")),
        ("radiator net flux", _fmt(sat["radiator_net_w_m2"], "W/m²")),
        ("battery", _fmt(sat["battery_energy_wh"], "kWh", 1e3)),
        ("mass", _fmt(sat["mass_kg"], "t", 1e3)),
        ("IT power per kg", _fmt(sat["it_power_w_per_kg"], "W/kg")),
    ]:
        table.add_row(label, value)
    console.print(table)
    mass = Table(title="Mass breakdown (kg)")
    mass.add_column("part")
    mass.add_column("kg", justify="right")
    for part, kg in sat["mass_breakdown_kg"].items():
        if kg:  # a system-level mass model leaves the bottom-up parts empty
            mass.add_row(part, _fmt(kg))
    console.print(mass)
    console.print(
        f"Fleet: {fleet['satellites']} satellites, {_fmt(fleet['it_power_w'], 'MW', 1e6)} IT, "
        f"{_fmt(fleet['mass_kg'], 't', 1e3)}"
    )
    for option in doc["design"].get("study_options", []):
        console.print(f"[yellow]study option:[/] {option}")
    if not any("system-level mass" in o for o in doc["design"].get("study_options", [])):
        console.print("[dim]Mass model: bottom-up parts plus bus shares, validated only to ×1.7 on flown "
                      "non-compute satellites (see design.models in --json).[/]")


def _result(scenario_path: Path, timeline: bool = True, quiet: bool = False):
    """Load and run; a progress bar on a terminal for the timeline, none under --json."""
    from orbitaldc.run import run

    scenario = load_scenario(scenario_path)
    if not timeline or quiet or not sys.stdout.isatty():
        return run(scenario, timeline=timeline)
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("timeline: eclipses and contacts", total=2)
        return run(scenario, progress=lambda done, total: bar.update(task, completed=done, total=total))


def _load_named(path: Path):
    """A scenario whose errors name the file as well as the field (for commands that read two)."""
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise ScenarioError(exc.field if exc.field == str(path) else f"{path}: {exc.field}", exc.why) from None


def _bridge(a: Path, b: Path) -> dict:
    from orbitaldc.studies import bridge

    first, second = _load_named(a), _load_named(b)
    try:
        return bridge(first, second, first.name, second.name)
    except ScenarioError as exc:  # a side that cannot be priced: name its file
        raise ScenarioError(str(a if getattr(exc, "side", "from") == "from" else b), exc.why) from None


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
            _fail("--out", f"cannot write to {out}: {exc.strerror or exc}")
    bridged = _bridge(compare_with, scenario) if compare_with is not None else None
    result = _result(scenario, quiet=json_out)
    doc = result.document()
    paths = None
    if out is not None:
        from orbitaldc.report import write_outputs

        try:
            paths = write_outputs(result, out, doc, bridge=bridged)
        except OSError as exc:
            _fail("--out", f"cannot write to {out}: {exc.strerror or exc}")
    if json_out:
        _print_json(doc)
    else:
        _print_design(doc)
        if doc.get("launch", {}).get("feasible"):
            plan = doc["launch"]
            console.print(f"Launch: {plan['launches']:,} × {plan['vehicle']}, {_fmt(plan['cost_usd'], 'USD')}, "
                          f"deployment {_fmt(plan['deployment_years'], 'yr')} at {_fmt(plan['launches_per_year'])} "
                          f"launches a year (the world flew {plan['world_orbital_launches_2025']:.0f} in 2025)")
        if "economics" in doc:
            _print_economics(doc)
        if paths is not None:
            console.print(f"wrote {paths['result']} and {paths['czml']}")
            print(f"report: {paths['report']}")


@app.command()
def design(scenario: ScenarioArg, json_out: JsonOpt = False):
    """Size one satellite and the fleet (needs the analytic orbit geometry only)."""
    doc = _result(scenario, timeline=False).document()
    doc = {k: doc[k] for k in ("scenario", "orbitaldc_version", "feasible", "problems",
                               "design", "environment")}
    _print_json(doc) if json_out else _print_design(doc)


@app.command()
def launch(scenario: ScenarioArg, json_out: JsonOpt = False):
    """Launches, cost and deployment time for the sized fleet (needs launch.vehicle)."""
    result = _result(scenario, timeline=False)
    if result.scenario.launch.vehicle is None:
        _fail("launch.vehicle", "the scenario names no launch vehicle")
    full = result.document()
    doc = {k: full[k] for k in ("scenario", "orbitaldc_version", "feasible", "problems")}
    doc["launch"] = full.get("launch")
    if json_out:
        _print_json(doc)
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
        table.add_row(label, "—" if value is None else _fmt(value, unit))
    console.print(table)
    if plan.get("success_rate_model"):
        console.print(f"[dim]success rate: {plan['success_rate_model']}[/]")
    for p in doc["problems"]:
        console.print(f"[red]•[/] {p}")


@app.command()
def cost(scenario: ScenarioArg, json_out: JsonOpt = False):
    """Orbital versus terrestrial TCO, $/GPU-hour, break-even launch price and its uncertainty."""
    result = _result(scenario, timeline=False)
    if result.economics is None:
        _fail("launch.vehicle", "the economics need a launch price: name launch.vehicle or give "
              "economics.inputs.launch_usd_per_kg")
    full = result.document()
    doc = {k: full[k] for k in ("scenario", "orbitaldc_version", "feasible", "problems")}
    doc["launch"] = full.get("launch")
    doc["economics"] = full["economics"]
    if json_out:
        _print_json(doc)
        return
    _print_economics(doc)


def _print_economics(doc: dict) -> None:
    econ = doc["economics"]
    if not econ["feasible"]:
        console.print(f"[bold]{doc['scenario']}[/] — [red]not priced[/]")
        for p in econ["problems"] + doc["problems"]:
            console.print(f"  [red]•[/] {p}")
        return
    table = Table(title=f"{doc['scenario']}: orbit vs ground ({econ['site']})")
    for column in ("", "orbital", "terrestrial"):
        table.add_column(column, justify="right" if column else "left")
    for label, key, unit, scale in [("capex", "capex_usd", "M USD", 1e6), ("opex per year", "opex_usd_per_year",
                                     "M USD", 1e6), ("TCO (present value)", "tco_usd", "M USD", 1e6),
                                    ("per GPU-hour", "usd_per_gpu_hour", "USD", 1.0),
                                    ("per kWh of IT energy", "usd_per_kwh_it", "USD", 1.0),
                                    ("per million tokens", "usd_per_million_tokens", "USD", 1.0)]:
        table.add_row(label, _fmt(econ["orbital"][key], unit, scale), _fmt(econ["terrestrial"][key], unit, scale))
    console.print(table)
    be = econ["breakeven_launch_usd_per_kg"]
    free = _fmt(econ["orbital_usd_per_gpu_hour_with_free_launch"], "USD")
    console.print("break-even launch price: " + (f"none (orbit costs {free} per GPU-hour even with free launch)"
                                                 if be is None else _fmt(be, "USD/kg")))
    console.print("orbital per GPU-hour without the program's one-off costs (NRE, ground, spectrum): "
                  + _fmt(econ["orbital"]["usd_per_gpu_hour_excluding_program"], "USD"))
    capex = econ["orbital"]["capex_breakdown_usd"]
    total = sum(capex.values()) or 1.0
    top = sorted(capex.items(), key=lambda kv: -kv[1])[:4]
    console.print("largest orbital capex: " + ", ".join(f"{k.replace('_', ' ')} {v / total:.0%}" for k, v in top))
    swing = econ["tornado"][:3]
    if swing:
        console.print("most sensitive inputs: " + ", ".join(
            f"{r['input']} ({_fmt(r['usd_per_gpu_hour_low'])}–{_fmt(r['usd_per_gpu_hour_high'])} USD/GPU-h)"
            for r in swing))
    u = econ["uncertainty"]
    console.print(f"uncertainty ({u['samples']:,} samples): orbital {_fmt(u['p10'])} / {_fmt(u['p50'])} / "
                  f"{_fmt(u['p90'])} USD per GPU-hour (p10/p50/p90); P(orbit cheaper) = "
                  f"{u['probability_orbit_wins']:.2f}")


@app.command()
def compare(
    first: Annotated[Path, typer.Argument(help="scenario to start from (e.g. a study preset)", show_default=False)],
    second: Annotated[Path, typer.Argument(help="scenario to arrive at", show_default=False)],
    json_out: JsonOpt = False,
):
    """Explain why two scenarios' orbital $/GPU-hour differ: a waterfall of named changes."""
    doc = _bridge(first, second)
    if json_out:
        _print_json(doc)
        return
    table = Table(title=f"{doc['from']} → {doc['to']}: orbital USD per GPU-hour")
    for column in ("change", "Δ USD/GPU-h", "USD/GPU-h", "Δ orbit/ground", "orbit/ground"):
        table.add_column(column, justify="left" if column == "change" else "right", overflow="fold")
    table.add_row(doc["from"], "", f"{doc['from_usd_per_gpu_hour']:.3f}", "", f"{doc['from_orbit_ground_ratio']:.2f}")
    for step in doc["steps"]:
        table.add_row(step["change"], f"{step['delta_usd_per_gpu_hour']:+.3f}", f"{step['usd_per_gpu_hour']:.3f}",
                      f"{step['delta_orbit_ground_ratio']:+.3f}", f"{step['orbit_ground_ratio']:.2f}")
    totals = (doc["to"], f"{doc['total_delta_usd_per_gpu_hour']:+.3f}", f"{doc['to_usd_per_gpu_hour']:.3f}",
              f"{doc['total_delta_orbit_ground_ratio']:+.3f}", f"{doc['to_orbit_ground_ratio']:.2f}")
    table.add_row(*(f"[bold]{cell}[/]" for cell in totals))
    console.print(table)
    console.print(f"[dim]method: {doc['method']}[/]")


@app.command()
def timeline(scenario: ScenarioArg, json_out: JsonOpt = False):
    """Eclipses, ground contacts, radiation dose and drag of the scenario's fleet."""
    full = _result(scenario, quiet=json_out).document()
    doc = {k: full[k] for k in ("scenario", "orbitaldc_version", "environment")}
    if json_out:
        _print_json(doc)
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
        table.add_row(label, "—" if value is None else _fmt(value, unit))
    console.print(table)
    for key in ("radiation_note", "drag_note"):
        if key in env:
            console.print(f"[dim]{env[key]}[/]")


TleOpt = Annotated[Path | None, typer.Option("--tle", help="TLE file (name lines optional)")]
OmmOpt = Annotated[Path | None, typer.Option("--omm", help="OMM file: .json, .xml or .csv")]
StartOpt = Annotated[str, typer.Option("--start", help="ISO-8601 start (UTC unless a zone is given)")]
EndOpt = Annotated[str, typer.Option("--end", help="ISO-8601 end")]


def _window(start: str, end: str):
    from orbitaldc.orbit.timewindow import parse_window

    return parse_window(start, end)


def _fleet(tle: Path | None, omm: Path | None):
    from orbitaldc.orbit.elsets import read_elements
    from orbitaldc.orbit.propagate import Sgp4Fleet

    if (tle is None) == (omm is None):
        _fail("--tle", "give exactly one of --tle FILE or --omm FILE")
    return Sgp4Fleet(read_elements(tle, "tle") if tle is not None else read_elements(omm, "omm"))


def _iso(values) -> list[str]:
    import numpy as np

    return [s + "Z" for s in np.datetime_as_string(np.asarray(values, dtype="datetime64[ns]"), unit="ms")]


def _warn(problems: list[str]) -> None:
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)


@app.command()
def eclipses(
    tle: TleOpt = None,
    omm: OmmOpt = None,
    start: StartOpt = ...,
    end: EndOpt = ...,
    kind: Annotated[str, typer.Option("--kind", help="shadow (Sun centre hidden), umbra or penumbra")] = "shadow",
    json_out: JsonOpt = False,
):
    """Eclipse intervals of real satellites (sgp4), events refined to 1 ms."""
    from orbitaldc.orbit.eclipse import EVENT_KINDS, find_eclipses

    if kind not in EVENT_KINDS:
        _fail("--kind", f"unknown kind {kind!r}; use one of {', '.join(EVENT_KINDS)}")
    t0, t1 = _window(start, end)
    fleet = _fleet(tle, omm)
    frame, problems = find_eclipses(fleet, t0, t1, kind)
    _warn(problems)
    intervals = [
        {"satellite": sat, "start": a, "end": b, "duration_s": round(float(d), 3), "kind": kind}
        for sat, a, b, d in zip(frame.satellite, _iso(frame.start), _iso(frame.end), frame.duration_s, strict=True)
    ]
    if json_out:
        _print_json({"intervals": intervals, "problems": problems, "model": fleet.model})
        return
    table = Table(title=f"{kind} intervals, {start} … {end}")
    for col in ("satellite", "start", "end", "duration"):
        table.add_column(col)
    for row in intervals:
        table.add_row(row["satellite"], row["start"], row["end"], f"{row['duration_s']:.1f} s")
    console.print(table)


@app.command()
def passes(
    tle: TleOpt = None,
    omm: OmmOpt = None,
    lat: Annotated[float, typer.Option("--lat", help="station geodetic latitude, deg")] = ...,
    lon: Annotated[float, typer.Option("--lon", help="station longitude, deg east")] = ...,
    elevation_m: Annotated[float, typer.Option("--elevation-m", help="station height, m")] = 0.0,
    min_elevation: Annotated[float, typer.Option("--min-elevation", help="mask, deg")] = 10.0,
    start: StartOpt = ...,
    end: EndOpt = ...,
    station: Annotated[str, typer.Option("--station", help="station name in the output")] = "station",
    json_out: JsonOpt = False,
):
    """Passes of real satellites over one station: rise, culmination, set, max elevation."""
    from orbitaldc.orbit.contacts import Station, check_station, find_passes

    site = Station(station, lat, lon, elevation_m, min_elevation)
    check_station(site, "--station")
    t0, t1 = _window(start, end)
    frame, problems = find_passes(_fleet(tle, omm), [site], t0, t1)
    _warn(problems)
    rows = [
        {"satellite": sat, "station": sta, "rise": r, "culmination": c, "set": s_,
         "max_elevation_deg": round(float(e), 4)}
        for sat, sta, r, c, s_, e in zip(frame.satellite, frame.station, _iso(frame.rise),
                                         _iso(frame.culmination), _iso(frame.set), frame.max_elevation_deg,
                                         strict=True)
    ]
    if json_out:
        _print_json({"passes": rows, "problems": problems})
        return
    table = Table(title=f"passes over {station} ({lat:.3f}, {lon:.3f}), mask {min_elevation} deg")
    for col in ("satellite", "rise", "culmination", "set", "max elevation"):
        table.add_column(col)
    for row in rows:
        table.add_row(row["satellite"], row["rise"], row["culmination"], row["set"],
                      f"{row['max_elevation_deg']:.1f} deg")
    console.print(table)


@app.command()
def validate(scenario: ScenarioArg):
    """Check a scenario file and say what is wrong, if anything."""
    s = load_scenario(scenario)
    print(f"ok: {scenario} ({s.name})")


@app.command("catalog")
def catalog_command(
    name: Annotated[str | None, typer.Argument(help="one catalog (default: all)", show_default=False)] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="print Markdown tables")] = False,
):
    """List catalog numbers with their sources."""
    from orbitaldc import catalog

    if name is not None and name not in catalog.CATALOGS:
        _fail("catalog", f"unknown catalog {name!r} (known: {', '.join(catalog.CATALOGS)})")
    names = catalog.CATALOGS if name is None else (name,)
    if markdown:
        sys.stdout.write(catalog.markdown(names) + "\n")
        return
    for n in names:
        table = Table(title=n)
        for col in ("entry", "field", "value", "unit", "kind", "year", "source"):
            table.add_column(col, overflow="fold")
        for key, entry in catalog.load(n).items():
            for field, item in entry.items():
                if isinstance(item, catalog.Record):
                    table.add_row(key, field, f"{item.value:.6g}", item.unit, item.kind, str(item.year), item.source)
        console.print(table)


@app.command()
def schema():
    """Print the JSON Schema of the scenario format."""
    _print_json(json_schema())


def main() -> None:
    """Entry point: turn bad input into one line and exit code 2."""
    # Library notices (skyfield-data's expiry, numba's cache) never print beside our own lines.
    warnings.filterwarnings("ignore", module="skyfield")
    warnings.filterwarnings("ignore", module="numba")
    try:
        code = app(standalone_mode=False)
    except ScenarioError as exc:
        print(f"error: {exc.field}: {exc.why}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:  # usage errors (typer's click) and real bugs
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            param = getattr(exc, "param", None)
            field = getattr(param, "name", None) or "usage"
            message = " ".join(exc.format_message().split())
            print(f"error: {field}: {message}", file=sys.stderr)
            sys.exit(exc.exit_code)
        if os.environ.get("ORBITALDC_DEBUG"):
            raise
        print(f"error: internal: {type(exc).__name__}: {exc} (set ORBITALDC_DEBUG=1 for a traceback)",
              file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
