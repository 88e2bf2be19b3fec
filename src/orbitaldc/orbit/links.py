"""Inter-satellite links: range, Earth blockage with a grazing margin, visibility windows,
and the data rate of a free-space optical link versus range.

Geometry. Earth is a sphere of R = 6378.137 km (the eclipse and ``is_sunlit`` convention of
this package). The line of sight between two satellites is clear when the lowest point of
the straight segment joining them stays above R + grazing altitude. That lowest point is the
foot of the perpendicular from Earth's centre when it falls between the two satellites,
otherwise the lower satellite itself; ``line_of_sight_margin_km`` returns its altitude minus
the grazing altitude (negative = blocked). "Grazing altitude" is the name Tesat gives the
shortest distance between a laser beam path and Earth's surface, whose atmosphere degrades
acquisition and communication gradually as it falls (Planning constraints of low grazing
altitude GEO-LEO laser links based on in-orbit data, Optical Engineering 55(11) 111608,
2016, Alphasat TDP1 data). The default, 100 km, is the Karman line that link-geometry
studies use as the floor of an optical inter-satellite link (e.g. Bhutiani & Shah, Free
Space Optical Inter Satellite Links beyond the Karman Line, Communications & Networks
Connect 1, 2025); refraction and the oblate Earth (up to 21 km lower at the poles) are
ignored. Link windows are root-found with ``events.find_crossings`` (1 ms), one track per
pair, like eclipses per satellite.

Optical budget (far-field, diffraction-limited; Majumdar & Ricklin, Free-Space Laser
Communications, Springer 2008, ch. 1; Hemmati, Near-Earth Laser Communications, CRC 2009;
Kaushal & Kaddoum, IEEE Comm. Surveys & Tutorials 19(1) 57, 2017):

    P_rx = P_tx * eta * G_tx * G_rx * (lambda / (4 pi R))^2,   G = (pi D / lambda)^2,

so P_rx = P_tx eta (pi D_tx D_rx / (4 lambda R))^2 falls as 1/R^2 beyond the near field. The
efficiency eta lumps optics transmission, aperture illumination (a truncated Gaussian beam
reaches ~0.81 of the uniform-aperture gain, Klein & Degnan 1974) and pointing (a static
error theta costs exp(-G theta^2) per terminal, the far-field Gaussian-beam approximation
the MathWorks optical link-budget example writes as 4.343 G theta^2 dB). Closer than
R_near = pi D_tx D_rx / (4 lambda) the formula would deliver more than was sent; there the
receiver catches the whole beam and the coupling is capped at 1 (about 5 km for two 10 cm
apertures at 1550 nm, the "~10 km for a 10 cm telescope" where Suncatcher, arXiv:2511.19468,
says spatial multiplexing becomes possible). The data rate is the received photon flux
divided by the receiver's sensitivity in photons per bit, P_rx / (n_b h c / lambda), capped
at the terminal's maximum modulation rate: the Suncatcher argument that received power
scales as 1/R^2, so satellites flown hundreds of metres apart are limited by the
transceivers (800 Gbps each way on their bench), not by the optical budget.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.constants import R_EARTH_KM

# Karman line; see the module docstring for the source and for what it neglects.
DEFAULT_GRAZING_ALTITUDE_KM = 100.0

# SI defining constants (BIPM, 9th SI Brochure, 2019): exact.
PLANCK_J_S = 6.62607015e-34
SPEED_OF_LIGHT_M_S = 299_792_458.0

# Quantum limit of homodyne BPSK: BER = erfc(sqrt(2 n)) / 2 reaches 1e-9 at n = 9 photons
# per bit (e.g. Kaushal & Kaddoum 2017, sec. on coherent detection; Majumdar 2008, ch. 1).
HOMODYNE_BPSK_PHOTONS_PER_BIT = 9.0


# --- geometry -----------------------------------------------------------------------------

def check_pairs(pairs, n_satellites: int | None = None, name: str = "pairs") -> np.ndarray:
    """Pairs as an (n, 2) integer array; ValueError naming ``name`` otherwise."""
    p = np.asarray(pairs)
    if p.ndim != 2 or p.shape[1] != 2 or p.size == 0:
        raise ValueError(f"{name}: expected a non-empty (n, 2) array of satellite indices, got shape {p.shape}")
    if not np.issubdtype(p.dtype, np.integer):
        raise ValueError(f"{name}: satellite indices must be integers")
    if np.any(p < 0) or (n_satellites is not None and np.any(p >= n_satellites)):
        raise ValueError(f"{name}: satellite index outside 0..{'n-1' if n_satellites is None else n_satellites - 1}")
    if np.any(p[:, 0] == p[:, 1]):
        raise ValueError(f"{name}: a pair joins a satellite to itself")
    return p.astype(np.int64)


def pair_range_km(trajectory, pairs, t_s) -> np.ndarray:
    """Distance (km) between the two satellites of every pair, shape (n_pairs, n_t).

    ``trajectory`` has ``.state(sat, t_s)``; ``t_s`` are seconds from its epoch.
    """
    p = check_pairs(pairs)
    a, b, t = np.broadcast_arrays(p[:, :1], p[:, 1:], np.atleast_1d(np.asarray(t_s, dtype=float))[None, :])
    r_a = trajectory.state(a, t)[0]
    r_b = trajectory.state(b, t)[0]
    return np.linalg.norm(r_b - r_a, axis=-1)


def line_of_sight_margin_km(r1_km, r2_km, grazing_altitude_km=DEFAULT_GRAZING_ALTITUDE_KM) -> np.ndarray:
    """Lowest altitude of the segment r1-r2 above a spherical Earth minus the grazing altitude (km).

    ``r1_km`` and ``r2_km`` are (..., 3) geocentric positions; negative means blocked.
    """
    r1 = np.asarray(r1_km, dtype=float)
    r2 = np.asarray(r2_km, dtype=float)
    grazing = np.asarray(grazing_altitude_km, dtype=float)
    if np.any(~np.isfinite(grazing)):
        raise ValueError("grazing_altitude_km: must be finite")
    d = r2 - r1
    dd = np.sum(d * d, axis=-1)
    s = np.divide(-np.sum(r1 * d, axis=-1), dd, out=np.zeros_like(dd), where=dd > 0)
    closest = r1 + np.clip(s, 0.0, 1.0)[..., None] * d
    return np.linalg.norm(closest, axis=-1) - R_EARTH_KM - grazing


def link_margin_function(trajectory, pairs, grazing_altitude_km=DEFAULT_GRAZING_ALTITUDE_KM):
    """g(track, t) = line-of-sight margin (km) of pair ``pairs[track]`` at ``t`` (s)."""
    p = check_pairs(pairs)

    def g(track, t_s):
        track = np.asarray(track)
        r_a = trajectory.state(p[track, 0], t_s)[0]
        r_b = trajectory.state(p[track, 1], t_s)[0]
        return line_of_sight_margin_km(r_a, r_b, grazing_altitude_km)

    return g


def link_windows(fleet, pairs, start, end, grazing_altitude_km=DEFAULT_GRAZING_ALTITUDE_KM,
                 step_s: float = 60.0):
    """Intervals when each pair sees the other above the grazing altitude: ``(windows, problems)``.

    ``windows`` is a pandas DataFrame with columns pair (row of ``pairs``), satellite_a,
    satellite_b, start, end (datetime64[ns] UTC, clipped to the window) and duration_s;
    ``problems`` lists pairs skipped because a satellite's propagation failed. Window edges
    are refined to 1 ms. A pair in sight all along gives one window spanning [start, end].
    """
    import pandas as pd

    from orbitaldc.orbit.events import Crossings, find_crossings, intervals_below_zero

    n_sat = len(fleet.names)
    p = check_pairs(pairs, n_sat)
    if not step_s > 0:
        raise ValueError("step_s: must be positive")
    t0 = np.datetime64(start, "ns")
    duration_s = (np.datetime64(end, "ns") - t0) / np.timedelta64(1, "s")
    if not duration_s > 0:
        raise ValueError("end: must be after start")
    n = len(p)
    found = ([], [], [])
    visible_at_start = None
    usable = np.ones(n_sat, dtype=bool)
    for chunk in fleet.chunks(t0, duration_s, step_s):
        usable &= chunk.ok
        margin = link_margin_function(chunk.trajectory, p, grazing_altitude_km)

        def hidden(track, t_s, margin=margin):  # negative while the pair is in sight
            return -margin(track, t_s)

        if visible_at_start is None:
            visible_at_start = margin(np.arange(n), np.zeros(n)) > 0
        c = find_crossings(hidden, n, chunk.grid_s)
        for store, values in zip(found, (c.track, c.t_s, c.rising), strict=True):
            store.append(values)

    track, t, rising = (np.concatenate(x) for x in found)
    order = np.lexsort((t, track))
    crossings = Crossings(track[order].astype(int), t[order], rising[order].astype(bool))
    track, begin, finish = intervals_below_zero(crossings, n, 0.0, duration_s, visible_at_start)
    ok_pair = usable[p[:, 0]] & usable[p[:, 1]]
    keep = ok_pair[track] & (finish > begin)
    track, begin, finish = track[keep], begin[keep], finish[keep]
    names = np.array(fleet.names, dtype=object)
    empty = np.array([], dtype=object)
    windows = pd.DataFrame({
        "pair": track,
        "satellite_a": names[p[track, 0]] if track.size else empty,
        "satellite_b": names[p[track, 1]] if track.size else empty,
        "start": t0 + (begin * 1e9).astype("timedelta64[ns]"),
        "end": t0 + (finish * 1e9).astype("timedelta64[ns]"),
        "duration_s": finish - begin,
    })
    problems = [f"pair {k} ({names[a]}, {names[b]}): propagation failed; skipped"
                for k, (a, b) in enumerate(p) if not ok_pair[k]]
    return windows, problems


# --- optical budget -----------------------------------------------------------------------

def _positive(value, name: str) -> np.ndarray:
    x = np.asarray(value, dtype=float)
    if np.any(~(x > 0.0)) or np.any(~np.isfinite(x)):
        raise ValueError(f"{name}: must be positive and finite")
    return x


def photon_energy_j(wavelength_m) -> np.ndarray:
    """Energy h c / lambda of one photon (J)."""
    return PLANCK_J_S * SPEED_OF_LIGHT_M_S / _positive(wavelength_m, "wavelength_m")


def far_field_gain(aperture_m, wavelength_m) -> np.ndarray:
    """On-axis gain (pi D / lambda)^2 of a uniformly illuminated circular aperture (linear)."""
    return (np.pi * _positive(aperture_m, "aperture_m") / _positive(wavelength_m, "wavelength_m")) ** 2


def free_space_loss(range_km, wavelength_m) -> np.ndarray:
    """Free-space loss (lambda / (4 pi R))^2 (linear, < 1)."""
    r_m = _positive(range_km, "range_km") * 1e3
    return (_positive(wavelength_m, "wavelength_m") / (4.0 * np.pi * r_m)) ** 2


def pointing_efficiency(gain, pointing_error_rad) -> np.ndarray:
    """exp(-G theta^2): far-field loss of a static pointing error theta on a gain-G beam."""
    theta = np.asarray(pointing_error_rad, dtype=float)
    if np.any(theta < 0) or np.any(~np.isfinite(theta)):
        raise ValueError("pointing_error_rad: must be non-negative and finite")
    return np.exp(-np.asarray(gain, dtype=float) * theta**2)


def near_field_range_km(aperture_tx_m, aperture_rx_m, wavelength_m) -> np.ndarray:
    """Range pi D_tx D_rx / (4 lambda) (km) inside which the far-field coupling would exceed 1."""
    return (np.pi * _positive(aperture_tx_m, "aperture_tx_m") * _positive(aperture_rx_m, "aperture_rx_m")
            / (4.0 * _positive(wavelength_m, "wavelength_m"))) / 1e3


def optical_received_power_w(range_km, aperture_tx_m, aperture_rx_m, power_w, wavelength_m,
                             efficiency=1.0, pointing_error_rad=0.0) -> np.ndarray:
    """Received optical power (W) of a diffraction-limited link; broadcasts over all inputs.

    ``efficiency`` (0, 1] lumps optics and illumination losses of both terminals;
    ``pointing_error_rad`` is a static error applied at each end (``pointing_efficiency``).
    The geometric coupling G_tx G_rx (lambda / 4 pi R)^2 is capped at 1 (near field).
    """
    eta = np.asarray(efficiency, dtype=float)
    if np.any(~(eta > 0.0)) or np.any(eta > 1.0):
        raise ValueError("efficiency: must be in (0, 1]")
    g_tx = far_field_gain(aperture_tx_m, wavelength_m)
    g_rx = far_field_gain(aperture_rx_m, wavelength_m)
    coupling = np.minimum(g_tx * g_rx * free_space_loss(range_km, wavelength_m), 1.0)
    pointing = pointing_efficiency(g_tx, pointing_error_rad) * pointing_efficiency(g_rx, pointing_error_rad)
    return _positive(power_w, "power_w") * eta * pointing * coupling


def photons_per_bit_from_sensitivity(sensitivity_w, rate_bps, wavelength_m) -> np.ndarray:
    """Receiver sensitivity in photons per bit from a datasheet's power at a data rate."""
    return _positive(sensitivity_w, "sensitivity_w") / (_positive(rate_bps, "rate_bps") * photon_energy_j(wavelength_m))


