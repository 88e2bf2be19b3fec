"""Total ionizing dose behind aluminium shielding, and single-event-upset rates for operations.

Dose: a published dose-depth table carried to other altitudes by an open trapped-particle model.

1. The anchor is the SPENVIS 4.6.11 output of Pfandzelter & Bermbach (LEO-NET '23,
   arXiv:2302.08952; data in github.com/pfandzelter/leo-edge-failure-models): AP-8 MIN trapped
   protons, AE-8 trapped electrons, SHIELDOSE-2 dose in silicon at the centre of a solid
   aluminium sphere, circular 550 km orbit, inclinations 0-180 deg (5 deg steps), 0.05-20 mm Al,
   five-year mission from 2023-01-01. At 550 km it is used as published (log-dose bilinear in
   inclination and thickness).
2. Other altitudes (300-2,000 km): each dose component of the 550 km table is multiplied by the
   ratio of orbit-averaged AP-8 MIN (protons) or AE-8 MAX (electrons and bremsstrahlung) integral
   flux at the new altitude to that at 550 km, same inclination, above the energy whose range
   equals the shield: proton CSDA range in aluminium from NIST PSTAR, electron range from
   Katz & Penfold (Rev. Mod. Phys. 24, 28, 1952), electron threshold held within 0.1-4 MeV.
   The orbit-averaged fluxes were computed with the open AE-8/AP-8 implementation in the
   ``aep8`` package (NASA AE8/AP8 via IRBEM) on a grid shipped in the data file
   (``flux_grid``); log-flux is bilinear in (altitude, inclination) and linear in
   log-energy, so the dose is log-linear in altitude between grid altitudes and equals the
   table exactly at 550 km. This is a range-threshold approximation of SHIELDOSE-2, not a
   transport calculation; tests/validation/test_radiation.py states its measured errors.

Solar energetic protons and galactic cosmic rays are NOT included (they add to the dose behind
thick shields and in polar orbits). Coverage: 0.05-20 mm Al; altitude 300-2,000 km;
inclination 0-180 deg at 550 +- 10 km (the published table) and the ``flux_grid`` inclination
range elsewhere (the 550 km flux is too small near 0 and 180 deg for a ratio). Anything outside
raises ValueError naming the argument and the range; nothing is extrapolated.
``radiation_summary(..., clamp_altitude=True)`` is the one explicit way to evaluate an altitude
outside 300-2,000 km at the nearest covered altitude, and its result says so.

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
    """A dose-depth table on an (inclination, aluminium) grid at one altitude.

    Doses in rad(Si) per year; ``annual_components_rad_si`` is (3, n_inc, n_al): trapped
    protons, trapped electrons, bremsstrahlung.
    """

    id: str
    source: str
    year: int
    model: str
    altitude_km: float
    altitude_tolerance_km: float
    inclination_deg: np.ndarray  # (n_inc,)
    aluminium_mm: np.ndarray  # (n_al,)
    annual_total_rad_si: np.ndarray  # (n_inc, n_al)
    annual_components_rad_si: np.ndarray  # (3, n_inc, n_al): protons, electrons, bremsstrahlung
    mission_days: float


@dataclass(frozen=True)
class FluxGrid:
    """Orbit-averaged omnidirectional integral fluxes (cm^-2 s^-1) for circular orbits.

    ``log_proton_flux`` is (n_alt, n_inc, n_ep) above ``proton_energy_mev``;
    ``log_electron_flux`` is (n_alt, n_inc, n_ee) above ``electron_energy_mev`` (natural logs).
    """

    id: str
    source: str
    year: int
    model: str
    altitude_km: np.ndarray
    inclination_deg: np.ndarray
    proton_energy_mev: np.ndarray
    electron_energy_mev: np.ndarray
    log_proton_flux: np.ndarray
    log_electron_flux: np.ndarray
    inclination_coverage_deg: tuple[float, float]


@dataclass(frozen=True)
class RangeEnergy:
    """Shield thickness to threshold energy: proton CSDA range (PSTAR) and electron range
    (Katz-Penfold) in aluminium, in g/cm^2, and the aluminium density in g/cm^3."""

    proton_energy_mev: np.ndarray
    proton_csda_range_g_cm2: np.ndarray
    aluminium_density_g_cm3: float
    electron_energy_bounds_mev: tuple[float, float]


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
    table_altitude_km: float  # altitude the dose was evaluated at (km)
    within_table: bool  # False only when clamp_altitude moved the altitude into the coverage
    source: str
    note: str


@cache
def _raw() -> dict:
    text = resources.files("orbitaldc").joinpath(DATA_FILE).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def _text(value) -> str:
    return " ".join(str(value).split())


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
    # columns: [al, total, electrons, bremsstrahlung, protons]
    components = np.stack([np.stack([r[:, k] for r in rows]) for k in (4, 2, 3)]) / years
    if np.any(total <= 0.0):
        raise ValueError("radiation_dose.yaml: non-positive total dose; log interpolation needs > 0")
    return DoseTable(
        id=str(d["id"]),
        source=_text(d["source"]),
        year=int(d["year"]),
        model=_text(d["model"]),
        altitude_km=float(d["altitude_km"]),
        altitude_tolerance_km=float(d["altitude_tolerance_km"]),
        inclination_deg=np.asarray(inclinations, dtype=float),
        aluminium_mm=aluminium,
        annual_total_rad_si=total,
        annual_components_rad_si=components,
        mission_days=float(d["mission_days"]),
    )


@cache
def flux_grid() -> FluxGrid:
    """The shipped orbit-averaged AP-8 MIN / AE-8 MAX integral-flux grid (see the data file)."""
    g = _raw()["flux_grid"]
    alts = np.asarray(g["altitudes_km"], dtype=float)
    incs = np.asarray(g["inclinations_deg"], dtype=float)
    ep = np.asarray(g["proton_energies_mev"], dtype=float)
    ee = np.asarray(g["electron_energies_mev"], dtype=float)
    flux = np.empty((alts.size, incs.size, ep.size + ee.size))
    seen = np.zeros((alts.size, incs.size), dtype=bool)
    for row in g["rows"]:
        a, i, *values = row
        ia = int(np.flatnonzero(alts == float(a))[0])
        ii = int(np.flatnonzero(incs == float(i))[0])
        if len(values) != ep.size + ee.size or seen[ia, ii]:
            raise ValueError(f"radiation_dose.yaml: flux_grid row {a} km {i} deg malformed or repeated")
        flux[ia, ii] = values
        seen[ia, ii] = True
    if not seen.all():
        raise ValueError("radiation_dose.yaml: flux_grid incomplete")
    low, high = (float(x) for x in g["inclination_coverage_deg"])
    inside = (incs >= low) & (incs <= high)
    if np.any(flux[:, inside] <= 0.0):
        raise ValueError("radiation_dose.yaml: flux_grid has non-positive flux inside its coverage")
    log_flux = np.log(np.maximum(flux, 1e-30))  # zeros only outside the inclination coverage
    return FluxGrid(
        id=str(g["id"]),
        source=_text(g["source"]),
        year=int(g["year"]),
        model=_text(g["model"]),
        altitude_km=alts,
        inclination_deg=incs,
        proton_energy_mev=ep,
        electron_energy_mev=ee,
        log_proton_flux=log_flux[..., : ep.size],
        log_electron_flux=log_flux[..., ep.size :],
        inclination_coverage_deg=(low, high),
    )


@cache
def range_energy() -> RangeEnergy:
    """Range-energy data for aluminium from the data file (PSTAR protons, Katz-Penfold electrons)."""
    r = _raw()["range_energy"]
    p = np.asarray(r["proton_csda_aluminium"]["rows"], dtype=float)
    e = r["electron_katz_penfold"]
    return RangeEnergy(
        proton_energy_mev=p[:, 0],
        proton_csda_range_g_cm2=p[:, 1],
        aluminium_density_g_cm3=float(r["aluminium_density"]["value"]),
        electron_energy_bounds_mev=(float(e["threshold_bounds_mev"][0]), float(e["threshold_bounds_mev"][1])),
    )


def electron_range_g_cm2(energy_mev) -> np.ndarray:
    """Electron range in aluminium, g/cm^2 (Katz & Penfold, Rev. Mod. Phys. 24, 28, 1952).

    R = 0.412 E^(1.265 - 0.0954 ln E) for 0.01 <= E <= 2.5 MeV, R = 0.530 E - 0.106 above
    (E in MeV, R in g/cm^2).
    """
    e = np.asarray(energy_mev, dtype=float)
    low = 0.412 * e ** (1.265 - 0.0954 * np.log(e))
    return np.where(e <= 2.5, low, 0.530 * e - 0.106)


def threshold_energies_mev(aluminium_mm) -> tuple[np.ndarray, np.ndarray]:
    """Proton and electron energies (MeV) whose range in aluminium equals the thickness (mm).

    Protons: PSTAR CSDA range, log-log interpolated. Electrons: Katz-Penfold range, inverted
    numerically and held within the data file's bounds (AE-8's useful energy range).
    """
    rr = range_energy()
    depth = np.asarray(aluminium_mm, dtype=float) * 0.1 * rr.aluminium_density_g_cm3  # g/cm^2
    ep = np.exp(np.interp(np.log(depth), np.log(rr.proton_csda_range_g_cm2), np.log(rr.proton_energy_mev)))
    grid = np.geomspace(0.01, 20.0, 2001)
    ee = np.exp(np.interp(np.log(depth), np.log(electron_range_g_cm2(grid)), np.log(grid)))
    return ep, np.clip(ee, *rr.electron_energy_bounds_mev)


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


def _bilinear(values: np.ndarray, i, ti, j, tj) -> np.ndarray:
    return (
        (1 - ti) * (1 - tj) * values[i, j]
        + ti * (1 - tj) * values[i + 1, j]
        + (1 - ti) * tj * values[i, j + 1]
        + ti * tj * values[i + 1, j + 1]
    )


def _table_log(table: DoseTable, values: np.ndarray, inclination_deg, aluminium_mm) -> np.ndarray:
    """Bilinear interpolation of log(values) on the table grid; inputs checked by the caller."""
    i, ti = _interp_index(table.inclination_deg, inclination_deg)
    j, tj = _interp_index(table.aluminium_mm, aluminium_mm)
    log_v = np.log(np.maximum(values, 1e-300))  # zero components (e.g. no protons at 0 deg) stay ~0
    return np.exp(_bilinear(log_v, i, ti, j, tj))


def _table_dose(table: DoseTable, inclination_deg: np.ndarray, aluminium_mm: np.ndarray) -> np.ndarray:
    return _table_log(table, table.annual_total_rad_si, inclination_deg, aluminium_mm)


def _log_flux(grid: FluxGrid, log_flux: np.ndarray, energies: np.ndarray, alt, inc, energy) -> np.ndarray:
    """log of the orbit-averaged flux above ``energy``: bilinear in (altitude, inclination),
    linear in log-energy between grid energies."""
    ia, ta = _interp_index(grid.altitude_km, alt)
    ii, ti = _interp_index(grid.inclination_deg, inc)
    k, tk = _interp_index(np.log(energies), np.log(energy))
    lo = _bilinear(log_flux, ia, ta[..., None], ii, ti[..., None])  # (..., n_e)
    lo_k = np.take_along_axis(lo, k[..., None], axis=-1)[..., 0]
    hi_k = np.take_along_axis(lo, (k + 1)[..., None], axis=-1)[..., 0]
    return (1 - tk) * lo_k + tk * hi_k


def _flux_ratio(grid: FluxGrid, proton: bool, alt, inc, energy) -> np.ndarray:
    log_flux = grid.log_proton_flux if proton else grid.log_electron_flux
    energies = grid.proton_energy_mev if proton else grid.electron_energy_mev
    ref = np.full_like(alt, dose_table().altitude_km)
    here = _log_flux(grid, log_flux, energies, alt, inc, energy)
    return np.exp(here - _log_flux(grid, log_flux, energies, ref, inc, energy))


def _scaled_dose(alt: np.ndarray, inc: np.ndarray, inc_flux: np.ndarray, al: np.ndarray) -> np.ndarray:
    """Published 550 km total x component-weighted AP-8/AE-8 flux ratio (inputs checked).

    D(h) = D_550 * (P * R_p + (E + B) * R_e) / (P + E + B), with P, E, B the 550 km proton,
    electron and bremsstrahlung doses and R the flux ratios h / 550 km at ``inc_flux``; equals
    the published table at 550 km.
    """
    table, grid = dose_table(), flux_grid()
    protons, electrons, brems = (_table_log(table, c, inc, al) for c in table.annual_components_rad_si)
    ep, ee = threshold_energies_mev(al)
    rp = _flux_ratio(grid, True, alt, inc_flux, ep)
    re = _flux_ratio(grid, False, alt, inc_flux, ee)
    weight = (protons * rp + (electrons + brems) * re) / (protons + electrons + brems)
    return _table_dose(table, inc, al) * weight


def dose_coverage() -> dict[str, tuple[float, float]]:
    """Covered ranges: altitude (km), inclination at the table altitude and elsewhere (deg),
    aluminium (mm)."""
    table, grid = dose_table(), flux_grid()
    return {
        "altitude_km": (float(grid.altitude_km[0]), float(grid.altitude_km[-1])),
        "inclination_deg_at_table_altitude": (float(table.inclination_deg[0]), float(table.inclination_deg[-1])),
        "inclination_deg": grid.inclination_coverage_deg,
        "aluminium_mm": (float(table.aluminium_mm[0]), float(table.aluminium_mm[-1])),
    }


def annual_dose_rad_si(altitude_km, inclination_deg, aluminium_mm) -> np.ndarray:
    """Total ionizing dose per year in silicon behind a solid aluminium sphere, rad(Si)/yr.

    Circular orbit at ``altitude_km`` (km) and ``inclination_deg`` (deg) behind
    ``aluminium_mm`` (mm of Al, sphere radius). At 550 +- 10 km: the Pfandzelter & Bermbach 2023
    SPENVIS table (AP-8 MIN / AE-8 / SHIELDOSE-2), log-dose bilinear in inclination and
    thickness. Elsewhere in 300-2,000 km: that table's proton and electron(+bremsstrahlung)
    components scaled by orbit-averaged AP-8 MIN / AE-8 MAX integral-flux ratios above the
    range-matched energy (module docstring). Trapped particles only. Raises ValueError naming
    the argument and the covered range when any element lies outside the coverage.
    """
    table, grid = dose_table(), flux_grid()
    alt, inc, al = np.broadcast_arrays(
        np.asarray(altitude_km, dtype=float),
        np.asarray(inclination_deg, dtype=float),
        np.asarray(aluminium_mm, dtype=float),
    )
    _check_range("altitude_km", alt, grid.altitude_km[0], grid.altitude_km[-1], "km")
    _check_range("inclination_deg", inc, table.inclination_deg[0], table.inclination_deg[-1], "deg")
    _check_range("aluminium_mm", al, table.aluminium_mm[0], table.aluminium_mm[-1], "mm")
    at_table = np.abs(alt - table.altitude_km) <= table.altitude_tolerance_km
    low, high = grid.inclination_coverage_deg
    if not np.all(at_table):
        _check_range("inclination_deg", inc[~at_table], low, high,
                     f"deg away from {table.altitude_km:g} +- {table.altitude_tolerance_km:g} km (0-180 there)")
    # Near the table altitude, inclinations outside the flux grid's coverage take the flux ratio
    # of the nearest covered inclination (the ratio is 1 at exactly 550 km): continuous everywhere.
    return _scaled_dose(alt, inc, np.clip(inc, low, high), al)


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
    """Dose figures (rad(Si) per year and over ``years``) for one orbit and shielding, with provenance.

    With ``clamp_altitude=True`` an altitude outside 300-2,000 km is evaluated at the nearest
    covered altitude and the summary says so (``within_table`` False); the real dose differs.
    Inclination and thickness still raise.
    """
    table, grid = dose_table(), flux_grid()
    alt = float(altitude_km)
    if not np.isfinite(alt):
        raise ValueError("altitude_km: must be finite")
    low, high = float(grid.altitude_km[0]), float(grid.altitude_km[-1])
    within = low <= alt <= high
    eval_alt = alt if (within or not clamp_altitude) else float(np.clip(alt, low, high))
    if abs(eval_alt - table.altitude_km) <= table.altitude_tolerance_km:
        note = f"{table.model} Table altitude {table.altitude_km:g} km."
        source = f"{table.source} ({table.year})"
    else:
        note = (
            f"{table.model} Carried from {table.altitude_km:g} km to {eval_alt:g} km by "
            f"{grid.model} flux ratios above range-matched energies (approximation)."
        )
        source = f"{table.source} ({table.year}); {grid.source} ({grid.year})"
    if not within and clamp_altitude:
        note = (
            f"altitude {alt:g} km is outside the coverage [{low:g}, {high:g}] km; "
            f"the {eval_alt:g} km dose is reported instead. " + note
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
        table_altitude_km=eval_alt,
        within_table=bool(within),
        source=source,
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
