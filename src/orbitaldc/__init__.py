"""orbitaldc — orbital AI data centers, sized and compared with the ground.

>>> from orbitaldc import load_scenario, run
>>> result = run(load_scenario("examples/scenarios/tpu-cluster-81.yaml"))  # doctest: +SKIP
>>> result.document()["design"]["satellite"]["radiator_area_m2"]          # doctest: +SKIP
"""

__version__ = "0.1.0"

from orbitaldc.run import Result, run  # noqa: E402
from orbitaldc.scenario import Scenario, ScenarioError, load_scenario, parse_scenario  # noqa: E402

__all__ = ["Result", "Scenario", "ScenarioError", "load_scenario", "parse_scenario", "run"]
