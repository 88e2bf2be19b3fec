"""Temperatures through the worst-eclipse orbit: four lumped nodes (chips, coolant loop, radiator, battery).

Lumped-capacitance network (Gilmore, Spacecraft Thermal Control Handbook Vol. I, 2nd ed., 2002, ch. 15
"Thermal analysis": nodes with capacities C_i joined by conductances G_ij, radiation to space):

    C_chips   dT_c/dt = Q_chips(t) - G_cc (T_c - T_l)
    C_loop    dT_l/dt = G_cc (T_c - T_l) + Q_direct(t) + G_bl (T_b - T_l) - G_lr (T_l - T_r)
    C_rad     dT_r/dt = G_lr (T_l - T_r) + A q_abs(t) - A sides eps sigma T_r^4
    C_battery dT_b/dt = Q_battery(t) - G_bl (T_b - T_l)

Q_chips is the accelerators' power (the compute share ``eclipse_compute_fraction`` in eclipse); the host (and,
with a single shared radiator, the bus) dissipation Q_direct enters the loop; Q_battery is the battery's
transmission loss while it discharges. The battery sits where the sizing rejects its losses: on the loop only
with a single shared radiator (a study option); with a bus radiator (the default) it is in the bus zone, the
same RC node tied to the bus radiator's temperature instead of T_l (``bus_zone_battery_c``, closed form), so
the loop carries in sunlight exactly the heat its radiator was sized for.
G_cc = accelerators / (junction - mean coolant resistance of the chain), G_lr = design heat / the chain's
radiator approach, so in sunlight at the design heat the steady state is exactly the chain's node
temperatures at the sized radiator. q_abs is the design's absorbed solar + albedo + Earth IR flux in sunlight
and Earth IR alone in eclipse. Capacities: the design's compute, radiator and battery masses and the loop's
fluid inventory times sourced specific heats (catalog/thermal_chain.yaml, capacity-*). The orbit is the
design's: its period and its longest eclipse (design.inputs.eclipse_s, from the orbit stage's geometry).
Integrated with fixed-step BDF2 (a numba kernel, ``lumped_orbit``) phase by phase from the sunlit steady
state for ``ORBITS`` orbits; the last one is reported (periodic within 0.1 K in the tests). Temperatures in degC,
powers in W, times in minutes in the output.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from orbitaldc import catalog
from orbitaldc.constants import STEFAN_BOLTZMANN_W_M2_K4

ORBITS = 4
SAMPLES_PER_PHASE = 60
NODES = ("chips", "coolant", "radiator", "battery")
MODEL = ("lumped nodes chips / coolant loop / radiator / battery over the longest-eclipse orbit "
         "(design.thermal_transient; Gilmore ch. 15 lumped network, fixed-step BDF2)")


SUBSTEPS = 10  # BDF2 steps per output sample: 600 per phase (~3-6 s in LEO, well below the nodes' time constants)


@njit(cache=True)
def _solve4(a, x):
    """Solve a x' = x in place (4x4, Gaussian elimination with partial pivoting; no LAPACK call per step)."""
    n = x.size
    for col in range(n):
        piv = col
        for row in range(col + 1, n):
            if abs(a[row, col]) > abs(a[piv, col]):
                piv = row
        if piv != col:
            for j in range(n):
                a[col, j], a[piv, j] = a[piv, j], a[col, j]
            x[col], x[piv] = x[piv], x[col]
        for row in range(col + 1, n):
            f = a[row, col] / a[col, col]
            for j in range(col, n):
                a[row, j] -= f * a[col, j]
            x[row] -= f * x[col]
    for row in range(n - 1, -1, -1):
        acc = x[row]
        for j in range(row + 1, n):
            acc -= a[row, j] * x[j]
        x[row] = acc / a[row, row]


