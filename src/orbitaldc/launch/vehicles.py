"""Launch vehicles from the catalog and their payload to a target circular orbit.

Where the vehicle's user's guide publishes payload versus altitude and inclination
(``performance`` points in ``catalog/vehicles.yaml``), the payload is interpolated linearly in
altitude between points of the nearest tabulated inclination. Otherwise it is estimated from the
catalog's LEO (or SSO) figure with the rocket equation for the extra Hohmann delta-v to the
target altitude, using the upper stage's specific impulse (Merlin 1D Vacuum class, 348 s; SpaceX,
Falcon 9 user's guide 2021), plus the Earth-rotation assist lost or gained with the inclination,
v_E (cos i_ref - cos i) with v_E = 465.1 m/s at the equator (a launch due east at latitude phi
gains v_E cos(phi) sin(azimuth) = v_E cos(i); Wertz, SMAD 3rd ed., sec. 18.1). The catalog's LEO
figures are taken at 28.5 deg and 200 km (Cape Canaveral), an assumption. This is an estimate;
its error against published tables is measured in tests/validation/test_launch.py.
"""

from __future__ import annotations

import math

import numpy as np

from orbitaldc import catalog
from orbitaldc.constants import MU_EARTH_KM3_S2, R_EARTH_KM

UPPER_STAGE_ISP_S = 348.0
EQUATOR_SPEED_M_S = 465.1
LEO_REFERENCE_INCLINATION_DEG = 28.5
G0_M_S2 = 9.80665
LEO_REFERENCE_ALTITUDE_KM = 200.0


def hohmann_dv_m_s(from_altitude_km: float, to_altitude_km: float) -> float:
    """Two-burn Hohmann transfer between circular orbits (m/s)."""
    r1, r2 = R_EARTH_KM + from_altitude_km, R_EARTH_KM + to_altitude_km
    mu = MU_EARTH_KM3_S2
    a = 0.5 * (r1 + r2)
    dv1 = abs(math.sqrt(mu * (2 / r1 - 1 / a)) - math.sqrt(mu / r1))
    dv2 = abs(math.sqrt(mu / r2) - math.sqrt(mu * (2 / r2 - 1 / a)))
    return 1000.0 * (dv1 + dv2)


def payload_to_orbit_kg(vehicle: str, altitude_km: float, inclination_deg: float) -> tuple[float, str]:
    """Payload (kg) to a circular orbit, and how it was obtained."""
    entry = catalog.load("vehicles")[vehicle]
    table = entry.get("performance")
    if isinstance(table, dict) and table.get("points"):
        points = np.asarray(table["points"], dtype=float)
        incs = np.unique(points[:, 1])
        nearest = incs[np.argmin(np.abs(incs - inclination_deg))]
        rows = points[points[:, 1] == nearest]
        rows = rows[np.argsort(rows[:, 0])]
        if rows[0, 0] <= altitude_km <= rows[-1, 0] and abs(nearest - inclination_deg) <= 5.0:
            value = float(np.interp(altitude_km, rows[:, 0], rows[:, 2]))
            return value, f"interpolated in the user's guide table at {nearest:g} deg ({table.get('source', '')})"
    return estimate_payload_kg(vehicle, altitude_km, inclination_deg)


def estimate_payload_kg(vehicle: str, altitude_km: float, inclination_deg: float) -> tuple[float, str]:
    """Rocket-equation estimate from the catalog's single LEO (or SSO) figure."""
    values = catalog.values("vehicles", vehicle)
    if inclination_deg > 90.0 and "payload_sso_kg" in values:
        base_kg, base_alt = values["payload_sso_kg"], values.get("reference_sso_altitude_km", 500.0)
        from orbitaldc.orbit.elements import sso_inclination_deg

        base_inc, label = float(sso_inclination_deg(base_alt)), "SSO"
    else:
        base_kg, base_alt, base_inc, label = (values["payload_leo_kg"], LEO_REFERENCE_ALTITUDE_KM,
                                              LEO_REFERENCE_INCLINATION_DEG, "LEO")
    dv = hohmann_dv_m_s(base_alt, altitude_km) * (1.0 if altitude_km >= base_alt else -1.0)
    dv += EQUATOR_SPEED_M_S * (math.cos(math.radians(base_inc)) - math.cos(math.radians(inclination_deg)))
    value = base_kg * math.exp(-dv / (UPPER_STAGE_ISP_S * G0_M_S2))
    return value, (f"estimate: catalog {label} payload ({base_alt:g} km, {base_inc:.1f} deg) moved to "
                   f"{altitude_km:g} km, {inclination_deg:g} deg with the rocket equation (Hohmann and "
                   f"Earth-rotation delta-v, Isp {UPPER_STAGE_ISP_S:g} s)")
