"""Results out: XLSX, Excel-safe CSV, IAMC (pyam) and JSON with provenance.

The public functions are re-exported here: ``parksim.export.to_xlsx(result)`` and friends.
"""

from parksim.export.formats import (
    FORMATS,
    export_bytes,
    format_of,
    json_document,
    to_csv,
    to_iamc,
    to_json,
    to_xlsx,
    write_export,
)

__all__ = [
    "FORMATS",
    "export_bytes",
    "format_of",
    "json_document",
    "to_csv",
    "to_iamc",
    "to_json",
    "to_xlsx",
    "write_export",
]