@njit(cache=True)
def _bdf_step(y, y_prev, y_prev2, h, first, ph, c, qc, qd, qb, ab, gcc, glr, gbl, emit, m, g):
    """One implicit step into ``y``: backward Euler (``first``) or BDF2, Newton on the 4x4 system."""
    beta = 1.0 if first else 2.0 / 3.0
    for i in range(4):
        y[i] = y_prev[i]
    for _ in range(30):
        tc, tl, tr, tb = y[0], y[1], y[2], y[3]
        f0 = (qc[ph] - gcc * (tc - tl)) / c[0]
        f1 = (gcc * (tc - tl) + qd[ph] + gbl * (tb - tl) - glr * (tl - tr)) / c[1]
        f2 = (glr * (tl - tr) + ab[ph] - emit * tr**4) / c[2]
        f3 = (qb[ph] - gbl * (tb - tl)) / c[3]
        bh = beta * h
        for i in range(4):
            known = y_prev[i] if first else (4.0 * y_prev[i] - y_prev2[i]) / 3.0
            g[i] = known - y[i]
        g[0] += bh * f0
        g[1] += bh * f1
        g[2] += bh * f2
        g[3] += bh * f3
        m[:, :] = 0.0
        m[0, 0], m[0, 1] = 1.0 + bh * gcc / c[0], -bh * gcc / c[0]
        m[1, 0], m[1, 1] = -bh * gcc / c[1], 1.0 + bh * (gcc + gbl + glr) / c[1]
        m[1, 2], m[1, 3] = -bh * glr / c[1], -bh * gbl / c[1]
        m[2, 1], m[2, 2] = -bh * glr / c[2], 1.0 + bh * (glr + 4.0 * emit * tr**3) / c[2]
        m[3, 1], m[3, 3] = -bh * gbl / c[3], 1.0 + bh * gbl / c[3]
        _solve4(m, g)
        big = 0.0
        for i in range(4):
            y[i] += g[i]
            big = max(big, abs(g[i]))
        if big < 1e-9 * (1.0 + abs(y[0])):
            break


@njit(cache=True)
def _integrate(durations, c, qc, qd, qb, ab, gcc, glr, gbl, emit, y0, samples, substeps, orbits):
    n_out = 2 * (samples + 1)
    times, temps, lit = np.zeros(n_out), np.zeros((4, n_out)), np.zeros(n_out, dtype=np.bool_)
    y, y_prev, y_prev2 = y0.copy(), y0.copy(), y0.copy()
    m, g = np.zeros((4, 4)), np.zeros(4)
    k = 0
    for orbit in range(orbits):
        t0 = 0.0
        k = 0
        for ph in range(2):
            length = durations[ph]
            if length <= 0.0:
                continue
            h = length / (samples * substeps)
            last = orbit == orbits - 1
            if last:
                times[k], temps[:, k], lit[k] = t0, y, ph == 1
                k += 1
            for i in range(samples * substeps):
                y_prev2[:] = y_prev
                y_prev[:] = y
                _bdf_step(y, y_prev, y_prev2, h, i == 0, ph, c, qc, qd, qb, ab, gcc, glr, gbl, emit, m, g)
                if last and (i + 1) % substeps == 0:
                    times[k], temps[:, k], lit[k] = t0 + (i + 1) * h, y, ph == 1
                    k += 1
            t0 += length
    return times[:k], temps[:, :k], lit[:k]


def lumped_orbit(period_s, eclipse_s, q_chips_w, q_direct_w, q_battery_w, absorbed_w, capacities_j_per_k,
                 g_chips_loop, g_loop_rad, g_battery_loop, emit_w_per_k4, start_k, orbits=ORBITS):
    """Integrate the four-node network over ``orbits`` orbits starting at eclipse entry.

    Forcing terms are ``(eclipse, sunlit)`` pairs (W); ``emit_w_per_k4`` = A sides eps sigma (W/K^4);
    ``start_k`` the four temperatures (K) at the first eclipse entry. Returns ``(t_s, T_k, sunlit)`` of the
    last orbit: times from its eclipse entry, temperatures of shape (4, n), and a sunlit mask. Integrated
    with fixed steps of the second-order backward differentiation formula (BDF2, restarted by a backward-Euler
    step at each phase edge where the forcing jumps; L-stable, so a stiff hostile network stays bounded and the
    work is fixed: 2 x SAMPLES_PER_PHASE x SUBSTEPS steps per orbit, a numba kernel).
    """
    # A node lighter than its links (e.g. a massless radiator of a study's areal density 0) is floored at a
    # 1 s time constant: it then follows quasi-statically, and the system's stiffness stays bounded.
    links = np.array([g_chips_loop, g_chips_loop + g_loop_rad + g_battery_loop,
                      g_loop_rad + 4.0 * emit_w_per_k4 * float(np.max(start_k)) ** 3, g_battery_loop])
    c = np.maximum(np.asarray(capacities_j_per_k, dtype=float), np.maximum(links, 1e-9) * 1.0)
    pair = lambda x: np.asarray(x, dtype=float)  # noqa: E731 - (eclipse, sunlit)
    durations = np.array([eclipse_s, period_s - eclipse_s], dtype=float)
    return _integrate(durations, c, pair(q_chips_w), pair(q_direct_w), pair(q_battery_w), pair(absorbed_w),
                      float(g_chips_loop), float(g_loop_rad), float(g_battery_loop), float(emit_w_per_k4),
                      np.asarray(start_k, dtype=float), SAMPLES_PER_PHASE, SUBSTEPS, orbits)


