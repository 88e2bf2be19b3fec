"""Independent validation of ``orbitaldc.orbit`` against skyfield and the JPL DE421 ephemeris.

The oracle shares no math with orbitaldc. The Sun comes from DE421 through skyfield. The
circular orbit is built here from its own rotation matrices in the GCRS, and each sample
is classified by skyfield's ``is_sunlit`` (the ``shadow`` kind: the line from satellite to
Sun's centre misses a sphere of 6378.1366 km). For umbra and penumbra the test uses its own
apparent-disc overlap test. Eclipse edges are found by sampling every 1 s and then bisecting
each sign change to about 1e-5 s, so sampling adds no error at the level checked here.

Error budget for the eclipse durations, which sets the tolerances below:
* The Sun moves about 0.99 deg/day, i.e. about 1.8e-4 of a revolution per revolution.
  orbitaldc's closed form ignores that motion, which lengthens or shortens an eclipse by
  that fraction: at most about 0.4 s for a 36-min eclipse. The slow drift of beta during
  one eclipse is symmetric about mid-eclipse, so it cancels to first order when beta is
  taken at mid-eclipse, as here.
* skyfield's Earth radius (6378.1366 km) differs from orbitaldc's (6378.137 km) by 0.4 m,
  about 0.01 s. orbitaldc uses 1 AU for the Sun distance, while DE421 gives 0.983-1.017 AU:
  under 0.05 s for the shadow kind and under 0.1 s per edge for umbra and penumbra.
So 1 s covers everything modelled here. A wrong Earth radius (6371 km instead of
6378.137 km) changes a 400-km eclipse at beta = 0 by about 5.5 s, and ignoring beta
changes it by minutes, so both would fail.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from orbitaldc.orbit.eclipse import beta_limit_deg, eclipse_fraction
from orbitaldc.orbit.elements import orbital_period_s, sso_inclination_deg
from orbitaldc.orbit.geometry import beta_angle_deg
from orbitaldc.orbit.sun import days_since_j2000, mean_sun_right_ascension_rad, sun_vector_km

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from skyfield.api import Loader
    from skyfield.framelib import mean_equator_and_equinox_of_date
    from skyfield.positionlib import Geocentric
    from skyfield_data import get_skyfield_data_path

# The oracle's own constants; only the geometry is shared with orbitaldc, not any code.
MU_KM3_S2 = 398600.4418  # WGS-84 / EGM-96
R_EQ_KM = 6378.137  # altitude datum: a = R_EQ_KM + h
R_SUN_KM = 695_700.0  # IAU 2015 nominal solar radius
JD_J2000 = 2451545.0

SHADOW_TOL_S = 1.0  # see the module docstring's error budget


@pytest.fixture(scope="module")
def sky():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skyfield-data's "file has expired" RuntimeWarnings
        load = Loader(get_skyfield_data_path(), expire=False, verbose=False)
        eph = load("de421.bsp")
        ts = load.timescale(builtin=True)
    return eph, ts


# ---------------------------------------------------------------------------------------------
# Oracle helpers
# ---------------------------------------------------------------------------------------------


def _unit(v):
    return v / np.linalg.norm(v, axis=0)


def _rot_x(angle):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def _rot_z(angle):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def _perifocal_to_inertial(inclination_rad, raan_rad):
    """Columns: ascending-node direction, in-plane normal to it, orbit normal (R_z(Omega) R_x(i))."""
    return _rot_z(raan_rad) @ _rot_x(inclination_rad)


def _sun_gcrs_km(eph, t):
    """Geometric geocentric Sun (GCRS axes), km, shape (3, N), the vector is_sunlit uses."""
    return (eph["sun"] - eph["earth"]).at(t).position.km


def _utc_times(ts, dt64):
    """skyfield Time from numpy datetime64 (UTC), keeping leap seconds right."""
    dt64 = np.asarray(dt64, dtype="datetime64[ns]")
    days = dt64.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(int) + 1970
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    mday = (days - days.astype("datetime64[M]")).astype(int) + 1
    seconds = (dt64 - days) / np.timedelta64(1, "s")
    return ts.utc(years, months, mday, 0, 0, seconds)


class CircularOrbit:
    """A Keplerian circular orbit in a fixed GCRS plane (J2 ignored over two revolutions)."""

    def __init__(self, ts, epoch_jd_tt, altitude_km, inclination_rad, raan_rad, u0_rad=0.0):
        self.ts = ts
        self.jd0 = epoch_jd_tt
        self.a = R_EQ_KM + altitude_km
        self.n = np.sqrt(MU_KM3_S2 / self.a**3)
        self.period = 2.0 * np.pi / self.n
        self.matrix = _perifocal_to_inertial(inclination_rad, raan_rad)
        self.normal = self.matrix[:, 2]
        self.u0 = u0_rad

    def times(self, seconds):
        return self.ts.tt_jd(self.jd0, np.asarray(seconds, dtype=float) / 86_400.0)

    def position_km(self, seconds):
        u = self.u0 + self.n * np.asarray(seconds, dtype=float)
        return self.a * (self.matrix @ np.stack([np.cos(u), np.sin(u), np.zeros_like(u)]))

    def beta_deg(self, eph, seconds):
        sun = _unit(_sun_gcrs_km(eph, self.times(seconds)))
        return np.degrees(np.arcsin(np.clip(self.normal @ sun, -1.0, 1.0)))


def _skyfield_shadow(orbit, eph):
    """Predicate seconds -> in shadow, from skyfield's ``is_sunlit``."""

    def pred(seconds):
        seconds = np.atleast_1d(np.asarray(seconds, dtype=float))
        t = orbit.times(seconds)
        pos = Geocentric(orbit.position_km(seconds) / 149_597_870.700, t=t)
        return ~np.asarray(pos.is_sunlit(eph), dtype=bool)

    return pred


