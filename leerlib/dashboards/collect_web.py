"""The survey page of a round asked inside leerlib, served without a kernel through the personal link."""

from __future__ import annotations

import asyncio
import html
import json
from importlib import resources

import tornado.web

from leerlib.dashboards.i18n import LANGUAGES, t
from leerlib.dashboards.personal_web import _STYLE, AttemptLimiter, LinkHandler, error_page
from leerlib.workspace.collect import SURVEY_PAGE

__all__ = [
    "COLLECT_PATH",
    "CollectPages",
    "collect_handlers",
    "render_survey",
    "survey_state",
]

#: Where the survey page answers under the server's base URL (the same ``persoon`` and
#: ``code`` as the personal link).
COLLECT_PATH = SURVEY_PAGE

#: Largest request body a save takes (bytes): one answer is a few hundred.
MAX_BODY = 8192

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
#: The personal page's headers, with a CSP that lets the page's script save to this server.
_HEADERS = {**LinkHandler.headers, "Content-Security-Policy": _CSP}

#: The texts the page's script shows (leerlib.dashboards.i18n).
_TEXTS = (
    "collect_title",
    "collect_intro",
    "collect_question",
    "collect_search",
    "collect_search_hint",
    "collect_no_hits",
    "collect_outsider",
    "collect_add",
    "collect_remove",
    "collect_frequency",
    "collect_usefulness",
    "collect_choose",
    "collect_nobody",
    "collect_still_right",
    "collect_last_time",
    "collect_yes",
    "collect_no",
    "collect_value_title",
    "collect_progress",
    "collect_saved",
    "collect_saving",
    "collect_failed",
    "collect_done",
    "collect_thanks",
    "collect_outside",
)

_SURVEY_STYLE = """
main { display: block; max-width: 760px; margin: 0 auto; padding: 12px; }
section { margin: 0 0 14px; }
h2 { font-size: 19px; color: #1f5f8b; margin: 4px 0 10px; }
.lc-tie, .lc-prop { border: 1px solid #c5ccd3; border-radius: 6px; padding: 8px 10px;
  margin: 6px 0; display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; }
.lc-who { flex: 1 1 200px; font-weight: 600; }
.lc-where { display: block; font-weight: normal; color: #44525e; font-size: 90%; }
label { display: inline-flex; flex-direction: column; font-size: 90%; color: #1d2b36; }
select, input[type=text], button { font: inherit; min-height: 36px; }
input[type=text] { width: 100%; box-sizing: border-box; padding: 6px; border: 1px solid #6b7a86;
  border-radius: 4px; }
button { background: #1f5f8b; color: #fff; border: 0; border-radius: 4px; padding: 4px 12px;
  cursor: pointer; }
button.lc-secondary { background: #fff; color: #1f5f8b; border: 1px solid #1f5f8b; }
:focus-visible { outline: 3px solid #b3400a; outline-offset: 2px; }
.lc-hits { list-style: none; margin: 2px 0 0; padding: 0; border: 1px solid #c5ccd3;
  border-radius: 4px; }
.lc-hits:empty { display: none; }
.lc-hits li { padding: 6px 8px; cursor: pointer; }
.lc-hits li[aria-selected=true], .lc-hits li:hover { background: #dcebf5; }
.lc-row { display: flex; gap: 6px; margin-top: 6px; } .lc-row input { flex: 1; }
.lc-bar { position: sticky; top: 0; background: #fff; padding: 8px 12px; z-index: 2;
  box-shadow: 0 1px 3px rgba(0,0,0,.15); }
progress { width: 100%; height: 12px; }
.lc-status { color: #1d5e2e; min-height: 1.3em; margin: 4px 0 0; }
.lc-status.lc-bad { color: #9b1c1c; }
.lc-thanks { background: #e3f3e6; color: #14401f; padding: 10px 12px; border-radius: 6px; }
fieldset { border: 1px solid #c5ccd3; border-radius: 6px; margin: 8px 0; }
fieldset label { flex-direction: row; gap: 4px; margin: 2px 10px 2px 0; }
@media (max-width: 480px) { header { padding: 12px; } header h1 { font-size: 20px; }
  .lc-tie label, .lc-prop button { flex: 1 1 40%; } }
"""


