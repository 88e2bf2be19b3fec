"""The Operations section of the report: what users get on each side, the delivered-compute
waterfall, and the trace over time beside the fleet's state (all from the result document)."""

from __future__ import annotations

import html

from orbitaldc.report.numbers import sig

WATERFALL = ("power", "thermal", "network", "availability", "utilization", "delivered")


def _row(label: str, orbit, ground) -> str:
    return f"<tr><td>{html.escape(label)}</td><td>{orbit}</td><td>{ground}</td></tr>"


def _trio(stats: dict) -> str:
    return " / ".join("—" if stats[f"p{p}"] is None else sig(stats[f"p{p}"]) for p in (50, 95, 99))


def _timeline_figure(series: dict):
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    x = series["start_min"]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for key, name in (("requests", "requests"), ("orbital_served", "served in orbit"),
                      ("orbital_dropped", "dropped in orbit"), ("terrestrial_dropped", "dropped on the ground")):
        fig.add_trace(go.Scatter(x=x, y=series[key], name=name, mode="lines"), secondary_y=False)
    for key, name in (("orbital_usable_share", "fleet slots usable"), ("path_share", "fleet with a path to ground"),
                      ("sunlit_share", "fleet in sunlight"), ("battery_soc_min", "lowest battery charge")):
        if series.get(key) is not None:
            fig.add_trace(go.Scatter(x=x, y=series[key], name=name, mode="lines", line={"dash": "dot"}),
                          secondary_y=True)
    fig.update_layout(title=f"Requests per {series['bin_minutes']} min and the fleet's state", height=380,
                      margin={"l": 60, "r": 60, "t": 50, "b": 40}, legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(title_text="minutes from the trace's start")
    fig.update_yaxes(title_text="requests", secondary_y=False)
    fig.update_yaxes(title_text="share of the fleet", range=[0, 1.05], tickmode="array",
                     tickvals=[0, 0.25, 0.5, 0.75, 1.0], tickformat=".0%", showgrid=False, secondary_y=True)
    return fig


def operations_section(doc: dict, figure) -> str:
    """``figure(fig, name, wide)`` embeds a plotly figure (html._figure)."""
    ops = doc.get("operations")
    if ops is None:
        return ""
    if not ops.get("feasible", True):  # an infeasible scenario is not simulated: say why, nothing else
        reasons = "".join(f"<li>{html.escape(p)}</li>" for p in doc.get("problems", []))
        return (f"<section id='operations'><h2>Operations</h2><p class='lead'>{html.escape(ops['problems'][0])}"
                f"</p><ul class='note'>{reasons}</ul></section>")
    o, g = ops["orbital"], ops["terrestrial"]
    rows = [_row("served / dropped", f"{o['requests_served']:,} / {o['requests_dropped']:,}",
                 f"{g['requests_served']:,} / {g['requests_dropped']:,}")]
    for label, key in (("time to first token, ms (p50 / p95 / p99)", "ttft_ms"),
                       ("time per output token, ms", "tpot_ms"), ("end to end, ms", "e2e_ms")):
        rows.append(_row(label, _trio(o[key]), _trio(g[key])))
    if o["waterfall"] is not None:
        for key in WATERFALL:
            rows.append(_row(f"delivered waterfall: {key}", sig(o["waterfall"][key]), sig(g["waterfall"][key])))
        rows.append(_row("binding constraint", html.escape(o["binding_constraint"]),
                         html.escape(g["binding_constraint"])))
        rows.append(_row("restarts from radiation upsets (requests lost)", f"{o.get('preemptions', 0):,}",
                         f"{g.get('preemptions', 0):,}"))
        if o.get("min_battery_soc") is not None:
            rows.append(_row("lowest battery state of charge", sig(o["min_battery_soc"]), "—"))
        if o.get("isl_hop_latency_ms", {}).get("p50") is not None:
            rows.append(_row("inter-satellite hop, ms (p50 / p95 / p99)", _trio(o["isl_hop_latency_ms"]), "—"))
            rows.append(_row("inter-satellite route, ms", _trio(o["isl_route_latency_ms"]), "—"))
    if o.get("training"):
        rows.append(_row("training goodput", sig(o["training_goodput"]), sig(g["training_goodput"])))
        rows.append(_row("training step time, s", sig(o["training"]["step_time_s"]), sig(g["training"]["step_time_s"])))
    delivered = doc.get("economics", {}).get("delivered")
    if delivered:
        rows.append(_row("USD per delivered GPU-hour", sig(delivered["orbital"]["usd_per_delivered_gpu_hour"]),
                         sig(delivered["terrestrial"]["usd_per_delivered_gpu_hour"])))
    serving = ops.get("serving") or {}
    lead = (f"{ops['requests']:,} requests ({html.escape(str(ops['trace']))}) served by {serving.get('model', '')} "
            f"on {ops['accelerators']:,} accelerators in orbit and the same number on the ground."
            if serving else "A training job on the fleet and on the ground.")
    plot = figure(_timeline_figure(ops["series"]), "operations-timeline", True) if ops.get("series") else ""
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in ops["notes"])
    return (f"<section id='operations'><h2>Operations</h2><p class='lead'>{lead}</p>"
            "<div class='scroll'><table id='operations-table'><thead><tr><th></th><th>orbital</th>"
            "<th>terrestrial</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>{plot}"
            f"<p class='note'>{html.escape(ops['model'])}</p><ul class='note'>{notes}</ul></section>")