def _conical_shadow(orbit, eph, kind):
    """Predicate seconds -> in ``umbra``/``penumbra`` from the apparent discs of Sun and Earth.

    Seen from the satellite, the Earth disc has radius asin(R/|r|) and the Sun disc
    asin(R_sun/|r_sun - r|). Penumbra (which includes the umbra): the discs overlap.
    Umbra: the Earth disc covers the whole Sun disc.
    """

    def pred(seconds):
        seconds = np.atleast_1d(np.asarray(seconds, dtype=float))
        r = orbit.position_km(seconds)
        to_sun = _sun_gcrs_km(eph, orbit.times(seconds)) - r
        rho_earth = np.arcsin(R_EQ_KM / np.linalg.norm(r, axis=0))
        rho_sun = np.arcsin(R_SUN_KM / np.linalg.norm(to_sun, axis=0))
        cos_sep = np.sum(_unit(to_sun) * _unit(-r), axis=0)
        sep = np.arccos(np.clip(cos_sep, -1.0, 1.0))
        if kind == "penumbra":
            return sep < rho_earth + rho_sun
        return sep < rho_earth - rho_sun

    return pred


def _eclipses(pred, span_s, step_s=1.0, iterations=17):
    """Sample ``pred`` every ``step_s`` over [0, span_s], refine each edge by bisection.

    Returns (samples in shadow, durations of the complete eclipses, their mid-times),
    with times in seconds from the orbit epoch.
    """
    sec = np.arange(0.0, span_s + step_s, step_s)
    inside = pred(sec)
    idx = np.flatnonzero(inside[1:] != inside[:-1])
    lo, hi = sec[idx], sec[idx + 1]
    state_lo = inside[idx]
    for _ in range(iterations):  # 1 s / 2**17 = 8e-6 s
        mid = 0.5 * (lo + hi)
        changed = pred(mid) != state_lo
        hi = np.where(changed, mid, hi)
        lo = np.where(changed, lo, mid)
    edges = 0.5 * (lo + hi)
    entering = ~state_lo
    durations, mids = [], []
    for k in range(len(edges) - 1):
        if entering[k] and not entering[k + 1]:
            durations.append(edges[k + 1] - edges[k])
            mids.append(0.5 * (edges[k] + edges[k + 1]))
    return inside, np.array(durations), np.array(mids)


