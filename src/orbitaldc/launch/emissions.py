"""Direct combustion CO2 of a launch, from the fuel burned.

No vendor or agency publishes a per-launch CO2 or CO2e figure for the catalog's vehicles, so this
is a physical estimate: the carbon in the fuel burned per launch (catalog ``fuel_mass_kg``, all
stages) leaves the vehicle as CO2,

    CO2 [kg] = fuel mass [kg] x M(CO2) / M(fuel per C atom)

Fuels (molar masses per carbon atom from the NASA Glenn CEA thermodynamic database, thermo.inp,
McBride & Gordon; C 12.0107, H 1.00794, O 15.9994 g/mol):

* methane, CH4(L), 16.04246 g/mol -> 44.0095 / 16.0425 = 2.743 kg CO2 per kg (carbon fraction 0.749);
* RP-1, modelled as CH1.95, 13.97618 g/mol per carbon (CEA thermo.inp entry "RP-1", Mehta et al.,
  AIAA 95-2962, 1995) -> 3.149 kg CO2 per kg (carbon fraction 0.859). The CH1.9423 surrogate
  (also used with CEA) and CH2 bracket it at 3.151 and 3.138 kg/kg;
* hydrogen -> 0.

A compound fuel string ``"x+hydrogen"`` (a hydrogen upper or core stage) uses the factor of ``x``;
the catalog's ``fuel_mass_kg`` is then the mass of ``x`` only, since hydrogen carries no carbon.
Solid motors (``"solid..."``) have no factor here: the carbon of the HTPB binder in the propellant
was not sourced, so those vehicles report no figure.

What this number is: an UPPER BOUND on the direct CO2 for the stated fuel load, assuming every fuel
carbon atom ends as CO2 (complete combustion, including afterburning in the plume). Fuel-rich
engines emit part of the carbon as CO and soot (black carbon) instead. It is NOT a lifecycle CO2e:
it excludes propellant production (natural gas processing, refining, liquefaction, air separation),
vehicle manufacture and recovery operations, the climate effect of black carbon, alumina and water
vapour injected into the stratosphere, NOx, and re-entry emissions. It depends on the fuel mass,
which is itself an estimate (stage propellant loads and engine mixture ratios; see the catalog).
"""

from __future__ import annotations

from orbitaldc import catalog

M_C = 12.0107  # g/mol, as in NASA CEA thermo.inp
M_H = 1.00794
M_O = 15.9994
M_CO2 = M_C + 2 * M_O  # 44.0095

M_CH4 = 16.04246  # CEA thermo.inp CH4(L)
M_RP1 = 13.9761830  # CEA thermo.inp RP-1, C 1.00 H 1.95 per formula unit

CO2_KG_PER_KG = {
    "methane": M_CO2 / M_CH4,
    "rp-1": M_CO2 / M_RP1,
    "hydrogen": 0.0,
}

CO2_NOTE = ("Direct combustion CO2 of the carbon-bearing fuel burned per launch (catalog fuel_mass_kg x "
            "stoichiometric CO2 per kg: RP-1 3.15, methane 2.74, hydrogen 0), assuming complete combustion: an "
            "upper bound on direct CO2 for that fuel load, not a lifecycle CO2e. Excludes propellant production, "
            "vehicle manufacture, black carbon, alumina, water vapour, NOx and re-entry. Campaign = per launch x "
            "launches, replacement launches included. null where the vehicle's fuel load is not sourced "
            "(e.g. solid boosters, unflown vehicles without published loads).")


def co2_kg_per_kg_fuel(fuel: str) -> float | None:
    """Stoichiometric CO2 per kg of the carbon-bearing fuel; None for a fuel without a sourced factor."""
    parts = [p.strip().lower() for p in fuel.split("+")]
    carbon = [p for p in parts if p != "hydrogen"]
    if not carbon:
        return 0.0
    if len(carbon) > 1 or carbon[0] not in CO2_KG_PER_KG:
        return None
    return CO2_KG_PER_KG[carbon[0]]


def combustion_co2_kg(fuel: str | None, fuel_mass_kg: float | None) -> float | None:
    """Direct CO2 (kg) from burning ``fuel_mass_kg`` of ``fuel`` completely; None when either is unknown."""
    if fuel is None or fuel_mass_kg is None:
        return None
    factor = co2_kg_per_kg_fuel(fuel)
    return None if factor is None else factor * float(fuel_mass_kg)


def co2_per_launch_kg(vehicle: str) -> float | None:
    """Direct combustion CO2 of one launch of a catalog vehicle; None without a sourced fuel load."""
    entry = catalog.load("vehicles")[vehicle]
    fuel = entry.get("fuel")
    mass = catalog.values("vehicles", vehicle).get("fuel_mass_kg")
    return combustion_co2_kg(fuel if isinstance(fuel, str) else None, mass)
