"""Thermal chain from the accelerator junction to the radiator: the chips set the radiator temperature.

A steady-state series resistance network per accelerator (Gilmore, Spacecraft Thermal Control
Handbook Vol. I, 2nd ed., 2002, ch. 5 and 12 for loop and heat-pipe networks; the cold-plate
convention, resistance referred to the coolant inlet, as in Boyd/Lytron cold-plate selection):

    coolant mean in the radiator  = T_rad + approach                  (K; approach independent of power,
                                                                       the radiator area scales with heat)
    coolant supply / return       = mean -/+ rise/2, rise = design_rise * P / TDP
                                                                      (flow sized for design_rise at TDP:
                                                                       rise = P / (m_dot c_p))
    cold plate base               = supply + P * R_cold_plate          (inlet-referred; for a loop heat pipe the
                                                                       evaporator, R to the vapour)
    die back ("case")             = plate + P * R_tim                  (R_tim = r''_tim / die area)
    junction                      = case + P * R_die                   (R_die = r''_die / die area)
    HBM                           = plate + P * R_hbm                  (stacks beside the die, same plate;
                                                                       R_hbm = k * (bandwidth / stacks) / TDP:
                                                                       the stacks' own heat follows the
                                                                       bandwidth each carries, not core power)

Every node is T_rad + a + b * P, linear in heat, so the highest radiator temperature that keeps
the junction below ``max_junction_c - margin``, the HBM below ``max_hbm_c - margin`` and the hottest
coolant below its operating limit is a closed-form minimum of three lines. Values and sources:
``catalog/thermal_chain.yaml`` and the ``max_junction_c``, ``max_hbm_c``, ``tdp_w``, ``die_area_mm2``,
``hbm_bandwidth_bytes_per_s`` and ``hbm_stacks`` fields of ``catalog/accelerators.yaml``. Temperatures
in degC, powers in W, resistances in K/W.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from orbitaldc import catalog

LOOPS = ("pumped_single_phase", "loop_heat_pipe")
TIMS = ("grease", "liquid_metal", "indium")
FLUIDS = ("pgw50", "water", "ammonia")
LIMITS = ("max_junction_c", "max_hbm_c", "tdp_w", "hbm_bandwidth_bytes_per_s", "hbm_stacks")
NODES = ("radiator", "coolant_supply", "coolant_return", "cold_plate", "case", "junction", "hbm")


@dataclass(frozen=True)
class ThermalChain:
    """One accelerator's chain to the radiator (floats; K/W unless the name says otherwise)."""

    accelerator: str
    loop: str
    tim: str
    fluid: str
    tdp_w: float
    max_junction_c: float
    max_hbm_c: float
    r_die_k_per_w: float  # junction to die back
    r_tim_k_per_w: float  # die back to cold plate base
    r_cold_plate_k_per_w: float  # plate base to coolant inlet (LHP: evaporator to vapour)
    r_hbm_k_per_w: float  # HBM above the plate base, per W of device power (its rise at TDP / TDP)
    radiator_approach_k: float  # mean coolant minus radiator temperature
    design_rise_k: float  # coolant rise at tdp_w
    coolant_cp_j_per_kg_k: float
    coolant_min_c: float
    coolant_max_c: float
    pump_power_fraction: float  # the peer's estimate of pump power per W moved (cross-check of pump_power_w)
    mass_kg_per_kw: float  # pumps, valves, accumulator, lines and fluid per kW moved
    fluid_inventory_kg_per_kw: float = 0.0  # the fluid share of mass_kg_per_kw
    coolant_density_kg_m3: float = float("nan")
    loop_pressure_drop_pa: float = 0.0  # whole loop at the design flow (0: capillary-pumped)
    pump_efficiency: float = float("nan")  # wire-to-water


def _choose(name, known, what):
    if name not in known:
        raise ValueError(f"{what}: unknown {name!r}; known: {', '.join(known)}")
    return name


