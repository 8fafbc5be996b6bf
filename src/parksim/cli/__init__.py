"""The ``parksim`` command: argument parsing, commands and their text reports."""
