"""Total ionizing dose behind aluminium shielding, and single-event-upset rates for operations.

Dose: a published dose-depth table, not a radiation-belt model. The shipped table is the
SPENVIS 4.6.11 output of Pfandzelter & Bermbach (LEO-NET '23, arXiv:2302.08952; data in
github.com/pfandzelter/leo-edge-failure-models): AP-8 MIN trapped protons, AE-8 trapped
electrons, SHIELDOSE-2 dose in silicon at the centre of a solid aluminium sphere, for a
circular 550 km orbit at inclinations 0-180 deg (5 deg steps), 0.05-20 mm of aluminium,
over a five-year mission from 2023-01-01. Solar energetic protons and galactic cosmic rays
are NOT in the table (they add to the dose behind thick shields and in polar orbits).

Interpolation is bilinear in log(dose) over (inclination, aluminium thickness). Coverage is
the table's: inclination 0-180 deg, 0.05-20 mm Al, and altitude 550 km +- the tolerance the
data file declares (10 km, our choice). Anything outside raises ValueError naming the
argument; nothing is extrapolated. ``radiation_summary(..., clamp_altitude=True)`` is the one
explicit way to use the 550 km table for another altitude, and its result says so.

SEU: ``SEU_RATES`` holds sourced per-bit upset rates (records with kind measured / vendor /
estimate) with the orbit range each may be used for; ``seu_rate_per_bit_day`` is the
parameter the operations stage reads.
All dose functions take numpy arrays (or floats) and broadcast.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import yaml

from orbitaldc.catalog import Record

DATA_FILE = "data/radiation_dose.yaml"
DAYS_PER_YEAR = 365.0  # SPENVIS mission of 1825 days = 5 years


@dataclass(frozen=True)
class DoseTable:
    """A dose-depth table on an (inclination, aluminium) grid at one altitude."""

    id: str
    source: str
    year: int
    model: str
    altitude_km: float
    altitude_tolerance_km: float
    inclination_deg: np.ndarray  # (n_inc,)
    aluminium_mm: np.ndarray  # (n_al,)
    annual_total_rad_si: np.ndarray  # (n_inc, n_al)
    mission_days: float


@dataclass(frozen=True)
class SeuRate:
    """A sourced upset rate and the orbits it may be used for."""

    device: str
    name: str
    rate: Record
    altitude_km: tuple[float, float]
    inclination_deg: tuple[float, float]
    note: str


@dataclass(frozen=True)
class RadiationSummary:
    """Dose for one orbit and shielding, with where the number comes from."""

    altitude_km: float
    inclination_deg: float
    aluminium_mm: float
    annual_dose_rad_si: float
    years: float
    mission_dose_rad_si: float
    table_altitude_km: float
    within_table: bool  # False only when clamp_altitude moved the altitude onto the table
    source: str
    note: str


def _raw() -> dict:
    text = resources.files("orbitaldc").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def dose_table() -> DoseTable:
    """The shipped dose-depth table, converted from mission totals to rad(Si) per year."""
    d = _raw()["dose_depth"]
    inclinations = sorted(d["tables"])
    rows = [np.asarray(d["tables"][i], dtype=float) for i in inclinations]
    aluminium = rows[0][:, 0]
    for inc, r in zip(inclinations, rows, strict=True):
        if r.shape != rows[0].shape or not np.array_equal(r[:, 0], aluminium):
            raise ValueError(f"radiation_dose.yaml: inclination {inc}: thickness grid differs")
    years = float(d["mission_days"]) / DAYS_PER_YEAR
    total = np.stack([r[:, 1] for r in rows]) / years
    if np.any(total <= 0.0):
        raise ValueError("radiation_dose.yaml: non-positive total dose; log interpolation needs > 0")
    return DoseTable(
        id=str(d["id"]),
        source=" ".join(str(d["source"]).split()),
        year=int(d["year"]),
        model=" ".join(str(d["model"]).split()),
        altitude_km=float(d["altitude_km"]),
        altitude_tolerance_km=float(d["altitude_tolerance_km"]),
        inclination_deg=np.asarray(inclinations, dtype=float),
        aluminium_mm=aluminium,
        annual_total_rad_si=total,
        mission_days=float(d["mission_days"]),
    )


def _check_range(name: str, values: np.ndarray, low: float, high: float, unit: str) -> None:
    bad = ~np.isfinite(values) | (values < low) | (values > high)
    if np.any(bad):
        first = float(values[bad].flat[0])
        raise ValueError(f"{name}: {first:g} outside the coverage [{low:g}, {high:g}] {unit}")


def _interp_index(grid: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower cell index and fraction of x in a sorted grid (x already within the grid)."""
    i = np.clip(np.searchsorted(grid, x, side="right") - 1, 0, grid.size - 2)
    t = (x - grid[i]) / (grid[i + 1] - grid[i])
    return i, t


def _table_dose(table: DoseTable, inclination_deg: np.ndarray, aluminium_mm: np.ndarray) -> np.ndarray:
    """Bilinear interpolation of log(dose) on the table grid; inputs checked by the caller."""
    i, ti = _interp_index(table.inclination_deg, inclination_deg)
    j, tj = _interp_index(table.aluminium_mm, aluminium_mm)
    log_d = np.log(table.annual_total_rad_si)
    value = (
        (1 - ti) * (1 - tj) * log_d[i, j]
        + ti * (1 - tj) * log_d[i + 1, j]
        + (1 - ti) * tj * log_d[i, j + 1]
        + ti * tj * log_d[i + 1, j + 1]
    )
    return np.exp(value)


