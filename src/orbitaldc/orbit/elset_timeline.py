"""The timeline of a scenario's element sets: sgp4 at fleet scale over ``element_set_days``
(``elset_fleet``), then, for a longer horizon, the catalogue as a designed constellation
(``elset_designed``), with the switch and its measured error stated; plus shell summaries.

Statistics cover the satellites sgp4 propagates without error over the window; the others are
named in ``problems`` and left out (not counted as always sunlit). Across the switch, totals add
up, the longest eclipse and gap are the larger of the two parts (a gap spanning the switch is
counted as two), and days with eclipse are counted from the epoch and from the switch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CONTACT_HORIZON_DAYS = 365.25  # as timeline.CONTACT_HORIZON_DAYS: contacts over at most a year


@dataclass(frozen=True)
class ElementSetTimeline:
    model: str
    evaluated: np.ndarray  # indices of the satellites with statistics
    eclipse_horizon_s: float
    eclipse_s: np.ndarray
    max_eclipse_s: np.ndarray
    eclipse_days: np.ndarray  # days (of 86,400 s) holding an eclipse
    contact_horizon_s: float
    contact_s: np.ndarray
    longest_gap_s: np.ndarray
    station_contact_s: np.ndarray
    problems: tuple[str, ...]
    shells: list


def element_set_timeline(sets, stations, epoch, horizon_days: float, sgp4_days: float, kind: str = "shadow",
                         progress=None) -> ElementSetTimeline:
    """Statistics of ``sets`` from ``epoch`` over ``horizon_days``, sgp4 over the first ``sgp4_days``."""
    from orbitaldc.orbit.elset_designed import SWITCH_ERROR, designed_continuation, mean_orbits, shells
    from orbitaldc.orbit.elset_fleet import elset_fleet
    from orbitaldc.orbit.fleet import fleet_contacts, fleet_eclipses

    t0 = np.datetime64(epoch, "ns")
    kind = kind if kind in ("shadow", "umbra", "penumbra") else "shadow"
    sgp4_days = min(sgp4_days, horizon_days)
    sgp4_s = sgp4_days * 86400.0
    part = elset_fleet(sets, t0, sgp4_s, stations, kind=kind, progress=progress)
    ok = np.flatnonzero(part.usable)
    if ok.size == 0:
        from orbitaldc.errors import ScenarioError

        raise ScenarioError("constellation.orbit", "no element set could be propagated over the window ("
                            + "; ".join(part.problems[:2]) + ")")
    ecl, con = part.eclipses, part.contacts
    eclipse = ecl.eclipse_s[ok]
    longest, days = ecl.max_eclipse_s[ok], ecl.eclipse_days[ok].astype(float)
    contact, gap, per_station = con.contact_s[ok], con.longest_gap_s[ok], con.station_contact_s[ok]
    contact_s = min(sgp4_s, CONTACT_HORIZON_DAYS * 86400.0)
    model = (f"sgp4 over the first {sgp4_days:g} days for {len(sets):,} element sets (orbit.elset_fleet: eclipse "
             "edges and station passes predicted per revolution and conjunction, refined by Newton steps on sgp4 "
             "at the predicted times, JPL DE421 Sun; matches the sgp4 root finder to < 1 s per edge)")
    problems = list(part.problems)
    horizon_s = horizon_days * 86400.0
    satrecs = [sets[i].satrec for i in ok]
    if horizon_days > sgp4_days and ok.size:
        span = horizon_s - sgp4_s
        traj, drop, err = designed_continuation(satrecs, t0, sgp4_s, span)
        e2 = fleet_eclipses(traj, span, kind=kind)
        eclipse, longest, days = eclipse + e2.eclipse_s, np.maximum(longest, e2.max_eclipse_s), days + e2.eclipse_days
        more = min(span, CONTACT_HORIZON_DAYS * 86400.0 - contact_s)
        if more > 0 and stations:
            c2 = fleet_contacts(traj, stations, more)
            contact, gap = contact + c2.contact_s, np.maximum(gap, c2.longest_gap_s)
            per_station = per_station + c2.station_contact_s
            contact_s += more
        switch = (f"then, for the remaining {horizon_days - sgp4_days:,.0f} days, a designed constellation: circular "
                  f"orbits with secular J2 rates from each satellite's sgp4 state at day {sgp4_days:g}, drag decay "
                  "from its B* at moderate solar activity, no station keeping (orbit.elset_designed); against sgp4 "
                  f"over 30 days it errs by up to {SWITCH_ERROR['sunlit_fraction']:g} in sunlit fraction, "
                  f"{SWITCH_ERROR['max_eclipse_s']:g} s in longest eclipse and "
                  f"{100 * SWITCH_ERROR['contact_fraction']:g} % in contact time per satellite "
                  "(tests/validation/test_elset_fleet.py)")
        model += "; " + switch
        problems.append(f"element sets are used with sgp4 for {sgp4_days:g} of {horizon_days:,.0f} days "
                        f"(constellation.orbit.element_set_days); {switch}")
        if (drop > 50.0).any():
            problems.append(f"{int((drop > 50).sum())} satellites lose more than 50 km to drag over the continuation "
                            "(no station keeping assumed)")
    inc, alt, raan, _ = mean_orbits(satrecs, t0) if ok.size else (np.empty(0),) * 4
    values = {"sunlit_fraction": 1.0 - eclipse / horizon_s, "max_eclipse_min": longest / 60.0,
              "contact_min_per_day": contact / 60.0 / (contact_s / 86400.0)}
    return ElementSetTimeline(model, ok, horizon_s, eclipse, longest, days, contact_s, contact, gap, per_station,
                              tuple(problems), shells(inc, alt, raan, values) if ok.size else [])
