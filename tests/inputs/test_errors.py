"""Every error a scenario author can hit: the exact one-line message, ``key`` and ``path``."""

from __future__ import annotations

from pathlib import Path

import pytest

from parksim import ScenarioError, load_scenario
from parksim.inputs.overrides import parse_set
from parksim.inputs.schema import Indicator, ScenarioMeta, ScenarioSpec, StatusThresholds, Target

# A minimal valid scenario in two parts: lines appended to HEAD land in [scenario],
# lines appended to GDP land in [indicators.gdp].
HEAD = """\
[scenario]
id = "s"
name = "测试"
name_en = "Test"
base_year = 2019
horizon = 2025
"""
GDP = """
[indicators.gdp]
name = "地区生产总值"
name_en = "GDP"
unit = "亿元"
base = 100.0
growth = 0.05
source = "assumption: test"
"""
TARGET = """
[targets.t]
indicator = "gdp"
value = 200.0
year = 2025
name = "目标"
name_en = "Target"
source = "assumption: test"
"""
ALLOWED = "use indicator ids, numbers, + - * / and parentheses"


def allowed(model: type, *extra: str) -> str:
    """The keys an "unknown key" message lists: the table's fields in order (the schema grows,
    so the list is read from it; the documented keys are checked in test_allowed_keys_...)."""
    return ", ".join([*(f.alias or n for n, f in model.model_fields.items()), *extra])


INDICATOR_KEYS = allowed(Indicator)
SOURCE_HINT = 'add source.{0} = "<document>: <quote>" or "assumption: <why>"'


def derived(der_id: str, formula: str) -> str:
    return f'\n[derived.{der_id}]\nname = "派生"\nname_en = "Derived"\nunit = "share"\nformula = {formula}\n'


