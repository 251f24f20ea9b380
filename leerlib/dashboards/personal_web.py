"""Personal pages served from a workspace by leerlib's own web handler: no kernel per visitor."""

from __future__ import annotations

import asyncio
import html
import secrets
import time
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass, field
from urllib.parse import urlencode

import networkx as nx
import tornado.web

from leerlib.dashboards import _model
from leerlib.dashboards.i18n import LANGUAGES, t

__all__ = [
    "PAGE_PATHS",
    "RoundView",
    "PersonalPages",
    "AttemptLimiter",
    "LinkHandler",
    "PersonalPageHandler",
    "personal_handlers",
    "error_page",
    "demo_picker",
]

#: Where the personal page answers, under the server's base URL: the path a workspace's links
#: carry (``leerlib.workspace.PERSONAL_PAGE``) and a short one.
PAGE_PATHS = ("voila/render/mijn_leernetwerk.ipynb", "mijn")

#: Seconds between two looks at the workspace's list of rounds (a new or replaced round is
#: picked up this long after it was stored, at most).
ROUND_CHECK_SECONDS = 5.0

#: Rendered pages kept in memory (a page is a few kilobytes).
PAGE_CACHE_SIZE = 2000

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

_HEADERS = {
    "Cache-Control": "no-store",
    # the address holds the person's code: never pass it on to another site
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": _CSP,
}


@dataclass
class RoundView:
    """What every personal page of one round is made from, computed once per round.

    Attributes
    ----------
    name, label : str
        The round's name and label.
    people : dict
        person_id -> name, for the people on the round's staff list (internal).
    graphs : dict
        Topic key (None: all topics) -> the round's network (:func:`leerlib.build_graph`).
    topics : dict
        Topic key -> {"nl": label, "en": label}, in the codebook's order.
    secret : bytes
        Orders the page-only ids of the maps (:func:`leerlib.dashboards._model.own_map_graph`);
        made at random for this view, never sent.
    """

    name: str
    label: str
    people: dict
    graphs: dict
    topics: dict
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(16), repr=False)

    @classmethod
    def build(cls, survey, name: str, label: str | None = None) -> RoundView:
        """Return the view of round ``name`` of ``survey`` (one round of a workspace)."""
        from leerlib.graph import build_graph

        people = survey.people
        internal = people[people["internal"].astype(bool)] if "internal" in people else people
        topics = dict(survey.topics or {})
        graphs = {None: build_graph(survey, wave=name)}
        for key in topics:
            graphs[key] = build_graph(survey, topic=key, wave=name)
        return cls(
            name=str(name),
            label=str(label or ""),
            people={
                str(p): str(n) for p, n in zip(internal["person_id"], internal["name"], strict=True)
            },
            graphs=graphs,
            topics=topics,
        )

    def topic_label(self, key, lang: str) -> str:
        """Return the label of topic ``key`` in ``lang`` (None: all topics)."""
        if key is None:
            return t("all_topics", lang)
        labels = self.topics.get(key) or {}
        if not isinstance(labels, dict):
            return str(labels)
        return str(labels.get(lang) or labels.get("nl") or key)


