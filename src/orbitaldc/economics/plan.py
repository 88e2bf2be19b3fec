"""An illustrative build-out at OpenAI scale: demand grows by a fixed number of GW of IT each
year and is met on the ground, where the grid connects at most ``grid_gw_per_year``, or in orbit.

Each year the grid's share goes to the ground at the site's usual interconnection delay if the
ground is cheaper; demand beyond it either waits in the connection queue (its delay growing by
queue / grid rate, which raises its levelized cost through the cost of waiting) or is launched,
whichever has the lower levelized $/accelerator-hour. Orbit can take no more each year than the
launch vehicles' cadence puts up (the scenario fleet's IT power over its deployment time); the
flights a year that needs are reported beside what the whole world flew in 2025. Waiting costs the
facility capital carried until power arrives and, with ``value_usd_per_gpu_hour`` > 0, the accelerator-hours forgone
(wait / H of a life's output at that value). Costs scale per W of IT from the scenario's
own fleet and site, so fixed program costs (NRE, ground stations) are spread as in that fleet.
The inputs are illustrative and the output says so; this is a planning sketch, not a forecast.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.economics.tco import orbital_costs
from orbitaldc.economics.terrestrial import terrestrial_costs

LABEL = ("illustrative: demand growth and grid limit are scenario inputs, costs scale per W of IT from this "
         "scenario's fleet and site; a planning sketch, not a forecast")


MAX_WAIT_YEARS = 100.0  # a century in the grid queue is as good as never (facility lives are 20-40 years)

def build_out(plan, q, base: dict, orbital_price, terrestrial: dict, orbital_kw: dict, terrestrial_kw: dict,
              orbit_gw_per_year_limit: float = np.inf, launches_per_gw: float | None = None) -> dict:
    """``orbit_gw_per_year_limit``: what the launch vehicles' cadence can put up in a year (GW of IT);
    demand beyond it waits in the queue like demand beyond the grid."""
    years = np.arange(1, plan.years + 1)
    ground_capex_per_w = float(terrestrial["capex_usd"]) / q.it_power_w
    kg_per_w = q.launch_mass_kg / q.it_power_w
    tokens = q.tokens_per_accelerator_s
    delay0 = float(base["grid_interconnection_delay_years"])
    # Terrestrial $/hour as a function of the extra wait in the queue (tabulated once, vectorized).
    # A wait past MAX_WAIT_YEARS is priced as never served (interp's right=inf below), which also keeps
    # the compounding of capital carried while waiting finite when the grid connects almost nothing.
    longest = 4.0 * plan.years * max(1.0, plan.demand_gw_per_year / max(plan.grid_gw_per_year, 1e-9))
    waits = np.linspace(0.0, min(longest, MAX_WAIT_YEARS), 400)
    ground_by_wait = terrestrial_costs(q, {**base, "grid_interconnection_delay_years": delay0 + waits},
                                       **terrestrial_kw)
    # Waiting costs the capital carried before power arrives (in the kernel) and, if the builder
    # values its compute, the accelerator-hours forgone: wait / H of the life's output.
    ground_hour = np.asarray(ground_by_wait["usd_per_gpu_hour"], dtype=float) \
        + plan.value_usd_per_gpu_hour * waits / q.horizon_years
    cases = []
    for price in plan.launch_usd_per_kg:
        inputs = {**base, "launch_usd_per_kg": price}
        orbit = orbital_costs(q, inputs, **orbital_kw)
        orbit_hour = float(orbital_price(inputs))
        orbit_capex_per_w = float(orbit["capex_usd"]) / q.it_power_w
        queue_gw, built_ground, built_orbit, capex, hour_weighted = 0.0, [], [], [], []
        for _ in years:
            wanted = plan.demand_gw_per_year + queue_gw
            if orbit_hour < ground_hour[0]:  # orbit is cheaper even without waiting, up to the launch cadence
                orbit_now = min(wanted, orbit_gw_per_year_limit)
                ground_now = min(plan.grid_gw_per_year, wanted - orbit_now)
                queue_gw = wanted - orbit_now - ground_now
            else:
                ground_now = min(plan.grid_gw_per_year, wanted)
                queue_gw = wanted - ground_now
                wait = queue_gw / plan.grid_gw_per_year if plan.grid_gw_per_year > 0 else np.inf
                if orbit_hour < float(np.interp(wait, waits, ground_hour, right=np.inf)):
                    orbit_now = min(queue_gw, orbit_gw_per_year_limit)
                    queue_gw -= orbit_now
                else:
                    orbit_now = 0.0
            built_ground.append(ground_now)
            built_orbit.append(orbit_now)
            capex.append(1e9 * (ground_now * ground_capex_per_w + orbit_now * orbit_capex_per_w))
            hour_weighted.append(ground_now * ground_hour[0] + orbit_now * orbit_hour)
        ground_gw, orbit_gw = np.cumsum(built_ground), np.cumsum(built_orbit)
        total = ground_gw[-1] + orbit_gw[-1]
        blended = float(np.sum(hour_weighted) / total) if total > 0 else None
        cases.append({
            "launch_usd_per_kg": price,
            "orbital_usd_per_gpu_hour": orbit_hour,
            "orbital_share": float(orbit_gw[-1] / total) if total > 0 else 0.0,
            "ground_gw": ground_gw.tolist(), "orbital_gw": orbit_gw.tolist(),
            "unserved_gw": float(plan.years * plan.demand_gw_per_year - total),
            "capex_usd_per_year": capex, "cumulative_capex_usd": np.cumsum(capex).tolist(),
            "blended_usd_per_gpu_hour": blended,
            "blended_usd_per_million_tokens": (blended / (tokens * 3600.0 / 1e6)) if blended and tokens else None,
            "launch_kg_per_year_peak": 1e9 * max(built_orbit) * kg_per_w,
            "launches_per_year_peak": None if launches_per_gw is None else max(built_orbit) * launches_per_gw,
        })
    return {"label": LABEL, "years": years.tolist(), "demand_gw_per_year": plan.demand_gw_per_year,
            "grid_gw_per_year": plan.grid_gw_per_year,
            "orbit_gw_per_year_limit": None if not np.isfinite(orbit_gw_per_year_limit) else orbit_gw_per_year_limit,
            "launches_per_gw": launches_per_gw,
            "terrestrial_usd_per_gpu_hour": float(ground_hour[0]), "cases": cases}
