"""The app's 下载汇报材料 button through Streamlit's AppTest: the briefing of the view as it
stands (a moved slider, the compared scenarios), read back with python-docx."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import docx
from streamlit.testing.v1 import AppTest

from tests.app.test_app_streamlit import folder, slider, start

__all__ = ["folder"]  # the fixture: the app on a copy of scenarios/


def briefing(at: AppTest) -> docx.document.Document:
    at.segmented_control(key="page@zh").set_value("save").run()
    at.button(key="brief_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    _, lang, name, data = at.session_state["brief"]
    assert (lang, name) == ("zh", "baseline-variant-briefing.docx")
    labels = [button.proto.label for button in at.get("download_button")]
    assert "保存汇报材料(Word)" in labels
    return docx.Document(io.BytesIO(data))


def test_the_button_gives_the_briefing_of_the_moved_sliders_and_compared_scenarios(
    folder: Path,
) -> None:
    at = start({"paths": "1000"})
    growth = slider(at, "indicators.computing_power.growth")
    growth.set_value(growth.value + 2.0).run()
    at.segmented_control(key="page@zh").set_value("compare").run()
    at.multiselect(key=next(m.key for m in at.multiselect)).set_value(
        ["__current__", "baseline", "faster_reform"]
    ).run()
    document = briefing(at)
    command = shlex.split(next(p.text for p in document.paragraphs if p.style.name == "Command"))
    assert command[command.index("-o") + 1] == "baseline-variant-briefing.docx"
    assert "--paths" in command and command[command.index("--paths") + 1] == "1000"
    sets = [command[i + 1] for i, a in enumerate(command) if a == "--set"]
    assert [s.split("=")[0] for s in sets] == ["indicators.computing_power.growth"]
    compared = command[command.index("--compare") + 1 : command.index("--paths")]
    assert [Path(c).name for c in compared] == ["baseline.toml", "faster_reform.toml"]
    assert "情景对比" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
