"""Validation: the satellite mass model against flown LEO satellites with published mass and array power.

Method. The design kernel (``size_satellites``) is run for each reference satellite with its
payload standing in for the compute: one "accelerator" whose power is the payload power and whose
system mass is the payload mass (no shielding, no junction limit). Nothing is added to the
accelerator catalog. The payload power is solved so the kernel's BOL array rating equals the
published array power; the kernel then sizes battery, radiator, PMAD and the dry-mass shares, and
its total is compared with the published mass. Every other input is a catalog value, the same for
both buses, so the comparison isolates the ``bus`` entry (``default`` = SMAD 1999 heritage rules,
``modern-high-power`` = high-voltage PCDU at 5.4 kg/kW, 20 % structure, lean avionics).

Reference satellites (published numbers; kind in brackets):
  * Starlink V1.0 -- 283 kg (v1.0/v1.5 average), 7 kW nameplate from a ~30 m2 array [estimate]:
    A. McCalip, orbital-compute calculator, github.com/andrewmccalip/thoughts static/js/math.js,
    SATELLITE_PRESETS ("Starlink techno-economic analysis ... engineering estimates"). Press: ~260 kg
    for v1.0 (geekweek.interia.pl, 2023); 30.7 m2 array from photo scaling (lilibots.blogspot.com,
    'Starlink satellite dimension estimates', 2020). 550 km, 53 deg, 5-year life.
  * Starlink V2 mini -- 740 kg, 27 kW nameplate, 116 m2 [estimate]: same McCalip source
    (36.5 W/kg). Press/FCC: ~800 kg, two 52.5 m2 arrays (t3n.de 2023; aerospacenews.com 2023).
  * Iridium NEXT -- 860 kg launch mass, two deployable arrays "up to 2,200 W" [vendor via press]:
    spaceflightinsider.com, 'First set of Iridium NEXT satellites ready to launch in July' (2016);
    NSSDC 2017-083C (860 kg, ELiTeBus-1000). Orbital ATK fact sheet: 800 kg, 2,000 W. 780 km,
    86.4 deg, 10-year design life. A heritage (Thales ELiTeBus) design: the out-of-family check.
  OneWeb (~150 kg, 60 kg payload box) was dropped: no published array power was found.

Payload mass is not published for any of them; all use SMAD's 31 % payload share of dry mass
(LEO with propulsion column, see bus.yaml) times the published mass [estimate]. Catalog choices:
li-ion-high-energy battery; deployable-modern radiator, one-sided at 30 C, edge-on to the Sun;
Iridium: triple-junction-rigid array. Starlink: ultraflex (150 W/kg). The Starlink array type is
unpublished, but V2 mini's 27 kW in 740 kg rules out heritage rigid arrays: at 47 W/kg the
array alone would be 574 kg, 78 % of the satellite. Rigid arrays give x1.85 / x2.49 (modern)
and x3.44 / x4.78 (SMAD) for V1.0 / V2 mini.

Measured (ratio model / published):

    satellite         published   default (SMAD)    modern-high-power
    Starlink V1.0       283 kg    838 kg  2.96      416 kg  1.47
    Starlink V2 mini    740 kg   3017 kg  4.08     1435 kg  1.94
    Iridium NEXT        860 kg    777 kg  0.90      546 kg  0.64

(Since the bus radiator was added, issue 17: the bus load, power-conversion and battery losses are
rejected by a deployable bus radiator at 20 C; before it, modern-high-power gave 1.28 / 1.66 / 0.62.)

Nothing was calibrated on these satellites: the new entry's numbers come from the sources in
bus.yaml, fixed before this comparison. Tolerance: a factor of 2.0 either way (|ln ratio| <=
0.69), the largest measured error of the new entry (V2 mini +94 %, Iridium -36 %) rounded up;
it is as wide as the inputs: the Starlink powers are estimates, payload masses are a share rule,
and the V1.0 mass spans 260-283 kg. Conclusions the test pins: SMAD is 3.0-4.1x too heavy for
Starlink-class buses -- and heavier than the published satellite even with no payload at all,
whatever the payload share -- while it fits the heritage Iridium NEXT within 10 %; the new entry
is within x2.0 of all three, under-predicting the heritage bus. The remaining Starlink excess is
radiators (deployable panels, for the payload and for the bus losses, where Starlink radiates from
its body) and battery (30 % DoD).
"""

import dataclasses
import math
from dataclasses import dataclass

import pytest