def thermal_chain(accelerator: str, loop: str = "pumped_single_phase", tim: str = "grease",
                  fluid: str | None = None) -> ThermalChain:
    """Build the chain of catalog ``accelerator`` with the catalog ``loop``, interface and coolant.

    ``fluid`` defaults to the loop's own (propylene glycol/water for the pumped loop, ammonia for the
    loop heat pipe). Raises ValueError naming the known choices, or the limit the catalog lacks.
    """
    _choose(accelerator, catalog.entries("accelerators"), "accelerator")
    _choose(loop, LOOPS, "loop")
    _choose(tim, TIMS, "tim")
    acc = catalog.values("accelerators", accelerator)
    for field in LIMITS:
        if field not in acc:
            raise ValueError(f"{field}: not in the catalog for {accelerator}")
    lp = catalog.values("thermal_chain", loop)
    if fluid is None:
        fluid = str(catalog.load("thermal_chain")[loop]["fluid"]).removeprefix("fluid-")
    _choose(fluid, FLUIDS, "fluid")
    fl = catalog.values("thermal_chain", f"fluid-{fluid}")
    die = catalog.values("thermal_chain", "die-silicon")
    area_cm2 = acc.get("die_area_mm2", die["default_area_mm2"]) / 100.0
    plate = lp["evaporator_r_k_per_w"] if loop == "loop_heat_pipe" else \
        catalog.values("thermal_chain", "cold-plate-microchannel")["r_k_per_w"]
    return ThermalChain(
        accelerator=accelerator, loop=loop, tim=tim, fluid=fluid,
        tdp_w=acc["tdp_w"], max_junction_c=acc["max_junction_c"], max_hbm_c=acc["max_hbm_c"],
        r_die_k_per_w=die["r_k_cm2_per_w"] / area_cm2,
        r_tim_k_per_w=catalog.values("thermal_chain", f"tim-{tim.replace('_', '-')}")["r_k_cm2_per_w"] / area_cm2,
        r_cold_plate_k_per_w=plate,
        r_hbm_k_per_w=hbm_rise_at_tdp_k(acc) / acc["tdp_w"],
        radiator_approach_k=lp["radiator_approach_k"], design_rise_k=lp["design_rise_k"],
        coolant_cp_j_per_kg_k=fl["cp_j_per_kg_k"], coolant_min_c=fl["min_operating_c"],
        coolant_max_c=fl["max_operating_c"], pump_power_fraction=lp["pump_power_fraction"],
        mass_kg_per_kw=lp["mass_kg_per_kw"], fluid_inventory_kg_per_kw=lp["fluid_inventory_kg_per_kw"],
        coolant_density_kg_m3=fl.get("density_kg_m3", float("nan")),
        loop_pressure_drop_pa=lp.get("loop_pressure_drop_pa", 0.0),
        pump_efficiency=lp.get("pump_efficiency", float("nan")),
    )


def hbm_rise_at_tdp_k(acc: Mapping) -> float:
    """HBM above the cold plate base (K) at the part's TDP: catalog K per TB/s carried by each stack."""
    per_stack_tb_s = acc["hbm_bandwidth_bytes_per_s"] / 1e12 / acc["hbm_stacks"]
    return catalog.values("thermal_chain", "hbm-on-cold-plate")["rise_k_per_tb_s_per_stack"] * per_stack_tb_s


def _coefficients(chain: ThermalChain) -> dict[str, tuple[float, float]]:
    """Each node as (offset K, K per W of device power) above the radiator temperature."""
    a = chain.radiator_approach_k
    half_rise = 0.5 * chain.design_rise_k / chain.tdp_w
    plate = chain.r_cold_plate_k_per_w - half_rise
    case = plate + chain.r_tim_k_per_w
    return {
        "radiator": (0.0, 0.0),
        "coolant_supply": (a, -half_rise),
        "coolant_return": (a, half_rise),
        "cold_plate": (a, plate),
        "case": (a, case),
        "junction": (a, case + chain.r_die_k_per_w),
        "hbm": (a, plate + chain.r_hbm_k_per_w),
    }


def chain_temperatures_c(radiator_c, power_w, chain: ThermalChain) -> dict[str, np.ndarray]:
    """Node temperatures (degC) of a device dissipating ``power_w`` (W) with the radiator at ``radiator_c``.

    Keys: radiator, coolant_supply, coolant_return, cold_plate, case, junction, hbm. Arrays broadcast.
    """
    t_rad = np.asarray(radiator_c, dtype=float)
    p = np.asarray(power_w, dtype=float)
    if np.any(p < 0):
        raise ValueError("power_w: must be >= 0")
    return {node: t_rad + a + b * p for node, (a, b) in _coefficients(chain).items()}


def _margins(margins) -> dict[str, object]:
    names = ("junction", "hbm", "coolant")
    if margins is None:
        return dict.fromkeys(names, 0.0)
    if isinstance(margins, Mapping):
        unknown = set(margins) - set(names)
        if unknown:
            raise ValueError(f"margins: unknown {sorted(unknown)}; known: {', '.join(names)}")
        return {n: margins.get(n, 0.0) for n in names}
    return dict.fromkeys(names, margins)


