"""orbitaldc — orbital AI data centers, sized and compared with the ground.

>>> from orbitaldc import load_scenario, run
>>> result = run(load_scenario("examples/scenarios/suncatcher-81.yaml"))  # doctest: +SKIP
>>> result.document()["design"]["satellite"]["radiator_area_m2"]          # doctest: +SKIP
"""

__version__ = "0.1.0"

from orbitaldc.scenario import Scenario, ScenarioError, load_scenario, parse_scenario  # noqa: E402


def __getattr__(name):
    # The pipeline pulls in scipy; load it on first use so `orbitaldc validate` starts fast.
    if name in ("Result", "run"):
        import importlib

        return getattr(importlib.import_module("orbitaldc.run"), name)
    raise AttributeError(f"module 'orbitaldc' has no attribute {name!r}")

__all__ = ["Result", "Scenario", "ScenarioError", "load_scenario", "parse_scenario", "run"]
