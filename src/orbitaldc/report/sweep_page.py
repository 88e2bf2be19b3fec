"""The sweep page: one self-contained, offline HTML file (plotly.js embedded once, as in the main
report, ``report.html``) that shows a sweep's store, an ``optimize`` front or a ``sensitivity`` answer.

- Store: a parallel-coordinates plot (plotly ``parcoords``) of every axis value and the main outputs
  (orbital and terrestrial $/GPU-hour, their ratio, fleet mass in kg) over the priced rows. A browser
  draws ~20,000 lines smoothly, so a larger store is sampled: the rows with the smallest
  ``scenario_hash`` (a content hash, so a uniform, reproducible sample that does not depend on shard
  order). The page says how many rows it shows, and how many are infeasible or failed (they have no
  price, so they have no line).
- Front: a scatter of the Pareto front over the first two objectives (a third, when given, colours the
  points); every point's design axis values are in its hover text.
- Sensitivity: Sobol' S1 and ST bars per axis with their 95 % bootstrap intervals as error bars (the
  interval ``[S - conf, S + conf]`` of ``sweep.sensitivity``, SALib's ``S1_conf``/``ST_conf``).

Parallel coordinates after Inselberg (1985, The Visual Computer 1(2)); plotly's ``parcoords`` trace
(https://plotly.com/python/parallel-coordinates-plot/) has linear axes only, so a positive dimension
spanning more than two decades is drawn as log10 with decade ticks, and a text dimension (accelerator,
vehicle, site) as codes labelled with its values.
"""

from __future__ import annotations

import html
import math
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from orbitaldc.errors import ScenarioError

MAX_ROWS = 20_000  # lines a browser's parcoords (WebGL) draws without stalling
ORBITAL = "economics_orbital_usd_per_gpu_hour"
TERRESTRIAL = "economics_terrestrial_usd_per_gpu_hour"
RATIO = "orbit_ground_ratio"  # computed here: ORBITAL / TERRESTRIAL, not a stored column
OUTPUTS = ((ORBITAL, "orbital $/GPU-h"), (TERRESTRIAL, "terrestrial $/GPU-h"), (RATIO, "orbit / ground"),
           ("design_fleet_mass_kg", "fleet mass, kg"))
TEXT_TYPES = ("VARCHAR", "BOOLEAN")


def _esc(value) -> str:
    return html.escape(str(value))


