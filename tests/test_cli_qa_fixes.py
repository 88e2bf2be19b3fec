"""Regressions from the QA pass over sweep, query, validate and the CLI's error paths: each test
failed before its fix. The CLI runs in-process through ``main()`` (tests/test_cli_errors.py), so a
test sees the exit code and the one stderr line a user sees."""

import json
import math
from pathlib import Path

import pytest
import yaml

from orbitaldc.errors import ScenarioError, field_parts
from orbitaldc.sweep import parse_sweep
from tests.test_cli_errors import assert_one_line_error, orbitaldc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "scenarios" / "tpu-cluster-81.yaml"

# A small fleet serving a few minutes of synthetic chat: the cheapest scenario with an Operations stage.
OPS = {
    "name": "qa-ops", "epoch": "2027-01-01T00:00:00Z", "horizon_years": 5,
    "satellite": {"compute": {"accelerator": "h100-sxm", "accelerators": 18}, "thermal": {"sun_incidence": "edge_on"}},
    "constellation": {"orbit": {"kind": "sso", "altitude_km": 650, "ltan_h": 18.0}, "satellites": 4},
    "launch": {"vehicle": "falcon-9"},
    "economics": {"uncertainty": {"samples": 100}},
    "workload": {"inference": {"synthetic": {"requests_per_s": 1, "hours": 0.02, "kind": "conversation", "seed": 1},
                               "model": "llama-3.1-70b", "precision": "fp8", "routing": "direct"}},
}


