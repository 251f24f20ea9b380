"""The Voila application leerlib serves: a start page instead of the file tree, an allowlist."""

from __future__ import annotations

import html

import tornado.web
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from traitlets import Dict, Float, Integer, List, Unicode
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

__all__ = [
    "LeerlibVoila",
    "PageKernels",
    "StartPageHandler",
    "AllowlistVoilaHandler",
    "RefuseHandler",
    "SafeTemplateStaticFileHandler",
    "MapAssetHandler",
    "LogoutPageHandler",
    "delay_refills",
    "mark_active",
]


_ERROR_PAGE = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{code}</title></head>'
    '<body style="font-family: sans-serif; margin: 40px">'
    "<h1>{code}</h1><p>Deze pagina bestaat niet of is niet toegankelijk. / "
    "This page does not exist or is not accessible.</p>"
    '<p><a href="{home}">Naar het begin / To the start page</a></p></body></html>'
)


class _PlainErrors:
    """Answer errors with a short page of our own (never a traceback or a file listing)."""

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(_ERROR_PAGE.format(code=int(status_code), home=self.base_url))


_LOGOUT_PAGE = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>leerlib</title></head>'
    '<body style="font-family: sans-serif; margin: 40px">'
    "<h1>Afgemeld / Signed out</h1>"
    "<p>Je bent afgemeld. Open de link met het token opnieuw om verder te gaan. / "
    "You are signed out. Open the link with the token again to continue.</p>"
    '<p><a href="{home}">Naar het begin / To the start page</a></p></body></html>'
)


class LogoutPageHandler(_PlainErrors, JupyterHandler):
    """``/logout``: forget the login cookie and say so in a short page of our own.

    Jupyter's own handler renders a template that Voila does not ship, and answered 500 with
    an empty body.
    """

    @allow_unauthenticated
    def get(self) -> None:
        self.identity_provider.clear_login_cookie(self)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(_LOGOUT_PAGE.format(home=self.base_url))


class StartPageHandler(_PlainErrors, JupyterHandler):
    """The start page: links to the dashboards, nothing else (no file tree)."""

    def initialize(self, page: str) -> None:
        self.page = page

    @tornado.web.authenticated
    def get(self) -> None:
        _ = self.xsrf_token  # sets the _xsrf cookie the dashboards' shutdown beacon sends
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(self.page)


class PageKernels:
    """The kernels handed to pages, and a cap on how many may be alive at once.

    Every page of a dashboard gets a kernel of its own (about 200 MB); kernels that Voila keeps
    preheated for the next page are not counted. A request first takes a place
    (:meth:`take`); the place becomes the page's kernel once Voila hands it one
    (:meth:`assign`), or is given back if the request ends without one (:meth:`give_back`).
    A kernel stops counting once the kernel manager no longer has it (closed by its page or
    culled when idle).

    Parameters
    ----------
    alive : callable
        Returns the ids of the kernels running now (the kernel manager's ``list_kernel_ids``).
    limit : int
        Most kernels given to pages at once; 0 or less: no cap.

    Examples
    --------
    >>> running = {"k0"}  # a preheated kernel, never handed to a page
    >>> pages = PageKernels(lambda: list(running), limit=2)
    >>> pages.take(), pages.take(), pages.take()  # two places, the third request is refused
    (True, True, False)
    >>> running |= {"k1", "k2"}; pages.assign("k1"); pages.assign("k2")
    >>> pages.in_use(), pages.take()
    (2, False)
    >>> running.discard("k1")  # its page was closed, or it was culled
    >>> pages.in_use(), pages.take()
    (1, True)
    >>> pages.give_back(); pages.in_use()  # that request ended without a kernel
    1
    """

    def __init__(self, alive, limit: int) -> None:
        self._alive = alive
        self.limit = int(limit)
        self._kernels: set[str] = set()
        self._waiting = 0

    def in_use(self) -> int:
        """Kernels alive that were given to pages, plus requests waiting for one."""
        self._kernels &= set(self._alive())
        return len(self._kernels) + self._waiting

    def take(self) -> bool:
        """Take a place for a new page; False when the cap is reached."""
        if self.limit > 0 and self.in_use() >= self.limit:
            return False
        self._waiting += 1
        return True

    def assign(self, kernel_id: str) -> None:
        """Return the place taken became the page's kernel ``kernel_id``."""
        self._waiting = max(self._waiting - 1, 0)
        self._kernels.add(kernel_id)

    def give_back(self) -> None:
        """Return the request that took a place ended without a kernel."""
        self._waiting = max(self._waiting - 1, 0)