def optical_data_rate_bps(range_km, aperture_tx_m, aperture_rx_m, power_w, wavelength_m, *,
                          photons_per_bit, efficiency=1.0, pointing_error_rad=0.0,
                          max_rate_bps=np.inf) -> np.ndarray:
    """Data rate (bit/s) the received photon flux supports, capped at ``max_rate_bps``.

    rate = P_rx / (photons_per_bit h c / lambda), with P_rx from ``optical_received_power_w``.
    ``photons_per_bit`` is the receiver sensitivity (9 for ideal homodyne BPSK at BER 1e-9,
    tens to hundreds for real terminals; ``photons_per_bit_from_sensitivity`` converts a
    datasheet dBm figure); ``max_rate_bps`` is the terminal's modulation limit.
    """
    cap = np.asarray(max_rate_bps, dtype=float)
    if np.any(~(cap > 0.0)):
        raise ValueError("max_rate_bps: must be positive")
    p_rx = optical_received_power_w(range_km, aperture_tx_m, aperture_rx_m, power_w, wavelength_m,
                                    efficiency, pointing_error_rad)
    rate = p_rx / (_positive(photons_per_bit, "photons_per_bit") * photon_energy_j(wavelength_m))
    return np.minimum(rate, cap)


def dbm(power_w) -> np.ndarray:
    """Power in dBm."""
    return 10.0 * np.log10(np.asarray(power_w, dtype=float) * 1e3)
