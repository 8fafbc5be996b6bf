"""Sobol' indices against known answers, sweeps against single runs, and the CLI.

The scenario is ``small_scenario`` (tests/conftest.py): a + b = total, c feeds nothing; growth
ranges a 0..0.2, b 0..0.1, c 0..0.1; targets total ≥ 215 in 2020 (合计) and a ≥ 120 in 2021;
300 paths, seed 4; ``pipelines=True`` adds pipeline p into a, approval staff 1..3."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import parksim
from parksim.analysis.sobol import INDEX_COLUMNS, sobol
from parksim.analysis.sweep import OUTCOME_COLUMNS, sweep
from parksim.cli.main import main
from tests.conftest import WriteToml, small_scenario, small_toml


def by_lever(study: parksim.analysis.sobol.SobolStudy, output: str) -> pd.DataFrame:
    table = study.indices
    return table[table.output == output].set_index("lever")


def test_additive_levers_have_their_variance_shares(write_toml: WriteToml) -> None:
    """Without noise, total = 100·(1 + g_a) + 100·(1 + g_b) in 2020: additive, no interaction,
    so S1 = ST = the lever's share of the variance, (0.2² : 0.1²) = 0.8 : 0.2."""
    study = sobol(
        small_scenario(write_toml), "total", samples=256, levers=["indicators.a.growth", "indicators.b.growth"],
        scheduler="sync",
    )  # fmt: skip
    p50 = by_lever(study, "p50")
    for lever, share in (("indicators.a.growth", 0.8), ("indicators.b.growth", 0.2)):
        row = p50.loc[lever]
        assert abs(row.S1 - share) <= row.S1_conf, row
        assert abs(row.ST - share) <= row.ST_conf, row
        assert abs(row.ST - row.S1) <= row.ST_conf + row.S1_conf  # no interaction
    assert p50.S1.sum() == pytest.approx(1.0, abs=p50.S1_conf.sum())
    assert len(study.evaluations) == 256 * (2 + 2)
    # The probability is a threshold on the same sum: that is an interaction, and ST shows it.
    b = by_lever(study, "probability").loc["indicators.b.growth"]
    interaction = b.ST - b.S1
    assert interaction > b.ST_conf + b.S1_conf


def test_a_lever_that_does_not_feed_the_target_has_no_effect(write_toml: WriteToml) -> None:
    """Target on ``a`` alone: moving ``b`` changes no draw of ``a`` (common random numbers),
    so its total index is exactly 0 and its first-order index 0 within its interval; ``a``
    explains everything."""
    study = sobol(
        small_scenario(write_toml, volatility=0.1), "a", samples=64,
        levers=["indicators.a.growth", "indicators.b.growth"], scheduler="sync",
    )  # fmt: skip
    for output in ("probability", "p50"):
        table = by_lever(study, output)
        b, a = table.loc["indicators.b.growth"], table.loc["indicators.a.growth"]
        assert b.ST == 0.0
        assert abs(b.S1) <= b.S1_conf
        assert abs(a.ST - 1.0) <= a.ST_conf
        assert abs(a.S1 - 1.0) <= a.S1_conf
    probability = study.evaluations["probability"]
    assert 0.0 < probability.min() < probability.max() < 1.0  # the probability does move


def test_default_levers_are_the_ranged_ones_that_feed_the_target(write_toml: WriteToml) -> None:
    scenario = small_scenario(write_toml, volatility=0.05, pipelines=True)
    study = sobol(scenario, "a", samples=4, paths=50, scheduler="sync")
    assert study.levers == ("indicators.a.growth", "pipelines.p.approval_staff")
    assert list(study.indices.columns) == INDEX_COLUMNS
    assert list(study.evaluations.columns) == [*study.levers, *OUTCOME_COLUMNS]
    # a whole-number lever is drawn evenly over its counts and used as whole numbers
    staff = study.evaluations["pipelines.p.approval_staff"]
    assert set(staff) == {1.0, 2.0, 3.0}


def test_a_flat_output_has_no_indices(write_toml: WriteToml) -> None:
    """Without noise the 2020 total never reaches 215 when both growth rates are below 7.5 %:
    restricted to b, the probability is always 0 and there is no variance to share."""
    scenario = small_scenario(write_toml).with_overrides({"indicators.a.growth_range": [0.0, 0.01]})
    study = sobol(scenario, "total", samples=8, levers=["indicators.a.growth"], scheduler="sync")
    flat = by_lever(study, "probability")
    assert flat[["S1", "S1_conf", "ST", "ST_conf"]].isna().all().all()