def mark_active(manager, kernel_id: str) -> None:
    """Count a kernel as active now: a preheated kernel handed to a page starts the page's time.

    The culler stops a kernel that has been idle, with no page connected, for ``cull_after``
    seconds. A preheated kernel has often been idle longer than that when a page takes it, and
    a page that is slow to connect (the course's sessions on a busy machine) lost its kernel
    before its widgets appeared.

    Examples
    --------
    >>> import datetime as dt, types
    >>> kernel = types.SimpleNamespace(last_activity=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    >>> manager = types.SimpleNamespace(get_kernel=lambda kid: {"k1": kernel}[kid])
    >>> mark_active(manager, "k1")
    >>> kernel.last_activity.year > 2020
    True
    >>> mark_active(manager, "gone")  # a kernel that no longer exists: nothing to do
    """
    from jupyter_server._tz import utcnow

    try:
        kernel = manager.get_kernel(kernel_id)
    except KeyError:
        return
    kernel.last_activity = utcnow()


def delay_refills(manager, delays: dict) -> None:
    """Refill the pools of the notebooks in ``delays`` later after a page takes a kernel.

    Each named notebook's pool of preheated kernels is refilled that many seconds after a page
    takes one of its kernels; other notebooks as Voila does (its ``fill_delay``, 1 s). Voila
    refills a pool with one ``fill_delay`` for every notebook. A refill runs the whole
    notebook; for the HR overview, whose pool holds a kernel per HR user expected at once,
    refills that start while those users' pages load take the processor from them.

    Examples
    --------
    >>> import types
    >>> calls = []
    >>> manager = types.SimpleNamespace(
    ...     fill_if_needed=lambda delay=None, notebook_name=None, **kw: calls.append(delay)
    ... )
    >>> delay_refills(manager, {"netwerk_overzicht.ipynb": 10.0})
    >>> manager.fill_if_needed(delay=None, notebook_name="netwerk_overzicht.ipynb")
    >>> manager.fill_if_needed(delay=None, notebook_name="mijn_leernetwerk.ipynb")
    >>> manager.fill_if_needed(delay=0, notebook_name="netwerk_overzicht.ipynb")  # at start-up
    >>> calls
    [10.0, None, 0]
    """
    fill = getattr(manager, "fill_if_needed", None)
    if fill is None or not delays:  # no preheated kernels
        return

    def fill_if_needed(delay=None, notebook_name=None, **kwargs):
        if delay is None and notebook_name in delays:
            delay = delays[notebook_name]
        return fill(delay=delay, notebook_name=notebook_name, **kwargs)

    manager.fill_if_needed = fill_if_needed


class _CountedKernelManager:
    """The kernel manager as one page request sees it: the kernel it gets is counted.

    Voila's page handler obtains its kernel in one of two ways (a preheated one through
    ``get_rendered_notebook``, a new one through ``start_kernel``); everything else passes
    through unchanged.
    """

    def __init__(self, manager, on_kernel) -> None:
        self._manager = manager
        self._on_kernel = on_kernel

    def __getattr__(self, name):
        return getattr(self._manager, name)

    async def get_rendered_notebook(self, *args, **kwargs):
        result = await self._manager.get_rendered_notebook(*args, **kwargs)
        self._on_kernel(result[2])  # (render task, rendered cells, kernel id)
        return result

    async def start_kernel(self, *args, **kwargs):
        kernel_id = await ensure_async(self._manager.start_kernel(*args, **kwargs))
        self._on_kernel(kernel_id)
        return kernel_id