def _orbit_with_beta(sky, date, altitude_km, beta_deg, psi_deg):
    """Circular orbit whose plane makes ``beta_deg`` with the Sun one revolution after epoch.

    The normal is cos(beta) e + sin(beta) s, with s the skyfield Sun direction and e a unit
    vector perpendicular to it, turned by ``psi_deg`` (which varies the inclination). The
    (i, RAAN) read from that normal then define the orbit through rotation matrices.
    """
    eph, ts = sky
    t0 = _utc_times(ts, np.datetime64(date))
    a = R_EQ_KM + altitude_km
    period = 2.0 * np.pi * np.sqrt(a**3 / MU_KM3_S2)
    t_mid = ts.tt_jd(t0.tt + period / 86_400.0)  # middle of the 2-revolution window
    s = _unit(_sun_gcrs_km(eph, t_mid))
    e1 = _unit(np.cross([0.0, 0.0, 1.0], s))
    e2 = np.cross(s, e1)
    psi = np.radians(psi_deg)
    e = np.cos(psi) * e1 + np.sin(psi) * e2
    b = np.radians(beta_deg)
    normal = np.cos(b) * e + np.sin(b) * s
    inclination = np.arccos(normal[2])
    raan = np.arctan2(normal[0], -normal[1])
    orbit = CircularOrbit(ts, t0.tt, altitude_km, inclination, raan, u0_rad=0.3)
    assert np.allclose(orbit.normal, normal, atol=1e-12)
    return orbit


def _independent_beta_limit_deg(altitude_km, sun_distance_km):
    """Largest |beta| with a Sun-centre eclipse: the satellite-to-Sun line grazes the Earth.

    In the triangle Earth centre - satellite - Sun with the satellite-Sun line tangent to
    the sphere, the angles at the satellite and at the Sun are asin(R/a) and asin(R/d),
    so the angle at Earth's centre from the anti-Sun direction is their sum. Used only to
    place the grazing/above-limit cases; the vanishing-beta test measures it with skyfield.
    """
    a = R_EQ_KM + altitude_km
    return np.degrees(np.arcsin(R_EQ_KM / a) + np.arcsin(R_EQ_KM / sun_distance_km))


# ---------------------------------------------------------------------------------------------
# 1. Sun direction and distance
# ---------------------------------------------------------------------------------------------


def test_sun_vector_matches_de421_mean_of_date(sky):
    """``sun_vector_km`` against DE421 (skyfield), mean equator and equinox of date, 2020-2040.

    Reference: geocentric Sun from DE421, both apparent (light time plus aberration, which
    the Almanac series is fitted to) and geometric (the vector is_sunlit uses), rotated into
    skyfield's ``mean_equator_and_equinox_of_date``. This is the frame of the Almanac
    low-precision series, which ignores nutation.
    Tolerances: the Almanac states 0.01 deg for the direction. We allow 0.02 deg because
    annual aberration (0.0057 deg) separates the geometric and apparent references and
    UT - TT (~70 s) adds 0.0008 deg. For the distance, the series is good to about 1e-5 AU. We allow
    1e-4 relative, since the Earth's wobble about the Earth-Moon barycentre (4,700 km)
    reaches 3e-5 of 1 AU. A half-day epoch slip moves the Sun 0.5 deg; an ecliptic-frame
    result (no obliquity rotation) is up to 23 deg off.
    Also checks ``days_since_j2000`` against skyfield's TT Julian date (within ~70 s,
    the UT - TT offset orbitaldc neglects).
    """
    eph, ts = sky
    dates = np.arange(
        np.datetime64("2020-01-01T00:00", "ns"),
        np.datetime64("2040-12-31T00:00", "ns"),
        np.timedelta64(7 * 86_400 + 3 * 3_600 + 17 * 60, "s"),  # drifts through the hours
    )
    t = _utc_times(ts, dates)
    days = days_since_j2000(dates)
    assert np.max(np.abs(days - (t.tt - JD_J2000))) * 86_400.0 < 80.0

    model = sun_vector_km(days)
    earth = eph["earth"]
    references = {
        "apparent": earth.at(t).observe(eph["sun"]).apparent(),
        "geometric": (eph["sun"] - earth).at(t),
    }
    for name, position in references.items():
        ref = position.frame_xyz(mean_equator_and_equinox_of_date).km
        cos_err = np.sum(_unit(model) * _unit(ref), axis=0)
        err_deg = np.degrees(np.arccos(np.clip(cos_err, -1.0, 1.0)))
        rel_dist = np.abs(np.linalg.norm(model, axis=0) / np.linalg.norm(ref, axis=0) - 1.0)
        print(f"sun {name}: max angle error {err_deg.max():.5f} deg, "
              f"max distance error {rel_dist.max():.2e} (n={len(dates)})")
        assert err_deg.max() < 0.02, name
        assert rel_dist.max() < 1e-4, name