def _capacity(entry: str) -> float:
    return catalog.values("thermal_chain", entry)["cp_j_per_kg_k"]


def orbit_transient(design) -> dict | None:
    """``design.thermal.transient`` of a sized ``Design``: min/max per node, what limits, an orbit series.

    None when the design has no chain (no published chip limits) or did not close.
    """
    from orbitaldc.design.thermal_chain import junction_to_coolant_k_per_w, loop_fluid_kg, thermal_chain

    thermal = design.thermal or {}
    if thermal.get("node_temperatures_c") is None or not design.feasible:
        return None
    s, p = design.sizing, design.inputs
    f = lambda x: float(np.asarray(x))  # noqa: E731 - scalar of a 0-d design array
    area, heat = f(s.radiator_area_m2), f(s.compute_heat_w)  # the compute radiator and what it rejects
    if not (math.isfinite(area) and area > 0 and heat > 0):
        return None
    chain = thermal_chain(design.accelerator, loop=thermal["loop"])
    n = f(s.accelerators)
    acc_w = n * f(p.accelerator_power_w)
    it_w, bus_w = f(s.it_power_w), f(s.bus_power_w)
    share = f(p.eclipse_compute_fraction)
    period, eclipse = f(p.period_s), f(p.eclipse_s)
    battery_kg = f(s.mass_breakdown_kg["battery"])
    # Capacities (J/K): compute mass, radiator mass, fluid inventory, battery pack.
    bat = catalog.values("thermal_chain", "capacity-li-ion")
    capacities = (f(s.mass_breakdown_kg["compute"]) * _capacity("capacity-compute"),
                  f(loop_fluid_kg(heat, chain)) * chain.coolant_cp_j_per_kg_k,
                  f(s.mass_breakdown_kg["radiator"]) * _capacity("capacity-aluminium"),
                  battery_kg * bat["cp_j_per_kg_k"])
    g_cc = n / junction_to_coolant_k_per_w(chain)
    g_lr = heat / chain.radiator_approach_k
    g_battery = battery_kg * bat["to_loop_w_per_k_per_kg"]
    emit, sunlit_abs, eclipse_abs, battery_loss, shared_bus_w, shared = (f(x) for x in _radiator_and_loads(s, p))
    # With a bus radiator (the default) the battery is in the bus zone: its losses leave there, as sized, and
    # it follows its own zone (closed form below); with a single shared radiator it sits on the loop.
    shared = bool(shared)
    g_bl, loop_battery_loss = (g_battery, battery_loss) if shared else (0.0, 0.0)
    # Sunlit steady state of the design: the chain's nodes at the sized radiator temperature.
    rad_k = f(p.radiator_temperature_c) + 273.15
    if not all(math.isfinite(x) and x >= 0 for x in (*capacities, g_cc, g_lr, g_battery, emit, sunlit_abs, eclipse_abs,
                                                     period, eclipse, rad_k, acc_w, it_w, bus_w)) \
            or not (g_cc > 0 and emit > 0 and period > 0):
        return None  # an input outside what the network can represent (study options, hostile values)
    loop_k = rad_k + chain.radiator_approach_k
    start = (loop_k + acc_w / g_cc, loop_k, rad_k, loop_k)
    t, temps, sunlit = lumped_orbit(
        period, eclipse, (share * acc_w, acc_w), ((it_w - acc_w) * share + shared_bus_w, heat - acc_w),
        (loop_battery_loss, 0.0), (eclipse_abs, sunlit_abs), capacities, g_cc, g_lr, g_bl, emit, start)
    c = temps - 273.15
    if not shared:
        c[3] = bus_zone_battery_c(t, sunlit, eclipse, battery_loss, g_battery, capacities[3],
                                  f(p.bus_radiator_temperature_c))
    # The coolant leaves the radiator half the (load-scaled) design rise below the loop mean; the load is the
    # heat the loop carries in each phase (the design heat in sunlight).
    load_w = np.where(sunlit, heat, share * it_w + shared_bus_w + loop_battery_loss)
    half_rise = 0.5 * chain.design_rise_k * load_w / heat
    supply, ret = c[1] - half_rise, c[1] + half_rise
    junction = c[0]
    series = {"time_min": t / 60.0, "sunlit": sunlit, "junction_c": junction, "coolant_supply_c": supply,
              "coolant_return_c": ret, "radiator_c": c[2], "battery_c": c[3]}
    nodes = {"junction": junction, "coolant_supply": supply, "coolant_return": ret, "radiator": c[2],
             "battery": c[3]}
    return _verdict(nodes, series, chain, period, eclipse)


