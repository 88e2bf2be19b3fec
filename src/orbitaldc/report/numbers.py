"""What the text output and the HTML report both say about a result document.

One rounding rule for every printed figure (``sig``), readable names of economic inputs, and the
statements derived from the document that both print (feasibility, the cost comparison, where the
deterministic headline falls among the Monte Carlo percentiles, the tornado rows worth drawing).
Nothing here imports plotly, so the CLI can use it without paying for the report's imports.
"""

from __future__ import annotations

import math

# Relative size below which a tornado swing is "no effect": the price kernels are deterministic, so an
# input that does not enter the orbital side returns the base to the last bits, not to 1e-9.
NO_SWING = 1e-9


def sig(value, digits: int = 3) -> str:
    """The one rounding rule: ``digits`` significant figures, whole numbers from 10**(digits-1) up
    (never an exponent, never fewer integer digits than the value has), and never 0 for a nonzero
    value (0.68 stays 0.68; 4e-05 stays 4e-05). None prints as an em dash."""
    if value is None:
        return "—"
    v = float(value)
    if v == 0.0:
        return "0"  # also -0.0
    if not math.isfinite(v):
        return "∞" if v > 0 else ("−∞" if v < 0 else "—")
    if abs(v) >= 10 ** (digits - 1):
        return f"{v:,.0f}"
    # 'g' keeps significant figures and switches to an exponent only below 1e-4, so a small value
    # keeps its digits; 99.96 rounds up to '100', which is still three significant figures.
    text = f"{v:.{digits}g}".replace("e-0", "e-")
    if "e" not in text and abs(v) >= 1000:  # more than 3 digits asked for: group them as above
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return text


def _rounds_up(digits: int) -> float:
    """Fraction of a prefix's scale from which the figure rounds to 1 of it (999.7 M is $1 B, not $1,000 M)."""
    return 1.0 - 0.5 * 10.0 ** -digits


def with_unit(value, unit: str = "", scale: float = 1.0, digits: int = 3) -> str:
    if value is None:
        return "—"
    return f"{sig(value / scale, digits)} {unit}".strip()


def usd(value, digits: int = 3) -> str:
    """$1.23 B, $456 M, $7.8 k, $0.42: the same rule on a scaled dollar figure."""
    if value is None:
        return "—"
    a, sign = abs(value), "−" if value < 0 else ""
    for scale, suffix in ((1e12, " T"), (1e9, " B"), (1e6, " M"), (1e3, " k")):
        if a >= scale * _rounds_up(digits):
            return f"{sign}${sig(a / scale, digits)}{suffix}"
    return f"{sign}${sig(a, digits)}"


def si(value, unit: str, digits: int = 3) -> str:
    """1.23 MW, 456 kW, 0.68 W (for W and Wh); other units as they are."""
    if value is None:
        return "—"
    prefixes = ((1e9, "G"), (1e6, "M"), (1e3, "k")) if unit in ("W", "Wh") else ()
    for scale, p in prefixes:
        if abs(value) >= scale * _rounds_up(digits):
            return f"{sig(value / scale, digits)} {p}{unit}"
    return f"{sig(value, digits)} {unit}".strip()


UNIT_WORDS = {"fraction": "fraction", "ratio": "×", "fraction/yr": "per yr"}
WORDS = {"usd": "USD", "kwh": "kWh", "wue": "WUE", "pue": "PUE", "leo": "LEO", "it": "IT", "nre": "NRE",
         "wacc": "WACC", "m3": "m³", "kg": "kg", "w": "W", "delta": "Δ", "v": "v"}


def input_label(name: str, unit: str = "") -> str:
    """'bus_usd_per_kg', 'USD/kg' -> 'bus price (USD/kg)'; the unit once, not twice."""
    words = name.split("_")
    # The unit spelled in the name's tail ('_usd_per_kg', '_years', '_m_s') is dropped in favour of the
    # unit field, which says it once and correctly.
    tails = (["usd", "per", "kg"], ["usd", "per", "w"], ["usd", "per", "kwh"], ["usd", "per", "m3"],
             ["usd", "per", "launch"], ["usd"], ["m", "s"], ["years"], ["per", "year"], ["l", "per", "kwh"])
    for tail in tails:
        if len(words) > len(tail) and words[-len(tail):] == tail:
            words = words[:-len(tail)]
            if tail[0] == "usd":
                words.append("price")
            break
    text = " ".join(WORDS.get(w, w) for w in words).replace("Δ v", "Δv")
    unit = UNIT_WORDS.get(unit, unit)
    return f"{text} ({unit})" if unit else text


def feasibility(doc: dict) -> tuple[bool, str]:
    """The physical verdict in words: it says nothing about cost."""
    if doc.get("feasible"):
        return True, "physically feasible"
    problems = doc.get("problems") or []
    why = problems[0] if problems else "see problems"
    return False, f"infeasible: {why}"


def cost_comparison(doc: dict) -> str | None:
    """Orbit against the ground per GPU-hour, or None when not priced."""
    econ = doc.get("economics") or {}
    if not (doc.get("feasible") and econ.get("feasible")):
        return None
    o, t = econ["orbital"]["usd_per_gpu_hour"], econ["terrestrial"]["usd_per_gpu_hour"]
    site = econ.get("site", "the terrestrial site")
    head = f"orbit ${sig(o)} vs ground ${sig(t)} per GPU-hour ({site}): "
    if t <= 0:
        return head + "the ground side costs nothing, no ratio"
    if o >= t:
        return head + f"orbit costs {sig(o / t)}× the ground"
    return head + f"orbit is {sig(100 * (1 - o / t))}% cheaper than the ground"


