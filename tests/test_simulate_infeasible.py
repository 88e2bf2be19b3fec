"""`orbitaldc simulate` and `orbitaldc run` on an infeasible scenario: a result (exit 0) that says
why, with no operations figures and no prices; exit 2 stays for bad input."""

import json

from conftest import EXAMPLES

from orbitaldc.report.ops_section import operations_section
from tests.test_cli_errors import assert_one_line_error, orbitaldc

COLD = (EXAMPLES / "h100-1mw-inference.yaml").read_text().replace(
    "thermal: {sun_incidence: edge_on}", "thermal: {temperature_c: -120, sun_incidence: sun_facing}")


def test_simulate_and_run_report_an_infeasible_design_alike(tmp_path):
    assert "temperature_c: -120" in COLD  # the example's thermal line was found and replaced
    path = tmp_path / "cold.yaml"
    path.write_text(COLD)
    sim = orbitaldc("simulate", str(path), "--json")
    assert sim.returncode == 0, sim.stderr
    doc = json.loads(sim.stdout)
    assert doc["feasible"] is False and any("radiator" in p for p in doc["problems"])
    assert doc["operations"]["feasible"] is False and "not simulated" in doc["operations"]["problems"][0]
    assert "delivered" not in doc and "orbital" not in doc["operations"]
    full = json.loads(orbitaldc("run", str(path), "--json").stdout)
    assert full["operations"] == doc["operations"] and full["problems"] == doc["problems"]
    assert "delivered" not in full["economics"] and full["economics"]["feasible"] is False
    page = operations_section(full, lambda *args: "")
    assert "not simulated" in page and "radiator" in page

def test_a_bad_trace_is_refused_even_for_an_infeasible_design(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(COLD)
    trace = tmp_path / "empty.csv"
    trace.write_text("TIMESTAMP,ContextTokens,GeneratedTokens\n")
    assert_one_line_error(orbitaldc("simulate", str(path), "--trace", str(trace)), str(trace), "no requests")