#: Seconds a browser is asked to wait before trying again when every place is taken.
BUSY_RETRY_AFTER = 30

_BUSY_PAGE = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Even geduld / Busy</title>'
    '<meta http-equiv="refresh" content="{retry}"></head>'
    '<body style="font-family: sans-serif; margin: 40px; max-width: 40em">'
    "<h1>Even geduld &middot; One moment, please</h1>"
    "<p>Er zijn nu veel dashboards tegelijk open. Probeer het over een halve minuut opnieuw; "
    "deze pagina doet dat vanzelf.</p>"
    '<p lang="en">Many dashboards are open right now. Please try again in half a minute; '
    "this page does so by itself.</p>"
    '<p><a href="{again}">Opnieuw proberen / Try again</a> &middot; '
    '<a href="{home}">Naar het begin / To the start page</a></p></body></html>'
)


class AllowlistVoilaHandler(_PlainErrors, TornadoVoilaHandler):
    """Render a notebook only if it is on the allowlist and a kernel place is free.

    Otherwise: 404 for a name off the allowlist; a bilingual "busy" page with status 503 and
    ``Retry-After`` when no kernel place is free.
    """

    def initialize(
        self, allowed: list[str], page_kernels: PageKernels | None = None, **kwargs
    ) -> None:
        self.allowed = set(allowed)
        self.page_kernels = page_kernels
        self._place_taken = False
        super().initialize(**kwargs)

    @property
    def kernel_manager(self):
        manager = self.settings["kernel_manager"]
        if not self._place_taken:
            return manager
        return _CountedKernelManager(manager, self._kernel_assigned)

    def _kernel_assigned(self, kernel_id: str) -> None:
        mark_active(self.settings["kernel_manager"], kernel_id)
        if self._place_taken:
            self._place_taken = False
            self.page_kernels.assign(kernel_id)

    def _busy(self) -> None:
        self.set_status(503)
        self.set_header("Retry-After", str(BUSY_RETRY_AFTER))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(
            _BUSY_PAGE.format(
                retry=BUSY_RETRY_AFTER,
                home=self.base_url,
                again=html.escape(self.request.uri or self.base_url),
            )
        )

    @tornado.web.authenticated
    async def get(self, path=None):
        if path not in self.allowed:
            raise tornado.web.HTTPError(404)
        if self.page_kernels is not None:
            if not self.page_kernels.take():
                self.log.warning(
                    "every page kernel is in use (%d); answered busy", self.page_kernels.limit
                )
                return self._busy()
            self._place_taken = True
        try:
            # Voila's page posts the _xsrf cookie when it closes, so that its kernel is shut
            # down at once; the cookie is set here, as the tree page would have done.
            _ = self.xsrf_token
            return await super().get(path)
        finally:
            if self._place_taken:
                self._place_taken = False
                self.page_kernels.give_back()


class SafeTemplateStaticFileHandler(TemplateStaticFileHandler):
    """Voila's template files, answering 404 (not 500) to paths that are not ``<name>/static/...``."""

    def parse_url_path(self, path):
        parts = path.split("/")
        if len(parts) < 3 or parts[1] != "static" or ".." in parts or "" in parts[:2]:
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish(f"{int(status_code)}")


