"""What both dashboards share: language switch, friendly errors, uploads and download links."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import html
import logging
import os
import secrets
from collections.abc import Callable, Iterator
from importlib import resources
from urllib.parse import parse_qs

import ipywidgets as widgets

from leerlib.dashboards._data import MAX_UPLOAD_BYTES
from leerlib.dashboards.i18n import LANGUAGES, t
from leerlib.errors import LeerlibError, ReadError

__all__ = [
    "ALL",
    "PAGE_MAPS_ENV",
    "HOME_MAP_MIME",
    "page_maps",
    "App",
    "FirstMap",
    "download_link",
    "read_upload",
    "upload_label",
    "TOO_LARGE_TYPE",
    "query_parameters",
    "app_css",
]

log = logging.getLogger("leerlib.dashboards")

#: Type the served page gives an upload over the limit, sent empty in its place
#: (``jupyter/voila/templates/leerlib/static/leerlib-upload.js``).
TOO_LARGE_TYPE = "application/x-leerlib-too-large"

#: Dropdown value meaning "all topics" (ipywidgets shows None as an empty choice).
ALL = ""


def app_css() -> str:
    """Return the dashboards' style sheet (shipped as ``leerlib/dashboards/static/app.css``).

    Examples
    --------
    >>> ".ll-header" in app_css()
    True
    """
    return resources.files("leerlib.dashboards").joinpath("static/app.css").read_text("utf-8")


def download_link(
    data: bytes, filename: str, label: str, mime: str = "application/octet-stream"
) -> str:
    r"""Return an HTML link that downloads ``data`` as ``filename`` from the page itself.

    The bytes travel inside the link (a data URL), so nothing is written on the server and no
    extra URL has to be served.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        The name the browser saves it under.
    label : str
        The link text.
    mime : str
        The media type.

    Returns
    -------
    str
        An ``<a download=...>`` element.

    Examples
    --------
    >>> download_link(b"a,b\n", "t.csv", "Table", "text/csv")
    '<a class="ll-download" download="t.csv" href="data:text/csv;base64,YSxiCg==">Table</a>'
    """
    b64 = base64.b64encode(bytes(data)).decode("ascii")
    return (
        f'<a class="ll-download" download="{html.escape(filename)}" '
        f'href="data:{mime};base64,{b64}">{html.escape(label)}</a>'
    )


def read_upload(upload: widgets.FileUpload) -> tuple[str, bytes] | None:
    """Return (file name, content) of the file chosen in a FileUpload widget, or None.

    The content stays in memory; nothing is written to disk.

    Raises
    ------
    ReadError
        If the file is over the upload limit: the served page does not send such a file, but
        an empty one of the same name marked with the type :data:`TOO_LARGE_TYPE`.

    Examples
    --------
    >>> up = widgets.FileUpload()
    >>> read_upload(up) is None
    True
    """
    value = upload.value
    if not value:
        return None
    item = value[0] if isinstance(value, (tuple, list)) else next(iter(value.values()))
    name = str(item.get("name", "upload"))
    if str(item.get("type", "")).startswith(TOO_LARGE_TYPE):
        # the served page kept a file over the limit in the browser (static/leerlib-upload.js)
        raise ReadError(f"is larger than {MAX_UPLOAD_BYTES // 2**20} MB", file=name)
    return name, bytes(item["content"])


def upload_label(label: str, value) -> str:
    """Return the text of a file button: ``label``, then the chosen file's name, if any.

    (The served page drops the count that ipywidgets adds, "(1)"; see leerlib-upload.js.)

    Examples
    --------
    >>> upload_label("Export", ()), upload_label("Export", ({"name": "enquete.csv"},))
    ('Export', 'Export: enquete.csv')
    """
    if not value:
        return label
    item = value[0] if isinstance(value, (tuple, list)) else next(iter(value.values()))
    return f"{label}: {item.get('name', '')}"


def query_parameters() -> dict[str, str]:
    """Return the page's URL query parameters (Voila passes them in ``QUERY_STRING``).

    With preheated kernels Voila hands over the request only when a page is opened; this waits
    for it. Outside Voila (Jupyter, tests) it reads the environment and returns at once.

    Examples
    --------
    >>> os.environ["QUERY_STRING"] = "persoon=p01&lang=en"
    >>> query_parameters()
    {'persoon': 'p01', 'lang': 'en'}
    >>> del os.environ["QUERY_STRING"]
    """
    query = os.environ.get("QUERY_STRING")
    if os.environ.get("VOILA_PREHEAT") == "True":
        try:
            from voila.utils import get_query_string

            query = get_query_string()
        except Exception:  # no server to ask: behave as outside Voila
            log.exception("could not read the page's query string")
    parsed = parse_qs(query or "", keep_blank_values=False)
    return {k: v[-1] for k, v in parsed.items()}


#: Set to "1" by ``python -m leerlib.serve`` for its kernels: the page (leerlib's Voila
#: template) loads the map scripts once, so maps travel as inert markup.
PAGE_MAPS_ENV = "LEERLIB_PAGE_MAPS"


#: Media type of a dashboard's first map: leerlib's Voila template writes it into the page
#: as sent (it is inert markup made by :meth:`leerlib.viz.NetworkMap.mount_html`).
HOME_MAP_MIME = "application/vnd.leerlib.map-home+html"


def page_maps() -> bool:
    """Whether maps go into the page as inert markup (True) or as sandboxed frames (False).

    Examples
    --------
    >>> os.environ.pop(PAGE_MAPS_ENV, None) and None
    >>> page_maps()
    False
    """
    return os.environ.get(PAGE_MAPS_ENV, "") == "1"


@dataclasses.dataclass
class FirstMap:
    """Where an app's first map is on its way to the served page.

    Served by ``python -m leerlib.serve``, an app's first map does not wait for the widgets: it
    is held back (:meth:`hold`) and sent as an output of its own (:meth:`take`), linked to the
    app's map slot by :attr:`slot`. Once the app is shown or that output is sent, maps go into
    the app's ``map`` widget (:attr:`waiting` is False).

    Attributes
    ----------
    url_read : bool
        The page's address (``?lang=``, ``?persoon=``) has been read.
    displayed : bool
        The app's widgets went to the page.
    sent : bool
        The first map's own output went to the page (or would have, with none held).
    held : str or None
        Markup of the map held back to be that output.
    slot : str or None
        Id that links that output to the app's map slot (made by :meth:`slot_id`).

    Examples
    --------
    >>> first = FirstMap()
    >>> first.waiting, first.goes_first(follows_url=False)
    (True, True)
    >>> first.hold("<div>map</div>")
    >>> first.take(), first.take(), first.waiting
    ('<div>map</div>', None, False)
    """

    url_read: bool = False
    displayed: bool = False
    sent: bool = False
    held: str | None = None
    slot: str | None = None

    @property
    def waiting(self) -> bool:
        """Whether a new map is to be held back as the first output (nothing shown yet)."""
        return not (self.displayed or self.sent)

    def slot_id(self) -> str:
        """Return the slot's id, made on first use and the same ever after."""
        if self.slot is None:
            self.slot = f"ll-slot-{secrets.token_hex(6)}"
        return self.slot

    def goes_first(self, *, follows_url: bool) -> bool:
        """Whether the first map goes out before the app.

        Only if it does not depend on the page's address (``follows_url``) and that address has
        not been read yet.
        """
        return not follows_url and not self.url_read

    def read_url_once(self) -> bool:
        """Return True the first time only: the caller reads the page's address now."""
        if self.url_read:
            return False
        self.url_read = True
        return True

    def hold(self, markup: str) -> None:
        """Hold ``markup`` back to be the first output (replacing a map held before)."""
        self.held = markup

    def take(self) -> str | None:
        """Return the map held back, once, as the first output is sent; None if there is none."""
        markup, self.held = self.held, None
        self.sent = True
        return markup

    def release(self) -> str | None:
        """Return the map held back, once, to go elsewhere (the app's widget); no output is sent."""
        markup, self.held = self.held, None
        return markup