class CollectPages:
    """The survey pages of a workspace's open collection round.

    Parameters
    ----------
    workspace : leerlib.Workspace
        The workspace; its key checks the links (:meth:`leerlib.Workspace.link_status`).
    lang : {"nl", "en"}, optional
        Default language; default the organisation's.
    demo : bool, default False
        Only for the demonstration workspace of made-up people: every page says it is a
        demonstration. The pages still open only through a valid personal link.
    """

    def __init__(self, workspace, *, lang: str | None = None, demo: bool = False) -> None:
        self.ws = workspace
        self.demo = bool(demo)
        org = workspace.org
        self.lang = (
            lang if lang in LANGUAGES else (org.language if org.language in LANGUAGES else "nl")
        )
        self.org_name = org.name
        _ = workspace.key

    def note(self, person: str, code: str, lang: str, base_url: str) -> str:
        """Return the notice on ``person``'s personal page that a survey waits for them, or ""."""
        from urllib.parse import urlencode

        if self.form(person) is None:
            return ""
        lang = lang if lang in LANGUAGES else self.lang
        url = (
            f"{base_url}{COLLECT_PATH}?{urlencode({'persoon': person, 'code': code, 'lang': lang})}"
        )
        return (
            f'<section class="ll-survey-note"><h3>{html.escape(t("web_survey_open", lang))}</h3>'
            f'<p><a href="{html.escape(url, quote=True)}">{html.escape(t("web_survey_go", lang))}'
            "</a></p></section>"
        )

    def form(self, person: str):
        """Return the open round's form if ``person`` is on its staff list, else None."""
        name = self.ws.open_round()
        if name is None:
            return None
        form = self.ws.collect_form(name)
        return form if person in form.ids else None


def survey_state(ws, form, person: str) -> dict:
    """Return what ``person`` has answered in ``form``'s round, for the page's script.

    Keys: ties (per tie: topic, target or external, name, school, team, frequency,
    usefulness), nobody (topics), values (item number -> answer), done, proposals (last
    round's relations not yet confirmed or dropped) and progress (done, total).
    """
    staff = _staff_lookup(form)

    def who(target, external) -> dict:
        if target is not None and target in staff:
            return {"target": target, "external": None, **staff[target]}
        return {"target": None, "external": external, "name": external, "school": "", "team": ""}

    hist = ws._answer_rows(form, person, history=True)
    first: dict = {}  # a relation keeps its place on the page when it is changed
    for a in hist:
        first.setdefault((a.kind, a.topic, a.target, a.external), a.id)
    cur = sorted(
        (a for a in hist if a.ended_at is None),
        key=lambda a: first[(a.kind, a.topic, a.target, a.external)],
    )
    ties, nobody, values, done = [], [], {}, False
    for a in cur:
        if a.kind == "tie":
            tie = who(a.target, a.external)
            tie.update(topic=a.topic, frequency=a.frequency or "", usefulness=a.usefulness or "")
            ties.append(tie)
        elif a.kind == "nobody":
            nobody.append(a.topic)
        elif a.kind == "value":
            values[str(int(a.item))] = a.score
        elif a.kind == "done":
            done = True
    proposals = []
    for p in ws.carried_over(form.name, person):
        prop = who(p["target"], p["external"])
        prop.update(
            topic=p["topic"], frequency=p["frequency"] or "", usefulness=p["usefulness"] or ""
        )
        proposals.append(prop)
    answered = {x["topic"] for x in ties} | set(nobody)
    total = len(form.topics) + (1 if form.value else 0)
    parts = sum(1 for tp in form.topics if tp["key"] in answered)
    if form.value and len(values) == len(form.value):
        parts += 1
    return {
        "ties": ties,
        "nobody": nobody,
        "values": values,
        "done": done,
        "proposals": proposals,
        "progress": [parts, total],
    }


_LOOKUPS: dict = {}


def _staff_lookup(form) -> dict:
    """person_id -> name, school, team of ``form``'s staff list, made once per round."""
    cached = _LOOKUPS.get(form.round_id)
    if cached is None or cached[0] is not form:
        cols = form.staff.columns
        cached = (
            form,
            {
                r["person_id"]: {
                    "name": r["name"],
                    "school": r["school"] if "school" in cols else "",
                    "team": r["team"] if "team" in cols else "",
                }
                for r in form.staff.to_dict("records")
            },
        )
        _LOOKUPS[form.round_id] = cached
    return cached[1]


