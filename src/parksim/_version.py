"""The version, in one place: the package, exports and the CLI all read it from here."""

__version__ = "0.1.0"