class PersonalPages:
    """The personal pages of a workspace's colleagues, rendered without a kernel.

    The latest round a person is on the staff list of is shown. Per round, the networks are
    built once (:class:`RoundView`, in a worker thread, one build at a time per round); a page
    is then a small map and two lists made from them, kept in a bounded cache. A round that
    is replaced or added is noticed within :data:`ROUND_CHECK_SECONDS`.

    Parameters
    ----------
    workspace : leerlib.Workspace or str or path
        The workspace (or its path or URL; opened here).
    lang : {"nl", "en"}, optional
        Default language of the pages; default the organisation's.
    key_file : path, optional
        The workspace's key file, when ``workspace`` is a path or URL (see
        ``leerlib.Workspace.open``).
    demo : bool, default False
        Only for a demonstration workspace of made-up people (the bundled sample served by
        the README's run command): no link is needed, the page without one lists every name
        to pick from, and every page says it is a demonstration. Never for real data.

    Notes
    -----
    Whatever the organisation's consent setting, a page names only the people its owner named
    (see :func:`leerlib.dashboards._model.own_map_graph`); everyone who named the owner is
    "a colleague", with no team, and counted as one number.
    """

    def __init__(self, workspace, *, lang: str | None = None, key_file=None, demo: bool = False):
        from leerlib.workspace import Workspace

        if not isinstance(workspace, Workspace):
            workspace = Workspace.open(workspace, key_file=key_file)
        self.ws = workspace
        org = workspace.org
        self.lang = (
            lang if lang in LANGUAGES else (org.language if org.language in LANGUAGES else "nl")
        )
        self.org_name = org.name
        self.demo = bool(demo)
        _ = workspace.key  # refuse to serve links that could never be checked
        self._versions: dict = {}
        self._checked = 0.0
        self._views: dict = {}
        self._building: dict = {}
        self._pages: OrderedDict = OrderedDict()
        self.stats = Counter()
        #: The survey pages (leerlib.dashboards.collect_web.CollectPages) whose open round
        #: the personal page points to; None: no notice.
        self.survey = None

    # rounds ----------------------------------------------------------------------------
    def versions(self, *, force: bool = False) -> dict:
        """Round name -> time stored, looked up at most every :data:`ROUND_CHECK_SECONDS`."""
        now = time.monotonic()
        if force or now - self._checked > ROUND_CHECK_SECONDS:
            versions = self.ws.round_versions()
            if versions != self._versions:
                self._views = {k: v for k, v in self._views.items() if versions.get(k[0]) == k[1]}
                self._pages.clear()
                self._versions = versions
            self._checked = now
        return self._versions

    def _build(self, name: str) -> RoundView:
        survey = self.ws.survey(name)
        label = (survey.meta or {}).get("label") or ""
        view = RoundView.build(survey, name, label)
        self.stats["round_builds"] += 1
        return view

    def view(self, name: str) -> RoundView:
        """Return the view of round ``name`` (built on first use, then cached)."""
        key = (name, self.versions().get(name))
        if key not in self._views:
            self._views[key] = self._build(name)
        return self._views[key]

    async def view_async(self, name: str) -> RoundView:
        """Return :meth:`view`, built once in a worker thread however many pages wait for it.

        Other pages are served meanwhile.
        """
        key = (name, self.versions().get(name))
        if key in self._views:
            return self._views[key]
        pending = self._building.get(key)
        if pending is None:
            pending = asyncio.get_running_loop().run_in_executor(None, self._build, name)
            self._building[key] = pending
            try:
                view = await pending
            finally:
                self._building.pop(key, None)
            if self._versions.get(name) == key[1]:
                self._views[key] = view
            return view
        return await pending

    async def round_of(self, person_id: str) -> RoundView | None:
        """Return the latest round whose staff list has ``person_id``, or None."""
        for name in sorted(self.versions(), reverse=True):
            view = await self.view_async(name)
            if person_id in view.people:
                return view
        return None

    async def warm(self) -> None:
        """Build the latest round's view now (a server calls this when it starts)."""
        names = sorted(self.versions(force=True))
        if names:
            await self.view_async(names[-1])

    # pages -----------------------------------------------------------------------------
    def link_status(self, person_id: str, code: str) -> str:
        """Return ``valid``, ``expired``, ``revoked`` or ``unknown`` (``Workspace.link_status``)."""
        return self.ws.link_status(person_id, code)

    async def page(
        self,
        person_id: str,
        code: str,
        *,
        lang: str | None = None,
        topic: str | None = None,
        base_url: str = "/",
    ) -> str | None:
        """Return the page of ``person_id`` (whose link was checked), or None if no round has them."""
        lang = lang if lang in LANGUAGES else self.lang
        view = await self.round_of(person_id)
        if view is None:
            return None
        if topic not in view.topics:
            topic = None
        key = (view.name, self._versions.get(view.name), person_id, code, lang, topic, base_url)
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
            self.stats["page_cache_hits"] += 1
            return page
        page = render_page(
            view,
            person_id,
            code=code,
            lang=lang,
            topic=topic,
            org=self.org_name,
            base_url=base_url,
            demo=self.demo,
        )
        self.stats["pages_rendered"] += 1
        self._pages[key] = page
        while len(self._pages) > PAGE_CACHE_SIZE:
            self._pages.popitem(last=False)
        return page