def _json_script(obj) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(obj, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_survey(
    ws,
    form,
    person: str,
    *,
    code: str,
    lang: str,
    org: str,
    base_url: str,
    demo: bool = False,
) -> str:
    """Return the survey page of ``person`` (their link already checked).

    ``demo``: say at the top that this is a demonstration with made-up colleagues. The page's
    texts and the person's answers travel as JSON; the script
    (``collect.js``) builds the page from them with text nodes only, so no answer or name is
    ever read as HTML.
    """
    e = html.escape
    name = form.staff.set_index("person_id")["name"].get(person, "")
    round_text = form.label
    data = {
        "lang": lang,
        "person": person,
        "code": code,
        "save": f"{base_url}{COLLECT_PATH}/antwoord",
        "search": f"{base_url}{COLLECT_PATH}/zoek",
        "topics": [{"key": tp["key"], "label": tp.get(lang) or tp["key"]} for tp in form.topics],
        "scales": form.scales,
        "value": [{"item": v["item"], "labels": v["labels"]} for v in form.value],
        "texts": {k: t(k, lang) for k in _TEXTS},
        "state": survey_state(ws, form, person),
    }
    other = "en" if lang == "nl" else "nl"
    from urllib.parse import urlencode

    switch = e(
        f"{base_url}{COLLECT_PATH}?{urlencode({'persoon': person, 'code': code, 'lang': other})}"
    )
    script = e(f"{base_url}{COLLECT_PATH}/collect.js", quote=True)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{e(t('collect_title', lang))}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">'
        f"<style>{_STYLE}{_SURVEY_STYLE}</style>"
        f'<script defer src="{script}"></script></head><body>'
        f'<header><nav><a href="{switch}" lang="{other}">'
        f"{'English' if other == 'en' else 'Nederlands'}</a></nav>"
        f"<h1>{e(t('collect_title', lang))} · {e(name)}</h1>"
        + (f'<p class="ll-demo"><strong>{e(t("collect_demo", lang))}</strong></p>' if demo else "")
        + f"<p>{e(t('collect_round', lang, round=round_text, org=org))}</p>"
        f"<p>{e(t('collect_intro', lang))}</p></header>"
        '<div class="lc-bar" id="lc-bar"></div><main id="lc-main"></main>'
        f'<script type="application/json" id="lc-data">{_json_script(data)}</script>'
        "</body></html>"
    )


def _asset() -> bytes:
    return resources.files("leerlib.dashboards").joinpath("static/collect.js").read_bytes()


class _Base(LinkHandler):
    headers = _HEADERS

    def check_xsrf_cookie(self) -> None:
        """No cookie is used: the link's code in the request is the only credential."""

    async def _checked(self, person: str, code: str):
        """Return the person's form if the link is valid and a round asks them, else answer."""
        ip = self.request.remote_ip or ""
        if self.limiter.blocked(ip):
            return self._fail("too_many")
        person, code = str(person or "").strip()[:200], str(code or "").strip()[:200]
        loop = asyncio.get_running_loop()
        status = (
            await loop.run_in_executor(None, self.pages.ws.link_status, person, code)
            if person and code
            else "unknown"
        )
        if status != "valid":
            self.limiter.failed(ip)
            if self.fail_delay > 0:
                await asyncio.sleep(self.fail_delay)
            return self._fail(status)
        form = await loop.run_in_executor(None, self.pages.form, person)
        if form is None:
            return self._fail("no_collection")
        return form

    def _fail(self, kind: str) -> None:
        if kind == "no_collection":
            e = html.escape
            body = "".join(
                f'<section lang="{lg}"><h2>{e(t("web_no_collection_title", lg))}</h2>'
                f"<p>{e(t('web_no_collection', lg))}</p></section>"
                for lg in LANGUAGES
            )
            status, page = (
                404,
                (
                    f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                    f"<title>{e(t('web_no_collection_title', 'nl'))}</title>"
                    '<meta name="viewport" content="width=device-width, initial-scale=1">'
                    f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>"
                ),
            )
        else:
            status, page = error_page(kind, self.base)
        self.set_status(status)
        if kind == "too_many":
            self.set_header("Retry-After", str(int(self.limiter.window)))
        if self.request.method == "POST" or self.request.path.endswith("/zoek"):
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"ok": False, "error": kind}))
        else:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page)
        return None

    def write_error(self, status_code: int, **kwargs) -> None:
        """Send a short answer instead of tornado's own page."""
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": False, "error": "error"}))


class SurveyPageHandler(_Base):
    """``GET <base>vragenlijst?persoon=ID&code=CODE``: the person's survey page."""

    async def get(self) -> None:
        """Check the link, then send the page with the person's answers so far."""
        person = self.get_query_argument("persoon", "")
        code = self.get_query_argument("code", "")
        form = await self._checked(person, code)
        if form is None:
            return
        lang = self.get_query_argument("lang", None)
        lang = lang if lang in LANGUAGES else self.pages.lang
        page = await asyncio.get_running_loop().run_in_executor(
            None,
            lambda: render_survey(
                self.pages.ws,
                form,
                person.strip(),
                code=code.strip(),
                lang=lang,
                org=self.pages.org_name,
                base_url=self.base,
                demo=self.pages.demo,
            ),
        )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page)


