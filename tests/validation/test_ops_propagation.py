"""Propagation delay of the Operations stage against skyfield: slant range / c over passes.

Oracle, computed here with skyfield alone: ``(EarthSatellite - wgs84.latlon(...)).at(t).altaz()``
gives the topocentric range and elevation of the ISS (sgp4, tests/data/iss_sentinel1a.tle) over
Wallops on a 10 s grid for one day from the TLE's epoch. ``ops.network.sky_windows`` evaluates
the same element set on the same grid; where skyfield sees the satellite above the mask, the
ranges must agree to 2 km (we take UT1 = UTC and no polar motion: ~0.5 km at LEO), i.e. the
one-way delay to 7 microseconds.
"""

import datetime as dt

import numpy as np
from conftest import ROOT

from orbitaldc.ops.network import C_KM_S, sky_windows
from orbitaldc.orbit.constellation import ConstellationGeometry
from orbitaldc.orbit.contacts import Station
from orbitaldc.orbit.elsets import read_elements
from orbitaldc.orbit.propagate import Sgp4Fleet
from orbitaldc.orbit.sun import jpl_ephemeris

ISS = [e for e in read_elements(ROOT / "tests" / "data" / "iss_sentinel1a.tle") if "ISS" in e.name]
WALLOPS = Station("Wallops", 37.94, -75.46, 10.0, 10.0)


def test_slant_range_and_delay_match_skyfield_over_a_day_of_passes():
    from skyfield.api import EarthSatellite, wgs84

    fleet = Sgp4Fleet(ISS)
    t0 = np.datetime64(ISS[0].epoch, "s")
    geometry = ConstellationGeometry("elements", 1, fleet, None, [])
    sky = sky_windows(geometry, [WALLOPS], t0, 86400.0, "direct")
    _, ts = jpl_ephemeris()
    sat = EarthSatellite.from_satrec(ISS[0].satrec, ts)
    site = wgs84.latlon(WALLOPS.lat_deg, WALLOPS.lon_deg, elevation_m=WALLOPS.elevation_m)
    start = t0.astype("datetime64[us]").astype(object).replace(tzinfo=dt.UTC)
    times = ts.from_datetimes([start + dt.timedelta(seconds=float(s)) for s in sky.grid_s])
    alt, _, distance = (sat - site).at(times).altaz()
    seen = alt.degrees > WALLOPS.min_elevation_deg + 0.05  # off the mask edge, where the grids may differ
    assert seen.sum() > 50  # several passes
    ours = sky.station_range_km[:, 0]
    assert np.all(np.isfinite(ours[seen]))
    error_km = np.abs(ours[seen] - distance.km[seen])
    assert error_km.max() < 2.0
    assert np.max(error_km / C_KM_S) < 7e-6
