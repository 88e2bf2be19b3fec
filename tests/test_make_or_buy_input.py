"""``orbitaldc make-or-buy`` and the ``launch.make_or_buy`` section: bad input is one line naming the
field with exit 2; good input prints the comparison (text and JSON)."""

import json
from pathlib import Path

import pytest
from test_cli_errors import assert_one_line_error, orbitaldc

from orbitaldc import catalog

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "studies" / "stoke-question.yaml"


def scenario_with(tmp_path, old: str, new: str) -> str:
    text = EXAMPLE.read_text()
    assert old in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new, 1))
    return str(path)


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("stake: 1.0 ", "stake: 1.5 ", "launch.make_or_buy.stake", ["1.5", "at most 1"]),
    ("first_flight_year: 2027.0", "first_flight_year: 2025.5", "launch.make_or_buy.first_flight_year",
     ["before the scenario epoch"]),
    ("years: 10 ", "years: 10\n    marginal_usd_per_flight: -1.0e+6 ", "launch.make_or_buy.marginal_usd_per_flight",
     ["greater than or equal to 0"]),
    ("provider: stoke-space", "provider: stoke", "launch.make_or_buy.provider", ["unknown provider", "stoke-space"]),
    ("provider: stoke-space", "provider: stoke-space\n    vehicle: rideshare-transporter",
     "launch.make_or_buy.vehicle", ["rideshare"]),
])
@pytest.mark.parametrize("command", ["make-or-buy", "launch"])
def test_bad_input_is_one_line_naming_the_field(tmp_path, old, new, field, words, command):
    path = scenario_with(tmp_path, old, new)
    args = (command, path, "--json")
    assert_one_line_error(orbitaldc(*args), field, *words)


def test_an_owned_vehicle_without_a_payload_figure_is_refused(tmp_path, monkeypatch):
    real = catalog.load

    def without_payload(name):
        entries = real(name)
        if name == "vehicles":
            entries = dict(entries)
            entries["stoke-nova"] = {k: v for k, v in entries["stoke-nova"].items() if k != "payload_leo_kg"}
        return entries

    monkeypatch.setattr(catalog, "load", without_payload)
    assert_one_line_error(orbitaldc("make-or-buy", str(EXAMPLE)), "launch.make_or_buy.vehicle", "stoke-nova",
                          "no payload figure")


def test_a_scenario_without_a_bought_vehicle_is_refused(tmp_path):
    path = scenario_with(tmp_path, "  vehicle: falcon-9 ", "  # vehicle: falcon-9 ")
    assert_one_line_error(orbitaldc("make-or-buy", path), "launch")


def test_json_and_text_outputs(tmp_path):
    proc = orbitaldc("make-or-buy", str(EXAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["verdict"] in ("own", "buy") and doc["why"]
    assert {"buy", "own", "resizing", "tornado", "breakeven_acquisition_usd",
            "breakeven_flights_per_year"} <= doc.keys()
    assert len(doc["buy"]["fleet"]) == len(doc["own"]["fleet"]) == doc["years"]
    swings = [c["swing_usd"] for c in doc["tornado"]]
    assert swings == sorted(swings, reverse=True)
    assert {"acquisition_usd", "first_flight_year", "mature_flights_per_year", "marginal_usd_per_flight",
            "market_price_factor"} <= {c["input"] for c in doc["tornado"]}
    assert all(row["source"] for row in doc["assumptions"])
    text = orbitaldc("make-or-buy", str(EXAMPLE))
    assert text.returncode == 0, text.stderr
    assert doc["verdict"].upper() in text.stdout and "what decides it" in text.stdout
    # the same document sits in the result document under launch.make_or_buy
    stage = json.loads(orbitaldc("launch", str(EXAMPLE), "--json").stdout)
    assert stage["launch"]["make_or_buy"]["advantage_usd"] == pytest.approx(doc["advantage_usd"], rel=1e-12)


def test_without_the_section_the_command_uses_the_catalog_provider(tmp_path):
    path = scenario_with(tmp_path, "  make_or_buy:\n", "  make_or_byy_off:\n")
    text = Path(path).read_text().split("  make_or_byy_off:\n")[0] + "economics: {site: abilene-tx}\n"
    Path(path).write_text(text.replace("epoch: 2026-07-01T00:00:00Z", "epoch: 2026-07-01T00:00:00Z", 1))
    proc = orbitaldc("make-or-buy", path, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["provider"] == "stoke-space"
    assert "make_or_buy" not in json.loads(orbitaldc("launch", path, "--json").stdout)["launch"]


def test_readme_paragraph_says_what_the_code_computes():
    """The README's Stoke paragraph quotes the example's output; this keeps it true."""
    doc = json.loads(orbitaldc("make-or-buy", str(EXAMPLE), "--json").stdout)
    text = " ".join((ROOT / "README.md").read_text().split("**The Stoke question**", 1)[1].split("\n\n")[0].split())
    assert doc["verdict"] == "buy" and f"loses ${-doc['advantage_usd'] / 1e9:.1f} B of NPV" in text
    assert f"seller paid ${-doc['breakeven_acquisition_usd'] / 1e9:.1f} B" in text
    assert doc["breakeven_flights_per_year"] is None and "at no cadence up to 5,000" in text
    assert f"keep {doc['buy']['fleet'][-1]['it_power_w'] / 1e6:.0f} MW" in text
    assert f"Nova {doc['own']['fleet'][-1]['it_power_w'] / 1e6:.1f} MW" in text
    top = [c["input"] for c in doc["tornado"][:3]]
    assert top == ["fixed_usd_per_year", "remaining_development_usd", "acquisition_usd"]
    assert all(c["advantage_at_low_usd"] < 0 and c["advantage_at_high_usd"] < 0 for c in doc["tornado"])
    named = {"first_flight_year", "mature_flights_per_year", "marginal_usd_per_flight", "market_price_factor"}
    assert all(c["swing_usd"] < 0.6e9 for c in doc["tornado"] if c["input"] in named)
