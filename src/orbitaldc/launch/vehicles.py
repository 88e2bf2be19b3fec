"""Launch vehicles from the catalog and their payload to a target circular orbit.

Where the vehicle's user's guide publishes payload versus altitude and inclination
(``performance`` points in ``catalog/vehicles.yaml``), the payload is interpolated linearly in
altitude between points of the nearest tabulated inclination. Otherwise it is estimated from the
catalog's reference figure (LEO, or the vendor SSO figure for a retrograde target) with the rocket
equation applied to the upper stage, not to the payload alone.

Model (upper-stage payload exchange). At the reference orbit the upper stage burns out carrying
the reference payload P_ref and its own dry mass m_d. Flying the same ascent with a lighter payload
P and the difference P_ref - P as extra upper-stage propellant leaves the mass, and so the delta-v,
up to the reference orbit unchanged; burning that extra propellant then gives the additional
delta-v dv on the burnout mass P + m_d:

    Isp g0 ln((P_ref + m_d) / (P + m_d)) = dv   =>   P = (P_ref + m_d) exp(-dv / (Isp g0)) - m_d

(Tsiolkovsky on the stage; cf. Wertz & Larson, SMAD 3rd ed., sec. 17-18; Sutton, Rocket
Propulsion Elements, ch. 4). dv is the two-burn Hohmann delta-v between the reference and target
altitudes plus the Earth-rotation assist lost or gained with the inclination,
v_E (cos i_ref - cos i), v_E = 465.1 m/s (a launch at latitude phi into inclination i gains
v_E cos(phi) sin(azimuth) = v_E cos(i); SMAD sec. 18.1). m_d is the catalog's
``upper_stage_dry_mass_kg`` (0 when not sourced: the old payload-only estimate, which errs high),
Isp its ``upper_stage_isp_s`` (else 348 s, Merlin 1D Vacuum; SpaceX Falcon User's Guide 2021).
The reference orbit is the vehicle's ``reference_leo_altitude_km`` / ``reference_leo_inclination_deg``
where the vendor states it, else 200 km / 28.5 deg (Cape Canaveral), an assumption.

The stricter form that holds the stage's loaded propellant m_p fixed,
Isp g0 ln((P + m_d + m_p)/(P + m_d)) = Isp g0 ln((P_ref + m_d + m_p)/(P_ref + m_d)) + dv, ignores
that a lighter upper stage also gains delta-v from the first stage; it errs low (Electron PUG chart:
mean -8 %, worst -17 %) and is kept only as a bound (``fixed_propellant_payload_kg``).

Measured error of the estimate (tests/validation/test_launch.py): Electron, from 300 kg "LEO" to the
vendor 200 kg at 500 km SSO: +2.3 %; against the whole digitized Electron PUG chart (24 points,
400-1200 km, 40-100 deg): worst 3.4 %, median 0.9 % (payload-only, as before: worst 42 %). Falcon 9
v1.0 (2009 user's guide, LEO 10,454 kg at 200 km / 28.5 deg, upper-stage dry mass not published and
calibrated on the 200 km SSO point only): the SSO points 400-1000 km within 4.3 %, 1200 km -5.3 %.
The Electron figures depend on the reference-orbit assumption: Rocket Lab states no orbit for its
300 kg, and a due-east orbit from Mahia (39.3 deg) instead of 28.5 deg would make them +5.7 % / 6.5 %.
"""

from __future__ import annotations

import math

import numpy as np

from orbitaldc import catalog
from orbitaldc.constants import MU_EARTH_KM3_S2, R_EARTH_KM, STANDARD_GRAVITY_M_S2

UPPER_STAGE_ISP_S = 348.0
EQUATOR_SPEED_M_S = 465.1
LEO_REFERENCE_INCLINATION_DEG = 28.5
LEO_REFERENCE_ALTITUDE_KM = 200.0


def hohmann_dv_m_s(from_altitude_km: float, to_altitude_km: float) -> float:
    """Two-burn Hohmann transfer between circular orbits (m/s)."""
    r1, r2 = R_EARTH_KM + from_altitude_km, R_EARTH_KM + to_altitude_km
    mu = MU_EARTH_KM3_S2
    a = 0.5 * (r1 + r2)
    dv1 = abs(math.sqrt(mu * (2 / r1 - 1 / a)) - math.sqrt(mu / r1))
    dv2 = abs(math.sqrt(mu / r2) - math.sqrt(mu * (2 / r2 - 1 / a)))
    return 1000.0 * (dv1 + dv2)


