"""How exported numbers were produced: versions, scenario hashes, overrides and the command
that reproduces them."""

from __future__ import annotations

import os
import platform
import shlex
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from parksim._version import __version__
from parksim.inputs.digest import HASH_RECIPE, file_sha256, scenario_sha256
from parksim.inputs.overrides import format_set, overrides_of
from parksim.results.protocol import Result
from parksim.results.tables import MetaItem


def run_options(result: Result) -> list[str]:
    """``--paths``, ``--seed`` (always explicit), ``--pipeline-runs`` when not the default,
    and one ``--set`` per override: what the CLI needs to redo ``result``."""
    scenario = result.scenario
    options = ["--paths", str(result.n_paths), "--seed", str(result.seed)]
    runs = {runs.realisations for runs in result.pipelines.values()}
    default = min(scenario.spec.scenario.pipeline_runs, result.n_paths)
    if runs and runs != {default}:
        options += ["--pipeline-runs", str(max(runs))]
    for key, value in overrides_of(scenario).items():
        options += ["--set", format_set(key, value)]
    return options


def reproduce_command(result: Result, fmt: str, out: str | Path) -> str:
    """The shell command that writes the same numbers to ``out`` in format ``fmt``."""
    argv = [
        "parksim",
        "export",
        str(result.scenario.path),
        "--format",
        fmt,
        "-o",
        str(out),
        *run_options(result),
    ]
    return shlex.join(argv)


def resolve_created_at(created_at: datetime | None = None) -> datetime:
    """``created_at`` (made UTC), else ``SOURCE_DATE_EPOCH`` if set, else now; whole seconds.
    Fixing it makes CSV and JSON exports byte-identical."""
    if created_at is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch is not None and epoch.strip().isdigit():
            created_at = datetime.fromtimestamp(int(epoch), UTC)
        else:
            created_at = datetime.now(UTC)
    elif created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    return created_at.astimezone(UTC).replace(microsecond=0)


def metadata_items(result: Result, created_at: datetime, command: str) -> list[MetaItem]:
    """Everything needed to say how the numbers were produced, in reading order."""
    scenario = result.scenario
    items = [
        MetaItem("parksim_version", "parksim 版本", "parksim version", __version__),
        MetaItem("numpy_version", "numpy 版本", "numpy version", np.__version__),
        MetaItem("python_version", "Python 版本", "Python version", platform.python_version()),
        MetaItem("scenario_id", "情景编号", "Scenario id", scenario.id),
        MetaItem("scenario_name", "情景名称", "Scenario name", scenario.name),
        MetaItem("scenario_name_en", "情景名称(英文)", "Scenario name (English)", scenario.name_en),
        MetaItem(
            "scenario_description",
            "情景说明",
            "Scenario description",
            scenario.spec.scenario.description,
        ),
        MetaItem("scenario_sha256", "情景 SHA-256", "Scenario SHA-256", scenario_sha256(scenario)),
        MetaItem("scenario_sha256_of", "SHA-256 计算对象", "SHA-256 computed over", HASH_RECIPE),
    ]
    for i, file in enumerate(scenario.files, start=1):
        items.append(
            MetaItem(
                f"file_{i}",
                f"情景文件 {i}(继承链,根在前)",
                f"Scenario file {i} (inheritance chain, root first)",
                f"{file}  sha256:{file_sha256(file)}",
            )
        )
    for key, value in overrides_of(scenario).items():
        items.append(MetaItem(f"override:{key}", "覆盖值", "Override", format_set(key, value)))
    items += [
        MetaItem("paths", "模拟路径数", "Monte Carlo paths", result.n_paths),
        MetaItem("seed", "随机种子", "Seed", result.seed),
        MetaItem(
            "pipeline_runs",
            "项目管线模拟次数",
            "Pipeline (DES) realisations",
            max((runs.realisations for runs in result.pipelines.values()), default=0),
        ),
        MetaItem("created_at", "生成时间(UTC)", "Created at (UTC)", created_at.isoformat()),
        MetaItem("command", "复现命令", "Command that reproduces these numbers", command),
    ]
    return items


def export_command(result: Result, fmt: str, out: str | None = None) -> str:
    """``reproduce_command`` with a default file name, ``<scenario id>.<ext>``, when none."""
    default = {"xlsx": "xlsx", "csv": "csv", "json": "json", "iamc": "iamc.csv"}[fmt]
    return reproduce_command(result, fmt, out or f"{result.scenario.id}.{default}")
