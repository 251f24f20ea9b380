"""The Dutch course as pages for learners who see no code, in a real headless Chromium.

Served as docs/teaching.md tells a trainer: ``python -m leerlib.serve --course`` (here on a free
port of 127.0.0.1). Each session must render without error output and without code, show its
exercise widgets, answer a typical wrong answer typed (or clicked) into its widget with the words
of ``leerlib.teaching.check``, fetch nothing from outside 127.0.0.1, and have no serious or
critical WCAG 2.1 A/AA violation that axe-core finds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from leerlib.teaching import EXERCISES, answer_key, check

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "notebooks" / "teaching"
SESSIONS = sorted(p.name for p in COURSE.glob("sessie_*.ipynb"))
ARTIFACTS = REPO / "test-artifacts"


def _wrong_answers() -> dict[int, tuple[str, str, str]]:
    """Per session: (exercise, how it is answered, the answer). A typical wrong answer, as the
    recognised mistake of each exercise's key (what the learner typed or clicked)."""
    return {
        1: ("1a_anna_in", "type", str(answer_key("1a_anna_in")[0]["out_degree"])),
        2: ("2a_ict_goto", "type", "Rianne Kok"),  # the go-to person on all topics, not on ICT
        3: ("3a_ei_school", "type", "0,81"),  # the sign flipped
        4: ("4a_top_cycle", "click", EXERCISES["4a_top_cycle"].choices["potential"]["nl"]),
        5: ("5a_goes_to", "type", str(answer_key("5a_goes_to")[0]["in_degree"])),
    }


def _headings(name: str) -> list[str]:
    """The headings of the notebook's markdown cells: the prose the learner reads."""
    nb = json.loads((COURSE / name).read_text(encoding="utf-8"))
    return [
        line.lstrip("#").strip()
        for cell in nb["cells"]
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("#")
    ]


def _code_lines(name: str) -> list[str]:
    """Lines of the notebook's code cells long enough not to occur in its prose by chance."""
    nb = json.loads((COURSE / name).read_text(encoding="utf-8"))
    lines = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for line in "".join(cell["source"]).splitlines():
                line = line.strip()
                if len(line) >= 20 and re.search(r"[(=]", line) and not line.startswith("#"):
                    lines.append(line)
    return lines


@pytest.fixture(scope="module")
def course_server(tmp_path_factory):
    from tests.serving import start, stop

    log = tmp_path_factory.mktemp("course") / "serve.log"
    proc, base = start(["--course"], log, timeout=180)
    yield base
    stop(proc)


def _open_session(br, url: str, n_exercises: int) -> None:
    """Open a session's page and wait until its exercises are widgets.

    A page that never finished loading here was the served-page stall (a cell's reply whose
    ZeroMQ wake-up was lost; see ``leerlib.dashboards._kernel_client``): it now fails the test.
    """
    # Voila sends the page while it runs the notebook; a busy machine can take a minute or
    # more. The load must end within the driver's own command timeout (120 s).
    br.driver.set_page_load_timeout(110)
    br.get(url)
    br.wait_for(
        f"document.querySelectorAll('.leerlib-exercise').length === {n_exercises} && "
        "[...document.querySelectorAll('.leerlib-exercise')].every(b => "
        "b.querySelector('button')) && (!document.querySelector('#loading') || "
        "getComputedStyle(document.querySelector('#loading')).display === 'none')",
        timeout=120,
        poll=1.0,
    )


def _answer(br, exercise_id: str, how: str, answer: str) -> str:
    """Answer one exercise through its widget, as a learner does; return its feedback text."""
    from selenium.webdriver.common.by import By

    question = EXERCISES[exercise_id].question["nl"]
    box = next(
        b
        for b in br.driver.find_elements(By.CSS_SELECTOR, ".leerlib-exercise")
        if question in b.text
    )
    if how == "type":
        field = box.find_element(By.CSS_SELECTOR, "input[type=text]")
        field.clear()
        field.send_keys(answer)
        assert field.get_attribute("value") == answer
    else:
        label = next(
            lb for lb in box.find_elements(By.CSS_SELECTOR, "label") if lb.text.strip() == answer
        )
        label.click()
    box.find_element(By.CSS_SELECTOR, "button").click()
    end_js = (
        "[...document.querySelectorAll('.leerlib-exercise')]"
        f".find(b => b.innerText.includes({json.dumps(question)}))"
        ".querySelector('.leerlib-feedback')"
    )
    br.wait_for(f"{end_js} !== null", timeout=60)
    return br.js(f"return {end_js}.innerText")


@pytest.mark.parametrize("name", SESSIONS)
def test_session_reads_as_a_page_with_working_exercises(course_server, chromium, name):
    session = int(name.split("_")[1])
    exercises = [k for k, ex in EXERCISES.items() if ex.session == session]
    with chromium() as br:
        _open_session(br, f"{course_server}/voila/render/{name}", len(exercises))
        # the text is there (every heading of the notebook), and every exercise is a widget
        # with its question, field and button
        text = br.js("return document.body.innerText")
        missing = [h for h in _headings(name) if h not in text]
        assert missing == [], missing
        for k in exercises:
            assert EXERCISES[k].question["nl"] in text, k
        # no code: no code cell input, none of the notebook's code lines in the page's text
        assert (
            br.js(
                "return document.querySelectorAll('.jp-CodeCell .jp-InputArea, "
                ".jp-InputArea-editor, .CodeMirror, .cm-editor').length"
            )
            == 0
        )
        shown = [line for line in _code_lines(name) if line in text]
        assert shown == [], shown[:3]
        # no error output
        assert (
            br.js(
                'return document.querySelectorAll(\'[data-mime-type*="error"], '
                '[data-mime-type="application/vnd.jupyter.stderr"], .jp-mod-error\').length'
            )
            == 0
        )
        for sign in ("Traceback", "Error", "kon niet worden geladen"):
            assert sign not in text, sign
        # a typical wrong answer through the widget: the words of leerlib.teaching.check
        exercise_id, how, answer = _wrong_answers()[session]
        expected = check(exercise_id, answer)
        assert not expected.correct and expected.code not in ("wrong", "unreadable_number")
        shown_feedback = _answer(br, exercise_id, how, answer)
        assert "✗" in shown_feedback
        assert expected.nl in shown_feedback.replace("\xa0", " ")
        br.screenshot(ARTIFACTS / f"course_{name.split('.')[0]}.png")
        # accessibility: WCAG 2.1 A/AA, nothing serious or critical
        bad = [
            (v["id"], v["impact"], v["help"], [n.get("target") for n in v["nodes"][:3]])
            for v in br.axe()
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], bad
        # nothing was fetched from outside this machine
        assert br.outside_requests() == []
        assert [e for e in br.console_errors() if "favicon" not in e] == []


def test_start_page_lists_the_course(course_server):
    from tests.serving import fetch

    status, _, page = fetch(course_server + "/")
    assert status == 200
    for name in SESSIONS:
        assert f"voila/render/{name}" in page
    assert "Sessie 1 · Wat is een leernetwerk?" in page
    assert "netwerk_overzicht" not in page  # only notebooks that are in the served folder
