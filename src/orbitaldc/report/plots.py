"""Plotly figures of the report, one function per chart, each titled with its finding.

Every function takes plain numbers (result-document dicts or the ``report.sky`` samples) and
returns a ``plotly.graph_objects.Figure``; ``PALETTE`` is the one colour scheme of the report.
Units are those of the axis titles: kW, m², kg or t, minutes, degrees, USD.
"""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go

from orbitaldc.constants import R_EARTH_KM
from orbitaldc.report import numbers
from orbitaldc.report.numbers import sig

PALETTE = {
    "orbit": "#2563eb",  # the orbital data center
    "ground": "#d97706",  # the terrestrial site
    "sun": "#f5b700",  # sunlit
    "shadow": "#334155",  # in shadow
    "good": "#15803d",
    "bad": "#b91c1c",
    "muted": "#94a3b8",
    "ink": "#0f172a",
    "grid": "#e2e8f0",
    "series": ["#2563eb", "#0891b2", "#16a34a", "#ca8a04", "#ea580c", "#dc2626", "#9333ea", "#db2777",
               "#4f46e5", "#0d9488", "#65a30d", "#a16207", "#78716c"],
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
TENNIS_COURT_M = (23.77, 10.97)  # ITF doubles court


def _style(fig: go.Figure, title: str, subtitle: str = "", height: int = 380, **layout) -> go.Figure:
    """Shared look: the finding as the title, the detail as the subtitle, legend under the plot."""
    legend = any(getattr(t, "showlegend", None) is not False for t in fig.data) and len(fig.data) > 1
    base = {"template": "plotly_white", "height": height,
            "title": {"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "y": 0.97, "yanchor": "top",
                      "font": {"size": 15, "color": PALETTE["ink"]},
                      "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#475569"}}},
            "font": {"family": FONT, "size": 12, "color": PALETTE["ink"]},
            "margin": {"l": 64, "r": 24, "t": 78 if subtitle else 52, "b": 88 if legend else 52},
            "legend": {"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom", "x": 0.0},
            "showlegend": legend}
    margin = {**base["margin"], **layout.pop("margin", {})}
    fig.update_layout(**{**base, **layout, "margin": margin})
    return fig


def coastlines() -> list[list[list[float]]]:
    """Natural Earth 1:110m coastlines (public domain), lists of [lon, lat] in degrees."""
    from importlib import resources

    text = resources.files("orbitaldc.report").joinpath("coastline_110m.json").read_text(encoding="utf-8")
    return json.loads(text)["lines"]


def usd(value: float) -> str:
    """$1.23 B, $456 M, $7.8 k, $0.42 (the one rounding rule of ``report.numbers``)."""
    return numbers.usd(value)


def si(value: float, unit: str, digits: int = 3) -> str:
    """1.23 MW, 456 kW (for W and Wh); other units as they are (``report.numbers``)."""
    return numbers.si(value, unit, digits)


# --- satellite ------------------------------------------------------------------------------

def power_budget(sat: dict) -> go.Figure:
    it, bus = sat["it_power_w"], sat["bus_power_w"]
    eol, bol = sat["array_power_eol_w"], sat["array_power_bol_w"]
    parts = [("IT (accelerators and hosts)", it), ("bus", bus),
             ("battery charging and power-path losses", eol - it - bus), ("end-of-life degradation", bol - eol)]
    fig = go.Figure()
    for k, (name, w) in enumerate(parts):
        fig.add_bar(y=[""], x=[w / 1e3], name=name, orientation="h", marker_color=PALETTE["series"][k],
                    text=[f"{name.split(' (')[0]}: {si(w, 'W')}"], textposition="inside",
                    insidetextanchor="middle", hovertemplate=f"{name}: %{{x:,.4g}} kW<extra></extra>",
                    showlegend=False)
    return _style(fig, f"Only {sig(100 * it / bol, 2)}% of the array's rating reaches the accelerators",
                  f"array rated {si(bol, 'W')} at beginning of life (AM0) for {si(it, 'W')} of IT",
                  height=250, barmode="stack", xaxis_title="kW", yaxis={"showticklabels": False})


