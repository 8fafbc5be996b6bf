"""parksim: how likely is each target of a high-tech park, and what would it take?

``load_scenario`` → ``Scenario.with_overrides`` → ``simulate`` → ``Result`` is the one path
that the CLI, the app and the tests take.
"""

from parksim._version import __version__
from parksim.analysis.backtest import Backtest, backtest
from parksim.analysis.calibrate import calibrate
from parksim.analysis.sobol import SobolStudy, sobol
from parksim.analysis.solve import Solution, solve
from parksim.analysis.sweep import sweep
from parksim.analysis.tornado import tornado
from parksim.engine.chunked import ChunkedResult
from parksim.engine.run import simulate
from parksim.errors import ArgumentError, ParksimError, PathsNotKept, ScenarioError
from parksim.inputs.loader import load_scenario
from parksim.inputs.scenario import Scenario
from parksim.results.protocol import Result
from parksim.results.result import PathResult

__all__ = [
    "ArgumentError",
    "Backtest",
    "ChunkedResult",
    "ParksimError",
    "PathResult",
    "PathsNotKept",
    "Result",
    "Scenario",
    "ScenarioError",
    "SobolStudy",
    "Solution",
    "__version__",
    "backtest",
    "calibrate",
    "load_scenario",
    "simulate",
    "sobol",
    "solve",
    "sweep",
    "tornado",
]