class MapAssetHandler(tornado.web.RequestHandler):
    """The map scripts and style sheet the template loads once per page (``/leerlib/assets/<name>``).

    Served from the installed packages (vis-network from pyvis, unchanged), never from a
    folder. ``Cache-Control: no-cache`` with an ETag: the browser keeps its copy (and its
    compiled code) and asks with one small request whether it is still current, so an upgrade
    is picked up at once.
    """

    _TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

    def get(self, name: str) -> None:
        from leerlib.viz._page import PAGE_ASSETS, page_asset

        if name not in PAGE_ASSETS:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", self._TYPES[name[name.rindex(".") :]])
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(page_asset(name).encode("utf-8"))

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish(f"{int(status_code)}")


class RefuseHandler(_PlainErrors, JupyterHandler):
    """Answer 404 to every method (the file tree, the contents API)."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class LeerlibVoila(Voila):
    """Voila serving a folder of dashboards without exposing the folder.

    Differences from Voila's directory mode: ``/`` is a start page with links to the allowed
    dashboards; ``/voila/tree`` and ``/voila/api/contents`` answer 404; ``/voila/render/<name>``
    renders only names in :attr:`allowed_notebooks`. ``/voila/files`` follows Voila's allowlist,
    which leerlib's configuration leaves empty. ``/logout`` is a short page of our own.
    """

    name = "leerlib-voila"
    allowed_notebooks = List(Unicode(), config=True, help="notebook names that may be rendered")
    max_page_kernels = Integer(
        10,
        config=True,
        help="most kernels given to pages at once (preheated kernels not counted); a page "
        "asked for beyond it gets a 'busy, try again' answer (503); 0: no cap",
    )
    refill_delays = Dict(
        value_trait=Float(),
        config=True,
        help="seconds after a page takes a preheated kernel of the named notebook before "
        "another is started (other notebooks: Voila's fill_delay)",
    )
    start_page = None  # callable(base_url, allowed) -> str, set by leerlib.serve.make_app
    #: callables(base: str) -> list of tornado handler specs, placed before every other
    #: handler (leerlib.serve registers the workspace's personal pages this way)
    handler_makers: tuple = ()

    @property
    def display_url(self) -> str:
        url = self._url(self.ip or "localhost")
        token = self.identity_provider.token if self.identity_provider else ""
        return f"{url}?token={token}" if token else url

    def init_settings(self) -> dict:
        settings = super().init_settings()  # makes the kernel manager and its pools
        delay_refills(self.kernel_manager, dict(self.refill_delays))
        return settings

    def init_handlers(self) -> list:
        handlers = []
        render_kwargs = None
        for spec in super().init_handlers():
            pattern, handler = spec[0], spec[1]
            if handler.__name__ in ("TornadoVoilaTreeHandler", "VoilaContentsHandler"):
                continue
            if pattern.rstrip("$").endswith("/logout"):
                spec = (pattern, LogoutPageHandler, *spec[2:])
            if handler is TemplateStaticFileHandler:
                spec = (pattern, SafeTemplateStaticFileHandler, *spec[2:])
            if handler is TornadoVoilaHandler and "/voila/render/" in pattern:
                render_kwargs = dict(spec[2])
                continue
            handlers.append(spec)
        allowed = list(self.allowed_notebooks)
        page = self.start_page(self.base_url, allowed) if self.start_page else ""
        base = self.server_url.rstrip("/")
        extra = [
            (base + "/", StartPageHandler, {"page": page}),
            (base + r"/voila/tree(.*)", RefuseHandler),
            (base + r"/voila/api/contents(.*)", RefuseHandler),
            (base + r"/leerlib/assets/([A-Za-z0-9.-]+)", MapAssetHandler),
        ]
        for make in self.handler_makers:
            extra[:0] = make(base)
        if render_kwargs is not None:
            self.page_kernels = PageKernels(
                self.kernel_manager.list_kernel_ids, self.max_page_kernels
            )
            extra.append(
                (
                    base + r"/voila/render/(.*)",
                    AllowlistVoilaHandler,
                    {"allowed": allowed, "page_kernels": self.page_kernels, **render_kwargs},
                )
            )
        return extra + handlers
