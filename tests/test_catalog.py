"""Every catalog number carries its provenance, and the scenario defaults exist."""

import pytest

from orbitaldc import catalog
from orbitaldc.catalog import Record
from orbitaldc.scenario import Battery, Power, Structure, Thermal

REQUIRED = {
    "accelerators": {"power_w", "peak_bf16_flops", "hbm_gb", "system_power_w", "system_mass_kg",
                     "system_volume_m3"},
    "solar": {"cell_efficiency", "packing_factor", "specific_power_w_per_kg", "degradation_per_year"},
    "radiators": {"areal_density_kg_per_m2", "emissivity", "absorptivity"},
    "batteries": {"specific_energy_wh_per_kg", "depth_of_discharge"},
    "vehicles": {"payload_leo_kg", "fairing_diameter_m", "fairing_height_m", "success_rate"},
    "launch": {"learning_rate", "insurance_rate"},
    "bus": {"structure_fraction", "harness_fraction", "thermal_hardware_fraction", "adcs_fraction",
            "avionics_comms_fraction", "propulsion_dry_fraction", "pmad_kg_per_kw", "bus_power_fraction",
            "propulsion_isp_s",
            "inherent_degradation", "battery_transmission_efficiency", "path_efficiency_daylight_ppt",
            "path_efficiency_eclipse_ppt", "path_efficiency_daylight_det", "path_efficiency_eclipse_det"},
}


@pytest.mark.parametrize("name", catalog.CATALOGS)
def test_every_number_has_source_year_and_kind(name):
    for key, entry in catalog.load(name).items():
        assert isinstance(entry.get("name"), str), f"{name}.{key} has no name"
        records = {f: r for f, r in entry.items() if isinstance(r, Record)}
        required = REQUIRED.get(name, set())
        assert required <= records.keys(), f"{name}.{key} lacks {required - records.keys()}"
        for field, r in records.items():
            assert r.source.strip() and 1950 <= r.year <= 2030, f"{name}.{key}.{field}"
            assert r.kind in catalog.KINDS
            assert r.value == r.value  # not NaN
            if r.low is not None:
                assert r.low <= r.value, f"{name}.{key}.{field}: low above value"
            if r.high is not None:
                assert r.value <= r.high, f"{name}.{key}.{field}: high below value"


def test_fractions_are_fractions():
    for name, fields in [("solar", ["cell_efficiency", "packing_factor", "degradation_per_year"]),
                         ("radiators", ["emissivity", "absorptivity"]),
                         ("batteries", ["depth_of_discharge"])]:
        for key in catalog.entries(name):
            for f in fields:
                assert 0.0 < catalog.values(name, key)[f] < 1.0, f"{name}.{key}.{f}"
    bus = catalog.values("bus", "default")
    shares = [bus[k] for k in ("structure_fraction", "harness_fraction", "thermal_hardware_fraction",
                               "adcs_fraction", "avionics_comms_fraction", "propulsion_dry_fraction")]
    assert 0.0 < sum(shares) < 1.0


def test_scenario_defaults_name_catalog_entries():
    assert Power().solar in catalog.entries("solar")
    assert Battery().technology in catalog.entries("batteries")
    assert Thermal().radiator in catalog.entries("radiators")
    assert Structure().bus in catalog.entries("bus")


def test_record_lookup_and_unknown_catalog():
    r = catalog.record("accelerators", "h100-sxm", "power_w")
    assert r.value == 700 and r.unit == "W"
    with pytest.raises(KeyError):
        catalog.load("nonsense")


def test_generated_catalog_page_is_current():
    """docs/catalog.md is `orbitaldc catalog --markdown`; regenerate it when a catalog changes."""
    from conftest import ROOT

    assert (ROOT / "docs" / "catalog.md").read_text() == catalog.markdown() + "\n"
