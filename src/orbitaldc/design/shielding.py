"""Aluminium shielding around the compute, sized for the accelerators' total ionizing dose.

``satellite.shielding.aluminium_mm: auto`` (the default) picks the thinnest aluminium wall whose dose over
the horizon stays within the accelerators' tested total dose divided by the radiation design margin:

    mission_dose(altitude, inclination, t, years) <= tested_dose / RDM

Dose: ``orbit/radiation.py`` (SPENVIS AP-8/AE-8 + SHIELDOSE-2 table at 550 km carried to 300-2,000 km by
trapped-flux ratios; 0.05-20 mm Al). It falls monotonically with thickness, so the thinnest wall is found on
a log-spaced thickness grid, refined inside the cell that crosses the target. Tested dose: ``tested_dose_rad_si`` of
``catalog/accelerators.yaml`` (Trillium's 15 krad(Si), the one published accelerator test, assumed for the
others). RDM: ``radiation_design_margin`` of ``catalog/bus.yaml`` (ECSS-Q-ST-60-15C, 2012: at least 2).
A given thickness is kept and checked: a dose above the target is a stated problem. Outside the dose model's
coverage the orbit is evaluated at the nearest covered altitude and inclination, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from orbitaldc import catalog
from orbitaldc.orbit.radiation import dose_over_mission_rad_si

THICKNESS_MM = np.geomspace(0.05, 20.0, 241)  # the dose table's range, log-spaced
ALTITUDE_KM = (300.0, 2000.0)  # the dose model's altitude coverage (orbit/radiation.py)
INCLINATION_DEG = (25.0, 155.0)  # its inclination coverage away from the 550 km table


@dataclass(frozen=True)
class Shielding:
    """The compute's aluminium wall (mm), the dose it lets through over the horizon (rad(Si)) and the target."""

    aluminium_mm: float
    policy: str  # "auto" (sized for the dose) or "given"
    mission_dose_rad_si: float
    target_dose_rad_si: float  # tested dose / RDM
    tested_dose_rad_si: float
    radiation_design_margin: float
    notes: tuple[str, ...] = ()  # where the dose model was stretched to this orbit
    problems: tuple[str, ...] = ()
    feasible: bool = True


def covered_orbit(altitude_km: float, inclination_deg: float) -> tuple[float, float, tuple[str, ...]]:
    """The orbit the dose model evaluates (the nearest covered one) and notes when it differs."""
    alt = min(max(altitude_km, ALTITUDE_KM[0]), ALTITUDE_KM[1])
    notes = ()
    if alt != altitude_km:
        low, high = ALTITUDE_KM
        notes += (f"dose evaluated at {alt:g} km, the edge of the dose model's {low:g}-{high:g} km coverage "
                  f"(the orbit is at {altitude_km:g} km)"
                  + (": an underestimate in the radiation belts" if altitude_km > ALTITUDE_KM[1] else ""),)
    inc = inclination_deg
    near_table = abs(alt - 550.0) <= 10.0
    if not near_table and not INCLINATION_DEG[0] <= inclination_deg <= INCLINATION_DEG[1]:
        inc = min(max(inclination_deg, INCLINATION_DEG[0]), INCLINATION_DEG[1])
        notes += (f"dose evaluated at {inc:g} deg inclination, the edge of the dose model's coverage away from "
                  f"550 km (the orbit is at {inclination_deg:g} deg)",)
    return alt, inc, notes


@lru_cache(maxsize=4096)  # the design stage asks twice per run; the bridge and sweeps ask per step and group
def shielding(accelerator: str, bus: str, altitude_km: float, inclination_deg: float, years: float,
              aluminium_mm: float | str = "auto") -> Shielding:
    """Size (``"auto"``) or check (a number, mm) the compute's aluminium wall for ``years`` in this orbit."""
    tested = float(catalog.values("accelerators", accelerator)["tested_dose_rad_si"])
    rdm = float(catalog.values("bus", bus)["radiation_design_margin"])
    target = tested / rdm
    alt, inc, notes = covered_orbit(float(altitude_km), float(inclination_deg))
    krad = lambda rad: f"{rad / 1000.0:.3g} krad(Si)"  # noqa: E731
    if aluminium_mm != "auto":
        mm = float(aluminium_mm)
        dose = float(dose_over_mission_rad_si(alt, inc, min(max(mm, THICKNESS_MM[0]), THICKNESS_MM[-1]), years))
        problems = () if dose <= target else (
            f"the compute's {mm:g} mm of aluminium lets {krad(dose)} through in {years:g} years, above the "
            f"{krad(target)} the accelerators allow ({krad(tested)} tested / radiation design margin {rdm:g}): "
            "thicker satellite.shielding.aluminium_mm, or 'auto'",)
        return Shielding(mm, "given", dose, target, tested, rdm, notes, problems)
    dose = np.asarray(dose_over_mission_rad_si(alt, inc, THICKNESS_MM, years), dtype=float)
    if dose[-1] > target:
        problems = (f"no aluminium up to {THICKNESS_MM[-1]:g} mm keeps the {years:g}-year dose within the "
                    f"{krad(target)} the accelerators allow ({krad(tested)} tested / radiation design margin "
                    f"{rdm:g}): {krad(float(dose[-1]))} gets through {THICKNESS_MM[-1]:g} mm in this orbit; choose a "
                    "lower orbit, a shorter horizon, or give satellite.shielding.aluminium_mm to price it anyway",)
        return Shielding(float(THICKNESS_MM[-1]), "auto", float(dose[-1]), target, tested, rdm, notes, problems,
                         feasible=False)
    if dose[0] <= target:
        mm = float(THICKNESS_MM[0])
    else:
        # the dose falls monotonically with thickness: inside the first grid cell that crosses the target, the
        # first of 257 log-spaced walls that lets no more than the target through (1e-4 of the wall; one call)
        i = int(np.argmax(dose <= target))
        walls = np.geomspace(THICKNESS_MM[i - 1], THICKNESS_MM[i], 257)
        inside = np.asarray(dose_over_mission_rad_si(alt, inc, walls, years), dtype=float)
        mm = float(walls[int(np.argmax(inside <= target))])
    return Shielding(mm, "auto", float(dose_over_mission_rad_si(alt, inc, mm, years)), target, tested, rdm, notes)


def shielding_document(s: Shielding) -> dict:
    """``design.shielding``: the wall, its policy, the dose through it, the target and its parts."""
    return {"aluminium_mm": s.aluminium_mm, "policy": s.policy, "mission_dose_rad_si": s.mission_dose_rad_si,
            "target_dose_rad_si": s.target_dose_rad_si, "tested_dose_rad_si": s.tested_dose_rad_si,
            "radiation_design_margin": s.radiation_design_margin, "notes": list(s.notes)}