def thermal_balance(sat: dict, temperature_c: float) -> go.Figure:
    f = sat["radiator_flux_w_m2"]
    net = sat["radiator_net_w_m2"]
    fig = go.Figure(go.Waterfall(
        x=["emitted", "Sun", "Earth IR", "albedo", "net"],
        y=[f["emitted"], -f["solar"], -f["earth_ir"], -f["albedo"], 0.0],
        measure=["absolute", "relative", "relative", "relative", "total"],
        increasing={"marker": {"color": PALETTE["series"][1]}}, decreasing={"marker": {"color": PALETTE["ground"]}},
        totals={"marker": {"color": PALETTE["orbit"]}}, connector={"line": {"color": PALETTE["grid"]}},
        text=[sig(f['emitted']), *(f"−{sig(f[k])}" if f[k] else "0" for k in ("solar", "earth_ir", "albedo")),
              sig(net)], textposition="outside", hovertemplate="%{x}: %{y:,.1f} W/m²<extra></extra>"))
    lost = 1 - net / f["emitted"] if f["emitted"] else 0.0
    return _style(fig, f"Each m² of radiator rejects {sig(net)} W net at {temperature_c:g} °C",
                  f"absorbed Sun, Earth IR and albedo take {sig(100 * lost, 2)}% of what it emits; "
                  f"{sig(sat['radiator_area_m2'])} m² reject {si(sat['heat_rejected_w'], 'W')}",
                  yaxis_title="W per m² of radiator", xaxis_title="emitted, absorbed (−) and net flux",
                  height=400)


def mass_breakdown(sat: dict) -> go.Figure:
    parts = sorted(((k.replace("_", " "), v) for k, v in sat["mass_breakdown_kg"].items() if v), key=lambda p: p[1])
    total = sat["mass_kg"]
    heaviest = parts[-1]
    fig = go.Figure(go.Bar(
        y=[p[0] for p in parts], x=[p[1] / 1e3 for p in parts], orientation="h", marker_color=PALETTE["orbit"],
        text=[f"{sig(p[1] / 1e3)} t · {sig(100 * p[1] / total, 2)}%" for p in parts], textposition="outside",
        hovertemplate="%{y}: %{x:,.3f} t<extra></extra>", cliponaxis=False))
    compute = sat["mass_breakdown_kg"].get("compute", 0.0)
    return _style(fig, f"Compute is {sig(100 * compute / total, 2)}% of each {sig(total / 1e3)} t satellite",
                  f"{heaviest[0]} is the heaviest part ({sig(100 * heaviest[1] / total, 2)}%); mass model "
                  f"validated only to ×2 on flown non-compute satellites", height=420, xaxis_title="tonnes",
                  margin={"l": 130, "r": 80})


def area_sketch(sat: dict) -> go.Figure:
    """Array and radiator drawn to scale beside a tennis court."""
    array, radiator = sat["solar_array_area_m2"], sat["radiator_area_m2"]
    court_w, court_h = TENNIS_COURT_M
    boxes = [("solar array", 2.0, array, PALETTE["sun"]), ("radiator", 1.0, radiator, PALETTE["series"][1]),
             ("tennis court", court_w / court_h, court_w * court_h, PALETTE["muted"])]
    fig, x, top = go.Figure(), 0.0, 0.0
    gap = 0.12 * math.sqrt(max(array, radiator, court_w * court_h))
    for name, aspect, area, colour in boxes:
        h = math.sqrt(area / aspect)
        w = area / h
        court = name == "tennis court"
        fig.add_shape(type="rect", x0=x, x1=x + w, y0=0, y1=h, line={"color": colour, "width": 2,
                                                                       "dash": "dash" if court else "solid"},
                      fillcolor=colour, opacity=0.15 if court else 0.5)
        fig.add_annotation(x=x + w / 2, y=h, text=f"<b>{name}</b><br>{sig(area)} m²", showarrow=False,
                           yanchor="bottom", yshift=4)
        x, top = x + w + gap, max(top, h)
    fig.add_scatter(x=[0, x - gap], y=[0, top * 1.3], mode="markers", marker={"opacity": 0}, hoverinfo="skip",
                    showlegend=False)
    courts = array / (court_w * court_h)
    return _style(fig, f"The solar array covers {sig(courts)} tennis courts",
                  f"drawn to scale: array {sig(array)} m², radiator {sig(radiator)} m² (panel area), "
                  f"court {court_w} × {court_h} m", height=400,
                  xaxis={"title": "m", "showgrid": False, "zeroline": False},
                  yaxis={"title": "m", "scaleanchor": "x", "scaleratio": 1, "showgrid": False, "zeroline": False})


