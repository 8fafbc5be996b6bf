"""What the planners hand upward: the charts of a run and the briefing built from them."""
