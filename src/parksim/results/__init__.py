"""What a run gives: :class:`~parksim.results.result.Result` with its target metrics, tracking
against 序时进度 and sub-target consistency. Knows scenarios, never how paths are drawn."""