# --- orbit ----------------------------------------------------------------------------------

def _sphere_mesh(n: int = 36):
    """Vertices (unit sphere) and triangles of a latitude-longitude mesh."""
    lat = np.linspace(-np.pi / 2, np.pi / 2, n)
    lon = np.linspace(-np.pi, np.pi, 2 * n)
    lon, lat = np.meshgrid(lon, lat)
    xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1).reshape(-1, 3)
    a = (np.arange(n - 1)[:, None] * 2 * n + np.arange(2 * n - 1)[None, :]).ravel()
    i = np.r_[a, a + 1]
    j = np.r_[a + 1, a + 2 * n + 1]
    k = np.r_[a + 2 * n, a + 2 * n]
    return xyz, i, j, k


def _joined(lines) -> tuple[np.ndarray, np.ndarray]:
    """Polylines [[lon, lat], ...] as two float32 arrays with NaN between lines (gaps in one trace)."""
    points = np.concatenate([np.vstack([np.asarray(line, dtype=float), [np.nan, np.nan]]) for line in lines])
    return points[:, 0].astype(np.float32), points[:, 1].astype(np.float32)


def _lonlat_to_xyz(lon_deg, lat_deg, radius: float):
    lon, lat = np.radians(lon_deg), np.radians(lat_deg)
    return radius * np.cos(lat) * np.cos(lon), radius * np.cos(lat) * np.sin(lon), radius * np.sin(lat)


