"""The Thermal section of the report: the chain's node temperatures, what binds, and the temperatures
through the longest-eclipse orbit (all from ``design.thermal`` of the result document)."""

from __future__ import annotations

import html

from orbitaldc.report.numbers import sig

SERIES = (("junction_c", "chip junction"), ("coolant_return_c", "coolant return"),
          ("coolant_supply_c", "coolant supply"), ("radiator_c", "radiator"), ("battery_c", "battery"))


def _orbit_figure(tr: dict):
    import plotly.graph_objects as go

    s = tr["series"]
    t = s["time_min"]
    fig = go.Figure()
    # Shade the eclipse (the series starts at eclipse entry).
    fig.add_vrect(x0=0.0, x1=tr["eclipse_min"], fillcolor="#334155", opacity=0.12, line_width=0,
                  annotation_text="eclipse", annotation_position="top left")
    for key, name in SERIES:
        fig.add_trace(go.Scatter(x=t, y=s[key], name=name, mode="lines"))
    lo, hi = tr["coolant_range_c"]
    fig.add_hline(y=lo, line_dash="dot", line_color="#2563eb", annotation_text=f"coolant min {lo:g} C")
    fig.update_layout(title="Temperatures through the longest-eclipse orbit", height=380,
                      margin={"l": 60, "r": 30, "t": 50, "b": 40}, legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(title_text="minutes from eclipse entry")
    fig.update_yaxes(title_text="°C")
    return fig


def thermal_section(doc: dict, figure) -> str:
    """``figure(fig, name, wide)`` embeds a plotly figure (html._figure). Empty without a chain."""
    th = (doc.get("design") or {}).get("thermal")
    if not th or th.get("node_temperatures_c") is None:
        return ""
    nodes = th["node_temperatures_c"]
    tr = th.get("transient")
    head = "<tr><th>node</th><th>steady, °C</th><th>orbit min, °C</th><th>orbit max, °C</th></tr>"
    rows = []
    for node in ("junction", "hbm", "case", "cold_plate", "coolant_return", "coolant_supply", "radiator", "battery"):
        steady = nodes.get(node)
        lo = tr["min_temperature_c"].get(node) if tr else None
        hi = tr["max_temperature_c"].get(node) if tr else None
        if steady is None and lo is None:
            continue
        cells = "".join(f"<td>{'—' if v is None else sig(v)}</td>" for v in (steady, lo, hi))
        rows.append(f"<tr><td>{html.escape(node.replace('_', ' '))}</td>{cells}</tr>")
    lead = (f"Radiator at {sig(th['radiator_temperature_c'])} °C ({html.escape(th['temperature_policy'])}); "
            f"binding constraint: {html.escape(str(th['binding_constraint']))}.")
    if th.get("pump_power_w") is not None:
        lead += f" Pump {sig(th['pump_power_w'])} W, loop {sig(th['loop_mass_kg'])} kg (not yet in the budgets)."
    plot, notes = "", []
    if tr:
        lead += (f" Through the longest eclipse ({sig(tr['eclipse_min'])} of {sig(tr['orbit_period_min'])} min) "
                 f"{html.escape(tr['limit'])} limits the design.")
        plot = figure(_orbit_figure(tr), "thermal-orbit", True)
        notes = list(tr["problems"]) + [tr["model"]]
    notes.append(th.get("model", ""))
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes if n)
    return (f"<section id='thermal'><h2>Thermal</h2><p class='lead'>{lead}</p>"
            f"<div class='scroll'><table id='thermal-table'><thead>{head}</thead><tbody>{''.join(rows)}</tbody>"
            f"</table></div>{plot}<ul class='note'>{items}</ul></section>")
