"""Study options added for spacedc-mdao (docs/studies.md): their bad values are one-line errors naming the
field, and their good values reach the kernels as documented."""

import math

import pytest

from orbitaldc import parse_scenario, run, yaml_safe
from orbitaldc.scenario import ScenarioError
from tests.test_operations import ROOT

PRESET = ROOT / "examples" / "studies" / "spacedc-mdao-1mw.yaml"


def preset(**thermal):
    doc = yaml_safe.load(PRESET.read_text())
    doc["satellite"]["thermal"].update(thermal)
    return doc


@pytest.mark.parametrize("value", ["sideways", 120, -1, True, float("nan"), float("inf")])
def test_bad_sun_incidence_names_the_field(value):
    with pytest.raises(ScenarioError) as info:
        parse_scenario(preset(sun_incidence=value))
    assert info.value.field == "satellite.thermal.sun_incidence"
    assert "0-90" in info.value.why


def test_sun_incidence_angle_sets_the_cosine_and_design_beta_the_eclipse():
    result = run(parse_scenario(preset(sun_incidence=60)), timeline=False, economics=False, operations=False)
    p = result.design.inputs
    assert float(p.sun_cos) == pytest.approx(0.5, rel=1e-12)
    # beta = 0 at 650 km, cylindrical shadow: f = acos(sqrt(r^2 - R^2) / r) / pi
    r, big_r = 6378.137 + 650.0, 6378.137
    expected = math.acos(math.sqrt(r * r - big_r * big_r) / r) / math.pi
    assert float(p.eclipse_s) / float(p.period_s) == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize(("path", "value", "field"), [
    (("satellite", "power", "design_beta_deg"), 90, "satellite.power.design_beta_deg"),
    (("economics", "discounting"), "yearly", "economics.discounting"),
    (("economics", "attrition"), "replace_gpus", "economics.attrition"),
    (("satellite", "thermal", "bus_radiator"), "both", "satellite.thermal.bus_radiator"),
])
def test_bad_study_option_names_the_field(path, value, field):
    doc = yaml_safe.load(PRESET.read_text())
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ScenarioError) as info:
        parse_scenario(doc)
    assert info.value.field == field