def write(tmp_path: Path, doc, name: str = "s.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc) if not isinstance(doc, str) else doc)
    return str(path)


def ops_scenario(**constellation) -> dict:
    doc = json.loads(json.dumps(OPS))
    doc["constellation"].update(constellation)
    return doc


# H5: validate accepts only what run/simulate accept ------------------------------------------------------------

@pytest.mark.parametrize(("constellation", "field"), [
    ({"satellites": 2_000_000}, "constellation.satellites"),
    ({"satellites": None, "it_power_w": 1.0e12}, "constellation"),  # ~4e7 satellites derived from the power
])
def test_validate_refuses_the_fleet_the_operations_stage_refuses(tmp_path, constellation, field):
    doc = ops_scenario(**constellation)
    doc["constellation"] = {k: v for k, v in doc["constellation"].items() if v is not None}
    path = write(tmp_path, doc)
    validated = orbitaldc("validate", path)
    assert_one_line_error(validated, field, "above the limit of 1,000,000", "docs/limits.md")
    assert validated.stdout == ""  # no "ok" line before the error
    if field == "constellation.satellites":  # the same line as the command that runs the stage
        simulated = orbitaldc("simulate", path, "--json")
        assert simulated.returncode == 2 and simulated.stderr == validated.stderr


def test_a_large_fleet_without_a_workload_or_with_an_infeasible_design_is_still_accepted(tmp_path):
    no_workload = ops_scenario(satellites=2_000_000)
    del no_workload["workload"]
    proc = orbitaldc("validate", write(tmp_path, no_workload, "a.yaml"))
    assert proc.returncode == 0 and proc.stdout.startswith("ok:"), proc.stderr
    # an infeasible design is never simulated, so run reports it (exit 0) and validate must not refuse it
    infeasible = ops_scenario(satellites=2_000_000)
    infeasible["satellite"]["thermal"] = {"sun_incidence": "sun_facing", "temperature_c": -120}
    path = write(tmp_path, infeasible, "b.yaml")
    proc = orbitaldc("validate", path)
    assert proc.returncode == 0 and "note: infeasible" in proc.stdout, proc.stderr
    simulated = orbitaldc("simulate", path, "--json")
    assert simulated.returncode == 0, simulated.stderr
    assert json.loads(simulated.stdout)["operations"]["feasible"] is False


# M3: a sweep with operations keeps the waterfall and the delivered prices ----------------------------------------

def test_operations_sweep_stores_the_waterfall_and_the_delivered_prices(tmp_path):
    from orbitaldc.run import run
    from orbitaldc.scenario import load_scenario

    base = write(tmp_path, OPS, "base.yaml")
    sweep = {"name": "ops", "base": base, "method": "grid", "operations": True,
             "axes": [{"path": "workload.inference.routing", "kind": "design", "values": ["direct"]}]}
    store = tmp_path / "ops.duckdb"
    code, _, err = orbitaldc("sweep", write(tmp_path, sweep, "sweep.yaml"), "--store", str(store), "--json")
    assert code == 0, err
    code, out, err = orbitaldc("query", str(store), "SELECT * FROM results", "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    doc = run(load_scenario(base), timeline=False).document()  # what `orbitaldc run` documents
    for side in ("orbital", "terrestrial"):
        waterfall = doc["operations"][side]["waterfall"]
        for factor, value in waterfall.items():
            assert row[f"operations_{side}_waterfall_{factor}"] == pytest.approx(value, rel=1e-12)
        # the delivered share is the product of the factors (ops.operations)
        product = math.prod(row[f"operations_{side}_waterfall_{f}"] for f in waterfall if f != "delivered")
        assert row[f"operations_{side}_waterfall_delivered"] == pytest.approx(product, rel=1e-12)
        for key, value in doc["economics"]["delivered"][side].items():
            assert row[f"economics_delivered_{side}_{key}"] == pytest.approx(value, rel=1e-12)
        # per delivered GPU-hour = per capacity hour x the assumed share / the delivered share (economics.delivered)
        expected = (row[f"economics_{side}_usd_per_gpu_hour"] * row[f"economics_delivered_{side}_assumed_fraction"]
                    / row[f"operations_{side}_waterfall_delivered"])
        assert row[f"economics_delivered_{side}_usd_per_delivered_gpu_hour"] == pytest.approx(expected, rel=1e-12)
    assert not any("label" in name for name in row)  # prose stays out of the store


# M5: an empty query is bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sql", ["", "   ", ";"])
def test_query_without_a_statement_is_one_line_exit_2(tmp_path, sql):
    import duckdb

    store = tmp_path / "empty.duckdb"
    duckdb.connect(str(store)).close()
    assert_one_line_error(orbitaldc("query", str(store), sql), "SQL")


def test_query_of_a_directory_says_it_is_one(tmp_path):
    assert_one_line_error(orbitaldc("query", str(tmp_path), "SELECT 1"), str(tmp_path), "is a directory")


# L5: sensitivity gives the same numbers on every run -------------------------------------------------------------

def test_sensitivity_is_reproducible_with_the_default_seed(tmp_path):
    sweep = {"name": "sens", "base": str(EXAMPLE), "method": "lhs", "samples": 16, "axes": [
        {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [500, 650, 800]},
        {"path": "launch.usd_per_kg", "kind": "assumption", "range": [20, 2000], "scale": "log"}],
        "sensitivity": {"n": 16, "max_n": 16}}
    path = write(tmp_path, sweep)
    runs = []
    for _ in range(2):
        code, out, err = orbitaldc("sensitivity", path, "--json")
        assert code == 0, err
        runs.append(json.loads(out))
    assert runs[0]["indices"] == runs[1]["indices"]  # the bootstrap intervals too, not only S1 and ST
    assert runs[0]["seed"] == 0  # the sweep's seed, said in the answer
    lows = {(r["S1_low"], r["ST_low"]) for r in runs[0]["indices"]}
    assert all(math.isfinite(x) for pair in lows for x in pair)


def test_the_bootstrap_seed_is_never_the_unseeded_zero():
    from orbitaldc.sweep.sensitivity import bootstrap_seed_of

    seeds = [bootstrap_seed_of(s) for s in range(50)]
    assert all(s != 0 for s in seeds) and len(set(seeds)) == 50
    assert seeds == [bootstrap_seed_of(s) for s in range(50)]


# L6: the sweep's rate, an all-infeasible front, Sobol' sample counts ----------------------------------------------

def test_sweep_rate_below_one_per_second_is_not_printed_as_zero(tmp_path, monkeypatch):
    import orbitaldc.sweep as sweep_package

    summary = {"store": "s.duckdb", "shards": "s.shards", "scenarios": 4, "already_stored": 0, "evaluated": 4,
               "batched": 0, "errors": 0, "infeasible": 0, "seconds": 16.1}
    monkeypatch.setattr(sweep_package, "run_sweep", lambda *a, **k: dict(summary))
    path = write(tmp_path, {"name": "r", "base": str(EXAMPLE), "method": "grid", "axes": [
        {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [550]}]})
    code, out, err = orbitaldc("sweep", path, "--store", str(tmp_path / "r.duckdb"))
    assert code == 0, err
    assert "(0.248/s)" in out and "(0/s)" not in out  # 4 / 16.1 s
    monkeypatch.setattr(sweep_package, "run_sweep", lambda *a, **k: {**summary, "evaluated": 0, "already_stored": 4})
    code, out, err = orbitaldc("sweep", path, "--store", str(tmp_path / "r.duckdb"))
    assert code == 0 and "/s)" not in out  # nothing evaluated: no rate


def test_optimize_with_every_design_infeasible_says_why(tmp_path):
    sweep = {"name": "hot", "base": str(EXAMPLE), "method": "lhs", "samples": 4, "axes": [
        {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [500, 650]},
        # far above any accelerator's junction limit: the chip chain makes every design infeasible
        {"path": "satellite.thermal.temperature_c", "kind": "design", "range": [150, 200]}],
        "optimize": {"objectives": [{"column": "economics_orbital_usd_per_gpu_hour"}], "population": 4,
                     "generations": 1}}
    path = write(tmp_path, sweep)
    code, out, err = orbitaldc("optimize", path, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["front"] == [] and result["infeasible_evaluations"] == result["evaluations"] == 4
    assert "radiator" in result["most_common_reason"] and result["most_common_reason_evaluations"] == 4
    code, out, err = orbitaldc("optimize", path)
    assert code == 0, err
    assert "no feasible design: 4 of 4" in out and result["most_common_reason"] in " ".join(out.split())
    assert "Pareto front: 0 designs" not in out


@pytest.mark.parametrize("samples", [100, 3, 1000])
def test_sobol_needs_a_power_of_two(samples):
    doc = {"name": "s", "base": str(EXAMPLE), "method": "sobol", "samples": samples, "axes": [
        {"path": "constellation.orbit.altitude_km", "kind": "design", "range": [400, 600]}]}
    with pytest.raises(ScenarioError) as err:
        parse_sweep(doc, ROOT / "s.yaml")
    assert err.value.field == "samples" and "power of 2" in err.value.why
    low = 1 << (samples.bit_length() - 1)
    assert f"give {low:,} or {2 * low:,}" in err.value.why
    parse_sweep({**doc, "samples": low}, ROOT / "s.yaml")  # a power of 2 is accepted


# Error wording -----------------------------------------------------------------------------------------------------

def _edited_example(**top) -> dict:
    doc = yaml.safe_load(EXAMPLE.read_text())
    doc.update(top)
    return doc


def test_union_member_tags_never_reach_the_field_path(tmp_path):
    doc = _edited_example()
    doc["satellite"].setdefault("thermal", {})["temperature_c"] = "hot"
    proc = orbitaldc("validate", write(tmp_path, doc))
    assert_one_line_error(proc, "satellite.thermal.temperature_c: ", "'chain'", "'hot'")
    assert "constrained-float" not in proc.stderr and "literal[" not in proc.stderr
    sweep = {"name": "b", "base": str(EXAMPLE), "method": "grid", "axes": [
        {"path": "satellite.thermal.temperature_c", "kind": "design", "values": ["chain", 40, "45"]}]}
    proc = orbitaldc("sweep", write(tmp_path, sweep, "sw.yaml"), "--store", str(tmp_path / "b.duckdb"))
    assert_one_line_error(proc, "axes[0].values: ", "satellite.thermal.temperature_c: Input should be")
    assert "constrained-float" not in proc.stderr


def test_field_parts_drops_only_pydantic_tags():
    loc = ("ground", "stations", "list[Station]", 0, "lat_deg")
    assert field_parts(loc) == ["ground", "stations", 0, "lat_deg"]
    loc = ("satellite", "compute", "accelerators", "function-after[_whole(), int]")
    assert field_parts(loc) == ["satellite", "compute", "accelerators"]
    loc = ("economics", "inputs", "wacc", "constrained-float", "literal['chain']", "lax-or-strict[x]")
    assert field_parts(loc) == ["economics", "inputs", "wacc"]
    loc = ("economics", "facility_capex_items_usd_per_w", "electrical-systems")  # a key the user wrote
    assert field_parts(loc) == list(loc)


@pytest.mark.parametrize(("edit", "field", "words"), [
    (lambda d: d["economics"].update(facility_capex_items_usd_per_w={"electrical-systems": -1}),
     "economics.facility_capex_items_usd_per_w.electrical-systems", "greater than or equal to 0"),
    (lambda d: d.update(ground={"stations": [{"name": "x", "lat_deg": 1, "lon_deg": 2, "lat": 1}]}),
     "ground.stations.0.lat", "allowed: elevation_m, lat_deg"),  # a list beside a literal in a union
    (lambda d: d["economics"]["uncertainty"].update(inputs={"wacc": {"distribution": "uniform", "low": 0.05,
                                                                      "hihg": 0.1}}),
     "economics.uncertainty.inputs.wacc.hihg", "did you mean 'high'"),  # a dict entry's model
])
def test_unknown_keys_and_dict_entries_are_named_through_unions_and_dicts(edit, field, words):
    from orbitaldc.scenario import parse_scenario

    doc = json.loads(json.dumps(OPS))
    edit(doc)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(doc)
    assert err.value.field == field and words in err.value.why, err.value


@pytest.mark.parametrize(("top", "field", "words"), [
    ({"epoch": 2027}, "epoch", ["(got an int)"]),
    ({"name": "x" * 300}, "name", ["at most 200 characters", "(got 300)"]),
    ({"economics": {"inputs": {"wacc": 5}}}, "economics.inputs.wacc: ", ["wacc must be below 1"]),
    ({"economics": {"inputs": {"pue": 0.9, "wacc": 0.05}}}, "economics.inputs.pue: ", ["at least 1"]),
    ({"economics": {"uncertainty": {"inputs": {"pue": {"distribution": "uniform", "low": 0.5, "high": 1.2}}}}},
     "economics.uncertainty.inputs.pue: ", ["pue.low: pue is at least 1"]),
    ({"economics": {"uncertainty": {"inputs": {"utilization": {"distribution": "lognormal", "median": 0.6,
                                                               "sigma": 1.0}}}}},
     "economics.uncertainty.inputs.utilization: ", ["a lognormal with median 0.6"]),
])
def test_error_text(tmp_path, top, field, words):
    proc = orbitaldc("validate", write(tmp_path, _edited_example(**top)))
    assert_one_line_error(proc, field, *words)
    assert "items after validation" not in proc.stderr and "got a int" not in proc.stderr


def test_a_directory_given_as_a_scenario_says_so(tmp_path):
    for command in ("cost", "validate", "run"):
        assert_one_line_error(orbitaldc(command, str(tmp_path)), str(tmp_path), "is a directory")


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"axes": [{"path": "constellation.orbit.altitude_km", "kind": "design", "range": [900, 400]}]},
     "axes[0].range: ", ["low < high"]),
    ({"axes": [{"path": "constellation.orbit.altitude_km", "kind": "design", "range": [500, 600]}]},
     "axes[0].steps: ", ["needs steps"]),
    ({"seed": -1, "method": "lhs", "samples": 4}, "seed: ", ["greater than or equal to 0"]),
    ({"axes": [{"path": "launch.usd_per_kg", "kind": "assumption", "values": [100]},
               {"path": "launch.usd_per_kg", "kind": "assumption", "values": [200]}]}, "axes[1].name: ",
     ["also axes[0]'s"]),
])
def test_sweep_errors_name_the_field_to_change(tmp_path, change, field, words):
    doc = {"name": "b", "base": str(EXAMPLE), "method": "grid", "axes": [
        {"path": "constellation.orbit.altitude_km", "kind": "design", "values": [500]}], **change}
    store = tmp_path / "b.duckdb"
    assert_one_line_error(orbitaldc("sweep", write(tmp_path, doc), "--store", str(store)), field, *words)
    assert not store.exists()


def test_validate_refuses_the_element_set_work_the_timeline_refuses(tmp_path):
    # 252 sets x 730 days x (1 + 500 stations / 10) = 9.4e6 satellite-days, above the 8e6 of docs/limits.md
    sets = (ROOT / "examples" / "scenarios" / "real-satellites.tle").read_text().strip() + "\n"
    (tmp_path / "many.tle").write_text(sets * 126)
    doc = yaml.safe_load((ROOT / "examples" / "scenarios" / "real-satellites.yaml").read_text())
    doc["horizon_years"] = 2.0
    doc["constellation"]["orbit"] = {"kind": "elements", "tle": "many.tle", "element_set_days": 730}
    doc["ground"]["stations"] = [{"name": f"s{i}", "lat_deg": -60.0 + 0.24 * i, "lon_deg": 0.7 * i - 175.0}
                                 for i in range(500)]
    path = write(tmp_path, doc)
    validated = orbitaldc("validate", path)
    assert_one_line_error(validated, "constellation.orbit: ", "252 element sets", "above the limit of 8,000,000")
    ran = orbitaldc("timeline", path, "--json")
    assert ran.returncode == 2 and ran.stderr == validated.stderr