def bus_zone_battery_c(t_s, sunlit, eclipse_s, loss_w, g_w_per_k, capacity_j_per_k, zone_c):
    """The battery in the bus zone (degC at times ``t_s`` from eclipse entry): C dT/dt = Q(t) - G (T - T_zone),
    its transmission loss Q in eclipse and none in sunlight, the zone held at the bus radiator temperature.
    The periodic solution of this RC node in closed form: x = T - T_zone decays with tau = C / G towards
    Q / G in eclipse and 0 in sunlight, x(0) = b (Q/G)(1 - a) / (1 - a b), a = exp(-t_e/tau),
    b = exp(-t_s/tau)."""
    t = np.asarray(t_s, dtype=float)
    if not (g_w_per_k > 0 and capacity_j_per_k > 0 and loss_w > 0):
        return np.full(t.shape, zone_c)
    tau, x_eq = capacity_j_per_k / g_w_per_k, loss_w / g_w_per_k
    a, b = math.exp(-eclipse_s / tau), math.exp(-(float(t[-1]) - eclipse_s) / tau)
    x0 = b * x_eq * (1.0 - a) / (1.0 - a * b)
    x_end_eclipse = x_eq + (x0 - x_eq) * a
    x = np.where(sunlit, x_end_eclipse * np.exp(-(t - eclipse_s) / tau), x_eq + (x0 - x_eq) * np.exp(-t / tau))
    return zone_c + x


def _verdict(nodes, series, chain, period_s, eclipse_s) -> dict:
    """Min/max, the limiting effect and the problems of an orbit's temperatures."""
    lo = {k: float(np.min(v)) for k, v in nodes.items()}
    hi = {k: float(np.max(v)) for k, v in nodes.items()}
    problems = []
    cold_margin = lo["coolant_supply"] - chain.coolant_min_c
    hot_margin = chain.coolant_max_c - hi["coolant_return"]
    junction_margin = chain.max_junction_c - hi["junction"]
    if cold_margin < 0:
        problems.append(f"eclipse cooling: the coolant ({chain.fluid}) leaves the radiator at "
                        f"{lo['coolant_supply']:.1f} C in the longest eclipse, {-cold_margin:.1f} K below its "
                        f"{chain.coolant_min_c:g} C minimum operating temperature: run the radiator warmer, "
                        "keep more compute on in eclipse, or add heaters / a bypass")
    if hot_margin < 0:
        problems.append(f"warm-up: the coolant ({chain.fluid}) returns at {hi['coolant_return']:.1f} C, "
                        f"{-hot_margin:.1f} K above its {chain.coolant_max_c:g} C maximum operating temperature")
    if junction_margin < 0:
        problems.append(f"warm-up: the chip junction reaches {hi['junction']:.1f} C over the orbit, "
                        f"{-junction_margin:.1f} K above its {chain.max_junction_c:g} C limit")
    limit = ("eclipse cooling" if cold_margin < min(junction_margin, hot_margin) else "warm-up")
    # Series rounded for the document (orbit-resolved, SAMPLES_PER_PHASE points per phase).
    out_series = {k: [bool(x) for x in v] if k == "sunlit" else [round(float(x), 3) for x in v]
                  for k, v in series.items()}
    return {
        "orbit_period_min": period_s / 60.0, "eclipse_min": eclipse_s / 60.0,
        "min_temperature_c": lo, "max_temperature_c": hi,
        "limit": limit,
        "margins_k": {"coolant_cold": cold_margin, "coolant_hot": hot_margin, "junction": junction_margin},
        "coolant_range_c": [chain.coolant_min_c, chain.coolant_max_c],
        "feasible": bool(cold_margin >= 0 and hot_margin >= 0),  # coolant outside its range: infeasible
        "problems": problems, "series": out_series, "model": MODEL,
    }


