"""Questions asked of the engine: levers, goal seek, sweeps, tornado and Sobol sensitivity,
scenario comparison. Never writes files (that is ``export``)."""
