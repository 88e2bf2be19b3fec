"""The sweep page (report.sweep_page) through `orbitaldc sweep|optimize|sensitivity --report`: one
offline file with plotly.js embedded once, and traces that carry exactly the numbers the store and the
commands' JSON answers hold (read independently through `orbitaldc query` and `--json`)."""

import base64
import json
import math
import re

import numpy as np
import pytest
import yaml
from test_cli_errors import orbitaldc
from test_sweep import BASE

from orbitaldc.report.sweep_page import render_sweep_page

AXES = [
    {"path": "constellation.orbit.altitude_km", "name": "altitude_km", "kind": "design", "values": [550, 650]},
    {"path": "satellite.compute.accelerators", "name": "accelerators", "kind": "design", "range": [32, 128],
     "steps": 2},
    {"path": "launch.usd_per_kg", "name": "launch_usd_per_kg", "kind": "assumption", "range": [10, 2000],
     "steps": 3, "scale": "log"},
]
OUTPUTS = ["economics_orbital_usd_per_gpu_hour", "economics_terrestrial_usd_per_gpu_hour", "design_fleet_mass_kg"]


def typed_arrays(obj: dict):
    """Plotly >= 6 writes numpy arrays as base64 typed arrays ({dtype, bdata[, shape]}): back to lists."""
    if set(obj) >= {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"]).tolist()
    return obj


def figures(page: str) -> dict:
    """{plot name: (traces, layout)} of every Plotly.newPlot call outside the embedded library."""
    from plotly.offline import get_plotlyjs

    decoder = json.JSONDecoder(object_hook=typed_arrays)
    rest = page.replace(get_plotlyjs(), "")
    out = {}
    for match in re.finditer(r"Plotly\.newPlot\(\s*", rest):
        div, end = decoder.raw_decode(rest, match.end())
        traces, end = decoder.raw_decode(rest, re.compile(r"\s*,\s*").match(rest, end).end())
        layout, _ = decoder.raw_decode(rest, re.compile(r"\s*,\s*").match(rest, end).end())
        out[div.removeprefix("plot-")] = (traces, layout)
    return out


def assert_offline(page: str) -> None:
    from plotly.offline import get_plotlyjs

    assert page.count(get_plotlyjs()) == 1  # embedded once, as in the main report
    rest = page.replace(get_plotlyjs(), "")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", rest)


@pytest.fixture(scope="module")
def sweep_file(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sweep-report")
    doc = {"name": "report-test", "base": str(BASE), "method": "grid", "axes": AXES,
           "optimize": {"objectives": [{"column": "economics_orbital_usd_per_gpu_hour", "sense": "min"},
                                       {"column": "design_fleet_mass_kg", "sense": "min"}],
                        "population": 8, "generations": 2},
           "sensitivity": {"n": 16, "max_n": 16, "ci_width": 1.0}}
    path = tmp / "s.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_sweep_report_draws_every_priced_row_on_every_axis(sweep_file, tmp_path):
    store, page_path = tmp_path / "s.duckdb", tmp_path / "pages" / "sweep.html"
    code, out, err = orbitaldc("sweep", str(sweep_file), "--store", str(store), "--report", str(page_path))
    assert code == 0, err
    assert f"report: {page_path}" in out
    page = page_path.read_text(encoding="utf-8")
    assert_offline(page)
    code, out, _ = orbitaldc("query", str(store), "SELECT axis_altitude_km, axis_accelerators, axis_launch_usd_per_kg, "
                             + ", ".join(OUTPUTS) + " FROM results WHERE economics_orbital_usd_per_gpu_hour IS NOT "
                             "NULL ORDER BY scenario_hash", "--json")
    rows = json.loads(out)
    assert len(rows) == 2 * 2 * 3  # the grid, all priced here
    (trace,), _ = figures(page)["parcoords"]
    assert trace["type"] == "parcoords"
    dims = {d["label"]: d for d in trace["dimensions"]}
    assert len(dims) == len(AXES) + 4  # three axes, two prices, their ratio, fleet mass
    assert all(len(d["values"]) == len(rows) for d in dims.values())
    assert dims["altitude_km (design)"]["values"] == [r["axis_altitude_km"] for r in rows]
    # 10..2000 $/kg spans more than two decades: drawn as log10, ticks labelled in $/kg
    launch = dims["launch_usd_per_kg (assumption) (log)"]
    assert launch["values"] == pytest.approx([math.log10(r["axis_launch_usd_per_kg"]) for r in rows])
    assert launch["ticktext"] == ["10", "100", "1000", "10000"]
    ratio = [r["economics_orbital_usd_per_gpu_hour"] / r["economics_terrestrial_usd_per_gpu_hour"] for r in rows]
    assert dims["orbit / ground"]["values"] == pytest.approx(ratio, rel=1e-12)
    assert dims["fleet mass, kg"]["values"] == pytest.approx([r["design_fleet_mass_kg"] for r in rows], rel=1e-12)

    # A store larger than the cap is sampled: the rows with the smallest content hashes.
    (trace,), layout = figures(render_sweep_page("t", store=store, max_rows=5))["parcoords"]
    dims = {d["label"]: d for d in trace["dimensions"]}
    assert dims["accelerators (design)"]["values"] == [r["axis_accelerators"] for r in rows[:5]]
    assert "5 of 12 priced scenarios (sampled by scenario_hash)" in json.dumps(layout)


def test_optimize_report_scatters_the_front(sweep_file, tmp_path):
    page_path = tmp_path / "front.html"
    code, out, err = orbitaldc("optimize", str(sweep_file), "--json", "--report", str(page_path))
    assert code == 0, err
    front = json.loads(out)  # --json keeps stdout pure JSON
    page = page_path.read_text(encoding="utf-8")
    assert_offline(page)
    (trace,), layout = figures(page)["pareto"]
    assert trace["type"] == "scatter" and trace["mode"] == "markers"
    assert len(trace["x"]) == len(front["front"]) >= 1
    assert trace["x"] == pytest.approx([p["economics_orbital_usd_per_gpu_hour"] for p in front["front"]])
    assert trace["y"] == pytest.approx([p["design_fleet_mass_kg"] for p in front["front"]])
    assert layout["xaxis"]["title"]["text"] == "economics_orbital_usd_per_gpu_hour"


def test_sensitivity_report_bars_with_intervals(sweep_file, tmp_path):
    page_path = tmp_path / "sobol.html"
    code, out, err = orbitaldc("sensitivity", str(sweep_file), "--json", "--report", str(page_path))
    assert code == 0, err
    result = json.loads(out)
    page = page_path.read_text(encoding="utf-8")
    assert_offline(page)
    traces, _ = figures(page)["sobol"]
    assert [t["type"] for t in traces] == ["bar", "bar"]
    rows = sorted(result["indices"], key=lambda r: -r["ST"])
    for trace, key in zip(traces, ("S1", "ST"), strict=True):
        assert len(trace["x"]) == len(AXES)
        assert trace["x"][0].startswith(rows[0]["input"].removeprefix("axis_"))
        assert trace["y"] == pytest.approx([r[key] for r in rows])
        err_y = trace["error_y"]
        assert err_y["array"] == pytest.approx([r[f"{key}_high"] - r[key] for r in rows])
        assert err_y["arrayminus"] == pytest.approx([r[key] - r[f"{key}_low"] for r in rows])
    assert result["statement"] in page.replace("&#x27;", "'")


def test_report_must_be_html_before_any_work(sweep_file, tmp_path):
    store = tmp_path / "s.duckdb"
    code, out, err = orbitaldc("sweep", str(sweep_file), "--store", str(store), "--report", str(tmp_path / "p.txt"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: --report: p.txt: give an .html file"), err
    assert not store.exists()