def thermal_extras(design) -> dict:
    """Keys added to ``design.thermal``: the loop's pump power and mass and the orbit transient. Pump power
    and loop mass follow the heat the loop moves (the compute radiator's)."""
    from orbitaldc.design.thermal_chain import loop_mass_kg, pump_power_w, thermal_chain

    thermal = design.thermal or {}
    heat = float(np.asarray(design.sizing.compute_heat_w))
    out: dict = {"pump_power_w": None, "loop_mass_kg": None, "transient": None}
    if thermal.get("node_temperatures_c") is None or not math.isfinite(heat):
        return out
    chain = thermal_chain(design.accelerator, loop=thermal["loop"])
    out["pump_power_w"] = float(pump_power_w(heat, chain))
    out["loop_mass_kg"] = float(loop_mass_kg(heat, chain))
    out["transient"] = orbit_transient(design)
    return out


def _radiator_and_loads(sizing, inputs):
    """The compute radiator's emission coefficient A sides eps sigma (W/K^4), the flux it absorbs in sunlight
    and in eclipse (W), the battery's transmission loss while it discharges (W), the bus heat on the loop
    (W: only with a single shared radiator) and whether the battery sits on the compute loop (only with a
    single shared radiator: otherwise it is in the bus zone, whose radiator the sizing gives its losses).
    Arrays over designs (0-d for one)."""
    f = lambda x: np.asarray(x, dtype=float)  # noqa: E731
    area = f(sizing.radiator_area_m2)
    emit = area * f(inputs.sides) * f(inputs.emissivity) * STEFAN_BOLTZMANN_W_M2_K4
    sunlit_abs = area * (f(sizing.radiator_solar_w_m2) + f(sizing.radiator_earth_ir_w_m2)
                         + f(sizing.radiator_albedo_w_m2))
    eclipse_abs = area * f(sizing.radiator_earth_ir_w_m2)
    eta_b = f(inputs.battery_efficiency)
    has_battery = f(sizing.mass_breakdown_kg["battery"]) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        battery_loss = np.where(has_battery & (eta_b > 0), f(sizing.eclipse_load_w) * (1.0 / eta_b - 1.0), 0.0)
    # On the loop besides the chips: the hosts, and with a single shared radiator the bus heat and battery too.
    shared = ~np.isfinite(f(inputs.bus_radiator_temperature_c))
    shared_bus = np.where(shared, f(sizing.bus_power_w), 0.0)
    return emit, sunlit_abs, eclipse_abs, battery_loss, shared_bus, shared


def coolant_bounds_c(chain, sizing, inputs):
    """Bounds (degC) on the coolant over any orbit of ``orbit_transient``'s network, without integrating it:
    (lowest the supply can fall to, highest the return can reach). Arrays over designs.

    The network is cooperative (every conductance couples nodes positively and the T^4 loss falls with the
    radiator's own temperature), so a constant state where every node's net heat is <= 0 in both phases
    bounds the orbit from above, and one where it is >= 0 bounds it from below, once the start (the sunlit
    steady state) lies between them (Hirsch & Smith, "Monotone dynamical systems", Handbook of Differential
    Equations: ODEs Vol. 2, 2005, comparison principle). Upper: all the loop's heat in either phase (the
    sunlit heat and the battery's eclipse loss) through the radiator in sunlight; lower: the eclipse's
    compute share alone through the radiator with only the Earth's infrared absorbed. A design whose bounds
    sit inside the coolant's range is certain to be found feasible by the transient.
    """
    f = lambda x: np.asarray(x, dtype=float)  # noqa: E731
    heat = f(sizing.compute_heat_w)
    it_w, share = f(sizing.it_power_w), f(inputs.eclipse_compute_fraction)
    emit, sunlit_abs, eclipse_abs, battery_loss, shared_bus, shared = _radiator_and_loads(sizing, inputs)
    battery_loss = np.where(shared, battery_loss, 0.0)  # in the bus zone otherwise: not the loop's heat
    with np.errstate(divide="ignore", invalid="ignore"):
        g_lr = heat / chain.radiator_approach_k
        hot_loop_k = ((heat + battery_loss + sunlit_abs) / emit) ** 0.25 + (heat + battery_loss) / g_lr
        low_w = share * it_w + shared_bus
        cold_loop_k = ((low_w + eclipse_abs) / emit) ** 0.25 + low_w / g_lr
        # the largest load's half rise: the design heat, or the eclipse's loop load if larger
        half_rise = 0.5 * chain.design_rise_k * np.maximum(heat, low_w + battery_loss) / heat
    return cold_loop_k - 273.15 - half_rise, hot_loop_k - 273.15 + half_rise