def globe(sample, max_paths: int = 24) -> go.Figure:
    """Earth (day and night from the Sun at epoch, coastlines) with the sampled satellites, Earth-fixed.

    A triangle mesh, not a ``surface``: software WebGL (headless browsers, VMs) draws it in a
    fraction of the time.
    """
    from orbitaldc.report.sky import to_fixed

    sun = to_fixed(sample.sun_km[:1], sample.t0, sample.t_s[:1])[0]
    sun = sun / np.linalg.norm(sun)
    xyz, i, j, k = _sphere_mesh()
    light = np.clip(xyz @ sun, -0.3, 1.0)
    fig = go.Figure(go.Mesh3d(x=R_EARTH_KM * xyz[:, 0], y=R_EARTH_KM * xyz[:, 1], z=R_EARTH_KM * xyz[:, 2], i=i, j=j,
                              k=k, intensity=light, colorscale=[[0, "#0b1324"], [0.25, "#1e3a5f"], [1, "#8fbce6"]],
                              showscale=False, hoverinfo="skip", flatshading=False, name="Earth",
                              lighting={"ambient": 1.0, "diffuse": 0.0, "specular": 0.0}))
    lon, lat = _joined(coastlines())
    cx, cy, cz = _lonlat_to_xyz(lon, lat, R_EARTH_KM * 1.003)
    fig.add_scatter3d(x=cx, y=cy, z=cz, mode="lines", line={"color": "rgba(226, 232, 240, 0.85)", "width": 1.5},
                      hoverinfo="skip", showlegend=False)
    paths = np.unique(np.linspace(0, len(sample.names) - 1, min(max_paths, len(sample.names))).round().astype(int))
    revolution = sample.t_s <= sample.period_s
    tracks = sample.r_fixed_km[paths][:, revolution]
    tracks = np.concatenate([tracks, np.full((len(paths), 1, 3), np.nan)], axis=1).reshape(-1, 3).astype(np.float32)
    fig.add_scatter3d(x=tracks[:, 0], y=tracks[:, 1], z=tracks[:, 2], mode="lines",
                      line={"color": "rgba(37, 99, 235, 0.55)", "width": 2},
                      name=f"one revolution of {len(paths)} satellites", hoverinfo="skip")
    now = sample.r_fixed_km[:, 0]
    for in_shadow, label, colour in ((False, "sunlit", PALETTE["sun"]), (True, "in shadow", "#94a3b8")):
        m = sample.shadow[:, 0] == in_shadow
        fig.add_scatter3d(x=now[m, 0], y=now[m, 1], z=now[m, 2], mode="markers", name=f"{label} ({m.sum():,})",
                          marker={"size": 3.5, "color": colour, "line": {"color": PALETTE["ink"], "width": 0.5}},
                          text=[sample.names[q] for q in np.flatnonzero(m)], hovertemplate="%{text}<extra></extra>")
    reach = 1.12 * float(np.max(np.linalg.norm(now, axis=-1)))
    fig.add_scatter3d(x=[R_EARTH_KM * sun[0], reach * sun[0]], y=[R_EARTH_KM * sun[1], reach * sun[1]],
                      z=[R_EARTH_KM * sun[2], reach * sun[2]], mode="lines",
                      line={"color": PALETTE["sun"], "width": 6}, name="towards the Sun", hoverinfo="skip")
    side = np.cross([0.0, 0.0, 1.0], sun)
    side = side / (np.linalg.norm(side) or 1.0)
    eye = 1.45 * (0.55 * sun + 0.8 * side) + np.array([0.0, 0.0, 0.5])
    axis = {"visible": False, "showbackground": False}
    shown = f"showing {len(sample.names):,} of {sample.total:,} satellites"
    lit = int((~sample.shadow[:, 0]).sum())
    return _style(fig, f"{lit:,} of {len(sample.names):,} shown satellites are sunlit at epoch",
                  f"{shown}; Earth-fixed frame, night side dark; drag to rotate", height=540,
                  scene={"xaxis": axis, "yaxis": axis, "zaxis": axis, "aspectmode": "data",
                         "camera": {"eye": dict(zip("xyz", map(float, eye), strict=True))}},
                  margin={"l": 0, "r": 0})


def _wrap_lon(lat: np.ndarray, lon: np.ndarray, keep: np.ndarray):
    """Arrays for a line trace: NaN where the track jumps across +/-180 deg or leaves ``keep``."""
    lat, lon = lat.astype(float).copy(), lon.astype(float).copy()
    lat[~keep] = np.nan
    jump = np.flatnonzero(np.abs(np.diff(lon)) > 180) + 1
    return np.insert(lat, jump, np.nan), np.insert(lon, jump, np.nan)


def ground_track(sample, stations) -> go.Figure:
    from orbitaldc.report.sky import lat_lon_deg

    fig = go.Figure()
    cx, cy = _joined(coastlines())
    fig.add_scatter(x=cx, y=cy, mode="lines", line={"color": "#cbd5e1", "width": 1}, hoverinfo="skip",
                    showlegend=False)
    lat, lon = lat_lon_deg(sample.r_fixed_km[0])
    shade = sample.shadow[0]
    for in_shadow, label, colour in ((False, "sunlit", PALETTE["sun"]), (True, "in shadow", PALETTE["shadow"])):
        keep = shade == in_shadow
        keep = keep | np.r_[False, keep[:-1]]  # one more point so the two colours join
        if not keep.any():
            continue
        a, b = _wrap_lon(lat, lon, keep)
        fig.add_scatter(x=b, y=a, mode="lines", line={"color": colour, "width": 3}, name=f"{sample.names[0]} {label}",
                        hoverinfo="skip")
    if len(sample.names) > 1:
        all_lat, all_lon = lat_lon_deg(sample.r_fixed_km[:, 0])
        fig.add_scatter(x=all_lon, y=all_lat, mode="markers", name="shown satellites at epoch",
                        marker={"size": 4, "color": PALETTE["orbit"], "opacity": 0.6}, text=sample.names,
                        hovertemplate="%{text}<extra></extra>")
    fig.add_scatter(x=[s.lon_deg if s.lon_deg <= 180 else s.lon_deg - 360 for s in stations],
                    y=[s.lat_deg for s in stations], mode="markers", text=[s.name for s in stations],
                    name="ground stations", hovertemplate="%{text}<extra></extra>",
                    marker={"symbol": "triangle-up", "size": 10, "color": PALETTE["ground"],
                            "line": {"color": "#ffffff", "width": 1}})
    revs = sample.t_s[-1] / sample.period_s
    dark = float(shade.mean())
    title = (f"{sample.names[0]} stays sunlit along its track" if dark == 0 else
             f"{sample.names[0]} spends {sig(100 * dark, 2)}% of its track in shadow")
    return _style(fig, title, f"{sig(revs, 2)} orbits of {sig(sample.period_s / 60)} min from the epoch; "
                  f"{len(stations)} ground stations (hover for names)", height=460,
                  xaxis={"title": "longitude (deg)", "range": [-180, 180], "dtick": 60, "zeroline": False},
                  yaxis={"title": "latitude (deg)", "range": [-90, 90], "dtick": 30, "scaleanchor": "x",
                         "zeroline": False})


