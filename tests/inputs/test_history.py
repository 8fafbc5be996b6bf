"""History files (``[scenario] history``): levels, published and computed growth, breaks,
encodings, inheritance, every error; and sources that cite a document by its Chinese name."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from parksim import ScenarioError, load_scenario
from parksim.inputs.history import History, load_history

SCENARIO = """\
[scenario]
id = "h"
name = "历史"
name_en = "History"
base_year = 2019
horizon = 2022
paths = 10
{extra}
[indicators.gdp]
name = "地区生产总值"
name_en = "GDP"
unit = "亿元"
base = 1200.0
growth = 0.06
source = "assumption: test"

[indicators.share]
name = "占比"
name_en = "Share"
unit = "share"
base = 0.5
growth = 0.0
source = "assumption: test"

[derived.total]
name = "合计"
name_en = "Total"
unit = "亿元"
formula = "gdp + share"
"""
HISTORY = 'history = "history/h.csv"\n'
HEADER = "indicator,year,value,source,basis,break\n"
CHINESE_SOURCE = "济南市统计局 2019年统计公报: 全市地区生产总值9443.37亿元"
RULE = 'must read "<document-id>: <quote>" or "assumption: <why>"'


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def scenario_with(tmp_path: Path, rows: str, header: str = HEADER, extra: str = HISTORY):
    """A scenario in ``tmp_path/s.toml`` whose history file holds ``header + rows``."""
    write(tmp_path / "history/h.csv", header + rows)
    return load_scenario(write(tmp_path / "s.toml", SCENARIO.format(extra=extra)))


def history_of(tmp_path: Path, rows: str, header: str = HEADER) -> History:
    history = scenario_with(tmp_path, rows, header).history
    assert history is not None
    return history


# ----------------------------------------------------------------------------- growth


GAPS_AND_BREAKS = (
    'gdp,2014,100,"s: 2014"\n'
    'gdp,2015,110,"s: 2015"\n'
    'gdp,2016,150,"s: 2016 enlarged zone",,true\n'
    'gdp,2016,0.08,"s: 2016 comparable growth",growth\n'
    'gdp,2017,165,"s: 2017",level,false\n'
    'gdp,2017,0.09,"s: 2017 real growth",growth,\n'
    'gdp,2018,0.1,"s: 2018 growth only",growth\n'
    'gdp,2019,200,"s: 2019",,FALSE\n'
)


def test_levels_breaks_and_published_growth_as_written(tmp_path: Path) -> None:
    history = history_of(tmp_path, GAPS_AND_BREAKS)
    assert history.levels("gdp") == {2014: 100, 2015: 110, 2016: 150, 2017: 165, 2019: 200}
    assert list(history.levels("gdp")) == [2014, 2015, 2016, 2017, 2019]
    assert history.breaks("gdp") == (2016,)
    assert history.published_growths("gdp") == {2016: 0.08, 2017: 0.09, 2018: 0.1}
    assert history.indicators == ("gdp",)
    assert history.levels("share") == {}
    assert history.growths("share") == {}
    assert history.encoding == "utf-8"
    assert history.file == tmp_path / "history/h.csv"


def test_growth_is_computed_between_consecutive_comparable_levels_only(tmp_path: Path) -> None:
    computed = history_of(tmp_path, GAPS_AND_BREAKS).computed_growths("gdp")
    # 2015: 110/100 - 1; 2016 is a break (no 150/110 - 1); 2017: 165/150 - 1;
    # 2019: no level for 2018, so no growth across the gap.
    assert computed == pytest.approx({2015: 0.1, 2017: 0.1})
    assert sorted(computed) == [2015, 2017]


def test_published_growth_wins_over_the_computed_one(tmp_path: Path) -> None:
    growths = history_of(tmp_path, GAPS_AND_BREAKS).growths("gdp")
    # 2015 computed; 2016 published (break: nothing computed); 2017 both, the published 0.09
    # is used, not 0.1; 2018 published only; 2019 nothing (gap).
    assert growths == pytest.approx({2015: 0.1, 2016: 0.08, 2017: 0.09, 2018: 0.1})
    assert list(growths) == [2015, 2016, 2017, 2018]


def test_growth_table_says_which_rate_is_used(tmp_path: Path) -> None:
    table = history_of(tmp_path, GAPS_AND_BREAKS).growth_table()
    assert list(table.columns) == ["indicator", "year", "growth", "published", "computed", "used"]
    assert table["year"].tolist() == [2015, 2016, 2017, 2018]
    assert table["used"].tolist() == ["computed", "published", "published", "published"]
    row_2017 = table[table.year == 2017].iloc[0]
    assert (row_2017["growth"], row_2017["published"]) == (0.09, 0.09)
    assert row_2017["computed"] == pytest.approx(0.1)
    assert pd.isna(table[table.year == 2016].iloc[0]["computed"])


def test_no_growth_from_a_zero_level(tmp_path: Path) -> None:
    rows = 'share,2017,0,"s: x"\nshare,2018,0.2,"s: x"\nshare,2019,0.3,"s: x"\n'
    assert history_of(tmp_path, rows).computed_growths("share") == pytest.approx({2019: 0.5})


def test_table_lists_every_row_as_written(tmp_path: Path) -> None:
    table = history_of(tmp_path, GAPS_AND_BREAKS).table()
    assert list(table.columns) == ["indicator", "year", "basis", "value", "break", "source", "line"]
    assert len(table) == 8
    first_2016 = table.iloc[2]
    assert first_2016.tolist() == [
        "gdp",
        2016,
        "growth",
        0.08,
        False,
        "s: 2016 comparable growth",
        5,
    ]
    level_2016 = table.iloc[3]
    assert level_2016.tolist() == ["gdp", 2016, "level", 150.0, True, "s: 2016 enlarged zone", 4]


def test_optional_columns_may_be_left_out_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    header = "source,value,year,indicator,,\n"  # any order; trailing unnamed columns (Excel)
    rows = '"s: 2018",1000,2018,gdp,,\n,,,,,\n\n"s: 2019","1,100.5",2019,gdp\n'
    history = history_of(tmp_path, rows, header)
    assert history.levels("gdp") == {2018: 1000.0, 2019: 1100.5}
    assert history.table()["line"].tolist() == [2, 5]
    assert history.breaks("gdp") == ()


def test_negative_levels_are_allowed_for_shares_and_the_base_year_is_history(
    tmp_path: Path,
) -> None:
    rows = 'share,2018,-0.1,"s: x"\ntotal,2019,1,"s: x"\n'
    history = history_of(tmp_path, rows)
    assert history.levels("share") == {2018: -0.1}
    assert history.levels("total") == {2019: 1.0}


def test_no_history_key_means_no_history(tmp_path: Path) -> None:
    scenario = scenario_with(tmp_path, "", extra="")
    assert scenario.history is None
    assert scenario.actuals is None


# ----------------------------------------------------------------------------- encodings


def test_a_gbk_file_from_chinese_excel_is_read(tmp_path: Path) -> None:
    write(tmp_path / "history/h.csv", f'{HEADER}gdp,2019,9443.37,"{CHINESE_SOURCE}"\n', "gbk")
    history = load_scenario(write(tmp_path / "s.toml", SCENARIO.format(extra=HISTORY))).history
    assert history is not None
    assert history.encoding == "gbk"
    assert history.table()["source"].tolist() == [CHINESE_SOURCE]
    assert history.levels("gdp") == {2019: 9443.37}


def test_utf8_with_a_bom_and_crlf_lines_is_read(tmp_path: Path) -> None:
    text = f'\ufeff{HEADER}gdp,2018,1,"{CHINESE_SOURCE}"\ngdp,2019,2,"s: x"\n'
    write(tmp_path / "history/h.csv", text.replace("\n", "\r\n"))
    history = load_scenario(write(tmp_path / "s.toml", SCENARIO.format(extra=HISTORY))).history
    assert history is not None
    assert history.encoding == "utf-8"
    assert history.levels("gdp") == {2018: 1.0, 2019: 2.0}
    assert history.table()["line"].tolist() == [2, 3]


def test_a_file_neither_utf8_nor_gbk_is_refused_with_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "history/h.csv"
    path.parent.mkdir()
    path.write_bytes(HEADER.encode() + b'gdp,2019,1,"s: \xff\xfe"\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path / "s.toml", SCENARIO.format(extra=HISTORY)))
    assert str(caught.value) == (
        f"{path}: is neither UTF-8 nor GBK text; "
        'save it from Excel as "CSV UTF-8 (逗号分隔)(*.csv)"'
    )
    assert caught.value.path == path


def test_utf16_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "h.csv", HEADER + 'gdp,2019,1,"s: x"\n', "utf-16")
    with pytest.raises(ScenarioError) as caught:
        load_history(path, ["gdp"], {"gdp": True}, 2019)
    assert str(caught.value).startswith(f"{path}: is neither UTF-8 nor GBK text; ")


# ----------------------------------------------------------------------------- inheritance


def test_a_child_inherits_the_history_resolved_from_the_parent_file(tmp_path: Path) -> None:
    parent = scenario_with(tmp_path / "parent", 'gdp,2019,1200,"s: x"\n')
    child = write(
        tmp_path / "child/c.toml",
        '[scenario]\nid = "c"\nname = "子"\nname_en = "Child"\nextends = "../parent/s.toml"\n',
    )
    scenario = load_scenario(child)
    assert scenario.history is not None and parent.history is not None
    assert scenario.history.file.resolve() == (tmp_path / "parent/history/h.csv").resolve()
    assert scenario.history.levels("gdp") == {2019: 1200.0}
    assert (
        Path(scenario.origins["scenario.history"]).resolve()
        == (tmp_path / "parent/s.toml").resolve()
    )


def test_a_child_that_names_its_own_history_resolves_it_from_the_child(tmp_path: Path) -> None:
    scenario_with(tmp_path / "parent", 'gdp,2019,1200,"s: x"\n')
    write(tmp_path / "child/past.csv", HEADER + 'gdp,2018,1100,"s: y"\n')
    child = write(
        tmp_path / "child/c.toml",
        '[scenario]\nid = "c"\nname = "子"\nname_en = "Child"\n'
        'extends = "../parent/s.toml"\nhistory = "past.csv"\n',
    )
    history = load_scenario(child).history
    assert history is not None
    assert history.levels("gdp") == {2018: 1100.0}


def test_an_override_names_a_file_relative_to_the_leaf_file(tmp_path: Path) -> None:
    scenario = scenario_with(tmp_path, 'gdp,2019,1,"s: x"\n')
    write(tmp_path / "other.csv", HEADER + 'gdp,2017,7,"s: z"\n')
    changed = scenario.with_overrides({"scenario.history": "other.csv"})
    assert changed.history is not None
    assert changed.history.levels("gdp") == {2017: 7.0}


def test_a_missing_history_file_is_blamed_on_the_file_that_names_it(tmp_path: Path) -> None:
    toml = write(tmp_path / "s.toml", SCENARIO.format(extra='history = "nope.csv"\n'))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(toml)
    assert str(caught.value) == (
        f'{toml}: scenario.history = "nope.csv": no such file ({tmp_path / "nope.csv"})'
    )
    assert caught.value.key == "scenario.history"


def test_history_is_not_a_scenario_key_of_another_type(tmp_path: Path) -> None:
    toml = write(tmp_path / "s.toml", SCENARIO.format(extra="history = 2019\n"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(toml)
    assert str(caught.value) == f"{toml}: scenario.history = 2019: must be a string"


# ----------------------------------------------------------------------------- errors

KNOWN = "known: gdp, share, total"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            'wealth,2019,1,"s: x"\n',
            f'line 2, column indicator = "wealth": no such indicator; {KNOWN}',
        ),
        (
            ',2019,1,"s: x"\ngdp,2019,1,"s: x"\n',
            f'line 2, column indicator = "": no such indicator; {KNOWN}',
        ),
        (
            'gdp,2019,1,"s: x"\ngdp,2020,1,"s: x"\n',
            'line 3, column year = "2020": must be <= 2019, the scenario\'s base_year: '
            "history is the past (later figures go in the actuals file)",
        ),
        ('gdp,19,1,"s: x"\n', 'line 2, column year = "19": must be a year like 2019'),
        ('gdp,2019.0,1,"s: x"\n', 'line 2, column year = "2019.0": must be a year like 2019'),
        ('gdp,2019,abc,"s: x"\n', 'line 2, column value = "abc": must be a number'),
        ('gdp,2019,inf,"s: x"\n', 'line 2, column value = "inf": must be a finite number'),
        (
            'gdp,2019,7.4%,"s: x",growth\n',
            'line 2, column value = "7.4%": must be a number; '
            "write a rate as a fraction (0.074 for 7.4 %)",
        ),
        (
            'gdp,2019,,"s: x"\n',
            'line 2, column value = "": give the level (or basis = growth and a growth rate)',
        ),
        (
            'gdp,2019,,"s: x",growth\n',
            'line 2, column value = "": give the year\'s growth rate as a fraction (0.074 for 7.4 %)',
        ),
        (
            'gdp,2019,7.4,"s: x",growth\n',
            'line 2, column value = "7.4": a growth rate must be a fraction > -1 and <= 1 '
            "(0.074 for 7.4 %); for a figure that more than doubled give the two levels",
        ),
        (
            'gdp,2019,-1,"s: x",growth\n',
            'line 2, column value = "-1": a growth rate must be a fraction > -1 and <= 1 '
            "(0.074 for 7.4 %); for a figure that more than doubled give the two levels",
        ),
        ('gdp,2019,-5,"s: x"\n', 'line 2, column value = "-5": must be >= 0'),
        ('total,2019,-5,"s: x"\n', 'line 2, column value = "-5": must be >= 0'),
        (
            'gdp,2019,1,"s: x",levels\n',
            'line 2, column basis = "levels": must be level or growth (empty = level)',
        ),
        (
            'gdp,2018,1,"s: x"\ngdp,2019,1,"s: x",,yes\n',
            'line 3, column break = "yes": must be true, false or empty (= false)',
        ),
        (
            'gdp,2017,1,"s: x"\ngdp,2018,0.05,"s: x",growth,true\n',
            'line 3, column break = "true": a published growth rate compares like with like; '
            "mark the break on the level row",
        ),
        (
            'gdp,2018,1,"s: x",,TRUE\ngdp,2019,1,"s: x"\n',
            'line 2, column break = "TRUE": 2018 is the first year of gdp in this file; '
            "nothing to break from",
        ),
        (
            'gdp,2019,1,"s: x",,true\ngdp,2016,0.05,"s: x",growth\ngdp,2015,1,"s: x",,true\n',
            'line 4, column break = "true": 2015 is the first year of gdp in this file; '
            "nothing to break from",
        ),
        (
            'gdp,2018,1,"s: a"\ngdp,2018,0.1,"s: b",growth\ngdp,2018,2,"s: c",level\n',
            'line 4, column year = "2018": duplicate of line 2 for gdp (basis level); '
            "give each indicator, year and basis once",
        ),
        ("gdp,2019,1,no source\n", f'line 2, column source = "no source": {RULE}'),
        ("gdp,2019,1,\n", f'line 2, column source = "": {RULE}'),
        (
            'gdp,2019,1,": 全市"\n',
            f'line 2, column source = ": 全市": {RULE}; the document name before ":" is empty',
        ),
        (
            'gdp,2019,1,"统计公报：全市"\n',
            f'line 2, column source = "统计公报：全市": {RULE}; '
            'put an ASCII colon ":" after the document name, not "："',
        ),
        (
            'gdp,2019,1,"s: x",level,false,extra\n',
            "line 2: 7 cells but line 1 names 6 columns "
            "(indicator, year, value, source, basis, break); quote a value that holds a comma",
        ),
    ],
)
def test_errors_name_file_line_column_value_and_rule(
    tmp_path: Path, rows: str, message: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_with(tmp_path, rows)
    path = tmp_path / "history/h.csv"
    assert str(caught.value) == f"{path}: {message}"
    assert caught.value.path == path
    assert "\n" not in str(caught.value)


COLUMNS = "columns are: indicator, year, value, source, basis, break"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("indicator,year,source\n", f"line 1: missing column value; {COLUMNS}"),
        ("indicator,period,value,source\n", f"line 1: missing column year; {COLUMNS}"),
        ("indicator,year,value,source,yoy\n", f'line 1: unknown column "yoy"; {COLUMNS}'),
        ("indicator,year,,value,source\n", f'line 1: unknown column ""; {COLUMNS}'),
        (
            "indicator,year,value,source,basis,basis\n",
            f"line 1: column basis appears twice; {COLUMNS}",
        ),
        ("", f"line 1: missing column indicator; {COLUMNS}"),
    ],
)
def test_header_errors(tmp_path: Path, header: str, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_with(tmp_path, "", header)
    assert str(caught.value) == f"{tmp_path / 'history/h.csv'}: {message}"


def test_an_edited_history_file_is_read_again(tmp_path: Path) -> None:
    first = scenario_with(tmp_path, 'gdp,2019,1,"s: x"\n').history
    path = tmp_path / "history/h.csv"
    write(path, HEADER + 'gdp,2019,2,"s: x"\n')
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = load_scenario(tmp_path / "s.toml").history
    assert first is not None and second is not None
    assert (first.levels("gdp"), second.levels("gdp")) == ({2019: 1.0}, {2019: 2.0})


# ----------------------------------------------------------------------------- sources


def test_a_chinese_document_name_is_a_source_in_a_scenario_file(tmp_path: Path) -> None:
    text = SCENARIO.format(extra="").replace(
        'base = 1200.0\ngrowth = 0.06\nsource = "assumption: test"',
        f'base = 1200.0\ngrowth = 0.06\nsource.base = "{CHINESE_SOURCE}"\n'
        'source.growth = "山东省人民政府《关于…的意见》: 年均增长6%左右"',
    )
    scenario = load_scenario(write(tmp_path / "s.toml", text))
    assert scenario.source_of("indicators.gdp.base") == CHINESE_SOURCE
    sourced = scenario.with_overrides({"indicators.gdp.growth": 0.07}, source=CHINESE_SOURCE)
    assert sourced.source_of("indicators.gdp.growth") == CHINESE_SOURCE


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (": 全市地区生产总值", '; the document name before ":" is empty'),
        ("  : 全市地区生产总值", '; the document name before ":" is empty'),
        (" 统计公报: 全市", "; the document name must not start with a space"),
        (
            "统计\\t公报: 全市",
            "; the document name holds the control or invisible character U+0009",
        ),
        (
            "统计\\u200b公报: 全市",
            "; the document name holds the control or invisible character U+200B",
        ),
        ("统计公报：全市", '; put an ASCII colon ":" after the document name, not "："'),
        ("统计公报:  ", ""),
        ("统计公报", ""),
    ],
)
def test_sources_still_refused_in_a_scenario_file(tmp_path: Path, source: str, reason: str) -> None:
    text = SCENARIO.format(extra="").replace(
        'growth = 0.06\nsource = "assumption: test"', f'growth = 0.06\nsource = "{source}"'
    )
    toml = write(tmp_path / "s.toml", text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(toml)
    shown = source.replace("\\u200b", "\u200b")
    assert str(caught.value) == f'{toml}: indicators.gdp.source = "{shown}": {RULE}{reason}'
    assert caught.value.key == "indicators.gdp.source"


def test_a_chinese_document_name_is_a_source_in_actuals_and_history(tmp_path: Path) -> None:
    write(
        tmp_path / "actuals/a.csv",
        f'indicator,period,value,source\ngdp,2020,1300,"{CHINESE_SOURCE}"\n',
    )
    extra = HISTORY + 'actuals = "actuals/a.csv"\n'
    scenario = scenario_with(tmp_path, f'gdp,2019,9443.37,"{CHINESE_SOURCE}"\n', extra=extra)
    assert scenario.actuals is not None and scenario.history is not None
    assert scenario.actuals.table()["source"].tolist() == [CHINESE_SOURCE]
    assert scenario.history.table()["source"].tolist() == [CHINESE_SOURCE]


def test_an_empty_document_name_is_still_refused_in_actuals(tmp_path: Path) -> None:
    csv_file = write(
        tmp_path / "actuals/a.csv", 'indicator,period,value,source\ngdp,2020,1,": x"\n'
    )
    toml = write(tmp_path / "s.toml", SCENARIO.format(extra='actuals = "actuals/a.csv"\n'))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(toml)
    assert str(caught.value) == f'{csv_file}: line 2, column source = ": x": {RULE}'
