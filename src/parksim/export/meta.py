"""How exported numbers were produced: scenario hashes, overrides and the command that
reproduces them. ``--set KEY=VALUE`` is parsed here, so the CLI and the app agree on it."""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import shlex
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from parksim._version import __version__
from parksim.errors import ScenarioError
from parksim.inputs.scenario import OVERRIDE_ORIGIN, Scenario
from parksim.results.result import Result

HASH_RECIPE = (
    "SHA-256 of json.dumps(scenario.raw, sort_keys=True, ensure_ascii=False, "
    'separators=(",", ":")) in UTF-8: the merged scenario after inheritance and overrides'
)
SET_EXAMPLE = "e.g. --set indicators.gdp.growth=0.1"


@dataclass(frozen=True)
class MetaItem:
    """One line of the Metadata sheet: a stable key, Chinese and English labels, the value."""

    key: str
    zh: str
    en: str
    value: str | int


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


def overrides_of(scenario: Scenario) -> dict[str, Any]:
    """``{dotted key: value}`` set by ``Scenario.with_overrides`` rather than by a file."""
    found: dict[str, Any] = {}
    for key, origin in scenario.origins.items():
        if origin != OVERRIDE_ORIGIN:
            continue
        node: Any = scenario.raw
        for part in key.split("."):
            node = node[part]
        found[key] = node
    return found


def toml_value(value: Any) -> str:
    """A value as TOML text, the inverse of ``parse_set``'s value: ``{ "2020" = -0.05 }``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are TOML escapes
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return "nan"
        return ("inf" if number > 0 else "-inf") if math.isinf(number) else repr(number)
    if isinstance(value, Mapping):
        items = ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"{value!r}: not a TOML value")


def parse_set(text: str) -> tuple[str, Any]:
    """``"indicators.gdp.growth=0.1"`` → ``("indicators.gdp.growth", 0.1)``; the value is
    read as TOML, so tables work: ``'pipelines.health.arrivals_per_year={ "2020-2030" = 50 }'``.
    """
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or " " in key:
        raise ScenarioError(
            None, None, f"--set {text}: must be KEY=VALUE with a dotted key, {SET_EXAMPLE}"
        )
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        raise ScenarioError(
            None,
            None,
            f"--set {text}: {value.strip() or '(empty)'} is not a TOML value; use a number, "
            f'"text", true/false, [a, list] or {{ "2021-2025" = 0.1 }}',
        ) from None
    return key, parsed


def parse_sets(texts: Iterable[str]) -> dict[str, Any]:
    """Several ``--set`` options as an overrides mapping (a later key wins)."""
    return dict(parse_set(text) for text in texts)


def format_set(key: str, value: Any) -> str:
    """``--set`` text that ``parse_set`` reads back as ``(key, value)``."""
    return f"{key}={toml_value(value)}"


def apply_sets(scenario: Scenario, texts: Sequence[str]) -> Scenario:
    """The scenario with ``--set`` options applied (itself when there are none)."""
    return scenario.with_overrides(parse_sets(texts)) if texts else scenario


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