class App:
    """Base of the dashboards: a header with a language switch, a message bar, a body.

    Subclasses build their widgets in ``_build()`` and set every translatable text in
    ``_relabel()``; both run again when the language changes. Every callback runs inside
    :meth:`guard`, so an error becomes a message in the page, never a traceback.
    """

    title_key = "overview_title"
    subtitle_key = "overview_subtitle"

    def __init__(self, lang: str = "nl") -> None:
        self.lang = lang if lang in LANGUAGES else "nl"
        self.first_map = FirstMap()
        self._title = widgets.HTML()
        self._title.add_class("ll-header")
        self.lang_toggle = widgets.ToggleButtons(
            options=[("NL", "nl"), ("EN", "en")], value=self.lang, style={"button_width": "48px"}
        )
        self.lang_toggle.add_class("ll-lang")
        self.lang_toggle.observe(self._on_lang, names="value")
        self.message = widgets.HTML()
        self.message.add_class("ll-message")
        self.body = widgets.VBox()
        style = widgets.HTML(f"<style>{app_css()}</style>")
        style.layout.display = "none"
        header = widgets.HBox([self._title, self.lang_toggle])
        header.add_class("ll-header-bar")
        self.widget = widgets.VBox([style, header, self.message, self.body])
        self.widget.add_class("ll-app")

    # display ---------------------------------------------------------------------------
    def _ipython_display_(self) -> None:
        """Show the app; served by leerlib.serve, its first map comes as an output of its own.

        Widgets appear only once the page has connected to its kernel and built every widget
        (about 0.2-0.3 s after Voila shows the page). The first map does not wait for that:
        it is an output of its own (:data:`HOME_MAP_MIME`, inert markup) that leerlib's Voila
        template writes into the page as it is sent; the page's map scripts draw it and move it
        into the app's map slot as soon as the widgets are there (see ``leerlib-mount.js``).
        It goes before the app unless it depends on the page's address
        (:attr:`first_map_follows_url`), after it otherwise.
        """
        from IPython.display import display

        # A first map that does not depend on the page's address goes out before the app
        # waits for that address (Voila's preheated kernels): Voila sends it at once.
        early = self.first_map.goes_first(follows_url=self.first_map_follows_url)
        if early:
            self._emit_home()
        display(self._bundle(keep_home=True), raw=True)
        if not early:
            self._emit_home()

    def _emit_home(self) -> None:
        from IPython.display import display

        home = self.first_map.take()  # later maps go into the widget
        if home:
            home = f'<div class="leerlib-map-home" data-slot="{self.first_map.slot}">{home}</div>'
            display({HOME_MAP_MIME: home, "text/html": home}, raw=True)

    def _repr_mimebundle_(self, **kwargs):
        return self._bundle(keep_home=False, **kwargs)

    def _bundle(self, *, keep_home: bool, **kwargs):
        # The page's address is known only when the page is opened (Voila's preheated kernels
        # run the notebook before anyone asks for it), so ?lang= and friends are read here.
        if self.first_map.read_url_once():
            with self.guard():
                self.apply_url(query_parameters())
        if self.first_map.held and not keep_home:  # shown as a widget only: the map goes inside
            self.map.value = self.first_map.release()
        self.first_map.displayed = True
        return self.widget._repr_mimebundle_(**kwargs)

    # maps ------------------------------------------------------------------------------
    #: Whether the first map depends on the page's address (``?persoon=``): then it can only
    #: be sent after the request.
    first_map_follows_url = False

    #: Id of the element that says in words what the map shows (the lists beside it), which
    #: screen readers read as the map's description; None: the map's legend only.
    text_version_id: str | None = None

    def show_map(self, m) -> None:
        """Show ``m`` (a :class:`leerlib.viz.NetworkMap`) in the app's ``map`` widget.

        Served by ``python -m leerlib.serve`` (see :func:`page_maps`) maps are inert markup
        that the page's map scripts draw, with no script of their own; before the app is first
        shown the map waits to become the page's first output (see :meth:`_ipython_display_`).
        Anywhere else (Jupyter, plain Voila) the map's sandboxed frame carries its scripts.
        """
        if not page_maps():
            self.map.value = m._repr_html_()
            return
        slot = self.first_map.slot_id()
        markup = m.mount_html(slot=slot, described_by=self.text_version_id)
        if not self.first_map.waiting:
            self.map.value = markup
            return
        self.first_map.hold(markup)
        self.map.value = (
            f'<div class="leerlib-map-slot" data-slot="{slot}" '
            f'style="min-height:{int(m.height) + 50}px"></div>'
        )

    def clear_map(self) -> None:
        """Show no map."""
        self.first_map.release()
        self.map.value = ""

    def apply_url(self, params: dict) -> None:
        """Follow the page address: ``?lang=en`` switches the language."""
        if params.get("lang") in LANGUAGES and params["lang"] != self.lang:
            self.set_language(params["lang"])

    # language --------------------------------------------------------------------------
    def _on_lang(self, change) -> None:
        with self.guard():
            self.set_language(change["new"])

    def set_language(self, lang: str) -> None:
        """Switch every label to ``lang`` ("nl" or "en")."""
        if lang not in LANGUAGES:
            raise LeerlibError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
        self.lang = lang
        if self.lang_toggle.value != lang:
            self.lang_toggle.value = lang
        self._relabel()

    def t(self, key: str, **kwargs) -> str:
        """Text for ``key`` in the current language."""
        return t(key, self.lang, **kwargs)

    def _relabel(self) -> None:
        self._title.value = (
            f"<h1>{html.escape(self.t(self.title_key))}</h1>"
            f"<p>{html.escape(self.t(self.subtitle_key))}</p>"
        )

    def topic_label(self, key) -> str:
        """Return the label of topic ``key`` in the current language (None: all topics)."""
        if key is None:
            return self.t("all_topics")
        labels = (self.survey.topics or {}).get(key) or {}
        return labels.get(self.lang) or labels.get("nl") or str(key)

    def topic_keys(self) -> list:
        """Return the topics offered in the ``topic`` dropdown: the codebook's, in its order."""
        return list((self.survey.topics or {}).keys())

    def set_topic_options(self) -> None:
        """Fill the ``topic`` dropdown in the current language.

        All topics, then :meth:`topic_keys`; the chosen topic stays chosen while it is offered.
        """
        keys = self.topic_keys()
        current = self.topic.value
        self.topic.options = [(self.topic_label(None), ALL)] + [
            (self.topic_label(k), k) for k in keys
        ]
        self.topic.value = current if current in keys else ALL

    @property
    def chosen_topic(self) -> str | None:
        """The topic chosen in the app's ``topic`` dropdown; None for all topics."""
        topic = getattr(self, "topic", None)
        return (topic.value or None) if topic is not None else None

    # messages --------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        """Show ``text`` in the message bar as an error."""
        self.message.value = (
            f'<div class="ll-error" role="alert"><b>{html.escape(self.t("error_title"))}:</b> '
            f"{html.escape(text)}</div>"
        )

    def show_info(self, text: str) -> None:
        """Show ``text`` in the message bar as a notice."""
        self.message.value = f'<div class="ll-info" role="status">{html.escape(text)}</div>'

    def clear_message(self) -> None:
        self.message.value = ""

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Run a block; a LeerlibError shows its message, anything else a generic one.

        Examples
        --------
        >>> app = App()
        >>> with app.guard():
        ...     raise LeerlibError("file.csv, row 3: expected a name")
        >>> "row 3: expected a name" in app.message.value
        True
        """
        try:
            yield
        except LeerlibError as exc:
            self.show_error(str(exc))
        except Exception:
            log.exception("dashboard callback failed")
            self.show_error(self.t("error_generic"))

    def guarded(self, func: Callable) -> Callable:
        """Wrap a widget callback in :meth:`guard`."""

        def wrapper(*args, **kwargs):
            with self.guard():
                return func(*args, **kwargs)

        return wrapper