from orbitaldc.design import design_inputs
from orbitaldc.design.sizing import size_satellites
from orbitaldc.orbit import orbit_geometry
from orbitaldc.scenario import parse_scenario

SMAD_PAYLOAD_SHARE = 0.31  # SMAD 3rd ed. Ch. 10, payload % of dry mass, LEO with propulsion
TOLERANCE = 2.0


@dataclass(frozen=True)
class Reference:
    name: str
    mass_kg: float
    array_w: float
    altitude_km: float
    inclination_deg: float
    life_years: int
    solar: str


REFERENCES = (
    Reference("starlink-v1.0", 283.0, 7_000.0, 550.0, 53.0, 5, "ultraflex"),
    Reference("starlink-v2-mini", 740.0, 27_000.0, 550.0, 53.0, 5, "ultraflex"),
    Reference("iridium-next", 860.0, 2_200.0, 780.0, 86.4, 10, "triple-junction-rigid"),
)
STARLINK = [r for r in REFERENCES if r.name.startswith("starlink")]


def size_reference(ref: Reference, bus: str, payload_share: float = SMAD_PAYLOAD_SHARE):
    """The kernel's satellite for ``ref`` on ``bus``, payload power matched to the published array."""
    scenario = parse_scenario({
        "name": ref.name, "epoch": "2024-03-01T00:00:00Z", "horizon_years": ref.life_years,
        "satellite": {
            "compute": {"accelerator": "h100-sxm", "accelerators": 1},  # replaced by the payload below
            "power": {"solar": ref.solar},
            "battery": {"technology": "li-ion-high-energy"},
            "thermal": {"radiator": "deployable-modern", "temperature_c": 30.0, "sides": 1,
                        "sun_incidence": "edge_on"},
            "structure": {"bus": bus},
        },
        "constellation": {"orbit": {"kind": "circular", "altitude_km": ref.altitude_km,
                                    "inclination_deg": ref.inclination_deg}, "satellites": 1},
    })
    inputs = dataclasses.replace(
        design_inputs(scenario, orbit_geometry(scenario)),
        accelerators=1.0, accelerator_power_w=1000.0, host_overhead_fraction=0.0,
        accelerator_system_mass_kg=payload_share * ref.mass_kg, accelerator_system_volume_m3=0.0,
        accelerator_max_temperature_c=math.nan,
    )
    # Array rating is linear in the load: one rescale matches the published array power.
    scale = ref.array_w / float(size_satellites(inputs).array_power_bol_w)
    return size_satellites(dataclasses.replace(inputs, accelerator_power_w=1000.0 * scale))


def ratio(ref: Reference, bus: str, **kw) -> float:
    return float(size_reference(ref, bus, **kw).mass_kg) / ref.mass_kg


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: r.name)
def test_payload_power_reproduces_published_array(ref):
    s = size_reference(ref, "modern-high-power")
    assert bool(s.feasible)
    assert float(s.array_power_bol_w) == pytest.approx(ref.array_w, rel=1e-9)
    assert 0.0 < float(s.it_power_w) < ref.array_w


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: r.name)
def test_modern_bus_within_tolerance(ref):
    r = ratio(ref, "modern-high-power")
    assert 1.0 / TOLERANCE <= r <= TOLERANCE, f"{ref.name}: model/published = {r:.2f}"


@pytest.mark.parametrize("ref", STARLINK, ids=lambda r: r.name)
def test_smad_default_too_heavy_for_starlink_whatever_the_payload(ref):
    assert ratio(ref, "default") > 2.5
    # Even with no payload mass at all the heritage rules exceed the published satellite.
    assert ratio(ref, "default", payload_share=0.0) > 1.0
    assert abs(math.log(ratio(ref, "modern-high-power"))) < abs(math.log(ratio(ref, "default")))


def test_smad_default_fits_the_heritage_bus():
    iridium = next(r for r in REFERENCES if r.name == "iridium-next")
    assert 0.8 <= ratio(iridium, "default") <= 1.2
    # The lean entry under-predicts a heritage bus: it is not a universal replacement.
    assert ratio(iridium, "modern-high-power") < ratio(iridium, "default")


def test_measured_table_is_current():
    """The docstring table: regenerate it if the catalog changes."""
    measured = {r.name: (round(ratio(r, "default"), 2), round(ratio(r, "modern-high-power"), 2))
                for r in REFERENCES}
    assert measured == {"starlink-v1.0": (2.96, 1.47), "starlink-v2-mini": (4.08, 1.94),
                        "iridium-next": (0.9, 0.64)}
