"""What a planner writes: scenario files, their schema and sources, formulas and actual figures,
read into one immutable :class:`~parksim.inputs.scenario.Scenario`. Depends on nothing of
parksim's but ``des`` (pipeline rules) and ``errors``."""
