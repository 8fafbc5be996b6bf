"""parksim: how likely is each target of a high-tech park, and what would it take?

``load_scenario`` → ``Scenario.with_overrides`` → ``simulate`` → ``Result`` is the one path
that the CLI, the app and the tests take.
"""

from parksim.chunked import ChunkedResult
from parksim.engine import simulate
from parksim.errors import ParksimError, PathsNotKept, ScenarioError
from parksim.loader import load_scenario
from parksim.result import PathResult, Result
from parksim.scenario import Scenario
from parksim.sensitivity import tornado
from parksim.sobol import SobolStudy, sobol
from parksim.solve import Solution, solve
from parksim.studies import sweep

__version__ = "0.1.0"
__all__ = [
    "ChunkedResult",
    "ParksimError",
    "PathResult",
    "PathsNotKept",
    "Result",
    "Scenario",
    "ScenarioError",
    "SobolStudy",
    "Solution",
    "load_scenario",
    "simulate",
    "sobol",
    "solve",
    "sweep",
    "tornado",
]