def test_mean_sun_right_ascension_tracks_true_sun(sky):
    """Mean-Sun RA against DE421: their difference is the equation of time.

    Reference: apparent RA of the DE421 Sun in the mean equator and equinox of date.
    Their difference is the equation of time, which never exceeds 16.5 min = 4.13 deg.
    Tolerance: 4.2 deg. A sign error or a wrong epoch in the mean Sun breaks the LTAN
    convention in test 4 and shows here as differences of up to 180 deg.
    """
    eph, ts = sky
    dates = np.arange(np.datetime64("2024-01-01", "ns"), np.datetime64("2026-01-01", "ns"),
                      np.timedelta64(86_400, "s"))
    t = _utc_times(ts, dates)
    ref = eph["earth"].at(t).observe(eph["sun"]).apparent()
    x, y, _ = ref.frame_xyz(mean_equator_and_equinox_of_date).km
    ra_true = np.arctan2(y, x)
    diff = np.degrees(np.angle(np.exp(1j * (mean_sun_right_ascension_rad(days_since_j2000(dates))
                                            - ra_true))))
    print(f"equation of time range: {diff.min() * 4:.2f} .. {diff.max() * 4:.2f} min")
    assert np.abs(diff).max() < 4.2
    assert np.abs(diff).max() > 3.5  # the equation of time does reach ~16 min


# ---------------------------------------------------------------------------------------------
# 2. Eclipse duration per revolution, kind "shadow", against skyfield's is_sunlit
# ---------------------------------------------------------------------------------------------

# (altitude km, beta spec, date, psi deg). The beta spec is a number in degrees, or "graze"
# (0.15 deg inside the limit) or "above" (0.15 deg outside it).
# The spacing 0.15 deg is twice the largest beta drift over half the 2-revolution window.
SHADOW_CASES = [
    (400.0, 0.0, "2025-03-20T06:00", 0.0),
    (400.0, 40.0, "2031-07-04T13:30", 60.0),
    (400.0, "graze", "2026-11-15T00:00", -35.0),
    (400.0, "above", "2026-11-15T00:00", -35.0),
    (650.0, 0.5, "2024-06-21T12:00", 90.0),
    (650.0, -41.0, "2028-01-03T18:00", 20.0),
    (650.0, "graze", "2035-09-10T03:00", 150.0),
    (650.0, "above", "2035-09-10T03:00", 150.0),
    (1200.0, -0.3, "2039-12-22T09:00", -80.0),
    (1200.0, 38.0, "2021-04-11T21:00", 110.0),
    (1200.0, "graze", "2033-02-28T15:00", 45.0),
    (1200.0, "above", "2033-02-28T15:00", 45.0),
]


