"""Prices per delivered unit: the economics' cost per hour of operation divided by what the
Operations stage measured the fleet (or the site) delivering for the scenario's trace.

The capacity prices (``usd_per_gpu_hour``) assume each accelerator-hour delivers availability x
utilization (catalog inputs). Here the delivered share is the simulation's waterfall product
(power x thermal x network x availability x utilization, measured), and the tokens are those the
trace's requests received. Both prices are for the trace's demand: a light trace on a large fleet
makes each delivered hour dear, which is the point of measuring it.
"""

from __future__ import annotations

LABEL = ("per delivered unit for the simulated trace (operations stage); usd_per_gpu_hour is per unit of "
         "capacity at the catalog utilization")


def delivered_prices(economics, ops) -> dict:
    """{orbital, terrestrial: {usd_per_delivered_gpu_hour, usd_per_million_tokens_delivered,
    delivered_fraction, assumed_fraction}, label} from an ``Economics`` and an ``OpsResult``."""
    utilization = float(economics.inputs["utilization"])
    out = {"label": LABEL}
    for side, assumed in (("orbital", economics.quantities.availability * utilization), ("terrestrial", utilization)):
        priced = getattr(economics, side)
        simulated = getattr(ops, side)
        per_capacity_hour = float(priced["usd_per_gpu_hour"])
        delivered = float(simulated.waterfall["delivered"])
        # cost of one accelerator-hour of operation, whatever it delivers
        per_hour_of_operation = per_capacity_hour * float(assumed)
        accelerator_hours = ops.accelerators * ops.duration_s / 3600.0
        tokens = simulated.tokens_served
        out[side] = {
            "assumed_fraction": float(assumed),
            "delivered_fraction": delivered,
            "usd_per_delivered_gpu_hour": per_hour_of_operation / delivered if delivered > 0 else None,
            "usd_per_million_tokens_delivered": (per_hour_of_operation * accelerator_hours / (tokens / 1e6)
                                                 if tokens > 0 else None),
        }
    return out
