"""The briefing as PDF, converted from the same .docx by LibreOffice headless
(``soffice --headless --convert-to pdf``), so the PDF and the Word file show the same content.

LibreOffice runs with a profile of its own in a temporary folder: two conversions at once (two
planners in the app, or CI beside a desktop session) never share or lock a profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from parksim.errors import ParksimError

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180


class PdfError(ParksimError):
    """LibreOffice was there but did not give a PDF."""


def soffice() -> str | None:
    """The LibreOffice program on this machine's PATH, or None: then there is no PDF route."""
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def pdf_bytes(document: bytes, program: str) -> bytes:
    """The PDF of a .docx document, converted by ``program`` (see :func:`soffice`)."""
    with tempfile.TemporaryDirectory(prefix="parksim-pdf-") as folder:
        work = Path(folder)
        source = work / "brief.docx"
        source.write_bytes(document)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        environment = {**os.environ, "HOME": str(work)}  # LibreOffice writes under $HOME too
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env=environment,
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"{program}: no PDF after {TIMEOUT_SECONDS} s; wrote none") from None
        produced = work / "brief.pdf"
        if done.returncode != 0 or not produced.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PdfError(f"{program}: PDF conversion failed ({detail[0]}); wrote none")
        return produced.read_bytes()