class SurveySearchHandler(_Base):
    """``GET <base>vragenlijst/zoek?persoon=ID&code=CODE&q=TEXT``: colleagues whose name fits."""

    async def get(self) -> None:
        """Check the link, then send up to 8 colleagues (name, school, team) as JSON."""
        from leerlib.workspace.collect import search_staff

        person = self.get_query_argument("persoon", "")
        form = await self._checked(person, self.get_query_argument("code", ""))
        if form is None:
            return
        hits = search_staff(form, self.get_query_argument("q", "")[:100], exclude=person.strip())
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": True, "hits": hits}, ensure_ascii=False))


class SurveySaveHandler(_Base):
    """``POST <base>vragenlijst/antwoord``: save one answer at once (JSON in, state out).

    The body holds ``persoon``, ``code`` and ``action`` (tie, drop, nobody, value, done) with
    its fields; saving the same answer twice stores it once, so a retried request is harmless.
    """

    async def post(self) -> None:
        """Check the link, save the answer, send the person's answers as JSON."""
        from leerlib.errors import LeerlibError

        if len(self.request.body) > MAX_BODY:
            self.set_status(413)
            return self.finish(json.dumps({"ok": False, "error": "too_large"}))
        try:
            body = json.loads(self.request.body or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            self.set_status(400)
            return self.finish(json.dumps({"ok": False, "error": "not_json"}))
        person = str(body.get("persoon", "")).strip()
        form = await self._checked(person, body.get("code", ""))
        if form is None:
            return
        ws = self.pages.ws

        def text(key):
            v = body.get(key)
            return None if v is None or v == "" else str(v)

        def save():
            action = body.get("action")
            topic = text("topic")
            if action == "tie":
                result = ws.record_tie(
                    form.name,
                    person,
                    topic,
                    target=text("target"),
                    external=text("external"),
                    frequency=text("frequency"),
                    usefulness=text("usefulness"),
                )
            elif action == "drop":
                result = ws.drop_tie(
                    form.name, person, topic, target=text("target"), external=text("external")
                )
            elif action == "nobody":
                result = ws.record_nobody(form.name, person, topic)
            elif action == "value":
                item = body.get("item")
                result = ws.record_value(
                    form.name, person, item if isinstance(item, int) else -1, text("score") or ""
                )
            elif action == "done":
                result = ws.mark_done(form.name, person)
            else:
                raise LeerlibError("unknown action")
            return result, survey_state(ws, form, person)

        self.set_header("Content-Type", "application/json")
        try:
            result, state = await asyncio.get_running_loop().run_in_executor(None, save)
        except LeerlibError as err:
            self.set_status(400)
            msg = str(err).split(": ", 1)[-1] if err.args else "error"
            return self.finish(json.dumps({"ok": False, "error": msg}, ensure_ascii=False))
        self.finish(json.dumps({"ok": True, "result": result, "state": state}, ensure_ascii=False))


class SurveyScriptHandler(tornado.web.RequestHandler):
    """``GET <base>vragenlijst/collect.js``: the page's script (the same for everyone)."""

    def get(self) -> None:
        """Send the script."""
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(_asset())


def collect_handlers(
    pages: CollectPages,
    base_url: str = "/",
    *,
    limiter: AttemptLimiter | None = None,
    fail_delay: float = 0.5,
    page_base: str | None = None,
) -> list:
    r"""Return the tornado handler specs of the survey page, its search, its saves and script.

    ``limiter``: pass the personal pages' own :class:`AttemptLimiter`, so that guesses at
    either page count together.

    Examples
    --------
    >>> [spec[0] for spec in collect_handlers(None, "/")]
    ['/vragenlijst', '/vragenlijst/zoek', '/vragenlijst/antwoord', '/vragenlijst/collect\\.js']
    """
    limiter = limiter or AttemptLimiter()
    kw = {
        "pages": pages,
        "limiter": limiter,
        "base_url": page_base or base_url,
        "fail_delay": fail_delay,
    }
    root = base_url + COLLECT_PATH
    return [
        (root, SurveyPageHandler, kw),
        (root + "/zoek", SurveySearchHandler, kw),
        (root + "/antwoord", SurveySaveHandler, kw),
        (root + r"/collect\.js", SurveyScriptHandler),
    ]