def max_radiator_temperature_c(accelerator, chain: ThermalChain, margins=None, power_w=None):
    """Highest radiator temperature (degC) the chips allow, and which limit binds.

    ``accelerator``: a catalog id (its limits from the catalog) or a mapping with ``max_junction_c``
    and ``max_hbm_c`` (degC, arrays allowed). ``margins`` (K): one number for every limit, or a mapping
    of ``junction``, ``hbm``, ``coolant``. ``power_w`` defaults to the chain's TDP. Closed form: each
    limit L on node T_rad + a + b P gives T_rad <= L - margin - a - b P; the smallest wins.
    Returns ``(radiator_c, binding)``; binding is "chip junction", "HBM" or "coolant" (an array of
    them when the inputs are arrays).
    """
    if isinstance(accelerator, str):
        acc = catalog.values("accelerators", _choose(accelerator, catalog.entries("accelerators"), "accelerator"))
        for field in ("max_junction_c", "max_hbm_c"):
            if field not in acc:
                raise ValueError(f"{field}: not in the catalog for {accelerator}")
    else:
        acc = accelerator
    m = _margins(margins)
    p = np.asarray(chain.tdp_w if power_w is None else power_w, dtype=float)
    if np.any(p < 0):
        raise ValueError("power_w: must be >= 0")
    c = _coefficients(chain)
    limits = np.stack(np.broadcast_arrays(
        np.asarray(acc["max_junction_c"], float) - m["junction"] - c["junction"][0] - c["junction"][1] * p,
        np.asarray(acc["max_hbm_c"], float) - m["hbm"] - c["hbm"][0] - c["hbm"][1] * p,
        chain.coolant_max_c - np.asarray(m["coolant"], float) - c["coolant_return"][0] - c["coolant_return"][1] * p,
    ))
    which = np.argmin(limits, axis=0)
    binding = np.array(["chip junction", "HBM", "coolant"])[which]
    radiator = np.min(limits, axis=0)
    if radiator.ndim == 0:
        return float(radiator), str(binding)
    return radiator, binding


def coolant_mass_flow_kg_s(heat_w, chain: ThermalChain):
    """Coolant mass flow (kg/s) that carries ``heat_w`` (W) at the loop's design rise: Q / (c_p dT).

    A two-phase loop (design rise 0) returns NaN: its flow follows the latent heat instead.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(chain.design_rise_k > 0,
                        np.asarray(heat_w, float) / (chain.coolant_cp_j_per_kg_k * chain.design_rise_k), np.nan)


def pump_power_w(heat_w, chain: ThermalChain):
    """Pump electrical power (W, a bus load) to move ``heat_w`` (W) at the loop's design rise.

    Hydraulic power over wire-to-water efficiency: P = m_dot dp / (rho eta), with m_dot = Q / (c_p dT)
    (e.g. White, Fluid Mechanics, 7th ed., 2011, sec. 11.2: pump power rho g Q H / eta). Pressure drop and
    efficiency are catalog estimates (thermal_chain.yaml); a capillary-pumped loop heat pipe needs none (0 W).
    """
    heat = np.asarray(heat_w, dtype=float)
    if np.any(heat < 0):
        raise ValueError("heat_w: must be >= 0")
    if chain.design_rise_k <= 0 or chain.loop_pressure_drop_pa <= 0:
        return np.zeros_like(heat)
    volume_flow_m3_s = heat / (chain.coolant_cp_j_per_kg_k * chain.design_rise_k) / chain.coolant_density_kg_m3
    return volume_flow_m3_s * chain.loop_pressure_drop_pa / chain.pump_efficiency


def loop_mass_kg(heat_w, chain: ThermalChain):
    """Loop mass (kg) for ``heat_w`` (W): pumps, valves, accumulator, lines and fluid per kW (catalog).

    Cold plates and radiator panels are not in it (the radiator is sized and weighed by design/thermal.py).
    """
    heat = np.asarray(heat_w, dtype=float)
    if np.any(heat < 0):
        raise ValueError("heat_w: must be >= 0")
    return chain.mass_kg_per_kw * heat / 1000.0


def loop_fluid_kg(heat_w, chain: ThermalChain):
    """Coolant inventory (kg) of a loop moving ``heat_w`` (W): the fluid share of ``loop_mass_kg``."""
    heat = np.asarray(heat_w, dtype=float)
    if np.any(heat < 0):
        raise ValueError("heat_w: must be >= 0")
    return chain.fluid_inventory_kg_per_kw * heat / 1000.0


def junction_to_coolant_k_per_w(chain: ThermalChain) -> float:
    """Junction above the loop's mean coolant temperature per W of device power (K/W)."""
    return _coefficients(chain)["junction"][1]