def eclipse_heatmap(season, env: dict | None = None) -> go.Figure:
    """The first year's shadow map; the title states the result document's figures (``env``, the
    ``environment`` keys) and the map's own day count beside them, which differ by definition."""
    fig = go.Figure(go.Heatmap(
        x=season.days.astype("datetime64[D]").astype(str), y=season.minutes.astype(np.float32),
        z=np.round(100 * season.shadow_fraction.T).astype(np.uint8), zmin=0, zmax=100,
        colorscale=[[0, "#fef3c7"], [0.02, "#fcd34d"], [0.5, "#64748b"], [1, PALETTE["shadow"]]],
        colorbar={"title": {"text": "orbits in<br>shadow"}, "ticksuffix": " %", "len": 0.8, "thickness": 14},
        hovertemplate="%{x}<br>%{y:.1f} min after the node<br>in shadow on %{z} % of orbits<extra></extra>"))
    n = season.days.size
    env = env or {}
    per_year, longest = env.get("eclipse_days_per_year"), env.get("max_eclipse_min", season.longest_min)
    counted = f"{season.eclipse_days} of the map's {n} days hold a shadow"
    if per_year is not None and (per_year > 0 or season.eclipse_days):
        # eclipse_days_per_year measures the season's length (partial days in part); a column of the
        # map counts whole if any orbit of that day is shadowed, so it can read one or two more.
        title = f"Shadow season of {sig(per_year)} days a year, at most {sig(longest)} min per orbit"
        detail = f"{counted} (a day counts whole if any of its orbits is shadowed)"
    elif season.eclipse_days:
        title, detail = f"Shadow on {season.eclipse_days} of {n} days, at most {sig(longest)} min per orbit", ""
    else:
        title, detail = f"No shadow on any of {n} days", ""
    return _style(fig, title, f"{season.label}: each column is one day, each row a moment of the "
                  f"{sig(season.period_min)}-min orbit counted from the ascending node" + (f"; {detail}" if detail
                                                                                         else ""), height=400,
                  xaxis_title="day", yaxis={"title": "minutes after the ascending node",
                                            "range": [0, season.period_min]})