def annual_dose_rad_si(altitude_km, inclination_deg, aluminium_mm) -> np.ndarray:
    """Total ionizing dose per year in silicon behind a solid aluminium sphere, rad(Si)/yr.

    Pfandzelter & Bermbach 2023 SPENVIS table (AP-8 MIN / AE-8 / SHIELDOSE-2, 550 km),
    log-dose bilinear in inclination and thickness. Trapped particles only. Raises
    ValueError naming the argument when any element lies outside the table's coverage.
    """
    table = dose_table()
    alt, inc, al = np.broadcast_arrays(
        np.asarray(altitude_km, dtype=float),
        np.asarray(inclination_deg, dtype=float),
        np.asarray(aluminium_mm, dtype=float),
    )
    tol = table.altitude_tolerance_km
    _check_range("altitude_km", alt, table.altitude_km - tol, table.altitude_km + tol, "km")
    _check_range("inclination_deg", inc, table.inclination_deg[0], table.inclination_deg[-1], "deg")
    _check_range("aluminium_mm", al, table.aluminium_mm[0], table.aluminium_mm[-1], "mm")
    return _table_dose(table, inc, al)


def dose_over_mission_rad_si(altitude_km, inclination_deg, aluminium_mm, years) -> np.ndarray:
    """Dose accumulated over ``years`` at the table's mission-average rate, rad(Si).

    The table averages a five-year mission from 2023 (solar-minimum protons); the rate is
    applied linearly, without solar-cycle phase.
    """
    y = np.asarray(years, dtype=float)
    if np.any(~np.isfinite(y) | (y < 0.0)):
        raise ValueError("years: must be finite and >= 0")
    return annual_dose_rad_si(altitude_km, inclination_deg, aluminium_mm) * y


def radiation_summary(
    altitude_km: float,
    inclination_deg: float,
    aluminium_mm: float,
    years: float,
    *,
    clamp_altitude: bool = False,
) -> RadiationSummary:
    """Dose figures for one orbit and shielding, with provenance.

    With ``clamp_altitude=True`` an altitude outside the table is evaluated at the table's
    altitude and the summary says so (``within_table`` False); the real dose differs —
    trapped-proton dose grows with altitude in LEO. Inclination and thickness still raise.
    """
    table = dose_table()
    alt = float(altitude_km)
    if not np.isfinite(alt):
        raise ValueError("altitude_km: must be finite")
    within = abs(alt - table.altitude_km) <= table.altitude_tolerance_km
    if within or not clamp_altitude:
        eval_alt = alt
        note = f"{table.model} Table altitude {table.altitude_km:g} km."
    else:
        eval_alt = table.altitude_km
        note = (
            f"altitude {alt:g} km is outside the table ({table.altitude_km:g} +- "
            f"{table.altitude_tolerance_km:g} km); the {table.altitude_km:g} km dose is reported instead."
        )
    annual = float(annual_dose_rad_si(eval_alt, inclination_deg, aluminium_mm))
    mission = float(dose_over_mission_rad_si(eval_alt, inclination_deg, aluminium_mm, years))
    return RadiationSummary(
        altitude_km=alt,
        inclination_deg=float(inclination_deg),
        aluminium_mm=float(aluminium_mm),
        annual_dose_rad_si=annual,
        years=float(years),
        mission_dose_rad_si=mission,
        table_altitude_km=table.altitude_km,
        within_table=bool(within),
        source=f"{table.source} ({table.year})",
        note=note,
    )


@cache
def seu_rates() -> dict[str, SeuRate]:
    """Sourced single-event-upset rates by device id."""
    out: dict[str, SeuRate] = {}
    for device, entry in _raw()["seu_rates"].items():
        r = entry["rate"]
        cov = entry["coverage"]
        out[device] = SeuRate(
            device=device,
            name=str(entry["name"]),
            rate=Record(
                value=float(r["value"]),
                unit=str(r["unit"]),
                source=" ".join(str(r["source"]).split()),
                year=int(r["year"]),
                kind=str(r["kind"]),
                low=None if r.get("low") is None else float(r["low"]),
                high=None if r.get("high") is None else float(r["high"]),
            ),
            altitude_km=(float(cov["altitude_km"][0]), float(cov["altitude_km"][1])),
            inclination_deg=(float(cov["inclination_deg"][0]), float(cov["inclination_deg"][1])),
            note=" ".join(str(cov.get("note", "")).split()),
        )
    return out


SEU_RATES = seu_rates()


def seu_rate_per_bit_day(altitude_km, inclination_deg, device: str = "commercial_sram") -> np.ndarray:
    """Single-event-upset rate for operations, upsets per bit per day.

    The published (or estimated from published) rate of ``device`` from ``SEU_RATES``; it is
    one number per device, valid over the orbit range of its record — no orbit scaling.
    Raises ValueError for an unknown device or an orbit outside that range.
    """
    rates = seu_rates()
    if device not in rates:
        raise ValueError(f"device: unknown {device!r}; known: {', '.join(sorted(rates))}")
    entry = rates[device]
    alt, inc = np.broadcast_arrays(np.asarray(altitude_km, dtype=float), np.asarray(inclination_deg, dtype=float))
    _check_range("altitude_km", alt, *entry.altitude_km, f"km for {device}")
    _check_range("inclination_deg", inc, *entry.inclination_deg, f"deg for {device}")
    return np.full(alt.shape, entry.rate.value)