def load_error(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value


def test_the_minimal_scenario_is_valid(write_toml) -> None:
    """The cases below each break one thing in this scenario."""
    load_scenario(write_toml("s.toml", HEAD + GDP + TARGET))


# --------------------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    exc = load_error(path)
    assert str(exc) == f"{path}: no such scenario file"
    assert exc.key is None
    assert exc.path == path


def test_a_folder_is_not_a_scenario_file(tmp_path: Path) -> None:
    exc = load_error(tmp_path)
    assert str(exc) == f"{tmp_path}: is a folder, not a scenario file"
    assert exc.key is None


def test_arrays_nested_deeper_than_python_can_parse_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(HEAD + GDP + "x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    exc = load_error(path)
    assert str(exc) == f"{path}: invalid TOML: arrays or tables nested too deeply"


def test_a_symbolic_link_loop_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    exc = load_error(tmp_path / "a.toml")
    assert str(exc) == f"{tmp_path / 'a.toml'}: is a loop of symbolic links"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Windows editors write one; tomllib alone reads it as an invalid statement."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + GDP).encode("utf-8"))
    assert load_scenario(path).id == "s"


def test_a_set_value_nested_too_deeply_is_one_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_set("scenario.description=" + "[" * 3000 + "]" * 3000)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300
    assert message.endswith(
        ': not a TOML value; use a number, "text", true/false, [a, list] or { "2021-2025" = 0.1 }'
    )


def test_toml_syntax_error_keeps_line_and_column(write_toml) -> None:
    path = write_toml("s.toml", '[scenario]\nid = "s"\nname = = "x"\n')
    exc = load_error(path)
    assert str(exc) == f"{path}: invalid TOML: Invalid value (at line 3, column 8)"
    assert exc.key is None
    assert exc.path == path


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes((HEAD + GDP).replace("测试", "test").encode() + b"\n# caf\xe9\n")
    exc = load_error(path)
    assert (
        str(exc) == f"{path}: is not UTF-8 text; save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)"
    )
    assert exc.key is None
    assert exc.path == path


# --------------------------------------------------------------------------------------
# One file, one mistake: (text, key, message after "<path>: ")
# --------------------------------------------------------------------------------------

CASES = {
    # [scenario] and its own keys
    "missing [scenario]": (
        GDP,
        "scenario",
        "scenario: every scenario file needs a [scenario] table with id, name and name_en",
    ),
    "[scenario] not a table": (
        'scenario = "s"\n' + GDP,
        "scenario",
        "scenario: every scenario file needs a [scenario] table with id, name and name_en",
    ),
    **{
        f"missing scenario.{key}": (
            HEAD.replace(line, "") + GDP,
            f"scenario.{key}",
            f"scenario.{key}: required key is missing "
            "(every file has its own id, name and name_en)",
        )
        for key, line in [
            ("id", 'id = "s"\n'),
            ("name", 'name = "测试"\n'),
            ("name_en", 'name_en = "Test"\n'),
        ]
    },
    "missing [indicators]": (HEAD, "indicators", "indicators: required key is missing"),
    "missing indicator unit": (
        HEAD + GDP.replace('unit = "亿元"\n', ""),
        "indicators.gdp.unit",
        "indicators.gdp.unit: required key is missing",
    ),
    # unknown keys (typos)
    "unknown top-level key": (
        "indicator = 1\n" + HEAD + GDP,
        "indicator",
        f"indicator: unknown key; allowed here: {allowed(ScenarioSpec)}",
    ),
    "unknown key in [scenario]": (
        HEAD + "horizn = 2030\n" + GDP,
        "scenario.horizn",
        f"scenario.horizn: unknown key; allowed here: {allowed(ScenarioMeta, 'extends')}",
    ),
    "unknown key in [status]": (
        HEAD + "[status]\non_trak = 0.9\n" + GDP,
        "status.on_trak",
        f"status.on_trak: unknown key; allowed here: {allowed(StatusThresholds)}",
    ),
    "unknown key in an indicator": (
        HEAD + GDP + "grwoth = 0.1\n",
        "indicators.gdp.grwoth",
        f"indicators.gdp.grwoth: unknown key; allowed here: {INDICATOR_KEYS}",
    ),
    "unknown key in a target": (
        HEAD + GDP + TARGET + "maintian = true\n",
        "targets.t.maintian",
        f"targets.t.maintian: unknown key; allowed here: {allowed(Target)}",
    ),
    # types
    "string where a number": (
        HEAD + GDP.replace("base = 100.0", 'base = "100"'),
        "indicators.gdp.base",
        'indicators.gdp.base = "100": must be a number',
    ),
    "bool where a number": (
        HEAD + GDP.replace("base = 100.0", "base = true"),
        "indicators.gdp.base",
        "indicators.gdp.base = true: must be a number",
    ),
    "float where an integer (paths)": (
        HEAD + "paths = 100.0\n" + GDP,
        "scenario.paths",
        "scenario.paths = 100.0: must be an integer",
    ),
    "float where an integer (target year)": (
        HEAD + GDP + TARGET.replace("year = 2025", "year = 2025.0"),
        "targets.t.year",
        "targets.t.year = 2025.0: must be an integer",
    ),
    "growth neither number nor table": (
        HEAD + GDP.replace("growth = 0.05", 'growth = "5 %"'),
        "indicators.gdp.growth",
        'indicators.gdp.growth = "5 %": must be a number or a table of year ranges '
        'like { "2021-2025" = 0.1 }',
    ),
    "shocks as one number": (
        HEAD + GDP + "shocks = -0.05\n",
        "indicators.gdp.shocks",
        "indicators.gdp.shocks = -0.05: must be a table of years or year ranges "
        'like { "2020" = -0.06 }',
    ),
    "scenario id with a space": (
        HEAD.replace('id = "s"', 'id = "my scenario"') + GDP,
        "scenario.id",
        'scenario.id = "my scenario": use letters, digits and _ (and - in scenario ids), '
        "starting with a letter",
    ),
    # bounds (the documented form: "must be >= 0", as in docs/scenario-format.md)
    "volatility < 0": (
        HEAD + GDP + "volatility = -0.1\n",
        "indicators.gdp.volatility",
        "indicators.gdp.volatility = -0.1: must be >= 0",
    ),
    "correlation > 1": (
        HEAD + GDP + "correlation = 1.5\n",
        "indicators.gdp.correlation",
        "indicators.gdp.correlation = 1.5: must be <= 1",
    ),
    "base <= 0": (
        HEAD + GDP.replace("base = 100.0", "base = 0.0"),
        "indicators.gdp.base",
        "indicators.gdp.base = 0.0: must be > 0",
    ),
    "paths 0": (HEAD + "paths = 0\n" + GDP, "scenario.paths", "scenario.paths = 0: must be >= 1"),
    "paths 10,000,001": (
        HEAD + "paths = 10_000_001\n" + GDP,
        "scenario.paths",
        "scenario.paths = 10000001: must be <= 10000000",
    ),
    "seed < 0": (HEAD + "seed = -1\n" + GDP, "scenario.seed", "scenario.seed = -1: must be >= 0"),
    "horizon not after base_year": (
        HEAD.replace("horizon = 2025", "horizon = 2019") + GDP,
        "scenario.horizon",
        "scenario.horizon = 2019: must be after scenario.base_year (2019)",
    ),
    "status at_risk > on_track": (
        HEAD + "[status]\non_track = 0.4\nat_risk = 0.5\n" + GDP,
        "status.at_risk",
        "status.at_risk = 0.5: must be <= status.on_track (0.4)",
    ),
    "cap not above base": (
        HEAD + GDP + "cap = 100.0\n",
        "indicators.gdp.cap",
        "indicators.gdp.cap = 100.0: must be > base (100.0)",
    ),
    "cap nan is not above base": (
        HEAD + GDP + "cap = nan\n",
        "indicators.gdp.cap",
        "indicators.gdp.cap = nan: must be a finite number",
    ),
    # year ranges
    "growth ranges overlap": (
        HEAD + GDP.replace("growth = 0.05", 'growth = { "2020-2022" = 0.1, "2022-2025" = 0.1 }'),
        "indicators.gdp.growth",
        'indicators.gdp.growth = { "2020-2022" = 0.1, "2022-2025" = 0.1 }: '
        'year ranges "2020-2022" and "2022-2025" overlap in 2022',
    ),
    "growth range runs backwards": (
        HEAD + GDP.replace("growth = 0.05", 'growth = { "2020" = 0.1, "2025-2021" = 0.1 }'),
        "indicators.gdp.growth",
        'indicators.gdp.growth = { "2020" = 0.1, "2025-2021" = 0.1 }: '
        'year range "2025-2021" runs backwards',
    ),
    "growth ranges leave a gap": (
        HEAD + GDP.replace("growth = 0.05", 'growth = { "2020-2021" = 0.1, "2023-2025" = 0.1 }'),
        "indicators.gdp.growth",
        'indicators.gdp.growth = { "2020-2021" = 0.1, "2023-2025" = 0.1 }: '
        "no value for 2022; ranges must cover 2020-2025",
    ),
    "growth range with a bad label": (
        HEAD + GDP.replace("growth = 0.05", 'growth = { "20x0" = 0.1, "2021-2025" = 0.1 }'),
        "indicators.gdp.growth",
        'indicators.gdp.growth = { "20x0" = 0.1, "2021-2025" = 0.1 }: '
        'year range "20x0" must be a year like "2020" or a range like "2021-2025"',
    ),
    "shock range with a bad label": (
        HEAD + GDP + 'shocks = { "2020/21" = -0.1 }\n',
        "indicators.gdp.shocks",
        'indicators.gdp.shocks = { "2020/21" = -0.1 }: '
        'year range "2020/21" must be a year like "2020" or a range like "2021-2025"',
    ),
    # derived indicators
    "same id for plain and derived": (
        HEAD + GDP + derived("gdp", '"gdp * 2"'),
        "derived.gdp",
        "derived.gdp: id already used by [indicators.gdp]; ids must be unique",
    ),
    "formula with an unknown indicator": (
        HEAD + GDP + derived("share", '"gpd / 2"'),
        "derived.share.formula",
        'derived.share.formula = "gpd / 2": unknown indicator "gpd"; known: gdp, share',
    ),
    "formula with a call": (
        HEAD + GDP + derived("share", '"abs(gdp)"'),
        "derived.share.formula",
        f'derived.share.formula = "abs(gdp)": "abs(gdp)" is not allowed: {ALLOWED}',
    ),
    "formula with an attribute": (
        HEAD + GDP + derived("share", '"gdp.real"'),
        "derived.share.formula",
        f'derived.share.formula = "gdp.real": "gdp.real" is not allowed: {ALLOWED}',
    ),
    "formula with __import__": (
        HEAD + GDP + derived("share", "\"__import__('os')\""),
        "derived.share.formula",
        f"derived.share.formula = \"__import__('os')\": \"__import__('os')\" is not allowed: "
        f"{ALLOWED}",
    ),
    "formula with a comparison": (
        HEAD + GDP + derived("share", '"gdp > 1"'),
        "derived.share.formula",
        f'derived.share.formula = "gdp > 1": "gdp > 1" is not allowed: {ALLOWED}',
    ),
    "formula with a lambda": (
        HEAD + GDP + derived("share", '"lambda: gdp"'),
        "derived.share.formula",
        f'derived.share.formula = "lambda: gdp": "lambda: gdp" is not allowed: {ALLOWED}',
    ),
    "formula with a subscript": (
        HEAD + GDP + derived("share", '"gdp[0]"'),
        "derived.share.formula",
        f'derived.share.formula = "gdp[0]": "gdp[0]" is not allowed: {ALLOWED}',
    ),
    "formula with a syntax error": (
        HEAD + GDP + derived("share", '"gdp +"'),
        "derived.share.formula",
        f'derived.share.formula = "gdp +": not a valid formula: {ALLOWED}',
    ),
    "formula not a string": (
        HEAD + GDP + derived("share", "5"),
        "derived.share.formula",
        "derived.share.formula = 5: must be a string",
    ),
    "formulas forming a cycle": (
        HEAD + GDP + derived("a", '"b + gdp"') + derived("b", '"a * 2"'),
        "derived.a.formula",
        "derived.a.formula: formulas form a cycle: a -> b -> a",
    ),
    "formula using itself": (
        HEAD + GDP + derived("a", '"a + gdp"'),
        "derived.a.formula",
        "derived.a.formula: formulas form a cycle: a -> a",
    ),
    # targets
    "target with an unknown indicator": (
        HEAD + GDP + TARGET.replace('indicator = "gdp"', 'indicator = "gpd"'),
        "targets.t.indicator",
        'targets.t.indicator = "gpd": no such indicator; known: gdp',
    ),
    "target year = base_year": (
        HEAD + GDP + TARGET.replace("year = 2025", "year = 2019"),
        "targets.t.year",
        "targets.t.year = 2019: must be within 2020-2025 (after base_year, up to horizon)",
    ),
    "target year after horizon": (
        HEAD + GDP + TARGET.replace("year = 2025", "year = 2026"),
        "targets.t.year",
        "targets.t.year = 2026: must be within 2020-2025 (after base_year, up to horizon)",
    ),
    "target from without maintain": (
        HEAD + GDP + TARGET + "from = 2020\n",
        "targets.t.from",
        "targets.t.from = 2020: only allowed with maintain = true",
    ),
    "target from before base_year": (
        HEAD + GDP + TARGET + "maintain = true\nfrom = 2018\n",
        "targets.t.from",
        "targets.t.from = 2018: must be within 2019-2025 (base_year to the target's year)",
    ),
    "target from after its year": (
        HEAD
        + GDP
        + TARGET.replace("year = 2025", "year = 2023")
        + "maintain = true\nfrom = 2024\n",
        "targets.t.from",
        "targets.t.from = 2024: must be within 2019-2023 (base_year to the target's year)",
    ),
    "target with a bad direction": (
        HEAD + GDP + TARGET + 'direction = ">"\n',
        "targets.t.direction",
        'targets.t.direction = ">": must be one of ">=" or "<="',
    ),
    # sources
    "indicator number without a source": (
        HEAD + GDP.replace('source = "assumption: test"', 'source.base = "assumption: b"'),
        "indicators.gdp.growth",
        "indicators.gdp.growth = 0.05: has no source in this file; " + SOURCE_HINT.format("growth"),
    ),
    "target number without a source": (
        HEAD
        + GDP
        + TARGET.replace('source = "assumption: test"', 'source.value = "assumption: v"'),
        "targets.t.year",
        "targets.t.year = 2025: has no source in this file; " + SOURCE_HINT.format("year"),
    ),
    "malformed source text": (
        HEAD + GDP.replace('source = "assumption: test"', 'source = "my guess"'),
        "indicators.gdp.source",
        'indicators.gdp.source = "my guess": must read "<document-id>: <quote>" '
        'or "assumption: <why>"',
    ),
    "malformed source.<field> text": (
        HEAD
        + GDP.replace(
            'source = "assumption: test"',
            'source.base = "assumption:"\nsource.growth = "assumption: g"',
        ),
        "indicators.gdp.source.base",
        'indicators.gdp.source.base = "assumption:": must read "<document-id>: <quote>" '
        'or "assumption: <why>"',
    ),
    "source.<field> for no such field (indicator)": (
        HEAD
        + GDP.replace('source = "assumption: test"', 'source.base = "assumption: b"')
        + 'source.growth = "assumption: g"\nsource.bsae = "assumption: x"\n',
        "indicators.gdp.source.bsae",
        "indicators.gdp.source.bsae: no such number to cite; "
        "allowed: base, growth, volatility, growth_sd, shocks, cap, correlation, seasonal_shares, ytd_error, growth_range, volatility_range, growth_sd_range",
    ),
    "source.<field> for no such field (target)": (
        HEAD
        + GDP
        + TARGET.replace(
            'source = "assumption: test"',
            'source.value = "assumption: v"\n'
            'source.year = "assumption: y"\n'
            'source.direction = "assumption: d"',
        ),
        "targets.t.source.direction",
        "targets.t.source.direction: no such number to cite; allowed: value, year, from",
    ),
    # text that would not show as stored (or would break an XLSX export)
    "control characters in a name": (
        HEAD + GDP.replace('name = "地区生产总值"', 'name = "G\\u0001D\\u000bP"'),
        "indicators.gdp.name",
        'indicators.gdp.name = "G\\u0001D\\u000bP": contains the invisible control character '
        "U+0001; remove it",
    ),
    "a right-to-left override in a unit": (
        HEAD + GDP.replace('unit = "亿元"', 'unit = "\\u202e元亿"'),
        "indicators.gdp.unit",
        'indicators.gdp.unit = "\\u202e元亿": contains the invisible control character U+202E; '
        "remove it",
    ),
    "a line break in a name": (
        HEAD + GDP.replace('name = "地区生产总值"', 'name = "GDP\\r=cmd"'),
        "indicators.gdp.name",
        'indicators.gdp.name = "GDP\\r=cmd": contains the invisible control character U+000D; '
        "remove it",
    ),
    "a pasted value far too long to echo": (
        HEAD + GDP.replace("base = 100.0", f'base = "{"9" * 100_000}x"'),
        "indicators.gdp.base",
        f'indicators.gdp.base = "{"9" * 80}… (100,001 characters)": must be a number',
    ),
    # values that are not one line themselves must still give a one-line message
    "string with a newline where a number": (
        HEAD + GDP.replace("base = 100.0", 'base = "100\\n200"'),
        "indicators.gdp.base",
        'indicators.gdp.base = "100\\n200": must be a number',
    ),
}


@pytest.mark.parametrize(("text", "key", "message"), CASES.values(), ids=CASES.keys())
def test_error_in_one_file(write_toml, text: str, key: str, message: str) -> None:
    path = write_toml("s.toml", text)
    exc = load_error(path)
    assert str(exc) == f"{path}: {message}"
    assert exc.key == key
    assert exc.path == path


@pytest.mark.parametrize(
    ("model", "documented"),
    [
        (ScenarioSpec, "scenario, status, indicators, derived, targets"),
        (ScenarioMeta, "id, name, name_en, description, base_year, horizon, paths, seed"),
        (StatusThresholds, "on_track, at_risk"),
        (
            Indicator,
            "name, name_en, unit, scope, base, growth, volatility, shocks, cap, "
            "correlation, source",
        ),
        (Target, "indicator, value, year, direction, maintain, from, name, name_en, source"),
    ],
)
def test_allowed_keys_include_the_documented_ones_in_order(model: type, documented: str) -> None:
    listed = allowed(model).split(", ")
    wanted = documented.split(", ")
    assert [key for key in listed if key in wanted] == wanted


def test_every_message_above_is_one_line() -> None:
    for _, _, message in CASES.values():
        assert "\n" not in message


# --------------------------------------------------------------------------------------
# extends
# --------------------------------------------------------------------------------------


def with_extends(target: str, scenario_id: str = "s") -> str:
    return HEAD.replace('id = "s"', f'id = "{scenario_id}"') + f'extends = "{target}"\n' + GDP


def test_extends_a_missing_file(write_toml, tmp_path: Path) -> None:
    path = write_toml("s.toml", with_extends("nope.toml"))
    exc = load_error(path)
    expected = f'scenario.extends = "nope.toml": no such file ({tmp_path / "nope.toml"})'
    assert str(exc) == f"{path}: {expected}"
    assert exc.key == "scenario.extends"
    assert exc.path == path


def test_extends_an_unknown_id(write_toml, tmp_path: Path) -> None:
    write_toml("other.toml", HEAD.replace('id = "s"', 'id = "other"') + GDP)
    path = write_toml("s.toml", with_extends("nope"))
    exc = load_error(path)
    expected = (
        f'scenario.extends = "nope": no scenario with this id in {tmp_path}; known ids: other, s'
    )
    assert str(exc) == f"{path}: {expected}"
    assert exc.key == "scenario.extends"
    assert exc.path == path


def test_extends_not_a_string(write_toml) -> None:
    path = write_toml("s.toml", HEAD + "extends = 5\n" + GDP)
    exc = load_error(path)
    assert str(exc) == (
        f"{path}: scenario.extends = 5: must be a file path "
        "or the id of a scenario in the same folder"
    )
    assert exc.key == "scenario.extends"


def test_extends_cycle_of_two_files(write_toml) -> None:
    a = write_toml("a.toml", with_extends("b.toml", "a"))
    write_toml("b.toml", with_extends("a", "b"))
    exc = load_error(a)
    assert str(exc) == f"{a}: extends forms a cycle: a.toml -> b.toml -> a.toml"
    assert exc.key is None
    assert exc.path == a


def test_extends_itself(write_toml) -> None:
    path = write_toml("s.toml", with_extends("s"))
    exc = load_error(path)
    assert str(exc) == f"{path}: extends forms a cycle: s.toml -> s.toml"
    assert exc.key is None


def test_parent_with_bad_toml_is_named(write_toml) -> None:
    parent = write_toml("p.toml", "[scenario\n")
    child = write_toml("s.toml", with_extends("p.toml"))
    exc = load_error(child)
    assert (
        str(exc)
        == f"{parent}: invalid TOML: Expected ']' at the end of a table declaration (at line 1, column 10)"
    )
    assert exc.path == parent
    assert exc.key is None


def test_extends_by_id_to_a_file_whose_scenario_is_not_a_table(write_toml) -> None:
    """``extends = "p"`` finds p.toml, whose ``scenario`` is a string: an error, not a crash."""
    write_toml("p.toml", 'scenario = "p"\n')
    child = write_toml("s.toml", with_extends("p"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{info.value.path}: ")


# --------------------------------------------------------------------------------------
# Which file is named when a chain is wrong
# --------------------------------------------------------------------------------------

PARENT = HEAD.replace('id = "s"', 'id = "parent"') + GDP
CHILD_HEAD = '[scenario]\nid = "child"\nname = "子"\nname_en = "Child"\nextends = "parent"\n'


def chain(write_toml, parent_extra: str, child_body: str) -> tuple[Path, Path]:
    parent = write_toml("parent.toml", PARENT + parent_extra)
    child = write_toml("child.toml", CHILD_HEAD + child_body)
    return parent, child


def test_bad_value_set_by_the_child_names_the_child(write_toml) -> None:
    _, child = chain(
        write_toml,
        "",
        '[indicators.gdp]\nvolatility = -0.1\nsource.volatility = "assumption: v"\n',
    )
    exc = load_error(child)
    assert str(exc) == f"{child}: indicators.gdp.volatility = -0.1: must be >= 0"
    assert exc.path == child


def test_bad_value_set_by_the_parent_names_the_parent(write_toml) -> None:
    parent, child = chain(write_toml, "volatility = -0.1\n", "[indicators.gdp]\n")
    exc = load_error(child)
    assert str(exc) == f"{parent}: indicators.gdp.volatility = -0.1: must be >= 0"
    assert exc.path == parent


def test_child_changing_growth_without_a_source_names_the_child(write_toml) -> None:
    _, child = chain(write_toml, "", "[indicators.gdp]\ngrowth = 0.07\n")
    exc = load_error(child)
    assert str(exc) == (
        f"{child}: indicators.gdp.growth = 0.07: has no source in this file; "
        + SOURCE_HINT.format("growth")
    )
    assert exc.key == "indicators.gdp.growth"
    assert exc.path == child


def test_parent_number_without_a_source_names_the_parent(write_toml) -> None:
    parent = write_toml(
        "parent.toml",
        PARENT.replace('source = "assumption: test"', 'source.base = "assumption: b"'),
    )
    child = write_toml("child.toml", CHILD_HEAD)
    exc = load_error(child)
    assert exc.path == parent
    assert exc.key == "indicators.gdp.growth"


def test_unknown_key_in_the_parent_names_the_parent(write_toml) -> None:
    parent, child = chain(write_toml, "grwoth = 0.1\n", "")
    exc = load_error(child)
    assert str(exc) == (
        f"{parent}: indicators.gdp.grwoth: unknown key; allowed here: {INDICATOR_KEYS}"
    )
    assert exc.path == parent


def test_unknown_key_in_the_child_names_the_child(write_toml) -> None:
    _, child = chain(write_toml, "", "[indicators.gdp]\ngrwoth = 0.1\n")
    exc = load_error(child)
    assert (
        str(exc) == f"{child}: indicators.gdp.grwoth: unknown key; allowed here: {INDICATOR_KEYS}"
    )
    assert exc.path == child


def test_child_shortening_horizon_past_a_target_names_the_child_target(write_toml) -> None:
    """The parent's target year was fine; the child's target that breaks names the child."""
    _, child = chain(
        write_toml,
        TARGET,
        'horizon = 2024\n[targets.t]\nyear = 2024\nsource.year = "assumption: y"\n'
        '[targets.u]\nindicator = "gdp"\nvalue = 1.0\nyear = 2025\nname = "u"\n'
        'name_en = "U"\nsource = "assumption: u"\n',
    )
    exc = load_error(child)
    assert str(exc) == (
        f"{child}: targets.u.year = 2025: must be within 2020-2024 (after base_year, up to horizon)"
    )
    assert exc.path == child


def test_child_missing_its_own_name_names_the_child(write_toml) -> None:
    _, child = chain(write_toml, "", "")
    child.write_text(CHILD_HEAD.replace('name = "子"\n', ""), encoding="utf-8")
    exc = load_error(child)
    assert exc.path == child
    assert exc.key == "scenario.name"


@pytest.mark.parametrize(
    "child_body",
    [
        "base_year = 2025\n",  # parent's horizon 2025 is no longer after base_year
        "[status]\non_track = 0.4\n",  # parent's at_risk 0.5 is now above on_track
        '[indicators.gdp]\nbase = 2000.0\nsource.base = "assumption: c"\n',  # above parent's cap
    ],
    ids=["base_year past horizon", "on_track below at_risk", "base above cap"],
)
def test_child_breaking_a_rule_between_two_keys_names_the_child(write_toml, child_body) -> None:
    """The parent loads on its own; the child's change made the pair wrong, so the message must
    send the author to the child, not to a parent file they did not touch."""
    parent = write_toml(
        "parent.toml",
        PARENT + "cap = 1000.0\n[status]\non_track = 0.8\nat_risk = 0.5\n",
    )
    load_scenario(parent)
    child = write_toml("child.toml", CHILD_HEAD + child_body)
    exc = load_error(child)
    assert exc.path == child, str(exc)


def test_unknown_key_with_a_newline_still_gives_a_one_line_message(write_toml) -> None:
    path = write_toml("s.toml", '"name\\nx" = 1\n' + HEAD + GDP)
    exc = load_error(path)
    assert exc.key == "name\nx"
    assert "\n" not in str(exc)
    assert str(exc).startswith(f"{path}: ")


BASELINE_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml"


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("pipelines.health.arrivals_per_year", 1e9, "must lie within 0..10000"),
        ("pipelines.health.approval_cv", 1e200, "must be <= 10"),
        ("pipelines.health.approval_days", 1e9, "must be <= 3650"),
        ("pipelines.health.land_per_year", 10**9, "must be <= 100000"),
        ("indicators.gdp.growth", 1e308, "must lie within -0.95..10"),
        ("indicators.gdp.volatility", 1e10, "must be <= 5"),
        ("indicators.gdp.shocks", {"2020": -5.0}, "must lie within -1..10"),
    ],
)
def test_numbers_that_drive_memory_or_time_have_upper_bounds(
    key: str, value: object, rule: str
) -> None:
    """``arrivals_per_year = 1e9`` tried to allocate 44.7 GiB; a growth of 1e308 printed
    "inf%": each is now one line at load time, naming the key and the rule."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BASELINE_FILE).with_overrides({key: value})
    assert caught.value.key == key
    assert str(caught.value).endswith(rule)
