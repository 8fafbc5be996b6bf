"""Words shown to people, in Chinese and English: labels, statuses, column headers."""