def _shadow_case_beta(h, spec):
    limit = float(_independent_beta_limit_deg(h, 149_597_870.7))
    if spec == "graze":
        return limit - 0.15
    if spec == "above":
        return limit + 0.15
    return float(spec)


@pytest.mark.parametrize(("h", "spec", "date", "psi"), SHADOW_CASES,
                         ids=[f"h{c[0]:.0f}-{c[1]}" for c in SHADOW_CASES])
def test_shadow_duration_matches_skyfield(sky, h, spec, date, psi):
    """Shadow duration per revolution: orbitaldc's closed form against skyfield ``is_sunlit``.

    Reference: a Keplerian circular orbit in a fixed GCRS plane, sampled every 1 s over two
    revolutions. Each sample is classified by skyfield's ``is_sunlit`` (DE421 Sun), and the
    edges are bisected to 1e-5 s. Beta at mid-eclipse comes from the same Sun vector and
    this orbit's normal, in the same frame.
    Expected value: eclipse_fraction(h, beta, 'shadow') * P, with P the Keplerian period of
    this orbit.
    Tolerance: 1 s away from the limit, the error budget in the module docstring (the Sun's
    motion during an eclipse is the largest term at < 0.4 s). Grazing cases (beta 0.15 deg
    inside the limit) get 2 s. There dD/dbeta is about 700-1000 s/deg, so 2 s equals
    0.002-0.003 deg of beta, which is still 10x the modelled beta-equivalent error. A 7-km error in
    the Earth radius shifts the limit by about 0.18 deg, which changes these durations by
    more than 100 s or removes the eclipse entirely.
    Above-limit cases: not one sample is shadowed, and orbitaldc's fraction is exactly 0.
    """
    eph, _ = sky
    beta_target = _shadow_case_beta(h, spec)
    orbit = _orbit_with_beta(sky, date, h, beta_target, psi)
    assert orbit.period == pytest.approx(float(orbital_period_s(h)), rel=1e-12)

    inside, durations, mids = _eclipses(_skyfield_shadow(orbit, eph), 2.0 * orbit.period)

    if spec == "above":
        betas = orbit.beta_deg(eph, np.linspace(0.0, 2.0 * orbit.period, 50))
        assert np.abs(betas).min() > float(beta_limit_deg(h)) + 0.05  # the case is what it claims
        assert not inside.any()
        assert float(eclipse_fraction(h, np.abs(betas).min(), "shadow")) == 0.0
        print(f"h={h:.0f} above: min |beta| {np.abs(betas).min():.3f} deg, no shadow samples")
        return

    assert len(durations) >= 1
    betas = orbit.beta_deg(eph, mids)
    expected = eclipse_fraction(h, betas, "shadow") * orbit.period
    diff = durations - expected
    tol = 2.0 if spec == "graze" else SHADOW_TOL_S
    print(f"h={h:.0f} beta={betas.round(3)} measured={durations.round(3)} s "
          f"expected={np.round(expected, 3)} s diff={diff.round(3)} s (tol {tol} s)")
    assert np.all(np.abs(diff) < tol)
    # Beta really mattered where intended (guards against a degenerate set-up).
    if spec == "graze":
        assert np.all(durations < 0.1 * orbit.period)


