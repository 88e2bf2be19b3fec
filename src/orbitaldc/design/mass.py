"""Mass breakdown of one compute satellite.

Masses that follow from the sizing (compute, array, power electronics, battery, radiator,
shielding) are summed bottom-up; structure, harness, thermal hardware (pumps, loops, cold
plates), attitude control, avionics and the
propulsion hardware are fractions of the dry mass (Wertz & Larson, SMAD 3rd ed., Table
10-9 style subsystem shares, values in the ``bus`` catalog), so
dry = bottom_up / (1 - sum(fractions)). Propulsion is a placeholder share until the
drag model sizes propellant.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.constants import ALUMINIUM_DENSITY_KG_M3

FRACTION_PARTS = ("structure", "harness", "thermal_hardware", "adcs", "avionics_comms", "propulsion")


def shielding_mass_kg(compute_volume_m3, aluminium_mm):
    """Aluminium box around the compute, modelled as a cube of the compute volume (kg)."""
    area_m2 = 6.0 * np.asarray(compute_volume_m3) ** (2.0 / 3.0)
    return area_m2 * np.asarray(aluminium_mm) * 1e-3 * ALUMINIUM_DENSITY_KG_M3


def mass_breakdown_kg(bottom_up: dict, fractions: dict) -> dict:
    """All parts (kg) with the fraction parts solved against the dry total."""
    base = sum(bottom_up.values())
    share = sum(fractions[p] for p in FRACTION_PARTS)
    dry = base / (1.0 - share)
    parts = dict(bottom_up)
    for p in FRACTION_PARTS:
        parts[p] = fractions[p] * dry
    return parts