def tornado_rows(econ: dict) -> list[dict]:
    """The tornado rows whose input moves the orbital price, largest swing first, with a label.

    An input of the terrestrial side only (electricity, PUE, water...) is sampled for the
    comparison but cannot move the orbital cost: drawing it would be an empty row."""
    base = econ["orbital"]["usd_per_gpu_hour"]
    out = []
    for r in econ.get("tornado", []):
        swing = abs(r["usd_per_gpu_hour_high"] - r["usd_per_gpu_hour_low"])
        if swing > NO_SWING * max(1.0, abs(base)):
            out.append({**r, "label": input_label(r["input"], r.get("unit", "")), "swing": swing})
    return sorted(out, key=lambda r: -r["swing"])


def _percentile_of(u: dict, value: float) -> float | None:
    """Share of Monte Carlo samples below ``value`` (0-100), from the stored histogram (linear
    within a bin); None without one."""
    hist = u.get("histogram") or {}
    edges, counts = hist.get("edges"), hist.get("counts")
    if not edges or not counts or sum(counts) == 0:
        return None
    below = 0.0
    for lo, hi, n in zip(edges[:-1], edges[1:], counts, strict=True):
        if value >= hi:
            below += n
        elif value > lo:
            below += n * (value - lo) / (hi - lo)
    return 100.0 * below / sum(counts)


def headline_position(econ: dict) -> dict | None:
    """Where the deterministic orbital $/GPU-hour falls among the Monte Carlo percentiles, and why.

    The headline prices every input at its central value; the Monte Carlo samples each over its
    range. A price that is a sum of terms, and has reciprocals (utilization), is not centred on the
    price at the centre when the ranges are lopsided: the median of a sum of right-skewed terms lies
    above the sum of their medians. The tornado rows measure each input's lopsidedness directly."""
    u = econ.get("uncertainty") or {}
    if not {"p10", "p50", "p90"} <= u.keys():
        return None
    h = econ["orbital"]["usd_per_gpu_hour"]
    where = ("below p10" if h < u["p10"] else "above p90" if h > u["p90"]
             else "between p10 and p50" if h <= u["p50"] else "between p50 and p90")
    pct = _percentile_of(u, h)
    at = f" (about the {_ordinal(pct)} percentile)" if pct is not None else ""
    text = (f"headline ${sig(h)} per GPU-hour (every input at its central value) is {where} of the Monte "
            f"Carlo{at}: p10 ${sig(u['p10'])}, p50 ${sig(u['p50'])}, p90 ${sig(u['p90'])}")
    reason = None
    if pct is None or pct < 40 or pct > 60:
        reason = _lopsided_reason(econ, h, u, high=h < u["p50"])
    return {"position": where, "percentile": pct, "text": text, "reason": reason}


def _ordinal(pct: float) -> str:
    n = max(1, min(99, round(pct)))  # a histogram estimate: "0th" or "100th" would claim too much
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _lopsided_reason(econ: dict, base: float, u: dict, high: bool) -> str:
    rows = []
    for r in tornado_rows(econ):
        lo, hi = sorted((r["usd_per_gpu_hour_low"], r["usd_per_gpu_hour_high"]))
        up, down = hi - base, base - lo
        far, near = (up, down) if high else (down, up)
        if far > 2.0 * max(near, 0.0) and far > 0.01 * base:
            rows.append((r["label"], up, down))
    side = "costly" if high else "cheap"
    if not rows:
        return ("no single input's range is lopsided; the shift comes from combining them (a price that "
                "multiplies and divides uncertain inputs is not centred on the price at their centres)")
    named = ", ".join(f"{label} +${sig(up)} / −${sig(max(down, 0.0))}" for label, up, down in rows[:3])
    mean = f"; the mean is ${sig(u['mean'])}" if "mean" in u else ""
    return (f"these inputs' ranges reach much further on the {side} side than the other ({named}, at the "
            f"ends of their ranges); sampled together, their lopsided terms add up, so the Monte Carlo's "
            f"median tends to lie {'above' if high else 'below'} the price at the central values{mean}")


PLAN_COLUMNS = ("launch $/kg", "orbit $/GPU-h", "orbit GW built", "ground GW built", "unserved GW",
                "blended $/GPU-h", "peak launches/yr")


def plan_rows(plan: dict) -> list[tuple[str, ...]]:
    """One row per launch price of the build-out plan; GW are the totals built by the plan's last year."""
    rows = []
    for c in plan["cases"]:
        rows.append((sig(c["launch_usd_per_kg"]), sig(c["orbital_usd_per_gpu_hour"]), sig(c["orbital_gw"][-1]),
                     sig(c["ground_gw"][-1]), sig(c["unserved_gw"]), sig(c["blended_usd_per_gpu_hour"]),
                     sig(c.get("launches_per_year_peak"))))
    return rows


def plan_summary(plan: dict) -> str:
    years = plan["years"][-1] if plan.get("years") else "?"
    limit = plan.get("orbit_gw_per_year_limit")
    cap = f", orbit at most {sig(limit)} GW a year (launch cadence)" if limit is not None else ""
    return (f"GW built and unserved are totals by year {years}; demand {sig(plan['demand_gw_per_year'])} GW a "
            f"year, grid {sig(plan['grid_gw_per_year'])} GW a year{cap}; ground "
            f"${sig(plan['terrestrial_usd_per_gpu_hour'])} "
            f"per GPU-hour. {plan['label']}")
