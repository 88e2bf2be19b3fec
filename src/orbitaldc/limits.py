"""Limits on the inputs that set the size of the work, so no accepted input hangs or exhausts memory.

The budget: a run stays within a few minutes and 4 GiB on two cores (DESIGN.md, "Fleet scale").
Each limit below was measured on the reference machine (2 cores, loaded by other jobs); the
measurements and the reasoning are in docs/limits.md, and ``benchmarks/run.py limits`` repeats
them. Beyond a limit the input is refused with one line naming it, never truncated silently.
"""

from __future__ import annotations

from orbitaldc.errors import ScenarioError

DOC = "docs/limits.md"

MAX_SATELLITES = 1_000_000
"""Satellites the timeline builds (given, or derived from ``it_power_w``). It evaluates at most 64
of them, but the fleet's per-satellite arrays and names are built whole: about 0.2 kB a satellite
(1e6: ~1 s, ~0.3 GiB; 1e8 failed at 3.8 GiB). A larger fleet is still sized and priced (the design
and economics are per satellite, up to ``MAX_PRICED_SATELLITES``); its environment then comes from
the analytic reference orbit, and the result says so. With a workload the Operations stage builds the
fleet whole and has no such fallback: a larger fleet is refused (``check_operations_fleet``)."""

MAX_PRICED_SATELLITES = 1_000_000_000
"""Satellites the design and economics size and price (scalars per satellite; McCalip's sliders
reach 2e8 satellites: 1,000 GW of 5 kW satellites)."""

MAX_STATIONS = 500
"""Ground stations. Contact work is satellites evaluated (<= 64) x stations x the contact horizon
(<= 1 year): measured 69 s for 200 stations, 64 LEO satellites, a year, so ~3 min at the limit."""

MAX_ELEMENT_SETS = 20_000
"""Element sets (TLE/OMM) in a scenario's file: about the whole tracked active catalogue (CelesTrak's
"active" group held ~11,000 sets in 2025). A scenario's sets go through the fleet-scale path
(``orbit.elset_fleet``: prediction per revolution, Newton steps on sgp4 at the predicted times)."""

MAX_ELEMENT_SET_DAYS = 8_000_000.0
"""Element sets x days of the sgp4 window (``element_set_days``) x (1 + stations / 10) for a
scenario's timeline: measured ~0.3 ms per satellite-day with 10 stations on one core, so the limit
(10,000 sets x 365 days x 10 stations, benchmarks/elset_fleet.py) takes about ten minutes on two."""

MAX_MONTE_CARLO_SAMPLES = 10_000_000
"""Monte Carlo samples (``economics.uncertainty.samples``); priced in chunks of
``economics.uncertainty.CHUNK_SAMPLES`` so memory stays bounded; time grows linearly."""

MAX_WINDOW_TRACK_DAYS = 10_000.0
"""sgp4 searches (``orbitaldc eclipses`` / ``passes`` and element-set timelines): satellites x
stations (eclipses: x 1, penumbra x 2) x window days. Measured ~60 satellite-days/s for eclipses
and ~110 satellite-station-days/s for passes (60 s grid, 1 ms edges): under 3 min at the limit."""

MAX_TRACE_HOURS = 744.0
"""Span of an inference trace, first request to last: a trace file gets the cap the schema puts on a
synthetic one (``workload.inference.synthetic.hours``, 31 days). The Operations stage evaluates the
fleet's sky on a 10 s grid over the whole span however few requests it holds: one request at each
end of a 30-day gap took 88 s (a year never finished in 900 s, its memory growing)."""

MAX_TRACE_REQUESTS = 10_000_000
"""Requests in an inference trace (a file's rows, a synthetic trace's expected count): the stage
holds each through the queue, links and result, ~350 B a request. 1e7 requests over 24 h: 2.1 min
and 3.5 GB peak (synthetic), 1.8 min and 3.5 GB (read from a file, whose reading alone peaks at
2.7 GB); so a larger trace would leave the 4 GiB budget."""


def refuse(field: str, what: str, limit, why: str):
    """The one-line error for an input one step beyond its limit."""
    raise ScenarioError(field, f"{what} is above the limit of {limit:,} ({why}; {DOC})")


def check_satellites(count: int, field: str = "constellation.satellites") -> None:
    if count > MAX_SATELLITES:
        refuse(field, f"{count:,} satellites", MAX_SATELLITES, "the fleet is built in memory")


