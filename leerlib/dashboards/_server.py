"""The Voila application leerlib serves: a start page instead of the file tree, an allowlist."""

from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from traitlets import List, Unicode
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

__all__ = [
    "LeerlibVoila",
    "StartPageHandler",
    "AllowlistVoilaHandler",
    "RefuseHandler",
    "SafeTemplateStaticFileHandler",
    "MapAssetHandler",
    "LogoutPageHandler",
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


class AllowlistVoilaHandler(_PlainErrors, TornadoVoilaHandler):
    """Render a notebook only if its name is on the allowlist; 404 otherwise."""

    def initialize(self, allowed: list[str], **kwargs) -> None:
        self.allowed = set(allowed)
        super().initialize(**kwargs)

    @tornado.web.authenticated
    async def get(self, path=None):
        if path not in self.allowed:
            raise tornado.web.HTTPError(404)
        # Voila's page posts the _xsrf cookie when it closes, so that its kernel is shut down
        # at once; the cookie is set here, as the tree page would have done.
        _ = self.xsrf_token
        return await super().get(path)


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
        self.set_header("Content-Type", self._TYPES[name[name.rindex("."):]])
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
    start_page = None  # callable(base_url, allowed) -> str, set by leerlib.serve.make_app

    @property
    def display_url(self) -> str:
        url = self._url(self.ip or "localhost")
        token = self.identity_provider.token if self.identity_provider else ""
        return f"{url}?token={token}" if token else url

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
        if render_kwargs is not None:
            extra.append(
                (
                    base + r"/voila/render/(.*)",
                    AllowlistVoilaHandler,
                    {"allowed": allowed, **render_kwargs},
                )
            )
        return extra + handlers