def test_shadow_vanishes_at_orbitaldc_beta_limit(sky):
    """``beta_limit_deg`` against the beta at which skyfield's shadow disappears.

    Reference: for fixed (date, altitude), the same fixed-plane orbit as above is built
    for trial betas. Its minimum "clearance" comes from skyfield's DE421 Sun: the distance
    from Earth's centre to the satellite-to-Sun segment, minus R, on the night half of the
    orbit. Bisecting beta on the sign of that clearance gives the vanishing beta.
    Tolerance: 0.002 deg. This clearance is continuous in beta, unlike the 1-s duration
    sampling, so the only differences left are the 0.4-m Earth-radius mismatch (1e-5 deg)
    and the Sun distance (orbitaldc assumes 1 AU: at most 4e-5 deg).
    A 7-km radius error gives 0.18 deg.
    """
    eph, ts = sky
    for h, date in [(400.0, "2025-01-04T00:00"), (1200.0, "2025-07-05T00:00")]:
        t = _utc_times(ts, np.datetime64(date))
        sun = _sun_gcrs_km(eph, t)
        s = _unit(sun)
        e1 = _unit(np.cross([0.0, 0.0, 1.0], s))
        e2 = np.cross(s, e1)
        u = np.linspace(0.0, 2.0 * np.pi, 20_001)  # min clearance is quadratic in u: < 1e-4 km
        a = R_EQ_KM + h

        def clearance(beta_deg, s=s, e1=e1, e2=e2, sun=sun, u=u, a=a):
            b = np.radians(beta_deg)
            normal = np.cos(b) * e1 + np.sin(b) * s
            p = _unit(np.cross(normal, e2))  # an in-plane unit vector
            q = np.cross(normal, p)
            r = a * (np.outer(p, np.cos(u)) + np.outer(q, np.sin(u)))
            d = sun[:, None] - r
            # closest approach of the line r + x d (x >= 0) to the Earth centre
            x = np.clip(-np.sum(r * d, axis=0) / np.sum(d * d, axis=0), 0.0, None)
            closest = np.linalg.norm(r + x * d, axis=0)
            return closest.min() - R_EQ_KM

        lo, hi = 0.0, 89.0
        assert clearance(lo) < 0 < clearance(hi)
        for _ in range(32):  # 89 deg / 2**32 = 2e-8 deg
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if clearance(mid) < 0 else (lo, mid)
        measured = 0.5 * (lo + hi)
        limit = float(beta_limit_deg(h))
        print(f"h={h:.0f}: vanishing beta {measured:.5f} deg, beta_limit_deg {limit:.5f} deg, "
              f"diff {measured - limit:+.1e} deg")
        assert abs(measured - limit) < 0.002


# ---------------------------------------------------------------------------------------------
# 3. Umbra and penumbra (conical shadow)
# ---------------------------------------------------------------------------------------------

CONICAL_CASES = [
    (400.0, 0.0, "2026-01-03T12:00", 30.0),  # near perihelion: Sun disc largest
    (650.0, 40.0, "2027-07-05T00:00", -60.0),  # near aphelion
]


@pytest.mark.parametrize(("h", "beta", "date", "psi"), CONICAL_CASES,
                         ids=[f"h{c[0]:.0f}-b{c[1]:.0f}" for c in CONICAL_CASES])