def beta_plot(beta) -> go.Figure:
    t = beta.times.astype("datetime64[ms]").astype(str)
    fig = go.Figure()
    lim = beta.limit_deg
    fig.add_hrect(y0=-lim, y1=lim, fillcolor=PALETTE["shadow"], opacity=0.08, line_width=0)
    fig.add_scatter(x=t, y=beta.beta_deg, name="β (deg)", line={"color": PALETTE["orbit"], "width": 2.5})
    fig.add_scatter(x=t, y=beta.eclipse_min, name="shadow per orbit (min, right)", yaxis="y2",
                    line={"color": PALETTE["shadow"], "width": 1.5, "dash": "dot"})
    lo, hi = float(beta.beta_deg.min()), float(beta.beta_deg.max())
    top = max(5.0, float(np.ceil(beta.eclipse_min.max() * 1.25 / 5) * 5))
    return _style(fig, f"β stays between {sig(lo)}° and {sig(hi)}° over the first year",
                  f"grey band |β| < {sig(lim)}°: the orbit crosses Earth's shadow; "
                  f"up to {sig(beta.eclipse_min.max())} min of shadow per orbit", height=400,
                  yaxis={"title": "beta angle (deg)", "range": [-90, 90], "dtick": 30},
                  yaxis2={"title": "shadow per orbit (min)", "overlaying": "y", "side": "right",
                          "range": [0, top], "tickmode": "linear", "tick0": 0, "dtick": 5 if top <= 40 else 10,
                          "showgrid": False}, margin={"r": 60})


def contacts_gantt(passes, stations, satellite: str) -> go.Figure:
    names = [s.name for s in stations]
    fig = go.Figure()
    minutes = 0.0
    if len(passes):
        start = passes["rise"].to_numpy().astype("datetime64[ms]")
        ms = ((passes["set"] - passes["rise"]).dt.total_seconds() * 1e3).to_numpy()
        minutes = float(ms.sum() / 60e3)
        fig.add_bar(y=passes["station"], x=ms, base=start.astype(str), orientation="h", name="pass",
                    marker_color=PALETTE["orbit"], customdata=np.c_[ms / 60e3, passes["max_elevation_deg"]],
                    hovertemplate="%{y}<br>%{base}<br>%{customdata[0]:.1f} min, max elevation "
                                  "%{customdata[1]:.0f}°<extra></extra>")
    seen = passes["station"].nunique() if len(passes) else 0
    detail = f"{len(passes)} passes over {seen} of {len(names)} stations in the first 24 h (summed over stations)"
    return _style(fig, f"{satellite} is in view of a station for {sig(minutes)} min on its first day", detail,
                  height=max(300, 100 + 26 * len(names)), xaxis={"type": "date", "title": "UTC"},
                  yaxis={"categoryorder": "array", "categoryarray": names[::-1], "automargin": True},
                  margin={"l": 150})


# --- launch ---------------------------------------------------------------------------------

def launch_ramp(launch: dict, fleet: dict, it_per_satellite_w: float) -> go.Figure:
    """Installed IT power over the deployment: the plan's schedule, else an even cadence."""
    schedule = launch.get("schedule")
    if schedule:
        # Schedule rows are year buckets (the last one partly used): the full fleet is up at the
        # document's deployment_years, not at the end of the last bucket.
        end = launch.get("deployment_years")
        years = [0.0] + [float(s["year"]) if end is None else min(float(s["year"]), float(end)) for s in schedule]
        mw = [0.0] + [float(s["installed_it_power_w"]) / 1e6 for s in schedule]
        basis = "from the launch schedule"
    else:
        n = int(launch["launches"])
        per = launch["satellites_per_launch"] * launch.get("success_rate", 1.0)
        years = [launch["deployment_years"] * k / n for k in range(n + 1)]
        mw = [min(fleet["satellites"], per * k) * it_per_satellite_w / 1e6 for k in range(n + 1)]
        basis = "even cadence over the deployment, expected failures replaced"
    fig = go.Figure(go.Scatter(x=years, y=mw, mode="lines", line={"shape": "hv", "color": PALETTE["orbit"], "width": 3},
                               fill="tozeroy", fillcolor="rgba(37, 99, 235, 0.12)", name="installed IT",
                               hovertemplate="year %{x:.2f}: %{y:,.2f} MW<extra></extra>"))
    done = launch.get("deployment_years")
    done = years[-1] if done is None else done
    return _style(fig, f"The full {si(fleet['it_power_w'], 'W')} is in orbit after {sig(done)} years",
                  f"{launch['launches']:,} {launch['vehicle']} launches; {basis}", height=360,
                  xaxis_title="years after the first launch", yaxis_title="installed IT (MW)")