def store_sample(store: Path, max_rows: int = MAX_ROWS) -> dict:
    """The store's axes and main outputs over at most ``max_rows`` priced rows.

    Returns {axes: [{column, kind, path}], columns: {name: array}, text: {name: bool}, rows, priced,
    infeasible, failed, shown}."""
    from orbitaldc.sweep.store import query

    store = Path(store)
    types = dict(query(store, "SELECT column_name, data_type FROM information_schema.columns "
                              "WHERE table_name = 'results'")[1])
    _, tables = query(store, "SELECT table_name FROM information_schema.tables WHERE table_name = 'sweep_axes'")
    if tables:
        axes = [{"path": p, "column": c, "kind": k}
                for p, c, k in query(store, "SELECT path, column_name, kind FROM sweep_axes")[1]]
    else:  # a store written before sweep_axes existed: the axis_ columns, kind unknown
        axes = [{"path": c[5:], "column": c, "kind": "axis"} for c in types if c.startswith("axis_")]
    axes = [a for a in axes if a["column"] in types]
    if not axes or ORBITAL not in types or TERRESTRIAL not in types:
        raise ScenarioError(str(store), "no sweep results with prices to draw (run `orbitaldc sweep` into it first)")
    stored = [c for c, _ in OUTPUTS if c in types]
    count = (f"count(*), count(*) FILTER (WHERE {ORBITAL} IS NOT NULL AND {TERRESTRIAL} IS NOT NULL), "
             "count(*) FILTER (WHERE NOT coalesce(feasible, false)), "
             "count(*) FILTER (WHERE coalesce(error, '') <> '') FROM results")
    rows, priced, infeasible, failed = query(store, "SELECT " + count)[1][0]
    names = [a["column"] for a in axes] + stored
    select = ", ".join(f'"{n}"' for n in names)
    # Smallest content hashes: a uniform sample, the same whatever order the shards were written in.
    _, values = query(store, f"SELECT {select} FROM results WHERE {ORBITAL} IS NOT NULL AND {TERRESTRIAL} IS NOT "
                             f"NULL ORDER BY scenario_hash LIMIT {int(max_rows)}")
    text = {n: types[n] in TEXT_TYPES for n in names}
    columns = {}
    for j, name in enumerate(names):
        raw = [row[j] for row in values]
        columns[name] = (np.array(["" if v is None else str(v) for v in raw], dtype=object) if text[name]
                         else np.array([math.nan if v is None else float(v) for v in raw], dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        columns[RATIO] = columns[ORBITAL] / columns[TERRESTRIAL]
    text[RATIO] = False
    return {"axes": axes, "columns": columns, "text": text, "rows": int(rows), "priced": int(priced),
            "infeasible": int(infeasible), "failed": int(failed), "shown": len(values)}


def _dimension(label: str, values: np.ndarray, text: bool) -> dict:
    """One parcoords dimension: codes with labels for text, log10 with decade ticks for a wide positive range."""
    if text:
        labels = sorted(set(values.tolist()))
        codes = {v: i for i, v in enumerate(labels)}
        return {"label": label, "values": [codes[v] for v in values], "tickvals": list(range(len(labels))),
                "ticktext": labels}
    finite = values[np.isfinite(values)]
    if finite.size and finite.min() > 0 and finite.max() / finite.min() > 100:
        lo, hi = math.floor(np.log10(finite.min())), math.ceil(np.log10(finite.max()))
        ticks = list(range(lo, hi + 1))
        return {"label": f"{label} (log)", "values": np.log10(values), "tickvals": ticks,
                "ticktext": [f"{10.0 ** t:g}" for t in ticks]}
    return {"label": label, "values": values}


def parcoords_figure(sample: dict):
    import plotly.graph_objects as go

    from orbitaldc.report.plots import _style

    cols, text = sample["columns"], sample["text"]
    dims = [_dimension(f"{a['column'].removeprefix('axis_')} ({a['kind']})", cols[a["column"]], text[a["column"]])
            for a in sample["axes"]]
    dims += [_dimension(label, cols[c], text[c]) for c, label in OUTPUTS if c in cols]
    ratio = cols[RATIO]
    fig = go.Figure(go.Parcoords(
        dimensions=dims,
        line={"color": ratio, "colorscale": "RdYlBu_r", "showscale": True,
              "colorbar": {"title": {"text": "orbit / ground"}}}))
    shown = (f"{sample['shown']:,} of {sample['priced']:,} priced scenarios"
             + (" (sampled by scenario_hash)" if sample["shown"] < sample["priced"] else ""))
    # room above for the title and the axis labels, on the left for the first axis's label
    return _style(fig, "Every scenario of the sweep, one line each", f"{shown}; colour: orbital over terrestrial "
                  "$/GPU-hour. Drag along an axis to filter.", height=540,
                  margin={"l": 130, "r": 40, "t": 120, "b": 40})


def pareto_figure(front: dict):
    import plotly.graph_objects as go

    from orbitaldc.report.plots import PALETTE, _style

    objectives = [o["column"] for o in front["objectives"]]
    points = front["front"]
    hover = ["<br>".join(f"{k}: {p[k]:.4g}" if isinstance(p[k], float) else f"{k}: {p[k]}"
                         for k in front["design_axes"] + objectives) for p in points]
    if len(objectives) >= 2:
        x, y = objectives[0], objectives[1]
        xs = [p[x] for p in points]
    else:  # one objective: its best values against the first design axis
        x, y = front["design_axes"][0], objectives[0]
        xs = [p[x] for p in points]
    marker = {"size": 9, "color": PALETTE["orbit"], "line": {"width": 0.5, "color": "#fff"}}
    if len(objectives) >= 3:
        marker.update(color=[p[objectives[2]] for p in points], colorscale="Viridis", showscale=True,
                      colorbar={"title": {"text": objectives[2]}})
    fig = go.Figure(go.Scatter(x=xs, y=[p[y] for p in points], mode="markers", marker=marker, text=hover,
                               hovertemplate="%{text}<extra></extra>", name="Pareto front"))
    fig.update_xaxes(title_text=x)
    fig.update_yaxes(title_text=y)
    senses = ", ".join(f"{o['sense']} {o['column']}" for o in front["objectives"])
    return _style(fig, f"Pareto front: {len(points):,} designs", f"NSGA-II over {', '.join(front['design_axes'])}; "
                  f"{senses}; judged by the {front['judged_by']}", height=460)


def sobol_figure(result: dict):
    import plotly.graph_objects as go

    from orbitaldc.report.plots import PALETTE, _style

    rows = sorted(result["indices"], key=lambda r: -r["ST"])
    names = [r["input"].removeprefix("axis_") + (f" ({r['kind']})" if r.get("kind") else "") for r in rows]
    fig = go.Figure()
    for key, label, colour in (("S1", "first order S1", PALETTE["orbit"]), ("ST", "total ST", PALETTE["ground"])):
        value = np.array([r[key] for r in rows])
        fig.add_trace(go.Bar(x=names, y=value, name=label, marker_color=colour, error_y={
            "type": "data", "symmetric": False, "array": np.array([r[f"{key}_high"] for r in rows]) - value,
            "arrayminus": value - np.array([r[f"{key}_low"] for r in rows]), "thickness": 1.2}))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="share of the output's variance")
    return _style(fig, f"Which inputs move {result['output']}", f"Sobol' indices with 95 % bootstrap intervals; "
                  f"N = {result['N']:,} ({result['model_runs']:,} model runs)", height=440)


def _axes_table(axes: list[dict]) -> str:
    body = "".join(f"<tr><td>{_esc(a['column'])}</td><td>{_esc(a['path'])}</td><td>{_esc(a['kind'])}</td></tr>"
                   for a in axes)
    return (f"<div class='scroll'><table id='axes-table'><thead><tr><th>column</th><th>scenario field</th>"
            f"<th>kind</th></tr></thead><tbody>{body}</tbody></table></div>")


def render_sweep_page(name: str, *, store: Path | None = None, front: dict | None = None,
                      sensitivity: dict | None = None, max_rows: int = MAX_ROWS) -> str:
    """The page as one HTML string (about 5 MB: plotly.js is embedded) with a section for each
    of ``store``, ``front`` (``sweep_optimize``'s answer) and ``sensitivity`` (``sweep_sensitivity``'s)."""
    from plotly.offline import get_plotlyjs

    from orbitaldc import __version__
    from orbitaldc.report.html import CSS, _figure
    from orbitaldc.report.plots import FONT, PALETTE

    sections = []
    if store is not None:
        sample = store_sample(Path(store), max_rows)
        note = (f"{sample['rows']:,} scenarios stored: {sample['priced']:,} priced, {sample['infeasible']:,} "
                f"infeasible ({sample['failed']:,} of them failed with an error); infeasible designs have no price "
                f"and no line.")
        sections.append(f"<section id='store'><h2>Sweep</h2><p class='lead'>{_esc(note)}</p>"
                        f"<p class='note' data-key='shown'>{sample['shown']:,} lines shown of {sample['priced']:,}"
                        f"</p>{_figure(parcoords_figure(sample), 'parcoords', wide=True)}"
                        f"{_axes_table(sample['axes'])}</section>")
    if front is not None:
        if front["front"]:
            body = _figure(pareto_figure(front), "pareto", wide=True)
        else:
            body = "<p class='lead'>No feasible design was found: the front is empty.</p>"
        sections.append(f"<section id='pareto'><h2>Pareto front</h2><p class='lead'>{front['evaluations']:,} "
                        f"scenarios evaluated (population {front['population']}, {front['generations']} "
                        f"generations); assumption axes: {_esc(', '.join(front['assumption_axes']) or 'none')}.</p>"
                        f"{body}</section>")
    if sensitivity is not None:
        sections.append(f"<section id='sensitivity'><h2>Sensitivity</h2><p class='lead'>"
                        f"{_esc(sensitivity['statement'])}</p>{_figure(sobol_figure(sensitivity), 'sobol', wide=True)}"
                        f"</section>")
    css = CSS % {**{k: v for k, v in PALETTE.items() if isinstance(v, str)}, "font": FONT}
    titles = {"store": "Sweep", "pareto": "Pareto front", "sensitivity": "Sensitivity"}
    body = "".join(sections)
    nav = "".join(f'<a href="#{k}">{v}</a>' for k, v in titles.items() if f"id='{k}'" in body)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(name)} — orbitaldc sweep</title>
<style>{css}</style>
<script>{get_plotlyjs()}</script>
</head><body>
<header class="top"><h1>{_esc(name)}</h1><nav>{nav}</nav></header>
<main>
{body}
<footer>orbitaldc {__version__} · {stamp} · docs/sweeps.md describes the sweep, optimize and sensitivity</footer>
</main></body></html>
"""


def check_page_path(path: Path) -> Path:
    """``path`` if it names an .html file (checked before a sweep runs, so a typo costs nothing)."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ScenarioError("--report", f"{path.name}: give an .html file")
    return path


def write_sweep_page(path: Path, name: str, **parts) -> Path:
    """Write ``render_sweep_page(name, **parts)`` to ``path`` (its folder made) and return it."""
    path = check_page_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_sweep_page(name, **parts), encoding="utf-8")
    return path