def test_same_seed_same_study(write_toml: WriteToml) -> None:
    scenario = small_scenario(write_toml, volatility=0.1)
    first = sobol(scenario, "total", samples=8, scheduler="sync")
    again = sobol(scenario, "total", samples=8, scheduler="threads", workers=2)
    pd.testing.assert_frame_equal(first.indices, again.indices, check_exact=True)
    pd.testing.assert_frame_equal(first.evaluations, again.evaluations, check_exact=True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"samples": 48}, "samples = 48: must be a power of 2 from 2 to 65,536 (the Sobol' sequence is balanced only then), e.g. 64"),
        ({"levers": ["indicators.a.volatility"]}, "indicators.a.volatility: not a lever with a planner range; allowed: indicators.a.growth, indicators.b.growth, indicators.c.growth"),
        ({"confidence": 1.0}, "confidence = 1.0: must be within 0 and 1 (excluded)"),
    ],
)  # fmt: skip
def test_bad_study_settings_are_one_line_errors(
    write_toml: WriteToml, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(parksim.ArgumentError) as caught:
        sobol(small_scenario(write_toml), "total", scheduler="sync", **kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_sweep_is_every_combination_of_single_runs(write_toml: WriteToml) -> None:
    scenario = small_scenario(write_toml, volatility=0.1)
    grid = {"indicators.a.growth": [0.05, 0.15], "indicators.b.growth": [0.0, 0.02, 0.04]}
    table = sweep(scenario, "total", grid, scheduler="threads", workers=2)
    assert table[list(grid)].values.tolist() == [[a, b] for a in grid["indicators.a.growth"] for b in grid["indicators.b.growth"]]  # fmt: skip
    for row in table.itertuples(index=False):
        changed = scenario.with_overrides(
            {"indicators.a.growth": row[0], "indicators.b.growth": row[1]}
        )
        result = parksim.simulate(changed)
        assert row.probability == result.probability("total")
        assert row.p50 == np.quantile(result.paths("total")[:, 1], 0.5)


def test_cli_sobol_table_and_csv(write_toml: WriteToml, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_toml("s.toml", small_toml(volatility=0.1))
    args = ["sensitivity", str(path), "--target", "total", "--method", "sobol", "--samples", "8"]
    assert main([*args, "--scheduler", "sync"]) == 0
    out, err = capsys.readouterr()
    assert "合计 · Sobol 全局敏感性 · 8 个基样本 × (2 + 2) = 32 次模拟 · 300 paths · seed 4" in out
    assert "\n达成概率\n杠杆" in out and "\nP50(截止年份)\n杠杆" in out
    assert "indicators.a.growth" in out and "indicators.c.growth" not in out
    assert "100% Completed" in err  # progress on stderr
    assert main([*args, "--scheduler", "sync", "--lang", "en"]) == 0
    assert "Total · Sobol' global sensitivity · 8 base samples" in capsys.readouterr().out
    evaluations = path.parent / "runs.csv"
    assert (
        main([*args, "--format", "csv", "--evaluations", str(evaluations), "--workers", "1"]) == 0
    )
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(printed.columns) == INDEX_COLUMNS
    assert len(pd.read_csv(evaluations)) == 32
    study = sobol(parksim.load_scenario(path), "total", samples=8, scheduler="sync")
    np.testing.assert_array_equal(printed["ST"], study.indices["ST"])


def test_cli_sweep_and_tornado_stays_the_default(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_toml("s.toml", small_toml(volatility=0.1))
    assert main([
        "sweep", str(path), "--target", "total", "--lever", "indicators.a.growth=0.05,0.15",
        "--scheduler", "sync", "--format", "csv",
    ]) == 0  # fmt: skip
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(printed.columns) == ["indicators.a.growth", *OUTCOME_COLUMNS]
    assert len(printed) == 2
    assert main(["sensitivity", str(path), "--target", "total"]) == 0
    assert "概率摆幅" in capsys.readouterr().out  # the tornado table
    assert main(["sensitivity", str(path), "--target", "total", "--lever", "x"]) == 2
    assert "--lever and --evaluations go with --method sobol" in capsys.readouterr().err
    bad = ["sweep", str(path), "--target", "total", "--lever", "indicators.a.growth=fast"]
    assert main(bad) == 2
    assert "--lever indicators.a.growth=fast: must be KEY=V1,V2,..." in capsys.readouterr().err
