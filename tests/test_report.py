"""The HTML report: sections from the result, economics charts on the documented keys, bad input.

The economics charts are exercised on ``ECONOMICS_FIXTURE``, a hand-made dict with exactly the
keys the economics stage documents (a test fixture, not model output), so they are tested
whether or not a scenario's run prices anything.
"""

import copy
import json
import re

import pytest
from conftest import EXAMPLES

from orbitaldc import load_scenario, run
from orbitaldc.report import econ_plots, html, write_outputs

SITE_FIXTURE = {"capex_usd": 4.0e8, "opex_usd_per_year": 5.0e7, "tco_usd": 6.0e8, "usd_per_gpu_hour": 2.5,
                "usd_per_kwh_it": 3.5, "usd_per_million_tokens": 0.4,
                "capex_breakdown_usd": {"compute": 3.0e8, "facility": 1.0e8},
                "opex_breakdown_usd_per_year": {"electricity": 3.0e7, "maintenance": 2.0e7}}
ECONOMICS_FIXTURE = {  # test fixture: the documented economics keys with made-up numbers
    "feasible": True,
    "site": "test-site",
    "orbital": {"capex_usd": 3.0e9, "opex_usd_per_year": 1.0e8, "tco_usd": 3.3e9, "usd_per_gpu_hour": 20.0,
                "usd_per_kwh_it": 28.0, "usd_per_million_tokens": 3.0,
                "capex_breakdown_usd": {"satellite_bus": 1.5e9, "launch": 8.0e8, "compute": 4.0e8, "nre": 3.0e8,
                                        "spectrum": 0.0},
                "opex_breakdown_usd_per_year": {"operations": 4.0e7, "replacements": 6.0e7}},
    "terrestrial": SITE_FIXTURE,
    "sites": {"test-site": SITE_FIXTURE, "cold-site": {**SITE_FIXTURE, "usd_per_gpu_hour": 2.1}},
    "breakeven_launch_usd_per_kg": 35.0,
    "breakeven_bus_usd_per_w": None,
    "breakeven_surface": {"launch_usd_per_kg": [10.0, 100.0, 1000.0], "bus_usd_per_w": [1.0, 10.0],
                          "orbital_minus_terrestrial_usd_per_gpu_hour": [[-1.0, 2.0, 9.0], [3.0, 6.0, 14.0]]},
    "uncertainty": {"samples": 1000, "p10": 15.0, "p50": 20.0, "p90": 27.0, "probability_orbit_wins": 0.02,
                    "histogram": {"edges": [10.0, 15.0, 20.0, 25.0, 30.0], "counts": [100, 400, 400, 100]}},
    "tornado": [{"input": "bus_usd_per_kg", "low": 800.0, "high": 6000.0, "usd_per_gpu_hour_low": 15.0,
                 "usd_per_gpu_hour_high": 40.0},
                {"input": "pue", "low": 1.1, "high": 1.4, "usd_per_gpu_hour_low": 19.9,
                 "usd_per_gpu_hour_high": 20.1}],
    "assumptions": [{"input": "wacc", "value": 0.076, "unit": "fraction/yr", "source": "test fixture"}],
}


@pytest.fixture(scope="module")
def suncatcher():
    """The Suncatcher example without the numerical timeline (the report samples the orbit itself)."""
    return run(load_scenario(EXAMPLES / "tpu-cluster-81.yaml"), timeline=False)


def _with_economics(result, economics) -> dict:
    doc = result.document()
    doc["economics"] = copy.deepcopy(economics)
    return doc


