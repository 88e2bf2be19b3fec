"""Can any catalog vehicle carry one satellite? The bound that holds when a scenario names no vehicle.

A scenario that names a vehicle is checked against it by the manifest (launch/manifest.py). Without
one nothing else bounds the satellite, and a single 500,000 t satellite would be "feasible"; so the
design stage asks here whether the largest payload to the orbit among all catalog vehicles
(launch/vehicles.py ``payload_to_orbit_kg``, projections included) and the largest usable fairing
(the manifest's packing efficiency) hold one satellite. Rideshare offers fly on a catalog carrier
and add nothing beyond it.
"""

from __future__ import annotations

import math

from orbitaldc import catalog
from orbitaldc.launch.manifest import FAIRING_PACKING, stowed_volume_m3
from orbitaldc.launch.vehicles import payload_to_orbit_kg


def usable_fairing_m3(vehicle: str) -> float:
    values = catalog.values("vehicles", vehicle)
    return math.pi * (values["fairing_diameter_m"] / 2) ** 2 * values["fairing_height_m"] * FAIRING_PACKING


def largest_vehicles(altitude_km: float, inclination_deg: float) -> tuple[tuple[str, float], tuple[str, float]]:
    """(vehicle, payload kg) with the largest payload to the orbit and (vehicle, usable m3) with the
    largest usable fairing, over the catalog's own (non-rideshare) vehicles."""
    entries = catalog.load("vehicles")
    own = [v for v, e in entries.items() if not isinstance(e.get("carrier"), str)]
    payloads = [(v, payload_to_orbit_kg(v, altitude_km, inclination_deg)[0]) for v in own]
    volumes = [(v, usable_fairing_m3(v)) for v in own]
    return max(payloads, key=lambda p: p[1]), max(volumes, key=lambda p: p[1])


def no_vehicle_carries(design, altitude_km: float, inclination_deg: float) -> tuple[str, ...]:
    """Why no catalog vehicle can carry one satellite of ``design`` to the orbit (empty when one can)."""
    (mass_vehicle, payload), (volume_vehicle, fairing) = largest_vehicles(altitude_km, inclination_deg)
    mass, volume = design.mass_kg, stowed_volume_m3(design)
    problems = []
    if payload <= 0:
        problems.append(f"no catalog vehicle reaches {altitude_km:g} km, {inclination_deg:.1f} deg (the largest "
                        f"payload there, {mass_vehicle}'s, is 0 kg): choose a lower orbit")
    elif not mass <= payload:
        problems.append(f"a satellite of {mass:,.0f} kg is heavier than any catalog vehicle carries to "
                        f"{altitude_km:g} km, {inclination_deg:.1f} deg: the largest, {mass_vehicle}, carries "
                        f"{payload:,.0f} kg (make the satellites smaller and the fleet larger)")
    if not volume <= fairing:
        problems.append(f"a satellite of {volume:,.1f} m3 stowed fits no catalog fairing: the largest, "
                        f"{volume_vehicle}, holds {fairing:,.1f} m3 usable (make the satellites smaller)")
    return tuple(problems)
