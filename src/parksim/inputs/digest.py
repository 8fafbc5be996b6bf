"""Fingerprints of inputs: the merged scenario's SHA-256 and each file's, for provenance."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from parksim.inputs.scenario import Scenario

HASH_RECIPE = (
    "SHA-256 of json.dumps(scenario.raw, sort_keys=True, ensure_ascii=False, "
    'separators=(",", ":")) in UTF-8: the merged scenario after inheritance and overrides'
)


def scenario_sha256(scenario: Scenario) -> str:
    """Hash of the merged scenario (see ``HASH_RECIPE``): equal inputs, equal hash."""
    text = json.dumps(
        scenario.raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: str | Path) -> str:
    """Hash of one scenario file's bytes, as ``sha256sum`` prints it (read now, so a file
    edited after loading shows a hash that no longer matches ``scenario_sha256``'s inputs)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        return f"(unreadable: {exc.strerror or exc})"
