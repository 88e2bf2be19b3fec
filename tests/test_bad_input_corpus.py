"""Bad input never gives a wrong answer: refused with a field-named one-line error, or a finite result.

The corpus (tests/bad_input.py) replaces every leaf of every shipped example by hostile values; a
hypothesis strategy then writes arbitrary values into random leaves; hand-written cases cover the
number rules of the schema (issue 15, item 3) and the CLI's exit codes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from bad_input import EXAMPLES, leaves, mutations, outcome, with_leaf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orbitaldc import ScenarioError, load_scenario, parse_scenario, yaml_safe
from orbitaldc.cli import main

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "examples" / "scenarios" / "tpu-cluster-81.yaml").read_text()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_leaf_mutation_is_refused_or_runs_finite(example):
    outcomes = {label: outcome(doc) for label, doc in mutations(example)}
    assert outcomes, example
    refused = [label for label, o in outcomes.items() if o.startswith("refused")]
    # non-finite and boolean numbers are always refused
    hostile = [label for label in outcomes if label.endswith(("=inf", "=-inf", "=True"))]
    assert all(outcomes[label].startswith("refused") for label in hostile)
    assert refused and len(refused) < len(outcomes)


LEAF_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20), st.booleans(),
    st.text(max_size=8), st.none(), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                                        st.integers(), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(example=st.sampled_from(EXAMPLES), data=st.data())
def test_arbitrary_leaf_values_never_crash(example, data):
    doc = yaml_safe.load(example.read_text())
    doc["_dir"] = str(example.parent)
    if "workload" in doc:
        doc["workload"]["inference"]["synthetic"].update({"requests_per_s": 20, "hours": 0.05})
    paths = [p for p, _ in leaves(doc) if p != ("_dir",)]
    for _ in range(data.draw(st.integers(1, 3))):
        doc = with_leaf(doc, data.draw(st.sampled_from(paths)), data.draw(LEAF_VALUES))
    assert outcome(doc) in ("ok",) or outcome(doc).startswith("refused: ")


def _cli(args, capsys):
    old = sys.argv
    sys.argv = ["orbitaldc", *args]
    try:
        with pytest.raises(SystemExit) as exit_info:
            main()
    finally:
        sys.argv = old
    out = capsys.readouterr()
    return exit_info.value.code, out.out, out.err


def _scenario(tmp_path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return path


NUMBER_RULES = [
    ("epoch as a bare year string", ("epoch: 2027-03-01T00:00:00Z", "epoch: '2027'"), "epoch", "ISO-8601"),
    ("epoch as Unix seconds", ("epoch: 2027-03-01T00:00:00Z", "epoch: 1700000000"), "epoch", "ISO-8601"),
    ("boolean sides", ("sides: 2", "sides: true"), "satellite.thermal.sides", "boolean"),
    ("boolean accelerators", ("accelerators: 128", "accelerators: true"), "satellite.compute.accelerators", "boolean"),
    ("boolean horizon", ("horizon_years: 5", "horizon_years: true"), "horizon_years", "number"),
    ("number as string", ("horizon_years: 5", "horizon_years: '5'"), "horizon_years", "number"),
    ("infinite price", ("usd_per_kg: 200", "usd_per_kg: .inf"), "launch.usd_per_kg", "finite"),
    ("huge price", ("usd_per_kg: 200", "usd_per_kg: 1.0e+300"), "launch.usd_per_kg", "less than"),
    ("fractional count", ("accelerators: 128", "accelerators: 128.5"), "satellite.compute.accelerators", "whole"),
    ("a day is the shortest horizon", ("horizon_years: 5", "horizon_years: 1.0e-12"), "horizon_years", "one day"),
    ("horizon past the Sun series", ("horizon_years: 5", "horizon_years: 40"), "scenario", "2050"),
    ("escape sequence in a name", ("name: tpu-cluster-81", "name: \"\\e[31mred\""), "name", "control character"),
]


@pytest.mark.parametrize("case", NUMBER_RULES, ids=[c[0] for c in NUMBER_RULES])
def test_number_rules(case, tmp_path, capsys):
    _, (old, new), field, words = case
    assert old in BASE, old
    code, _, err = _cli(["validate", str(_scenario(tmp_path, BASE.replace(old, new, 1)))], capsys)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {field}"), err
    assert words in lines[0], lines[0]


def test_exponent_without_a_dot_is_a_number(tmp_path):
    scenario = load_scenario(_scenario(tmp_path, BASE.replace("usd_per_kg: 200", "usd_per_kg: 2e2")))
    assert scenario.launch.usd_per_kg == 200.0
    assert load_scenario(_scenario(tmp_path, BASE.replace("accelerators: 128", "accelerators: 1.28e2"))) \
        .satellite.compute.accelerators == 128


def test_duplicate_key_names_it_and_its_line(tmp_path, capsys):
    text = BASE.replace("horizon_years: 5", "horizon_years: 5\nhorizon_years: 6")
    code, _, err = _cli(["validate", str(_scenario(tmp_path, text))], capsys)
    assert code == 2 and "duplicate key 'horizon_years'" in err and len(err.strip().splitlines()) == 1


def test_merge_keys_may_still_be_overridden():
    doc = yaml.safe_load(BASE)
    from orbitaldc import yaml_safe

    merged = yaml_safe.load("a: &x {b: 1, c: 2}\nd:\n  <<: *x\n  c: 3\n")
    assert merged["d"] == {"b": 1, "c": 3}
    assert doc["name"] == "tpu-cluster-81"


def test_deep_nesting_is_one_line(tmp_path, capsys):
    path = _scenario(tmp_path, "a: " + "[" * 3000 + "]" * 3000 + "\n")
    code, _, err = _cli(["validate", str(path)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    with pytest.raises(ScenarioError):
        nested: dict = {}
        node = nested
        for _ in range(5000):
            node["x"] = {}
            node = node["x"]
        parse_scenario(nested)


@pytest.mark.parametrize("dist, words", [
    ({"distribution": "uniform", "low": 0.5, "high": 1.2}, "pue.low"),
    ({"distribution": "triangular", "low": -1.0, "mode": 1.2, "high": 1.5}, "pue.low"),
    ({"distribution": "lognormal", "median": 0.5, "sigma": 0.1}, "pue.median"),
], ids=["uniform below 1", "negative low", "lognormal median below 1"])
def test_distribution_bounds_obey_the_input_range(dist, words):
    doc = yaml.safe_load(BASE)
    doc["economics"] = {**doc.get("economics", {}), "uncertainty": {"inputs": {"pue": dist}}}
    with pytest.raises(ScenarioError) as err:
        parse_scenario(doc)
    assert words in err.value.why


def test_negative_seed_is_refused():
    doc = yaml.safe_load(BASE)
    doc["economics"] = {**doc.get("economics", {}), "uncertainty": {"seed": -1}}
    with pytest.raises(ScenarioError) as err:
        parse_scenario(doc)
    assert err.value.field == "economics.uncertainty.seed"


def test_validate_accepts_only_what_run_can_finish(tmp_path, capsys):
    """A file validate accepts runs to exit 0 with finite JSON (timeline included)."""
    for label, doc in list(mutations(ROOT / "examples" / "scenarios" / "h100-1mw.yaml"))[::97]:
        doc = dict(doc)
        doc.pop("_dir")
        path = _scenario(tmp_path, yaml.safe_dump(doc))
        code, _, err = _cli(["validate", str(path)], capsys)
        assert code in (0, 2), (label, err)
        if code == 0:
            code, out, err = _cli(["cost", str(path), "--json"], capsys)
            assert code == 0, (label, err)
            json.loads(out)


def test_absurd_launch_success_rate_is_refused(tmp_path, capsys):
    text = BASE.replace("  usd_per_kg: 200", "  usd_per_kg: 200\n  success_rate: 1.0e-6")
    code, _, err = _cli(["validate", str(_scenario(tmp_path, text))], capsys)
    assert code == 2 and err.startswith("error: launch.success_rate: 1e-06 is below 0.5"), err


def test_cluster_too_tight_is_infeasible_with_the_reason(tmp_path, capsys):
    text = BASE.replace("orbit: {kind: sso, altitude_km: 650, ltan_h: 18.0}",
                        "orbit: {kind: cluster, altitude_km: 650, ltan_h: 18.0, radius_m: 1, spacing_m: 1}")
    assert text != BASE
    code, out, err = _cli(["validate", str(_scenario(tmp_path, text))], capsys)
    assert code == 0 and "the cluster does not fit" in out, (out, err)
    code, out, err = _cli(["run", str(_scenario(tmp_path, text)), "--json"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["feasible"] is False and any("cluster does not fit" in p for p in doc["problems"])
