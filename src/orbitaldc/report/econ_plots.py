"""Plotly figures of the economics section, against the ``economics`` keys of the result document.

Same style and palette as ``report.plots``; every title states the finding.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from orbitaldc.report.numbers import headline_position, sig, tornado_rows
from orbitaldc.report.plots import PALETTE, _style, usd


def _label(name: str) -> str:
    return name.replace("_usd_per_", " $/").replace("_usd", " $").replace("_", " ")


def cost_waterfall(econ: dict, horizon_years: float) -> go.Figure:
    """Capex items, operations over the horizon (undiscounted), and the present-value adjustment to TCO."""
    orbital, ground = econ["orbital"], econ["terrestrial"]
    items = [(k, v) for k, v in sorted(orbital.get("capex_breakdown_usd", {}).items(), key=lambda kv: -kv[1]) if v]
    items += [(f"{k} ({horizon_years:g} yr)", v * horizon_years)
              for k, v in orbital.get("opex_breakdown_usd_per_year", {}).items() if v]
    adjustment = orbital["tco_usd"] - sum(v for _, v in items)
    if abs(adjustment) > 1e-6 * max(orbital["tco_usd"], 1.0):
        items.append(("timing and discounting", adjustment))
    x = [_label(k) for k, _ in items] + ["orbital TCO"]
    y = [v for _, v in items] + [0.0]
    fig = go.Figure(go.Waterfall(
        x=x, y=y, measure=["relative"] * len(items) + ["total"], connector={"line": {"color": PALETTE["grid"]}},
        increasing={"marker": {"color": PALETTE["orbit"]}}, decreasing={"marker": {"color": PALETTE["good"]}},
        totals={"marker": {"color": PALETTE["ink"]}}, text=[usd(v) for v in y[:-1]] + [usd(orbital["tco_usd"])],
        textposition="outside", cliponaxis=False, hovertemplate="%{x}: %{y:$,.4s}<extra></extra>"))
    fig.add_hline(y=ground["tco_usd"], line={"color": PALETTE["ground"], "dash": "dash", "width": 2},
                  annotation_text=f"terrestrial TCO, {econ.get('site', 'site')}: {usd(ground['tco_usd'])}",
                  annotation_position="top right", annotation_font_color=PALETTE["ground"])
    ratio = orbital["tco_usd"] / ground["tco_usd"] if ground["tco_usd"] else math.inf
    return _style(fig, f"Orbit's total cost of ownership is {sig(ratio)}× the ground's",
                  f"orbital {usd(orbital['tco_usd'])} (present value) vs terrestrial {usd(ground['tco_usd'])} for the "
                  f"same accelerator-hours", height=440, yaxis_title="USD")


def tornado(econ: dict) -> go.Figure:
    """One bar per input that moves the orbital price (``numbers.tornado_rows``): an input of the
    ground side only would be an empty row."""
    base = econ["orbital"]["usd_per_gpu_hour"]
    rows = tornado_rows(econ)[::-1]  # plotly draws the first category at the bottom: widest on top
    fig = go.Figure()
    for key, label, colour in (("low", "input at its low value", PALETTE["good"]),
                               ("high", "input at its high value", PALETTE["bad"])):
        values = [r[f"usd_per_gpu_hour_{key}"] for r in rows]
        fig.add_bar(y=[r["label"] for r in rows], x=[v - base for v in values], base=base, orientation="h",
                    name=label, marker_color=colour, customdata=np.c_[[r[key] for r in rows], values],
                    hovertemplate="%{y} = %{customdata[0]:,.4g}: $%{customdata[1]:.3g}/GPU-h<extra></extra>")
    fig.add_vline(x=base, line={"color": PALETTE["ink"], "width": 1})
    if "terrestrial" in econ:
        fig.add_vline(x=econ["terrestrial"]["usd_per_gpu_hour"], line={"color": PALETTE["ground"], "dash": "dash"},
                      annotation_text="terrestrial", annotation_position="top right",
                      annotation_font_color=PALETTE["ground"])
    top = rows[-1]["label"] if rows else "no input"
    left_out = len(econ.get("tornado", [])) - len(rows)
    note = f"; {left_out} inputs of the ground side only are left out" if left_out else ""
    return _style(fig, f"The price hinges most on {top}", f"orbital $/GPU-hour with one input at a time at its "
                  f"low or high value; base ${sig(base)}{note}", height=max(320, 110 + 26 * len(rows)),
                  barmode="overlay", xaxis_title="orbital USD per GPU-hour", margin={"l": 260},
                  yaxis={"automargin": True})


def mc_histogram(econ: dict) -> go.Figure:
    u = econ["uncertainty"]
    edges = np.asarray(u["histogram"]["edges"], dtype=float)
    counts = np.asarray(u["histogram"]["counts"], dtype=float)
    fig = go.Figure(go.Bar(x=0.5 * (edges[:-1] + edges[1:]), y=counts, width=np.diff(edges),
                           marker_color=PALETTE["orbit"], opacity=0.85, name="orbital",
                           hovertemplate="$%{x:.2f}/GPU-h: %{y:,.0f} samples<extra></extra>"))
    for key in ("p10", "p50", "p90"):
        fig.add_vline(x=u[key], line={"color": PALETTE["ink"], "dash": "dot", "width": 1},
                      annotation_text=key.upper(), annotation_position="top")
    headline = econ["orbital"]["usd_per_gpu_hour"]
    fig.add_vline(x=headline, line={"color": PALETTE["bad"], "width": 2},
                  annotation_text=f"headline ${sig(headline)}", annotation_position="bottom left",
                  annotation_font_color=PALETTE["bad"])
    if "terrestrial" in econ:
        fig.add_vline(x=econ["terrestrial"]["usd_per_gpu_hour"], line={"color": PALETTE["ground"], "width": 2},
                      annotation_text="terrestrial", annotation_position="bottom right",
                      annotation_font_color=PALETTE["ground"])
    p = u.get("probability_orbit_wins")
    title = (f"Orbit is cheaper in {sig(100 * p, 2)}% of {u['samples']:,} samples" if p is not None
             else f"Median ${sig(u['p50'])} per GPU-hour")
    where = headline_position(econ)
    return _style(fig, title, f"Monte Carlo of orbital $/GPU-hour: P10 ${sig(u['p10'])}, P50 ${sig(u['p50'])}, "
                  f"P90 ${sig(u['p90'])}" + (f"; the headline is {where['position']}" if where else ""), height=380,
                  xaxis_title="orbital USD per GPU-hour",
                  yaxis_title="samples", bargap=0)


def breakeven_surface(econ: dict) -> go.Figure:
    s = econ["breakeven_surface"]
    z = np.asarray(s["orbital_minus_terrestrial_usd_per_gpu_hour"], dtype=float)
    bound = float(np.nanmax(np.abs(z))) or 1.0
    fig = go.Figure(go.Contour(
        x=s["launch_usd_per_kg"], y=s["bus_usd_per_w"], z=z, zmin=-bound, zmax=bound, zmid=0,
        colorscale=[[0, PALETTE["good"]], [0.5, "#f8fafc"], [1, PALETTE["bad"]]],
        contours={"coloring": "heatmap", "showlabels": True, "labelfont": {"size": 10}}, line={"width": 0.5},
        colorbar={"title": {"text": "orbital −<br>terrestrial<br>$/GPU-h"}, "thickness": 14},
        hovertemplate="launch $%{x:,.0f}/kg, bus $%{y:,.2f}/W: %{z:+.2f} $/GPU-h<extra></extra>"))
    wins = int((z < 0).sum())
    if wins:
        fig.add_contour(x=s["launch_usd_per_kg"], y=s["bus_usd_per_w"], z=z, showscale=False, hoverinfo="skip",
                        contours={"start": 0, "end": 0, "size": 1, "coloring": "none"},
                        line={"color": PALETTE["ink"], "width": 3}, name="break-even")
    be = econ.get("breakeven_launch_usd_per_kg")
    title = (f"Orbit wins in {sig(100 * wins / z.size, 2)}% of this launch × bus price grid" if wins
             else "Orbit wins nowhere on this launch × bus price grid")
    detail = ("green: orbit cheaper per GPU-hour; black line: break-even" if wins
              else "every point is dearer than the ground")
    if be is not None:
        detail += f"; break-even launch ${sig(be)}/kg at the scenario's bus price"
    return _style(fig, title, detail, height=420, xaxis={"title": "launch price (USD/kg)", "type": "log"},
                  yaxis_title="satellite bus (USD/W)")


def sites_bar(econ: dict) -> go.Figure:
    sites = sorted(econ["sites"].items(), key=lambda kv: kv[1]["usd_per_gpu_hour"])
    orbital = econ["orbital"]["usd_per_gpu_hour"]
    fig = go.Figure(go.Bar(x=[k for k, _ in sites], y=[v["usd_per_gpu_hour"] for _, v in sites],
                           marker_color=PALETTE["ground"], name="terrestrial sites",
                           text=[f"${sig(v['usd_per_gpu_hour'])}" for _, v in sites], textposition="outside",
                           hovertemplate="%{x}: $%{y:.3f}/GPU-h<extra></extra>"))
    fig.add_hline(y=orbital, line={"color": PALETTE["orbit"], "width": 3},
                  annotation_text=f"orbital ${sig(orbital)}", annotation_position="top left",
                  annotation_font_color=PALETTE["orbit"])
    cheaper = sum(1 for _, v in sites if v["usd_per_gpu_hour"] < orbital)
    return _style(fig, f"{cheaper} of {len(sites)} terrestrial sites beat orbit per GPU-hour",
                  "same accelerators and utilisation on the ground, each site's power, water and build costs",
                  height=380, yaxis={"title": "USD per GPU-hour", "rangemode": "tozero"})


def bridge_waterfall(bridge: dict) -> go.Figure:
    """The bridge from another scenario to this one: orbital $/GPU-hour step by step (studies.bridge)."""
    steps = [s for s in bridge["steps"] if abs(s["delta_usd_per_gpu_hour"]) > 1e-9]
    labels = [s["change"] if len(s["change"]) <= 48 else s["change"][:47] + "…" for s in steps]
    x = [bridge["from"]] + labels + [bridge["to"]]
    y = [bridge["from_usd_per_gpu_hour"]] + [s["delta_usd_per_gpu_hour"] for s in steps] + [0.0]
    fig = go.Figure(go.Waterfall(
        x=x, y=y, measure=["absolute"] + ["relative"] * len(steps) + ["total"],
        connector={"line": {"color": PALETTE["grid"]}}, increasing={"marker": {"color": PALETTE["orbit"]}},
        decreasing={"marker": {"color": PALETTE["good"]}}, totals={"marker": {"color": PALETTE["ink"]}},
        customdata=[bridge["from"]] + [s["change"] for s in steps] + [bridge["to"]],
        hovertemplate="%{customdata}: %{y:$,.3f}<extra></extra>"))
    fig.add_hline(y=bridge["to_terrestrial_usd_per_gpu_hour"], line={"color": PALETTE["ground"], "dash": "dash"},
                  annotation_text=f"terrestrial, {bridge['to']}: ${sig(bridge['to_terrestrial_usd_per_gpu_hour'])}",
                  annotation_font_color=PALETTE["ground"])
    return _style(fig, f"From {bridge['from']} (${sig(bridge['from_usd_per_gpu_hour'])}) to {bridge['to']} "
                       f"(${sig(bridge['to_usd_per_gpu_hour'])}) per GPU-hour",
                  "each bar is one change of input or model choice, applied in a fixed order; the bars add up "
                  "exactly", height=520, yaxis_title="orbital USD per GPU-hour")
