"""The HTML report: one self-contained, offline file (plotly.js embedded once, no network).

Order: the verdict, then the satellite, the orbit, launch, economics and every assumption with
its source. A section appears only when its stage produced a result; nothing is filled in.
Verdict numbers carry ``data-key`` (the result-document path) and ``data-value`` (the exact
number) so tests can compare the page with ``result.json``.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime

import numpy as np

from orbitaldc.report import econ_plots, numbers, plots, sky
from orbitaldc.report.assumptions import assumption_rows
from orbitaldc.report.numbers import sig
from orbitaldc.report.ops_section import operations_section
from orbitaldc.report.thermal_section import thermal_section

MAX_GLOBE_SATELLITES = 200
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "plotGlPixelRatio": 1,
               "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}
CSS = """
:root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --orbit: %(orbit)s; --ground: %(ground)s;
        --good: %(good)s; --bad: %(bad)s; --bg: #f8fafc; }
* { box-sizing: border-box; }
body { margin: 0; font-family: %(font)s; color: var(--ink); background: var(--bg); font-size: 15px;
       line-height: 1.5; }
header.top { position: sticky; top: 0; z-index: 10; background: #0f172a; color: #fff; padding: 10px 28px;
             display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
header.top h1 { font-size: 18px; margin: 0; font-weight: 650; }
header.top nav a { color: #cbd5e1; text-decoration: none; margin-right: 16px; font-size: 14px; }
header.top nav a:hover { color: #fff; }
main { max-width: 1360px; margin: 0 auto; padding: 20px 28px 60px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px;
          margin-bottom: 22px; }
section > h2 { margin: 0 0 4px; font-size: 21px; }
p.lead { color: var(--muted); margin: 0 0 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; }
.plot { border: 1px solid var(--line); border-radius: 8px; padding: 4px; margin: 0; min-width: 0; }
.plot.wide { grid-column: 1 / -1; }
.badge { display: inline-block; padding: 3px 12px; border-radius: 999px; font-weight: 650; color: #fff; }
.badge.ok { background: var(--good); } .badge.no { background: var(--bad); }
.badge.dear { background: #92400e; } .badge.cheap { background: var(--good); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin: 14px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 650; }
.card.orbit { border-top: 4px solid var(--orbit); } .card.ground { border-top: 4px solid var(--ground); }
.problems { color: var(--bad); margin: 8px 0; }
table { border-collapse: collapse; width: 100%%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f5f9; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { max-height: 560px; overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 0 28px; }
.facts div { display: flex; justify-content: space-between; gap: 12px; padding: 5px 2px;
             border-bottom: 1px solid var(--line); font-size: 14px; }
.facts span { color: var(--muted); } .facts b { font-weight: 600; text-align: right; }
.note { color: var(--muted); font-size: 13px; }
footer { color: var(--muted); font-size: 13px; text-align: center; }
"""


def _esc(value) -> str:
    return html.escape(str(value))


def _figure(fig, name: str, wide: bool = False) -> str:
    body = fig.to_html(full_html=False, include_plotlyjs=False, config=PLOT_CONFIG, div_id=f"plot-{name}")
    return f'<figure class="plot{" wide" if wide else ""}" data-plot="{name}">{body}</figure>'


def _number(doc: dict, key: str, text: str) -> str:
    """A number of the result document, tagged with its path and exact value."""
    value = doc
    for part in key.split("."):
        value = value[part]
    return f'<span data-key="{_esc(key)}" data-value="{_esc(json.dumps(value))}">{_esc(text)}</span>'


def _card(label: str, inner: str, kind: str = "") -> str:
    return f'<div class="card {kind}"><div class="label">{_esc(label)}</div><div class="value">{inner}</div></div>'


def _facts(rows) -> str:
    cells = "".join(f"<div><span>{_esc(a)}</span><b>{b}</b></div>" for a, b in rows if b is not None)
    return f"<div class='facts'>{cells}</div>"


def _get(doc: dict, key: str):
    value = doc
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def verdict_section(doc: dict) -> str:
    feasible = doc["feasible"]
    econ = doc.get("economics")
    priced = bool(feasible and econ and econ.get("feasible"))
    # The physical verdict says only that: a green pill beside a 10x cost gap must not read as "go".
    ok, words = numbers.feasibility(doc)
    badge = (f'<span class="badge {"ok" if ok else "no"}" data-key="feasible" data-value="{"true" if ok else "false"}">'
             f'{_esc(words)}</span>')
    cost = numbers.cost_comparison(doc)
    if cost is not None:
        dear = econ["orbital"]["usd_per_gpu_hour"] >= econ["terrestrial"]["usd_per_gpu_hour"]
        badge += f' <span class="badge {"dear" if dear else "cheap"}" data-verdict="cost">cost: {_esc(cost)}</span>'
    parts = [f'<section id="verdict"><h2>Verdict</h2><p>{badge}</p>']
    problems = list(doc.get("problems", []))
    if econ is not None and not econ.get("feasible", True):
        problems += [f"economics: {p}" for p in econ.get("problems", [])] or ["economics: the run cannot be priced"]
    if problems:
        items = "".join(f"<li>{_esc(p)}</li>" for p in problems)
        # A feasible design can still carry problems (warnings): they are caveats, not the reason it fails.
        head = "Caveats" if feasible else "Why not"
        parts.append(f'<div class="problems"><b>{head}:</b><ul data-key="problems">{items}</ul></div>')
    cards = []
    if priced:
        site = econ.get("site", "terrestrial site")
        for key, label, kind in (
                ("economics.orbital.usd_per_gpu_hour", "orbital $/GPU-hour", "orbit"),
                ("economics.terrestrial.usd_per_gpu_hour", f"terrestrial $/GPU-hour ({site})", "ground"),
                ("economics.orbital.usd_per_kwh_it", "orbital $/kWh of IT energy", "orbit"),
                ("economics.terrestrial.usd_per_kwh_it", f"terrestrial $/kWh ({site})", "ground")):
            cards.append(_card(label, _number(doc, key, f"${sig(_get(doc, key))}"), kind))
        be = econ.get("breakeven_launch_usd_per_kg")
        text = f"${sig(be)}/kg" if be is not None else "none"
        label = "break-even launch price" if be is not None else "break-even launch price (not even at $0/kg)"
        cards.append(_card(label, _number(doc, "economics.breakeven_launch_usd_per_kg", text)))
        parts.append(f"<p class='lead'><b>Physics and cost are separate verdicts.</b> {_esc(cost)}.</p>")
    elif econ is None:
        parts.append("<p class='lead'>No prices: the economics stage has not run for this result.</p>")
    else:
        parts.append("<p class='lead'>No prices: an infeasible design is not priced.</p>")
    fleet = doc["design"]["fleet"]
    cards.append(_card("satellites", _number(doc, "design.fleet.satellites", f"{fleet['satellites']:,}")))
    if fleet.get("it_power_w") is not None:
        cards.append(_card("fleet IT power", _number(doc, "design.fleet.it_power_w",
                                                      plots.si(fleet["it_power_w"], "W"))))
    if fleet.get("mass_kg") is not None:
        cards.append(_card("fleet mass", _number(doc, "design.fleet.mass_kg", f"{sig(fleet['mass_kg'] / 1e3)} t")))
    launch = doc.get("launch")
    if launch and launch.get("cost_usd") is not None:
        cards.append(_card(f"launch on {launch['vehicle']}", _number(doc, "launch.cost_usd",
                                                                       plots.usd(launch["cost_usd"]))))
    parts.append(f'<div class="cards">{"".join(cards)}</div></section>')
    return "".join(parts)


def satellite_section(result, doc: dict) -> str:
    sat = doc["design"]["satellite"]
    needed = ("it_power_w", "bus_power_w", "array_power_bol_w", "array_power_eol_w", "radiator_area_m2",
              "solar_array_area_m2", "radiator_net_w_m2", "mass_kg")
    if any(sat.get(k) is None for k in needed):
        return ("<section id='satellite'><h2>Satellite</h2><p class='lead'>The design does not close, so the "
                "satellite has no size: see the verdict.</p></section>")
    temperature = float(np.asarray(result.design.inputs.radiator_temperature_c))  # 'chain' solved to a number
    solved = " (what the chips allow)" if result.scenario.satellite.thermal.temperature_c == "chain" else ""
    facts = _facts([
        ("accelerators", f"{sat['accelerators']} × {_esc(sat['accelerator'])}"),
        ("IT power", plots.si(sat["it_power_w"], "W")),
        ("array rating (BOL, AM0)", plots.si(sat["array_power_bol_w"], "W")),
        ("battery", plots.si(sat["battery_energy_wh"], "Wh")),
        ("solar array", f"{sig(sat['solar_array_area_m2'])} m²"),
        ("radiator", f"{sig(sat['radiator_area_m2'])} m² at {temperature:.1f} °C{solved}"),
        ("mass", f"{sig(sat['mass_kg'] / 1e3)} t"),
        ("IT power per kg", f"{sig(sat['it_power_w_per_kg'])} W/kg"),
    ])
    grid = "".join([_figure(plots.power_budget(sat), "power", wide=True),
                    _figure(plots.thermal_balance(sat, temperature), "thermal"),
                    _figure(plots.area_sketch(sat), "areas"),
                    _figure(plots.mass_breakdown(sat), "mass", wide=True)])
    models = doc["design"].get("models", {})
    note = "".join(f"<li><b>{_esc(k)}</b>: {_esc(v)}</li>" for k, v in models.items())
    return (f"<section id='satellite'><h2>Satellite</h2><p class='lead'>One satellite of the fleet, sized for the "
            f"orbit's worst case.</p>{facts}<div class='grid' style='margin-top:14px'>{grid}</div>"
            f"<details><summary class='note'>Models and their validation</summary><ul class='note'>{note}</ul>"
            f"</details></section>")


def orbit_section(result, doc: dict, max_satellites: int) -> str:
    env = doc["environment"]
    sample = sky.sample_fleet(result, max_satellites)
    shown = f"showing {len(sample.names):,} of {sample.total:,} satellites"
    sampled = (f"The 3-D view samples the constellation: {shown}, spread evenly over its planes."
               if len(sample.names) < sample.total else f"All {sample.total:,} satellites are shown.")
    if sample.note:
        sampled += f" ({sample.note})"
    passes, stations = sky.contact_windows(result)
    facts = _facts([
        # the digits of the text output's orbit table (cli.stages), so both print the same figures
        ("altitude", f"{sig(env['altitude_km'], 4)} km"), ("inclination", f"{sig(env['inclination_deg'], 4)}°"),
        ("period", f"{sig(env['orbit_period_min'], 4)} min"),
        ("beta angle", f"{sig(env['beta_angle_deg']['min'])}° … {sig(env['beta_angle_deg']['max'])}°"),
        ("longest eclipse", f"{sig(env['max_eclipse_min'])} min"),
        ("eclipse days per year", sig(env["eclipse_days_per_year"])),
        ("sunlit fraction", sig(env["sunlit_fraction"], 4)),
        ("ground contact", f"{sig(env['contact_min_per_day'])} min/day" if env.get("contact_min_per_day") is not None
         else None),
        ("dose behind shielding", f"{sig(env['dose_rad_si_per_year'])} rad(Si)/yr"
         if env.get("dose_rad_si_per_year") is not None else None),
        ("orbital lifetime without propulsion", f"{sig(env['orbital_lifetime_years'])} yr"
         if env.get("orbital_lifetime_years") is not None else None),
    ])
    grid = "".join([
        _figure(plots.globe(sample), "globe"),
        _figure(plots.ground_track(sample, stations), "ground-track"),
        _figure(plots.eclipse_heatmap(sky.eclipse_season(result), env), "eclipse-season", wide=True),
        _figure(plots.beta_plot(sky.beta_season(result)), "beta"),
        _figure(plots.contacts_gantt(passes, stations, sample.names[0]), "contacts"),
    ])
    return (f"<section id='orbit'><h2>Orbit</h2><p class='lead'>{_esc(sampled)}</p>"
            f"<p class='note' data-key='sampled'>{_esc(shown)} · positions: {_esc(sample.model)}</p>{facts}"
            f"<div class='grid' style='margin-top:14px'>{grid}</div>"
            f"<p class='note'>Environment: {_esc(env.get('model', ''))}.</p></section>")


def launch_section(doc: dict) -> str:
    launch = doc.get("launch")
    if not launch:
        return ""
    rows = [("vehicle", _esc(launch["vehicle"])),
            ("payload to the orbit", f"{sig(launch['payload_to_orbit_kg'])} kg"),
            ("stowed volume per satellite", f"{sig(launch['stowed_volume_m3'])} m³")]
    if not launch.get("feasible", True) or "launches" not in launch:
        return (f"<section id='launch'><h2>Launch</h2><p class='lead'>The vehicle cannot carry this satellite.</p>"
                f"{_facts(rows)}</section>")
    def fmt(key, pattern):
        return None if launch.get(key) is None else pattern.format(sig(launch[key]))

    rows += [("satellites per launch", fmt("satellites_per_launch", "{}")),
             ("launches", f"{launch['launches']:,} ({launch.get('replacement_launches', 0):,} replace expected "
                          f"failures)"),
             ("success rate", None if launch.get("success_rate") is None else
              f"{sig(100 * launch['success_rate'])}%"),
             ("cost", None if launch.get("cost_usd") is None else plots.usd(launch["cost_usd"])),
             ("per kg delivered to orbit", fmt("usd_per_kg", "${}/kg")),
             ("per kg launched", None if not launch.get("cost_usd") or not launch.get("launched_mass_kg") else
              f"${sig(launch['cost_usd'] / launch['launched_mass_kg'])}/kg"),
             ("deployment", fmt("deployment_years", "{} years") or "no cadence given"),
             ("cost model", _esc(launch.get("cost_model", "")))]
    fleet = doc["design"]["fleet"]
    ramp = ""
    if launch.get("schedule") or launch.get("deployment_years"):
        fig = plots.launch_ramp(launch, fleet, doc["design"]["satellite"]["it_power_w"])
        ramp = _figure(fig, "launch-ramp")
    return (f"<section id='launch'><h2>Launch</h2><p class='lead'>{_esc(launch.get('payload_method', ''))}</p>"
            f"<div class='grid'><div>{_facts(rows)}</div>{ramp}</div></section>")


def economics_section(doc: dict, horizon_years: float) -> str:
    econ = doc.get("economics")
    if not econ or not doc["feasible"] or not econ.get("feasible"):
        return ""
    figures = []
    if {"orbital", "terrestrial"} <= econ.keys():
        figures.append(_figure(econ_plots.cost_waterfall(econ, horizon_years), "cost-waterfall", wide=True))
    if numbers.tornado_rows(econ):
        figures.append(_figure(econ_plots.tornado(econ), "tornado"))
    if econ.get("uncertainty", {}).get("histogram"):
        figures.append(_figure(econ_plots.mc_histogram(econ), "monte-carlo"))
    if econ.get("breakeven_surface"):
        figures.append(_figure(econ_plots.breakeven_surface(econ), "breakeven"))
    if econ.get("sites"):
        figures.append(_figure(econ_plots.sites_bar(econ), "sites"))
    where = numbers.headline_position(econ)
    spread = ""
    if where is not None:
        why = f" Why: {where['reason']}." if where["reason"] else ""
        spread = (f"<p class='note' data-headline-position='{_esc(where['position'])}'>The {_esc(where['text'])}."
                  f"{_esc(why)}</p>")
    return (f"<section id='economics'><h2>Economics</h2><p class='lead'>Total cost of ownership of the orbital "
            f"fleet against {_esc(econ.get('site', 'the terrestrial site'))}.</p>{spread}"
            f"<div class='grid'>{''.join(figures)}</div>{plan_table(econ.get('plan'))}</section>")


def plan_table(plan: dict | None) -> str:
    """The build-out plan (economics.plan): one row per launch price, figures at the plan's last year."""
    if not plan:
        return ""
    rows = numbers.plan_rows(plan)
    head = "".join(f"<th>{_esc(h)}</th>" for h in numbers.PLAN_COLUMNS)
    body = "".join("<tr>" + "".join(f"<td class='num'>{_esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (f"<h3 id='plan'>Build-out plan</h3><p class='note'>{_esc(numbers.plan_summary(plan))}</p>"
            f"<div class='scroll'><table id='plan-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
            f"</table></div>")


def _signed(value: float) -> str:
    return ("+" if value >= 0 else "−") + sig(abs(value))


def bridge_section(bridge: dict | None) -> str:
    if not bridge:
        return ""
    rows = "".join(f"<tr><td>{_esc(s['change'])}</td><td class='num'>{_signed(s['delta_usd_per_gpu_hour'])}</td>"
                   f"<td class='num'>{_signed(s['delta_orbit_ground_ratio'])}</td></tr>" for s in bridge["steps"])
    return (f"<section id='bridge'><h2>Bridge</h2><p class='lead'>Why this scenario's orbital cost differs from "
            f"{_esc(bridge['from'])}'s: {_esc(bridge['method'])}.</p>"
            f"{_figure(econ_plots.bridge_waterfall(bridge), 'bridge', wide=True)}"
            f"<div class='scroll'><table id='bridge-table'><thead><tr><th>change</th><th>Δ orbital $/GPU-hour</th>"
            f"<th>Δ orbit/ground</th></tr></thead><tbody>{rows}</tbody></table></div></section>")


def assumptions_section(result, doc: dict) -> str:
    rows = assumption_rows(result, doc)
    body = "".join(
        f"<tr><td>{_esc(r['group'])}</td><td>{_esc(r['input'])}</td><td class='num'>{_esc(r['value'])}</td>"
        f"<td>{_esc(r['unit'])}</td><td>{_esc(r['kind'])}</td><td>{_esc(r['year'])}</td>"
        f"<td>{_esc(r['source'])}</td></tr>" for r in rows)
    notes = "".join(f"<li>{_esc(a)}</li>" for a in doc["design"].get("assumptions", []))
    return (f"<section id='assumptions'><h2>Assumptions</h2><p class='lead'>Every input of this run: "
            f"{len(rows):,} values from the scenario file, orbitaldc's defaults and the catalogs, each with its "
            f"source.</p><div class='scroll'><table id='assumptions-table'><thead><tr><th>group</th><th>input</th>"
            f"<th>value</th><th>unit</th><th>kind</th><th>year</th><th>source</th></tr></thead><tbody>{body}"
            f"</tbody></table></div><p class='note'>Modelling assumptions of the design stage:</p>"
            f"<ul class='note'>{notes}</ul></section>")


def render(result, doc: dict | None = None, *, max_globe_satellites: int = MAX_GLOBE_SATELLITES,
           bridge: dict | None = None) -> str:
    """The report as one HTML string (about 5 MB: plotly.js is embedded)."""
    from plotly.offline import get_plotlyjs

    from orbitaldc import __version__

    doc = result.document() if doc is None else doc
    sections = [verdict_section(doc), satellite_section(result, doc), thermal_section(doc, _figure),
                orbit_section(result, doc, max_globe_satellites), launch_section(doc),
                operations_section(doc, _figure), economics_section(doc, result.scenario.horizon_years),
                bridge_section(bridge),
                assumptions_section(result, doc)]
    titles = {"verdict": "Verdict", "satellite": "Satellite", "thermal": "Thermal", "orbit": "Orbit",
              "launch": "Launch", "operations": "Operations", "economics": "Economics", "bridge": "Bridge",
              "assumptions": "Assumptions"}
    body = "".join(sections)
    nav = "".join(f'<a href="#{k}">{v}</a>' for k, v in titles.items() if f"id='{k}'" in body or f'id="{k}"' in body)
    missing = [name for name, key in (("launch", "launch"), ("economics", "economics")) if key not in doc]
    if "operations" not in doc:
        missing.append("operations")
    css = CSS % {**{k: v for k, v in plots.PALETTE.items() if isinstance(v, str)}, "font": plots.FONT}
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(doc['scenario'])} — orbitaldc report</title>
<style>{css}</style>
<script>{get_plotlyjs()}</script>
</head><body>
<header class="top"><h1>{_esc(doc['scenario'])}</h1><nav>{nav}</nav></header>
<main>
{body}
<footer>orbitaldc {__version__} · {stamp} · not in this report (stage not built or not run):
{_esc(', '.join(missing) or 'nothing')} · result.json holds every number shown here</footer>
</main></body></html>
"""