def test_umbra_penumbra_durations(sky, h, beta, date, psi):
    """Umbra and penumbra durations against an apparent-disc overlap test (DE421 Sun).

    Reference: seen from the satellite, the discs of the Earth (asin(R/r)) and of the Sun
    (asin(R_sun/|r_sun - r|), DE421 distance). Penumbra while they overlap, umbra while the Earth
    disc covers the Sun's. Edges are bisected to 1e-5 s.
    Tolerance: 2 s. orbitaldc uses 1 AU instead of the true Sun distance
    (0.983-1.017 AU), which shifts each edge by up to 0.0046 deg of shadow half-angle:
    about 0.15 s per eclipse. The Sun's motion adds < 0.4 s, as for the shadow kind.
    Swapping the umbra and penumbra cones, or dropping the solar radius, changes the durations by about 16 s.
    Also checks penumbra > shadow > umbra, and each penumbral transit lasting 7-11 s
    (textbook: 8-10 s in LEO at beta = 0; the Sun's 0.53-deg disc at the orbit rate).
    """
    eph, _ = sky
    orbit = _orbit_with_beta(sky, date, h, beta, psi)
    span = 2.0 * orbit.period
    results = {}
    for kind in ("umbra", "penumbra"):
        _, durations, mids = _eclipses(_conical_shadow(orbit, eph, kind), span)
        assert len(durations) >= 1
        betas = orbit.beta_deg(eph, mids)
        expected = eclipse_fraction(h, betas, kind) * orbit.period
        diff = durations - expected
        print(f"h={h:.0f} {kind}: beta={betas.round(3)} measured={durations.round(3)} s "
              f"expected={np.round(expected, 3)} s diff={diff.round(3)} s")
        assert np.all(np.abs(diff) < 2.0), kind
        results[kind] = durations
    _, shadow, _ = _eclipses(_skyfield_shadow(orbit, eph), span)
    n = min(len(shadow), len(results["umbra"]), len(results["penumbra"]))
    umbra, penumbra, shadow = results["umbra"][:n], results["penumbra"][:n], shadow[:n]
    assert np.all(penumbra > shadow) and np.all(shadow > umbra)
    transit = 0.5 * (penumbra - umbra)
    print(f"h={h:.0f} penumbral transit {transit.round(2)} s each side")
    if abs(beta) < 1.0:
        assert np.all((transit > 7.0) & (transit < 11.0))
    # orbitaldc's ordering too
    f = {k: float(eclipse_fraction(h, beta, k)) for k in ("umbra", "shadow", "penumbra")}
    assert f["penumbra"] > f["shadow"] > f["umbra"] > 0.0


# ---------------------------------------------------------------------------------------------
# 4. Beta angle of a sun-synchronous orbit
# ---------------------------------------------------------------------------------------------

SSO_DATES = np.array(
    ["2025-03-20T09:00", "2025-06-21T03:00", "2025-09-22T18:00", "2025-12-21T15:00",
     "2030-02-14T00:00", "2034-08-08T12:00", "2039-11-30T06:00"],
    dtype="datetime64[ns]",
)


@pytest.mark.parametrize("ltan_h", [18.0, 10.5, 13.5])
def test_sso_beta_angle_matches_skyfield(sky, ltan_h):
    """``beta_angle_deg`` for a 650-km SSO against beta from the DE421 Sun.

    Inputs are those orbitaldc's geometry uses for an SSO: i = sso_inclination_deg(650) and
    RAAN = mean-Sun RA + 15 deg * (LTAN - 12), measured from the mean equinox of date.
    Reference: the normal R_z(RAAN) R_x(i) z_hat is built here, and beta = asin(n . s), with s the
    apparent DE421 Sun in skyfield's mean equator and equinox of date (the frame of that RAAN).
    Tolerance: 0.02 deg, the Sun-direction error budget of test 1; the normal is exact,
    so beta's error is at most the Sun-direction error. A dawn-dusk (18:00) orbit keeps
    |beta| large (about 60-90 deg): a sign error in the LTAN offset would flip it.
    """
    eph, ts = sky
    h = 650.0
    inc = float(sso_inclination_deg(h))
    assert 97.5 < inc < 98.5  # SSO at 650 km is ~97.99 deg (Vallado; Wertz SMAD)
    days = days_since_j2000(SSO_DATES)
    raan = mean_sun_right_ascension_rad(days) + np.radians(15.0 * (ltan_h - 12.0))
    beta_model = beta_angle_deg(days, inc, raan)

    t = _utc_times(ts, SSO_DATES)
    sun = eph["earth"].at(t).observe(eph["sun"]).apparent()
    s = _unit(sun.frame_xyz(mean_equator_and_equinox_of_date).km)
    normals = np.stack([_perifocal_to_inertial(np.radians(inc), r)[:, 2] for r in raan], axis=1)
    beta_ref = np.degrees(np.arcsin(np.sum(normals * s, axis=0)))
    err = beta_model - beta_ref
    print(f"LTAN {ltan_h}: beta {beta_ref.round(2)} deg, max |error| {np.abs(err).max():.5f} deg")
    assert np.abs(err).max() < 0.02
    if ltan_h == 18.0:
        assert np.all(beta_ref > 55.0)
