"""The radiator's cap on compute in time: what the compute radiator can reject at each moment of the
trace against the heat the running accelerators make.

At each time of the sky grid and for each sampled satellite, the compute radiator (area A at the
design's radiator temperature) rejects A x net(t), with net(t) the design's flux balance
(``design.thermal.radiator_fluxes_w_m2``: emitted less absorbed Sun, Earth infrared and albedo)
where the Sun and the albedo count only while the satellite is sunlit. The accelerators make IT heat
in proportion to the compute they run (all of it in sunlight, ``eclipse_compute_fraction`` of it in
shadow). The usable share of compute is min(1, A net(t) / heat(t)): the radiator caps sustained
power. The design sizes A for full load in the hottest sunlight, so the cap is 1 by construction for
a design of this tool; it binds where a radiator is smaller than that (a study's given area, or
coatings degraded beyond the design's absorptivity), and in either case it is measured here, not
assumed.
"""

from __future__ import annotations

import numpy as np

from orbitaldc.design.thermal import radiator_fluxes_w_m2


def radiator_cap(design, lit: np.ndarray | None, times: int) -> np.ndarray:
    """Share of the scheduled compute the compute radiator can carry at each grid time, averaged over
    the sampled satellites (``lit``: (satellite, time) sunlit flags; None: every one sunlit)."""
    p, s = design.inputs, design.sizing
    area = float(np.asarray(s.radiator_area_m2))
    it_w = float(np.asarray(s.it_power_w))
    if not np.isfinite(area) or it_w <= 0.0:
        return np.ones(times)
    emitted, solar, earth_ir, albedo, _ = radiator_fluxes_w_m2(
        float(np.asarray(p.radiator_temperature_c)) + 273.15, p.emissivity, p.absorptivity, p.sides,
        p.solar_max_w_m2, p.sun_cos, p.earth_view_factor, p.earth_ir_w_m2, p.earth_ir_absorptivity, p.albedo,
        p.albedo_cos)
    sun = np.ones((1, times)) if lit is None else lit.astype(float)
    net = float(emitted) - float(earth_ir) - sun * (float(solar) + float(albedo))  # (satellite, time)
    eclipse_share = float(np.asarray(p.eclipse_compute_fraction))
    heat = it_w * np.where(sun > 0, 1.0, eclipse_share)
    with np.errstate(divide="ignore", invalid="ignore"):
        cap = np.where(heat > 0, np.clip(area * net / heat, 0.0, 1.0), 1.0)
    return cap.mean(axis=0)
