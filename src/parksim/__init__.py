"""parksim: how likely is each target of a high-tech park, and what would it take?

``load_scenario`` → ``Scenario.with_overrides`` → ``simulate`` → ``Result`` is the one path
that the CLI, the app and the tests take.
"""

from parksim.engine import simulate
from parksim.errors import ParksimError, ScenarioError
from parksim.loader import load_scenario
from parksim.result import Result
from parksim.scenario import Scenario
from parksim.sensitivity import tornado
from parksim.solve import Solution, solve

__version__ = "0.1.0"
__all__ = [
    "ParksimError",
    "Result",
    "Scenario",
    "ScenarioError",
    "Solution",
    "load_scenario",
    "simulate",
    "solve",
    "tornado",
]
