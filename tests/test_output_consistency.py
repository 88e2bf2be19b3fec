"""The printed output says the result document's numbers, by one rounding rule (issue 15, item 7).

The text of `orbitaldc run` and the HTML report are compared with the document of the same run;
small values keep their digits; terminal output fits 80 columns.
"""

import json
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES

from orbitaldc import load_scenario, run
from orbitaldc.cli.common import fmt
from orbitaldc.report import econ_plots, html, numbers
from orbitaldc.report.assumptions import assumption_rows

ROOT = EXAMPLES.parent.parent


def cli(capsys, monkeypatch, *args) -> str:
    from orbitaldc.cli import main

    monkeypatch.setattr(sys, "argv", ["orbitaldc", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    out = capsys.readouterr().out
    assert exit_.value.code == 0, out
    return " ".join(out.split())  # rich wraps long lines at 80 columns: compare words, not lines


def document(name: str) -> dict:
    """The document `orbitaldc run` prints from (with the numerical timeline, as the CLI runs it)."""
    return run(load_scenario(EXAMPLES / name)).document()


@pytest.mark.parametrize("sig_input, text", [
    (0.68, "0.68"), (0.000123, "0.000123"), (4e-5, "4e-5"), (6.0, "6"), (91.29, "91.3"), (999.7, "1,000"),
    (1_341_064.19, "1,341,064"), (-0.0, "0"), (None, "—")])
def test_one_rounding_rule(sig_input, text):
    assert numbers.sig(sig_input) == text


def test_nonzero_values_never_print_as_zero():
    for exponent in range(-9, 10):
        for mantissa in (1.0, 1.49, 4.99, 9.996):
            value = mantissa * 10.0 ** exponent
            for shown in (numbers.sig(value), numbers.sig(-value), numbers.usd(value), numbers.si(value, "W")):
                digits = shown.replace("e-", "").strip("−-$ kMGTBW")
                assert digits.strip("0.,") != "", (value, shown)
                assert "e+" not in shown, (value, shown)


@pytest.mark.parametrize("name", ["tpu-cluster-81.yaml", "openai-scale.yaml"])
def test_run_text_prints_the_document_numbers(capsys, monkeypatch, name):
    doc = document(name)
    text = cli(capsys, monkeypatch, "run", str(EXAMPLES / name))
    env, fleet, launch, econ = doc["environment"], doc["design"]["fleet"], doc["launch"], doc["economics"]
    expected = [
        fmt(env["eclipse_days_per_year"], "d"), fmt(env["max_eclipse_min"], "min"),
        numbers.si(fleet["it_power_w"], "W"), fmt(fleet["mass_kg"], "t", 1e3),
        f"deployment {fmt(launch['deployment_years'], 'yr')}",
        fmt(econ["orbital"]["usd_per_gpu_hour"], "USD"), fmt(econ["terrestrial"]["usd_per_gpu_hour"], "USD"),
        f"{fmt(econ['uncertainty']['p10'])} / {fmt(econ['uncertainty']['p50'])} / {fmt(econ['uncertainty']['p90'])}",
    ]
    for figure in expected:
        assert figure in text, figure
    # Physics and cost are separate verdicts; the headline is placed among the Monte Carlo percentiles.
    assert "physically feasible" in text and "cost verdict: orbit" in text
    where = numbers.headline_position(econ)
    assert where["position"] in text
    if where["reason"]:
        assert "why:" in text
    # The tornado's inputs are named with their units, and only those that move the orbital price.
    moving = numbers.tornado_rows(econ)
    assert moving and moving[0]["label"] in text
    assert all(r["swing"] > 0 for r in moving)


def test_headline_position_is_computed_from_the_percentiles():
    econ = {"orbital": {"usd_per_gpu_hour": 5.0},
            "uncertainty": {"p10": 6.0, "p50": 8.0, "p90": 20.0, "mean": 11.0,
                            "histogram": {"edges": [4.0, 6.0, 8.0, 20.0], "counts": [10, 40, 50]}},
            "tornado": [{"input": "bus_usd_per_kg", "unit": "USD/kg", "low": 1.0, "high": 9.0,
                         "usd_per_gpu_hour_low": 4.9, "usd_per_gpu_hour_high": 15.0},
                        {"input": "pue", "unit": "ratio", "low": 1.1, "high": 1.4,
                         "usd_per_gpu_hour_low": 5.0, "usd_per_gpu_hour_high": 5.0}]}
    where = numbers.headline_position(econ)
    assert where["position"] == "below p10"
    assert where["percentile"] == pytest.approx(5.0)
    assert "bus price (USD/kg)" in where["reason"] and "costly side" in where["reason"]
    assert [r["input"] for r in numbers.tornado_rows(econ)] == ["bus_usd_per_kg"]  # pue moves nothing here


def test_openai_scale_prints_its_build_out_plan(capsys, monkeypatch):
    name = next(p.name for p in sorted(EXAMPLES.glob("*.yaml")) if "\n  plan:" in p.read_text())
    doc = document(name)
    plan = doc["economics"]["plan"]
    text = cli(capsys, monkeypatch, "run", str(EXAMPLES / name))
    assert "Build-out plan" in text
    for row in numbers.plan_rows(plan):
        assert " │ ".join(row) in text, row


def test_small_satellite_is_never_rounded_to_zero(capsys, monkeypatch):
    doc = document("starcloud-1.yaml")
    fleet = doc["design"]["fleet"]
    assert fleet["mass_kg"] < 1000  # a sub-tonne satellite: the case that printed "1 t"
    text = cli(capsys, monkeypatch, "run", str(EXAMPLES / "starcloud-1.yaml"))
    assert fmt(fleet["mass_kg"], "t", 1e3) in text
    assert fmt(fleet["mass_kg"], "t", 1e3) != "0 t"
    for zero in (" 0 t", " 0 kW", " 0 MW", " 0 m²"):
        assert zero not in text, zero


@pytest.fixture(scope="module")
def small_page():
    result = run(load_scenario(EXAMPLES / "starcloud-1.yaml"), timeline=False)
    return result, html.render(result)


def test_report_of_a_small_satellite_keeps_its_digits(small_page):
    result, page = small_page
    doc = result.document()
    mass_t = numbers.sig(doc["design"]["fleet"]["mass_kg"] / 1e3)
    assert f">{mass_t} t<" in page
    for zero in (">0 t<", ": 0 kW", ">0 kW<", ": 0 W\""):
        assert zero not in page, zero


def test_report_assumptions_show_values_not_placeholders(small_page):
    result, page = small_page
    assert "catalog / computed" not in page
    rows = assumption_rows(result, result.document())
    assert not [r for r in rows if r["value"] in ("", "catalog / computed")]
    unset = {r["input"]: r for r in rows if r["group"] == "scenario" and r["kind"] == "default"}
    assert unset["satellite.power.cell_efficiency"]["value"] != "none"
    assert unset["satellite.power.cell_efficiency"]["source"].startswith("catalog solar")


def test_report_verdict_and_tornado_on_a_priced_example():
    result = run(load_scenario(EXAMPLES / "tpu-cluster-81.yaml"), timeline=False)
    doc = result.document()
    econ = doc["economics"]
    fig = econ_plots.tornado(econ)
    for bar in fig.data:
        assert all(abs(x) > 0 or abs(other) > 0 for x, other in zip(bar.x, fig.data[1 - fig.data.index(bar)].x,
                                                                     strict=True))
        assert all("_" not in label for label in bar.y)  # readable names, not identifiers
    assert len(fig.data[0].y) == len(numbers.tornado_rows(econ)) < len(econ["tornado"])
    section = html.verdict_section(doc)
    assert "physically feasible" in section and "design closes" not in section
    assert 'data-verdict="cost"' in section and numbers.cost_comparison(doc) in section
    economics = html.economics_section(doc, result.scenario.horizon_years)
    assert numbers.headline_position(econ)["position"] in economics
    assert "launch-ramp" not in economics
    launch = html.launch_section(doc)
    assert f"{numbers.sig(doc['launch']['deployment_years'])} years" in launch


def narrow(*args) -> list[str]:
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.run([sys.executable, "-m", "orbitaldc", *args], capture_output=True, text=True, env=env,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_passes_fit_80_columns_with_whole_timestamps():
    lines = narrow("passes", "--tle", str(EXAMPLES / "real-satellites.tle"), "--lat", "51.5", "--lon", "0",
                   "--start", "2025-05-08", "--end", "2025-05-09")
    assert max(len(line) for line in lines) <= 80
    table = json.loads(subprocess.run(
        [sys.executable, "-m", "orbitaldc", "passes", "--tle", str(EXAMPLES / "real-satellites.tle"), "--lat",
         "51.5", "--lon", "0", "--start", "2025-05-08", "--end", "2025-05-09", "--json"],
        capture_output=True, text=True, timeout=120).stdout)["passes"]
    assert table
    first = table[0]["rise"]  # e.g. 2025-05-08T00:41:05.512Z; the table rounds it to the second
    assert any(first[:10] in line and "Z" in line and "…" not in line for line in lines)
    assert not any("…" in line for line in lines)


def test_catalog_fits_80_columns_and_summarizes():
    summary = narrow("catalog")
    assert max(len(line) for line in summary) <= 80
    assert len(summary) < 60  # a summary, not every row
    from orbitaldc import catalog

    for name in catalog.CATALOGS:
        assert any(line.startswith(name) for line in summary), name
    assert any("orbitaldc catalog NAME" in line for line in summary)
    one = narrow("catalog", "solar")
    assert max(len(line) for line in one) <= 80
    record = catalog.record("solar", "silicon", "cell_efficiency")
    assert any(record.source.split()[0] in line for line in one)