def check_operations_fleet(result) -> None:
    """What ``run``/``simulate`` refuse in the Operations stage, for ``validate`` (``result``: the
    checked ``orbitaldc.run.Result``). The stage runs on a scenario with a workload whose design and
    launch are feasible; it builds the whole fleet (``orbit.constellation.build_constellation``, which
    applies ``check_satellites``) to evaluate at most 64 of its satellites, so unlike the timeline it
    has no analytic fallback above ``MAX_SATELLITES``. An element-set fleet is counted by its file."""
    scenario = result.scenario
    if scenario.workload is None or scenario.constellation.orbit.kind == "elements":
        return
    if not result.design.feasible or (result.launch is not None and not result.launch.feasible):
        return  # not simulated: reported infeasible
    check_satellites(result.design.satellites,
                     "constellation.satellites" if scenario.constellation.satellites else "constellation")


def check_timeline_work(scenario) -> None:
    """What ``run``'s timeline refuses before it propagates, for ``validate``: an element-set fleet's
    sgp4 work (``check_element_sets``, ``check_element_set_work``), applied where the fleet is built
    (``orbit.constellation.build_constellation``, called here for element sets only: their fleet is
    the file's sets, cheap to hold). A designed fleet above ``MAX_SATELLITES`` is not refused: the run
    skips its timeline and says so."""
    if scenario.constellation.orbit.kind != "elements":
        return
    from orbitaldc.orbit.constellation import build_constellation

    build_constellation(scenario, 0)  # the count of an element-set fleet is its file's


def check_work_limits(scenario) -> None:
    """Scenario-level limits (raises ``ScenarioError``); element-set counts are checked when the
    file is read (``orbit.constellation``), the fleet derived from ``it_power_w`` when it is built."""
    satellites = scenario.constellation.satellites
    if satellites is not None and satellites > MAX_PRICED_SATELLITES:
        refuse("constellation.satellites", f"{satellites:,} satellites", MAX_PRICED_SATELLITES,
               "the design sizes and prices at most this many")
    stations = scenario.ground.stations
    if stations != "default" and len(stations) > MAX_STATIONS:
        refuse("ground.stations", f"{len(stations):,} stations", MAX_STATIONS, "a run must stay within minutes")
    uncertainty = getattr(scenario.economics, "uncertainty", None)
    samples = getattr(uncertainty, "samples", None)
    if samples is not None and samples > MAX_MONTE_CARLO_SAMPLES:
        refuse("economics.uncertainty.samples", f"{samples:,} samples", MAX_MONTE_CARLO_SAMPLES,
               "a run must stay within minutes")


def check_element_sets(count: int, field: str = "constellation.orbit") -> None:
    if count > MAX_ELEMENT_SETS:
        refuse(field, f"{count:,} element sets", MAX_ELEMENT_SETS, "each is propagated and searched")


def check_element_set_work(count: int, stations: int, days: float, field: str = "constellation.orbit") -> None:
    work = count * days * (1.0 + stations / 10.0)
    if work > MAX_ELEMENT_SET_DAYS:
        refuse(field, f"{count:,} element sets x {days:,.1f} days x (1 + {stations} stations / 10) = {work:,.0f} "
               "satellite-days", MAX_ELEMENT_SET_DAYS, "a run must stay within minutes: lower "
               "element_set_days (the rest of the horizon continues as a designed constellation)")


def check_window(satellites: int, tracks_per_satellite: int, days: float, field: str = "--end") -> None:
    """Refuse an sgp4 search whose satellites x searches (shadow kinds or stations) x days is too large."""
    work = satellites * tracks_per_satellite * days
    if work > MAX_WINDOW_TRACK_DAYS:
        what = (f"{satellites:,} satellites x {tracks_per_satellite:,} searches (eclipses, stations) x {days:,.1f} "
                "days" if tracks_per_satellite > 1 else f"{satellites:,} satellites x {days:,.1f} days")
        raise ScenarioError(field, f"{what} = {work:,.0f} satellite-days of search is above the limit of "
                            f"{MAX_WINDOW_TRACK_DAYS:,.0f} (a search must stay within minutes; {DOC})")


def check_trace_requests(requests: int, field: str) -> None:
    if requests > MAX_TRACE_REQUESTS:
        refuse(field, f"{requests:,} requests", MAX_TRACE_REQUESTS, "each is held in memory through the simulation")


def check_trace_span(hours: float, field: str, span: str = "") -> None:
    """Refuse a trace whose first and last requests are more than ``MAX_TRACE_HOURS`` apart."""
    if hours > MAX_TRACE_HOURS:
        raise ScenarioError(field, f"a span of {hours:,.1f} hours{span} is above the limit of {MAX_TRACE_HOURS:,.0f} "
                            f"hours (the fleet's sky is computed over the whole span, as for a synthetic trace; {DOC})")