def _keys(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-key="([^"]+)" data-value="([^"]*)"', page))


def test_economics_charts_on_the_documented_keys():
    figures = {
        "waterfall": econ_plots.cost_waterfall(ECONOMICS_FIXTURE, 5.0),
        "tornado": econ_plots.tornado(ECONOMICS_FIXTURE),
        "histogram": econ_plots.mc_histogram(ECONOMICS_FIXTURE),
        "surface": econ_plots.breakeven_surface(ECONOMICS_FIXTURE),
        "sites": econ_plots.sites_bar(ECONOMICS_FIXTURE),
    }
    for name, fig in figures.items():
        assert fig.data, name
        assert fig.layout.title.text, name
    waterfall = figures["waterfall"].data[0]
    # Capex items (zero ones left out), five years of each opex item, the present-value step, the total.
    assert "spectrum" not in waterfall.x
    assert sum(waterfall.y[:-1]) == pytest.approx(ECONOMICS_FIXTURE["orbital"]["tco_usd"])
    assert waterfall.x[-1] == "orbital TCO"
    assert "bus price" in figures["tornado"].layout.title.text  # the widest bar names the finding
    assert "2%" in figures["histogram"].layout.title.text
    assert "17%" in figures["surface"].layout.title.text  # 1 of 6 grid points below zero
    assert "2 of 2 terrestrial sites" in figures["sites"].layout.title.text


def test_verdict_prices_equal_the_document(suncatcher):
    doc = _with_economics(suncatcher, ECONOMICS_FIXTURE)
    page = html.render(suncatcher, doc)
    keys = _keys(page)
    for key in ("economics.orbital.usd_per_gpu_hour", "economics.terrestrial.usd_per_gpu_hour",
                "economics.orbital.usd_per_kwh_it", "economics.terrestrial.usd_per_kwh_it",
                "economics.breakeven_launch_usd_per_kg", "design.fleet.it_power_w"):
        value = doc
        for part in key.split("."):
            value = value[part]
        assert json.loads(keys[key]) == value, key
    assert page.index('id="verdict"') < page.index("id='satellite'") < page.index("id='orbit'")
    for plot in ("cost-waterfall", "tornado", "monte-carlo", "breakeven", "sites", "launch-ramp"):
        assert f'data-plot="{plot}"' in page
    assert "test fixture" in page  # economics assumptions reach the table


def test_report_is_offline_and_embeds_plotly_once(suncatcher):
    from plotly.offline import get_plotlyjs

    page = html.render(suncatcher)
    library = get_plotlyjs()
    assert page.count(library) == 1  # embedded once, not per figure
    rest = page.replace(library, "")
    assert rest.count("Plotly.newPlot") >= 8
    # Nothing outside the library points at the network (the browser test also watches requests).
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", rest)
    # Economics did not run here (timeline=False keeps the economics the scenario asks for, so check
    # only that a missing stage leaves no section behind).
    doc = suncatcher.document()
    doc.pop("economics", None)
    doc.pop("launch", None)
    bare = html.render(suncatcher, doc)
    assert "id='economics'" not in bare and "id='launch'" not in bare
    assert "economics.orbital" not in bare and "No prices" in bare


def test_assumptions_list_every_input_with_its_source(suncatcher):
    from orbitaldc.report.assumptions import assumption_rows, catalog_entries

    rows = assumption_rows(suncatcher, suncatcher.document())
    inputs = {r["input"] for r in rows}
    assert {"satellite.thermal.temperature_c", "constellation.orbit.altitude_km", "launch.usd_per_kg"} <= inputs
    assert ("accelerators", "tpu-v6e") in catalog_entries(suncatcher.scenario)
    assert any(r["group"] == "catalog accelerators" and r["input"].startswith("tpu-v6e.") for r in rows)
    assert all(r["source"] for r in rows)
    given = {r["input"]: r for r in rows if r["group"] == "scenario"}
    assert given["satellite.thermal.temperature_c"]["kind"] == "scenario"
    assert given["satellite.thermal.emissivity"]["kind"] == "default"


def test_infeasible_design_shows_why_and_no_prices(tmp_path, suncatcher_text):
    text = suncatcher_text.replace("temperature_c: 60", "temperature_c: -120").replace(
        "sun_incidence: edge_on", "sun_incidence: sun_facing")
    path = tmp_path / "cold.yaml"
    path.write_text(text)
    result = run(load_scenario(path), timeline=False)
    assert not result.feasible
    doc = result.document()
    # Even if an economics result were present, an infeasible design is not priced on the page.
    doc["economics"] = {**copy.deepcopy(ECONOMICS_FIXTURE), "feasible": False, "problems": ["design infeasible"]}
    page = html.render(result, doc)
    assert 'data-key="feasible" data-value="false"' in page
    for problem in doc["problems"]:
        assert html._esc(problem) in page
    assert "economics.orbital" not in page and "id='economics'" not in page
    assert "$/GPU-hour" not in page.split("id='satellite'")[0]
    assert "infeasible: " in page and "physically feasible" not in page


def test_huge_constellation_is_sampled_and_stated(tmp_path):
    result = run(load_scenario(EXAMPLES / "gigawatt.yaml"), timeline=False)
    total = result.design.satellites
    assert total > 5000
    paths = write_outputs(result, tmp_path)
    page = paths["report"].read_text()
    assert f"showing {html.MAX_GLOBE_SATELLITES} of {total:,} satellites" in page
    assert paths["report"].stat().st_size < 20e6
    assert paths["czml"].stat().st_size < 20e6


def test_cli_writes_three_files_and_prints_the_report_path(tmp_path):
    from test_cli_errors import orbitaldc

    out = tmp_path / "out"
    proc = orbitaldc("run", str(EXAMPLES / "starcloud-1.yaml"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert f"report: {out / 'report.html'}" in proc.stdout
    for name in ("report.html", "result.json", "scenario.czml"):
        assert (out / name).stat().st_size > 0
    assert json.loads((out / "result.json").read_text())["scenario"] == "starcloud-1"


def test_cli_report_that_cannot_be_written_is_one_line(tmp_path):
    from test_cli_errors import orbitaldc

    out = tmp_path / "out"
    (out / "report.html").mkdir(parents=True)  # a directory where the report should go
    proc = orbitaldc("run", str(EXAMPLES / "starcloud-1.yaml"), "--out", str(out))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --out: cannot write"), proc.stderr


def test_cli_unwritable_output_directory(tmp_path):
    from test_cli_errors import orbitaldc

    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = orbitaldc("run", str(EXAMPLES / "starcloud-1.yaml"), "--out", str(blocker / "sub"))
    assert proc.returncode == 2 and proc.stderr.startswith("error: --out: cannot write")


def test_report_has_an_operations_section_for_a_workload():
    from orbitaldc import parse_scenario, yaml_safe

    doc = yaml_safe.load((EXAMPLES / "h100-1mw-inference.yaml").read_text())
    doc["workload"]["inference"]["synthetic"] = {"requests_per_s": 20, "hours": 0.25}
    result = run(parse_scenario(doc), timeline=False)
    page = html.render(result)
    ops = result.document()["operations"]
    assert "id='operations'" in page and "operations-timeline" in page
    assert f"{ops['orbital']['requests_served']:,} / {ops['orbital']['requests_dropped']:,}" in page
    assert sum(ops["series"]["requests"]) == ops["requests"]  # every request falls in one bin
