"""Discrete-event model of an industrial park's project pipeline.

Projects are signed, approved, given land, built and ramped up to full output; the
model answers how much output (亿元) the pipeline adds to an industry in each calendar
year, and where projects wait on the way. It is standalone: it depends on numpy and
simpy only, so the Monte Carlo engine can add its output to a projected industry.

Stages of one project (one SimPy process per project, one Environment per realisation; a
realisation in which no two events share an instant runs as the direct event loop of
``direct``, which gives SimPy's times bit for bit, many times faster):

1. signing: Poisson arrivals, ``arrivals_per_year[k]`` in recruitment year
   ``start_year + k``; a share ``success_rate`` go ahead, the others drop out at
   signing and never queue; a share ``key_share`` of projects are key projects;
2. approval: ``approval_staff`` parallel approvers (``simpy.PriorityResource``, key
   projects first, FIFO otherwise, non-preemptive);
3. land: one parcel from a ``simpy.Container`` refilled with ``land_per_year`` parcels on
   1 January of every simulated year (unused parcels carry over); waiting projects get
   parcels in priority order, key projects first (see ``PriorityContainer``);
   ``land_per_year=None`` means unlimited land and no land stage at all;
4. build: triangular duration ``build_years = (min, mode, max)``;
5. ramp-up and production: output rises linearly from 0 at completion to full output
   ``ramp_years`` later, then stays there until the end of the simulation. Full output
   is lognormal with median ``output_median`` 亿元/year and log-sigma ``output_spread``.
   Ramp and production are not simulated event by event: once a project's completion
   time is known its output is a closed-form function of time, integrated exactly over
   each calendar year after the run (annual output is a flow over the year).

Time: the unit is the DAY, a year has exactly 365 days, and t = 0 is 1 January of
``start_year`` (the first recruitment year, the first simulated year). Calendar year
``start_year + k`` is the interval [365 k, 365 (k + 1)). The simulation stops at the end
of the last requested output year; events at that instant or later do not happen, and
waits still open then are not reported (they have not ended).

Randomness: realisation r draws only from its own generator,
``realisation_rng(seed, r)``, so it gives the same numbers whatever the number of
realisations. All per-project random numbers are drawn in bulk, before the run, in a
fixed order (arrivals, then one uniform or normal base variate per project for each of
go-ahead, key, approval, build and output), and turned into durations by inverse
transforms. So changing staff, land, durations or shares keeps every project's base
variates: scenarios that differ only in those use common random numbers.
"""

from parksim.des.draws import ProjectDraws, draw_projects, realisation_rng
from parksim.des.model import (
    PipelineResources,
    PriorityContainer,
    Realisation,
    ramp_output_fraction,
    run_realisation,
)
from parksim.des.params import DAYS_PER_YEAR, PipelineParams
from parksim.des.stats import PipelineRuns, simulate_pipeline

__all__ = [
    "DAYS_PER_YEAR",
    "PipelineParams",
    "PipelineResources",
    "PipelineRuns",
    "PriorityContainer",
    "ProjectDraws",
    "Realisation",
    "draw_projects",
    "ramp_output_fraction",
    "realisation_rng",
    "run_realisation",
    "simulate_pipeline",
]
