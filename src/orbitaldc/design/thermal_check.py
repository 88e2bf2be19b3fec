"""The chips' view of the radiator: what the junction → cold plate → loop → radiator chain
(``thermal_chain``) says about a design's radiator temperature.

``thermal.temperature_c: chain`` (the default) asks for the highest radiator temperature the chain allows
(``max_radiator_temperature_c``, less ``thermal.margin_k``); a number is kept and checked. A radiator
above the chip's published junction limit cannot cool it at all (infeasible, in the sizing kernel);
one above what the chain allows makes the design infeasible too, with the limit and the margin in the
reason, unless ``thermal.chip_limits: report`` (a study option for studies that set their own radiator
temperature) keeps it a stated problem. The chain's resistances are partly estimates; it is checked against
a cold-plate worked example, a GB300-class conjugate CFD study and NVIDIA's 45 C coolant envelope, not yet
against a measured GPU cold-plate test (tests/validation/test_thermal_chain_published.py, docs/models.md).
"""

from __future__ import annotations

import math

from orbitaldc.errors import ScenarioError

NOT_VALIDATED = ("junction -> interface -> cold plate -> pumped loop or loop heat pipe -> radiator "
                 "(design.thermal_chain); checked against a cold-plate worked example (Boyd, within 5 %), a "
                 "GB300-class conjugate CFD study (junction rise inside its 34.7-49.3 K) and NVIDIA's 45 C coolant "
                 "envelope (HBM within the stated range only); not yet against a measured GPU cold-plate test")


def _chain(accelerator: str, loop: str):
    """(chain, "") or (None, what the catalog lacks for it: a junction/HBM limit, TDP, HBM bandwidth or stacks)."""
    from orbitaldc.design.thermal_chain import thermal_chain

    try:
        return thermal_chain(accelerator, loop=loop), ""
    except ValueError as missing:
        return None, str(missing)


def solved_temperature_c(accelerator: str, loop: str, margin_k: float) -> float:
    """The highest radiator temperature the chain allows with ``margin_k`` (the ``chain`` policy)."""
    from orbitaldc.design.thermal_chain import max_radiator_temperature_c

    chain, missing = _chain(accelerator, loop)
    if chain is None:
        raise ScenarioError("satellite.thermal.temperature_c", f"'chain' needs the chip's junction and HBM limits, "
                            f"TDP, HBM bandwidth and stack count ({missing}): give a temperature")
    return float(max_radiator_temperature_c(accelerator, chain, margins=margin_k)[0])


def thermal_document(accelerator: str, loop: str, margin_k: float, radiator_c: float, solved: bool) -> tuple[
        dict, tuple[str, ...]]:
    """(``design.thermal``, problems): node temperatures at the design's radiator temperature, the
    chain's limit and what binds."""
    from orbitaldc.design.thermal_chain import chain_temperatures_c, max_radiator_temperature_c

    chain, missing = _chain(accelerator, loop)
    doc = {"radiator_temperature_c": radiator_c, "temperature_policy": "chain" if solved else "given",
           "loop": loop, "margin_k": margin_k}
    if chain is None:
        doc.update({"binding_constraint": "radiator area", "node_temperatures_c": None,
                    "chain_max_radiator_temperature_c": None,
                    "model": f"no chip chain for {accelerator} ({missing}): the radiator temperature is "
                             "the scenario's, unchecked"})
        return doc, ()
    limit, binding = max_radiator_temperature_c(accelerator, chain, margins=margin_k)
    limit = float(limit)
    nodes = {k: float(v) for k, v in chain_temperatures_c(radiator_c, chain.tdp_w, chain).items()}
    doc.update({"chain_max_radiator_temperature_c": limit, "node_temperatures_c": nodes, "model": NOT_VALIDATED,
                "binding_constraint": str(binding) if solved or radiator_c > limit else "radiator area"})
    if not solved and radiator_c > limit + 1e-9 and math.isfinite(limit):
        excess = radiator_c - limit  # to 0.01 K, so a small excess never reads "0.0 K hotter"
        return doc, (f"the radiator at {radiator_c:g} C is {excess:.2f} K hotter than the chip chain "
                     f"allows ({limit:.2f} C, set by the {binding} limit with a {margin_k:g} K margin; an estimate "
                     "not yet validated against a GPU test): lower thermal.temperature_c, leave it out (the chain's "
                     "temperature) or, to price a study's own radiator, set thermal.chip_limits: report",)
    return doc, ()
