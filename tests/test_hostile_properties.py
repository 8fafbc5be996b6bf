"""Random bytes and random mutations of valid files, fed to the loaders and the share-link
decoder: the only outcomes allowed are success and the project's own errors.

Hypothesis draws the inputs (a fixed, derandomised set, so CI is reproducible); any other
exception — a RecursionError, a UnicodeDecodeError, an IndexError deep in a parser — fails.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parksim
from parksim.app import catalog, link
from parksim.errors import ParksimError

ROOT = Path(__file__).resolve().parents[1]
BASELINE = (ROOT / "scenarios" / "baseline.toml").read_text(encoding="utf-8")
FIGURES = (ROOT / "scenarios" / "actuals" / "baseline.csv").read_text(encoding="utf-8")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
FOLDER = Path(tempfile.mkdtemp(prefix="parksim-hostile-"))  # one copy for all examples
shutil.copytree(ROOT / "scenarios", FOLDER / "scenarios")
atexit.register(shutil.rmtree, FOLDER, True)


def _mutated(text: str) -> st.SearchStrategy[str]:
    """``text`` with a slice replaced by random text (deleted, doubled or garbled)."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, 200), st.text(max_size=40)).map(
        lambda t: text[: t[0]] + t[2] + text[t[0] + t[1] :]
    )


def _loads_or_says_why(path: Path) -> None:
    try:
        parksim.load_scenario(path)
    except ParksimError as exc:
        assert "\n" not in str(exc), str(exc)  # one line


@SETTINGS
@given(st.binary(max_size=2_000))
def test_random_bytes_as_a_scenario_file(data: bytes) -> None:
    path = FOLDER / "scenarios" / "random.toml"
    path.write_bytes(data)
    _loads_or_says_why(path)


@SETTINGS
@given(_mutated(BASELINE))
def test_a_mutated_baseline(text: str) -> None:
    path = FOLDER / "scenarios" / "mutated.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _loads_or_says_why(path)


@SETTINGS
@given(st.one_of(st.binary(max_size=2_000).map(bytes), _mutated(FIGURES).map(str.encode)))
def test_random_or_mutated_actual_figures(data: bytes) -> None:
    (FOLDER / "scenarios" / "actuals" / "baseline.csv").write_bytes(data)
    _loads_or_says_why(FOLDER / "scenarios" / "baseline.toml")


ENTRIES = catalog.list_scenarios(ROOT / "scenarios")


def _resolve(scenario_id: str) -> parksim.Scenario | None:
    entry = catalog.find(ENTRIES, scenario_id)
    return None if entry is None else catalog.load(entry)


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(["s", "o", "seed", "paths", "lang", "x"]) | st.text(max_size=8),
        st.text(max_size=60) | st.sampled_from(['{"indicators.gdp.growth": 0.1}', "[" * 999]),
        max_size=6,
    )
)
def test_random_share_links_open_with_notices(params: dict[str, str]) -> None:
    state, notices = link.decode(params, "baseline", _resolve)
    assert _resolve(state.scenario) is not None
    for notice in notices:
        assert notice.text("zh") and notice.text("en")