def extra_dv_m_s(from_altitude_km: float, from_inclination_deg: float, to_altitude_km: float,
                 to_inclination_deg: float) -> float:
    """Delta-v (m/s) beyond the reference orbit: Hohmann altitude change (negative when lower) plus
    the Earth-rotation assist lost with the inclination, v_E (cos i_ref - cos i)."""
    dv = hohmann_dv_m_s(from_altitude_km, to_altitude_km) * (1.0 if to_altitude_km >= from_altitude_km else -1.0)
    return dv + EQUATOR_SPEED_M_S * (math.cos(math.radians(from_inclination_deg))
                                     - math.cos(math.radians(to_inclination_deg)))


def upper_stage_payload_kg(reference_kg: float, dv_m_s: float, isp_s: float, dry_mass_kg: float) -> float:
    """Payload after extra delta-v, trading payload 1:1 for upper-stage propellant:
    P = (P_ref + m_d) exp(-dv / (Isp g0)) - m_d."""
    return (reference_kg + dry_mass_kg) * math.exp(-dv_m_s / (isp_s * STANDARD_GRAVITY_M_S2)) - dry_mass_kg


def fixed_propellant_payload_kg(reference_kg: float, dv_m_s: float, isp_s: float, dry_mass_kg: float,
                                propellant_kg: float) -> float:
    """Payload when the stage's loaded propellant m_p is held fixed (a lower bound; see module doc)."""
    m_d, m_p = dry_mass_kg, propellant_kg
    ratio = (reference_kg + m_d + m_p) / (reference_kg + m_d) * math.exp(dv_m_s / (isp_s * STANDARD_GRAVITY_M_S2))
    return (m_d + m_p - ratio * m_d) / (ratio - 1.0)


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


def reference_orbit(vehicle: str) -> tuple[float, float]:
    """Altitude (km) and inclination (deg) of the vehicle's LEO figure: the vendor's where the catalog
    records it, else the 200 km / 28.5 deg default."""
    values = catalog.values("vehicles", vehicle)
    return (values.get("reference_leo_altitude_km", LEO_REFERENCE_ALTITUDE_KM),
            values.get("reference_leo_inclination_deg", LEO_REFERENCE_INCLINATION_DEG))


def estimate_payload_kg(vehicle: str, altitude_km: float, inclination_deg: float,
                        reference: str = "auto") -> tuple[float, str]:
    """Upper-stage rocket-equation estimate from the catalog's single LEO (or SSO) figure.

    ``reference="auto"`` starts from the vendor SSO figure for a retrograde target where the catalog
    has one, else from the LEO figure; ``reference="leo"`` always starts from the LEO figure.
    """
    values = catalog.values("vehicles", vehicle)
    if reference == "auto" and inclination_deg > 90.0 and "payload_sso_kg" in values:
        base_kg, base_alt = values["payload_sso_kg"], values.get("reference_sso_altitude_km", 500.0)
        from orbitaldc.orbit.elements import sso_inclination_deg

        base_inc, label = float(sso_inclination_deg(base_alt)), "SSO"
    elif reference in ("auto", "leo"):
        base_alt, base_inc = reference_orbit(vehicle)
        base_kg, label = values["payload_leo_kg"], "LEO"
    else:
        raise ValueError(f"reference must be 'auto' or 'leo', not {reference!r}")
    isp = values.get("upper_stage_isp_s", UPPER_STAGE_ISP_S)
    dry = values.get("upper_stage_dry_mass_kg", 0.0)
    dv = extra_dv_m_s(base_alt, base_inc, altitude_km, inclination_deg)
    value = max(0.0, upper_stage_payload_kg(base_kg, dv, isp, dry))
    return value, (f"estimate: catalog {label} payload ({base_alt:g} km, {base_inc:.1f} deg) moved to "
                   f"{altitude_km:g} km, {inclination_deg:g} deg with the rocket equation on payload + upper-stage "
                   f"dry mass {dry:g} kg (Hohmann and Earth-rotation delta-v {dv:.0f} m/s, Isp {isp:g} s)")
