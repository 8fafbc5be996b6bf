"""``parksim brief`` on the command line: what it writes, and one line with exit code 2 for
each bad input (unknown --compare file, missing folder, unwritable place, wrong suffix); the
PDF route through LibreOffice, rendered back with pdftoppm; and the one line when there is none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from PIL import Image

import parksim
from parksim.report import brief
from parksim.report.pdf import soffice
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
BASELINE = "scenarios/baseline.toml"
SMALL_RUN = ("--paths", "500")


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_brief_writes_a_docx_with_compare_and_set(tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    done = run_cli(
        "brief", BASELINE, "-o", str(out), "--lang", "en", "--compare",
        "scenarios/faster_reform.toml", "--set", "indicators.big_health.growth=0.12", *SMALL_RUN,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"briefing written to {out}"
    document = docx.Document(str(out))
    command = next(p.text for p in document.paragraphs if p.style.name == "Command")
    assert "--compare scenarios/faster_reform.toml" in command
    assert "--set indicators.big_health.growth=0.12" in command
    header = [[cell.text for cell in t.rows[0].cells] for t in document.tables]
    compare = document.tables[
        next(i for i, h in enumerate(header) if "Probability · faster_reform" in h)
    ]
    assert len(compare.rows) == 1 + 7
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())  # follows the umask


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (
            "missing/brief.docx",
            "parksim: error: -o {tmp}/missing/brief.docx: no such folder {tmp}/missing",
        ),
        (
            "brief.txt",
            "parksim: error: -o {tmp}/brief.txt: a briefing is written as .docx or .pdf, not .txt",
        ),
        (
            "folder.docx",
            "parksim: error: -o {tmp}/folder.docx: is a folder; name the file to write",
        ),
    ],
)
def test_bad_output_is_one_line_before_any_run(tmp_path: Path, out: str, message: str) -> None:
    (tmp_path / "folder.docx").mkdir()
    done = run_cli("brief", BASELINE, "-o", str(tmp_path / out), *SMALL_RUN)
    assert one_error_line(done) == message.format(tmp=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.docx"]  # nothing half-written


def test_unwritable_place_is_one_line() -> None:
    # /proc takes no new file, not even from root (the tests may run as root, where chmod
    # would not stop a write)
    done = run_cli("brief", BASELINE, "-o", "/proc/brief.docx", *SMALL_RUN)
    line = one_error_line(done)
    assert line.startswith("parksim: error: -o /proc/brief.docx: cannot write in /proc (")


def test_unknown_compare_file_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    done = run_cli("brief", BASELINE, "-o", str(out), "--compare", "scenarios/nope.toml")
    assert one_error_line(done) == "parksim: error: scenarios/nope.toml: no such scenario file"
    assert not out.exists()


def test_without_a_pdf_route_it_says_so_and_writes_the_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    assert soffice() is None
    written = brief.write(parksim.load_scenario(ROOT / BASELINE), tmp_path / "b.pdf", paths=500)
    assert written.path == tmp_path / "b.docx" and not (tmp_path / "b.pdf").exists()
    assert written.note == (
        f"没有可用的 PDF 转换(未找到 LibreOffice 的 soffice):已改为写出 {tmp_path / 'b.docx'}"
    )
    assert docx.Document(str(written.path)).paragraphs[0].text == "基准情景 · 目标达成情况汇报"


def test_pdf_through_libreoffice_renders_a_page_that_is_not_blank(tmp_path: Path) -> None:
    if soffice() is None or shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail(".ci/run installs libreoffice-writer-nogui and poppler-utils")
        pytest.skip("LibreOffice (soffice) or pdftoppm not installed here")
    out = tmp_path / "brief.pdf"
    done = run_cli("brief", BASELINE, "-o", str(out), *SMALL_RUN)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "50", "-png", str(out), str(tmp_path / "page")],
        check=True,
    )
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = page.size
    assert abs(width / height - 210 / 297) < 0.01  # A4 portrait
    dark = sum(count for count, level in page.getcolors(256) or [] if level < 128)
    assert dark > 0.005 * width * height  # text and a table, not a white page
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    assert int(pages.split()[-1]) >= 3
    text = subprocess.run(
        ["pdftotext", "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "基准情景 · 目标达成情况汇报" in text  # the Chinese drawn with a real font
