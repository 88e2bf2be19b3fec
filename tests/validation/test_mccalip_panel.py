"""A. McCalip, orbital vs terrestrial data-center calculator (2025),
github.com/andrewmccalip/thoughts, static/js/math.js (HEAD e59571e, 15 Dec 2025).

His panel is one bifacial sun-tracking plate: face A is photovoltaic (alpha 0.92,
epsilon 0.85) facing the Sun, face B a radiator (epsilon 0.90); both radiate at one
temperature (electricity returns as heat, so the PV efficiency drops out). Per m2:
q_in = S alpha + E_IR (F_A eps_A + F_B eps_B) + S a F_A cos(beta) alpha, with S = 1361,
E_IR = 237, a = 0.30, and his orbit-averaged Earth view factors at 550 km (F_A = F_B =
0.0212 at beta = 90 deg; 0.1560 at beta = 60 deg, from his VF = (R/(R+h))^2 cos(gamma)
with a 5 % floor). Published: 62.6 C at beta = 90 deg, 68.1 C at beta = 60 deg.
Our energy balance with his inputs must land within 0.2 C (his values are rounded to
0.1 C; the 3 K sky term he adds changes T by < 1e-6 K).
"""

import numpy as np
import pytest

from orbitaldc.design.thermal import equilibrium_temperature_k, radiator_fluxes_w_m2

S, ALPHA_PV, EPS_A, EPS_B, E_IR, ALBEDO = 1361.0, 0.92, 0.85, 0.90, 237.0, 0.30


@pytest.mark.parametrize(("beta_deg", "view", "published_c"), [(90.0, 0.0212, 62.6), (60.0, 0.1560, 68.1)])
def test_panel_equilibrium_temperature(beta_deg, view, published_c):
    # Face A (PV): sunlight, Earth IR and albedo; face B (radiator): Earth IR only.
    *_, face_a_ir, face_a_albedo, _ = radiator_fluxes_w_m2(
        300.0, EPS_A, ALPHA_PV, 1, S, 1.0, view, E_IR, EPS_A, ALBEDO, np.cos(np.radians(beta_deg)))
    *_, face_b_ir, _, _ = radiator_fluxes_w_m2(300.0, EPS_B, 0.0, 1, S, 0.0, view, E_IR, EPS_B, 0.0, 0.0)
    absorbed = S * ALPHA_PV + face_a_ir + face_a_albedo + face_b_ir
    # Two faces of different emissivity at one temperature: sum(eps) sigma T^4 = q_in.
    temperature_c = float(equilibrium_temperature_k(absorbed, (EPS_A + EPS_B) / 2.0, 2)) - 273.15
    assert temperature_c == pytest.approx(published_c, abs=0.2)