# ---------------------------------------------------------------------------- rendering
_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       background: #f4f6f8; color: #1d2b36; }
header { background: #1f5f8b; color: white; padding: 18px 32px; }
header h1 { margin: 0; font-size: 24px; } header p { margin: 6px 0 0; opacity: .92; }
header nav { float: right; } header nav a { color: white; margin-left: 12px; }
main { display: flex; flex-wrap: wrap; gap: 20px; padding: 20px 32px; }
section { background: white; border-radius: 8px; padding: 16px 20px;
          box-shadow: 0 1px 3px rgba(0,0,0,.15); }
.ll-map { flex: 3 1 560px; min-width: 320px; } .ll-lists { flex: 2 1 300px; }
.ll-reflect { flex: 1 1 100%; }
.ll-note { color: #556; font-size: 90%; }
.ll-demo { background: #fff3cd; color: #5c4400; padding: 6px 10px; border-radius: 4px; }
.ll-topics a, .ll-topics strong { margin-right: 10px; white-space: nowrap; }
h3 { color: #1f5f8b; margin: 12px 0 6px; }
:focus-visible { outline: 3px solid #1f5f8b; outline-offset: 1px; }
header :focus-visible { outline-color: #ffbf47; }
"""


def _link(base_url: str, person_id: str, code: str, **params) -> str:
    query = {"persoon": person_id, "code": code}
    query.update({k: v for k, v in params.items() if v is not None})
    return html.escape(f"{base_url}{PAGE_PATHS[0]}?{urlencode(query)}", quote=True)


def _lists_html(view: RoundView, G: nx.DiGraph, person: str, lang: str) -> str:
    e = html.escape
    out, inn = _model.ego_lists(G, person)

    def topics(u, v):
        return ", ".join(view.topic_label(k, lang) for k in G.edges[u, v].get("topics") or ())

    def named(v):
        d = G.nodes[v]
        team = d.get("team")
        return f"{d.get('name') or ''}" + (f" ({team})" if isinstance(team, str) and team else "")

    parts = [f"<h3>{e(t('you_go_to', lang))}</h3>"]
    if out:
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{e(named(v))}<br><span class='ll-note'>{e(topics(person, v))}</span></li>"
                for v in out
            )
            + "</ul>"
        )
    else:
        parts.append(f"<p>{e(t('no_ties_you', lang))}</p>")
    parts.append(f"<h3>{e(t('come_to_you', lang))}</h3>")
    if not inn:
        parts.append(f"<p>{e(t('no_ties_them', lang))}</p>")
    else:  # a count, no teams: the map shows each of them as "a colleague" and no more
        parts.append(f"<p>{e(t('web_come_to_you_count', lang, n=len(inn)))}</p>")
    return "".join(parts)


def _reflection_html(lang: str) -> str:
    from leerlib.dashboards.personal import reflection_html

    return reflection_html(lang)


def _head(title: str, base_url: str, lang: str, *, maps: bool) -> str:
    assets = ""
    if maps:
        a = html.escape(base_url + "leerlib/assets/", quote=True)
        assets = (
            f'<link rel="stylesheet" href="{a}leerlib-map.css">'
            f'<script defer src="{a}vis-network.min.js"></script>'
            f'<script defer src="{a}leerlib-map.js"></script>'
            f'<script defer src="{a}leerlib-mount.js"></script>'
        )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        '<link rel="icon" href="data:,">'
        f"{assets}<style>{_STYLE}</style></head>"
    )


def render_page(
    view: RoundView,
    person: str,
    *,
    code: str,
    lang: str = "nl",
    topic: str | None = None,
    org: str = "",
    base_url: str = "/",
    demo: bool = False,
) -> str:
    """Return the HTML of ``person``'s page for round ``view`` (their link already checked).

    What it holds: the person's name, the names (and team, role, school) of the people they
    named, the map of :func:`leerlib.dashboards._model.own_map_graph` (page-only ids), how
    many colleagues named them (one number: no team, as the map shows them), and the round.
    The only id in it is the person's own, in the links that switch topic or language (their
    own link with one more parameter). ``demo``: say at the top that this is a demonstration
    (see :class:`PersonalPages`).
    """
    from leerlib.viz import ego_map

    e = html.escape
    G = view.graphs.get(topic, view.graphs[None])
    if person not in G:
        G = G.copy()
        G.add_node(person, name=view.people.get(person, ""))
    H, me = _model.own_map_graph(G, person, secret=view.secret, colleague=t("colleague", lang))
    labels = {k: view.topic_label(k, lang) for k in view.topics}
    title = f"{t('your_map', lang)} · {view.topic_label(topic, lang)}"
    m = ego_map(H, me, label_by="name", topic_labels=labels, lang=lang, height=460, title=title)
    round_text = view.name + (f" ({view.label})" if view.label and view.label != view.name else "")
    other = "en" if lang == "nl" else "nl"
    topic_links = []
    for key in (None, *view.topics):
        text = e(view.topic_label(key, lang))
        if key == topic:
            topic_links.append(f"<strong>{text}</strong>")
        else:
            topic_links.append(
                f'<a href="{_link(base_url, person, code, lang=lang, topic=key)}">{text}</a>'
            )
    head = _head(t("personal_title", lang), base_url, lang, maps=True)
    return (
        f"{head}<body>"
        f'<header><nav><a href="{_link(base_url, person, code, lang=other, topic=topic)}" '
        f'lang="{other}">{"English" if other == "en" else "Nederlands"}</a></nav>'
        f"<h1>{e(t('personal_title', lang))} · {e(view.people.get(person, ''))}</h1>"
        f"<p>{e(t('personal_subtitle', lang))}</p>"
        f'<p class="ll-round">{e(t("web_round_shown", lang, round=round_text, org=org))}</p>'
        f"{_demo_banner(lang) if demo else ''}"
        "</header><main>"
        f'<section class="ll-map"><p class="ll-topics">{e(t("topic", lang))}: '
        f"{' '.join(topic_links)}</p>"
        f"{m.mount_html(root_id='ll-my-map', described_by='ll-lists')}"
        f'<p class="ll-note">{e(t("your_map_caption", lang, direction=t("direction", lang)))} '
        f'<a class="ll-text-version" href="#ll-lists">{e(t("map_text_version_lists", lang))}</a></p>'
        f'<p class="ll-note">{e(t("web_private_note", lang))}</p></section>'
        f'<section class="ll-lists" id="ll-lists" tabindex="-1">'
        f"{_lists_html(view, G, person, lang)}</section>"
        f'<section class="ll-reflect">{_reflection_html(lang)}</section>'
        "</main></body></html>"
    )


def _demo_banner(lang: str) -> str:
    return f'<p class="ll-demo"><strong>{html.escape(t("web_demo", lang))}</strong></p>'


def demo_picker(view: RoundView, *, lang: str = "nl", base_url: str = "/") -> str:
    """Return the open page of a demonstration workspace.

    Every name of ``view``, each a link to that person's page (no code), under a banner that
    says it is a demonstration.
    """
    e = html.escape
    names = sorted(view.people.items(), key=lambda item: (item[1].lower(), item[0]))
    items = "".join(
        f'<li><a href="{_link(base_url, pid, "", lang=lang)}">{e(name)}</a></li>'
        for pid, name in names
    )
    other = "en" if lang == "nl" else "nl"
    return (
        f"{_head(t('personal_title', lang), base_url, lang, maps=False)}<body><header>"
        f'<nav><a href="{html.escape(base_url + PAGE_PATHS[0], quote=True)}?lang={other}" '
        f'lang="{other}">{"English" if other == "en" else "Nederlands"}</a></nav>'
        f"<h1>{e(t('personal_title', lang))}</h1>{_demo_banner(lang)}</header><main>"
        f"<section><h3>{e(t('pick_yourself', lang))}</h3>"
        f'<ul class="ll-demo-names">{items}</ul></section></main></body></html>'
    )


_ERRORS = {
    "unknown": (403, "web_link_unknown_title", "web_link_unknown"),
    "expired": (410, "web_link_expired_title", "web_link_expired"),
    "revoked": (410, "web_link_revoked_title", "web_link_revoked"),
    "too_many": (429, "web_too_many_title", "web_too_many"),
    "no_round": (404, "web_no_round_title", "web_no_round"),
    "error": (500, "error_title", "error_generic"),
}


def error_page(kind: str, base_url: str = "/") -> tuple[int, str]:
    """(status, HTML) of the bilingual page for a link that does not open a page.

    ``kind``: ``unknown`` (403: a mistyped, altered or made-up link, the same answer whether
    or not the person exists), ``expired`` or ``revoked`` (410), ``too_many`` (429: too many
    failed attempts from this address), ``no_round`` (404: a valid link of a person on no
    round's staff list) or ``error`` (500).

    Examples
    --------
    >>> status, page = error_page("revoked")
    >>> status, "ingetrokken" in page, "revoked" in page
    (410, True, True)
    """
    status, title_key, text_key = _ERRORS[kind]
    e = html.escape
    body = "".join(
        f'<section lang="{lang}"><h2>{e(t(title_key, lang))}</h2><p>{e(t(text_key, lang))}</p></section>'
        for lang in LANGUAGES
    )
    title = f"{t(title_key, 'nl')} / {t(title_key, 'en')}"
    return status, (
        f"{_head(title, base_url, 'nl', maps=False)}<body><header>"
        f"<h1>{e(t('personal_title', 'nl'))} · {e(t('personal_title', 'en'))}</h1>"
        f"</header><main>{body}</main></body></html>"
    )


# ------------------------------------------------------------------------------ serving
class AttemptLimiter:
    """Failed link attempts per client address in a sliding window.

    An address with ``limit`` failures in the last ``window`` seconds is refused (every
    request, valid links too, so that a refused guess tells nothing) until its oldest
    failure leaves the window.

    Examples
    --------
    >>> lim = AttemptLimiter(limit=2, window=60)
    >>> lim.blocked("10.0.0.1", now=0), lim.failed("10.0.0.1", now=1), lim.failed("10.0.0.1", now=2)
    (False, None, None)
    >>> lim.blocked("10.0.0.1", now=3), lim.blocked("10.0.0.2", now=3), lim.blocked("10.0.0.1", now=62)
    (True, False, False)
    """

    def __init__(self, limit: int = 30, window: float = 900.0, max_addresses: int = 100_000):
        self.limit = int(limit)
        self.window = float(window)
        self.max_addresses = int(max_addresses)
        self._fails: dict[str, deque] = {}

    def _recent(self, ip: str, now: float) -> deque | None:
        q = self._fails.get(ip)
        if q is None:
            return None
        while q and q[0] <= now - self.window:
            q.popleft()
        if not q:
            del self._fails[ip]
            return None
        return q

    def blocked(self, ip: str, *, now: float | None = None) -> bool:
        """Return True if ``ip`` has used up its failed attempts."""
        now = time.monotonic() if now is None else now
        q = self._recent(ip, now)
        return q is not None and len(q) >= self.limit

    def failed(self, ip: str, *, now: float | None = None) -> None:
        """Count one failed attempt of ``ip``."""
        now = time.monotonic() if now is None else now
        if ip not in self._fails and len(self._fails) >= self.max_addresses:
            for other in list(self._fails):
                self._recent(other, now)
        self._fails.setdefault(ip, deque()).append(now)


class LinkHandler(tornado.web.RequestHandler):
    """Base of the kernel-free handlers opened through a personal link.

    Takes the pages, the :class:`AttemptLimiter`, the base URL and the delay after a failed
    link, and sends :attr:`headers` (no caching, no referrer, a strict CSP, no framing) with
    every answer.
    """

    headers: dict[str, str] = _HEADERS

    def initialize(
        self,
        pages,
        limiter: AttemptLimiter,
        base_url: str = "/",
        fail_delay: float = 0.5,
    ) -> None:
        """Take the pages, the attempt limiter, the base URL and the delay after a failure."""
        self.pages = pages
        self.limiter = limiter
        self.base = base_url
        self.fail_delay = float(fail_delay)

    def set_default_headers(self) -> None:
        """Send the security headers."""
        for k, v in self.headers.items():
            self.set_header(k, v)


class PersonalPageHandler(LinkHandler):
    """``GET <base>voila/render/mijn_leernetwerk.ipynb?persoon=ID&code=CODE`` (also ``<base>mijn``).

    No login and no kernel: the code in the link is the key to the page. A link that does
    not check out gets a bilingual page (403 unknown, 410 expired or revoked) after a short
    pause (``fail_delay`` seconds, without holding up other requests); an address with too
    many failures gets 429 (:class:`AttemptLimiter`).
    """

    def set_default_headers(self) -> None:
        """Send the page's security headers and its content type."""
        super().set_default_headers()
        self.set_header("Content-Type", "text/html; charset=utf-8")

    def _answer(self, kind: str) -> None:
        status, page = error_page(kind, self.base)
        self.set_status(status)
        if kind == "too_many":
            self.set_header("Retry-After", str(int(self.limiter.window)))
        self.finish(page)

    async def get(self) -> None:
        """Answer a request for a personal page: check the link, then send the page."""
        ip = self.request.remote_ip or ""
        if self.limiter.blocked(ip):
            self.pages.stats["refused_too_many"] += 1
            return self._answer("too_many")
        person = (
            self.get_query_argument("persoon", "") or self.get_query_argument("person", "")
        ).strip()[:200]
        code = self.get_query_argument("code", "").strip()[:200]
        lang = self.get_query_argument("lang", None)
        if self.pages.demo:  # made-up people: open, and the page says so
            return await self._demo(person, lang)
        status = self.pages.link_status(person, code) if person and code else "unknown"
        if status != "valid":
            self.limiter.failed(ip)
            self.pages.stats[f"link_{status}"] += 1
            if self.fail_delay > 0:
                await asyncio.sleep(self.fail_delay)
            return self._answer(status)
        topic = self.get_query_argument("topic", None)
        page = await self.pages.page(person, code, lang=lang, topic=topic, base_url=self.base)
        if page is None:
            return self._answer("no_round")
        survey = self.pages.survey
        if survey is not None:  # a round asked inside leerlib is open: point to its page
            note = await asyncio.get_running_loop().run_in_executor(
                None, survey.note, person, code, lang or self.pages.lang, self.base
            )
            page = page.replace("<main>", "<main>" + note, 1)
        self.finish(page)

    async def _demo(self, person: str, lang: str | None) -> None:
        names = sorted(self.pages.versions())
        view = await self.pages.view_async(names[-1]) if names else None
        if view is None:
            return self._answer("no_round")
        lang = lang if lang in LANGUAGES else self.pages.lang
        if not person or person not in view.people:
            self.finish(demo_picker(view, lang=lang, base_url=self.base))
            return
        topic = self.get_query_argument("topic", None)
        page = await self.pages.page(person, "", lang=lang, topic=topic, base_url=self.base)
        self.finish(page)

    def write_error(self, status_code: int, **kwargs) -> None:
        """Send the bilingual error page instead of tornado's own."""
        status, page = error_page("error", self.base)
        self.set_status(status_code if status_code >= 400 else status)
        self.finish(page)


def personal_handlers(
    pages: PersonalPages,
    base_url: str = "/",
    *,
    limiter: AttemptLimiter | None = None,
    fail_delay: float = 0.5,
    page_base: str | None = None,
) -> list:
    r"""Return the tornado handler specs of the personal pages, to put before Voila's own.

    Parameters
    ----------
    pages : PersonalPages
    base_url : str
        The server's base URL (ends with ``/``).
    limiter : AttemptLimiter, optional
        Default: 30 failed attempts per address in 15 minutes.
    fail_delay : float
        Seconds a failed attempt waits for its answer.
    page_base : str, optional
        The base URL as the browser sees it (for the map scripts); default ``base_url``.

    Examples
    --------
    >>> [spec[0] for spec in personal_handlers(None, "/")]
    ['/voila/render/mijn_leernetwerk\\.ipynb', '/mijn']
    """
    import re

    limiter = limiter or AttemptLimiter()
    kwargs = {
        "pages": pages,
        "limiter": limiter,
        "base_url": page_base or base_url,
        "fail_delay": fail_delay,
    }
    return [(base_url + re.escape(path), PersonalPageHandler, kwargs) for path in PAGE_PATHS]
