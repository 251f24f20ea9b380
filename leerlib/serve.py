"""Serve the dashboards with Voila: loopback by default, sources stripped, no tracebacks."""

from __future__ import annotations

import argparse
import functools
import html
import ipaddress
import os
import secrets
import sys
from pathlib import Path

__all__ = [
    "DASHBOARDS",
    "DEFAULT_PORT",
    "DEFAULT_MAX_KERNELS",
    "UPLOAD_MESSAGE_BYTES",
    "DEFAULT_CULL_AFTER",
    "DEFAULT_OVERVIEW_POOL",
    "DEFAULT_REFILL_DELAY",
    "OVERVIEW",
    "dashboards_dir",
    "course_dir",
    "template_root",
    "voila_config",
    "make_app",
    "register_personal_pages",
    "register_survey_pages",
    "main",
]

#: The notebooks that may be rendered, with their titles on the start page.
DASHBOARDS = {
    "netwerk_overzicht.ipynb": {
        "nl": (
            "Netwerk in beeld",
            "Voor HR en teamleiders: de vraagbaken per thema, welke teams "
            "(niet) van elkaar leren, kerncijfers en downloads.",
        ),
        "en": (
            "Network overview",
            "For HR and team leaders: go-to people per topic, which teams "
            "learn (or never learn) from each other, key figures and downloads.",
        ),
    },
    "mijn_leernetwerk.ipynb": {
        "nl": (
            "Mijn leernetwerk",
            "Voor iedere collega: bij wie je te rade gaat, wie bij jou komt, en tips.",
        ),
        "en": (
            "My learning network",
            "For every colleague: whom you turn to, who comes to you, and suggestions.",
        ),
    },
}

DEFAULT_PORT = 8866

#: Largest websocket message the server takes: an upload at the limit
#: (``leerlib.dashboards._data.MAX_UPLOAD_BYTES``, 50 MiB) and room for the message around it.
UPLOAD_MESSAGE_BYTES = 50 * 2**20 + 4 * 2**20

#: Most kernels given to pages at once (each about 200 MB; preheated kernels come on top).
DEFAULT_MAX_KERNELS = 10

#: Seconds a kernel whose page is gone (or never connected) may stay idle before it is shut down.
DEFAULT_CULL_AFTER = 180

#: The HR overview's notebook.
OVERVIEW = "netwerk_overzicht.ipynb"

#: Kernels kept ready for the HR overview: as many as HR users are expected to open it within a
#: few seconds of each other. Each holds about 200 MB while it waits; a page that finds none
#: ready waits for a kernel to start and run the notebook (several seconds on 2 cores, longer
#: when several start at once). The reasoning is in docs/dashboards.md.
DEFAULT_OVERVIEW_POOL = 5

#: Seconds after a page takes a preheated kernel of the HR overview before another is started
#: in its place (Voila's own default, kept for the other dashboards, is 1 s). Each refill runs the whole notebook, about 3 CPU seconds; on
#: 2 cores five refills during five users' first seconds took the processor from their pages
#: (map drawn p95 8.1 s against 1.8 s with 10 s; docs/dashboards.md).
DEFAULT_REFILL_DELAY = 10.0

#: Loopback: the only addresses served without a token.
_LOOPBACK_NAMES = {"localhost"}

_FRIENDLY_CELL_ERROR = (
    "Dit dashboard kon niet worden geladen. De beheerder vindt de oorzaak in het serverlog. / "
    "This dashboard could not be loaded; the server log has the details."
)


def dashboards_dir() -> Path:
    """Return the folder of dashboard notebooks: package data of ``leerlib.dashboards``.

    Read with :mod:`importlib.resources`, so an installed wheel serves its own notebooks; in a
    source checkout ``notebooks/dashboards`` links to this folder.

    Raises
    ------
    LeerlibError
        If the folder is missing (a damaged install).

    Examples
    --------
    >>> dashboards_dir().parts[-3:]
    ('leerlib', 'dashboards', 'notebooks')
    """
    from importlib import resources

    from leerlib.errors import LeerlibError

    # through the leerlib package: importing leerlib.dashboards would load ipywidgets
    path = Path(str(resources.files("leerlib") / "dashboards" / "notebooks"))
    if not path.is_dir():
        raise LeerlibError(
            f"the dashboard notebooks are not at {path} (package data of leerlib.dashboards); "
            "reinstall leerlib or pass --notebooks with the folder that holds them"
        )
    return path


def course_dir() -> Path:
    """Return the folder of the course notebooks, ``notebooks/teaching`` of a clone of leerlib.

    The course is not package data: it is found beside the package of an editable install
    (``pip install -e``), as docs/teaching.md installs it.

    Raises
    ------
    LeerlibError
        If the folder is not there (leerlib installed from a wheel): pass ``--notebooks``.

    Examples
    --------
    >>> course_dir().parts[-2:]
    ('notebooks', 'teaching')
    """
    from leerlib.errors import LeerlibError

    path = Path(__file__).resolve().parents[1] / "notebooks" / "teaching"
    if not path.is_dir():
        raise LeerlibError(
            f"the course notebooks are not at {path}: they come with a clone of leerlib "
            "(install it with pip install -e), or pass --notebooks with their folder"
        )
    return path


def template_root() -> Path:
    """Return the Jupyter data folder that holds leerlib's Voila template.

    Voila finds templates under ``<data dir>/voila/templates/<name>``; :func:`main` puts this
    folder first on ``JUPYTER_PATH`` so that the ``leerlib`` template is found.

    Examples
    --------
    >>> (template_root() / "voila" / "templates" / "leerlib" / "conf.json").is_file()
    True
    """
    return Path(__file__).resolve().parent / "dashboards" / "jupyter"


def _is_loopback(ip: str) -> bool:
    if ip in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def voila_config(
    *,
    ip: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    token: str | None = None,
    preheat: bool = True,
    pool_size: int = 1,
    overview_pool: int | None = DEFAULT_OVERVIEW_POOL,
    refill_delay: float = DEFAULT_REFILL_DELAY,
    allow: tuple[str, ...] = (),
    max_kernels: int = DEFAULT_MAX_KERNELS,
    cull_after: int = DEFAULT_CULL_AFTER,
    not_preheated: tuple[str, ...] = (),
):
    """Build the traitlets configuration leerlib serves its dashboards with.

    Parameters
    ----------
    ip : str
        Address to bind; loopback (127.0.0.1) by default.
    port : int
        Port; Voila tries the next ones if it is taken.
    token : str, optional
        Required token. On a non-loopback address a random token is made when none is given;
        an empty (or blank) token there is refused, since it would switch authentication off.
    preheat : bool
        Keep ``pool_size`` kernels per dashboard executed in advance, so a page opens at once.
    pool_size : int
        Number of preheated kernels per dashboard (and per other allowed notebook).
    overview_pool : int or None
        Number of preheated kernels for the HR overview (:data:`OVERVIEW`) instead of
        ``pool_size``: about one per HR user who may open it at the same moment. None: as
        ``pool_size``.
    refill_delay : float
        Seconds after a page takes a preheated kernel of the HR overview before another is
        started in its place (other dashboards: Voila's 1 s).
    allow : tuple of str
        Extra notebook names (in the served folder) that may be rendered besides
        :data:`DASHBOARDS`; the benchmark serves an empty notebook this way.
    max_kernels : int
        Most kernels given to pages at once (about 200 MB each; the preheated ones come on
        top). A page asked for beyond it gets a bilingual "busy, try again in a moment" page
        (HTTP 503 with ``Retry-After``). 0: no cap.
    cull_after : int
        Seconds after which a kernel that is idle and has no page connected (the page was
        closed without telling the server, or a plain request that never connects) is shut
        down; checked every ``cull_after / 6`` seconds (at most 30 s). Kernels of open pages
        are never culled.
    not_preheated : tuple of str
        Notebooks that get no preheated kernel (with ``--workspace`` the personal notebook:
        its address is answered by leerlib's own handler, so a kernel kept ready for it would
        only hold memory).

    Returns
    -------
    (Config, str)
        The configuration and the token ('' on loopback without a token).

    Raises
    ------
    LeerlibError
        If ``token`` is empty or blank while ``ip`` is not a loopback address (an unset
        variable in ``--token "$VAR"`` would otherwise serve every page to the network).

    Examples
    --------
    >>> c, tok = voila_config()
    >>> c.VoilaConfiguration.show_tracebacks, c.VoilaConfiguration.strip_sources, tok
    (False, True, '')
    >>> c, tok = voila_config(ip="0.0.0.0")
    >>> len(tok) > 20
    True
    >>> voila_config(ip="0.0.0.0", token="")
    Traceback (most recent call last):
    ...
    leerlib.errors.LeerlibError: an empty token on 0.0.0.0 would serve every page to anyone on the network; pass a non-empty --token, or leave --token out to have one made
    """
    from traitlets.config import Config

    from leerlib.dashboards._kernel_client import CLIENT_CLASS as KERNEL_CLIENT_CLASS
    from leerlib.errors import LeerlibError

    loopback = _is_loopback(ip)
    if token is None:
        token = "" if loopback else secrets.token_urlsafe(24)
    elif not token.strip():
        if not loopback:
            raise LeerlibError(
                f"an empty token on {ip} would serve every page to anyone on the network; "
                "pass a non-empty --token, or leave --token out to have one made"
            )
        token = ""
    c = Config()
    c.Voila.ip = ip
    c.Voila.port = port
    c.Voila.open_browser = False
    c.Voila.token = token
    c.Voila.tornado_settings = {
        # Host header check (DNS rebinding) stays on while we serve loopback only.
        "allow_remote_access": not loopback,
        # An upload travels to the kernel in one websocket message: room for a file at the
        # upload limit (tornado's default of 10 MiB dropped the connection on larger files).
        # The page itself keeps larger files back (template static/leerlib-upload.js).
        "websocket_max_message_size": UPLOAD_MESSAGE_BYTES,
        "headers": {"Referrer-Policy": "no-referrer", "X-Frame-Options": "SAMEORIGIN"},
    }
    c.LeerlibVoila.allowed_notebooks = sorted(set(DASHBOARDS) | set(allow))
    vc = c.VoilaConfiguration
    vc.template = "leerlib"
    vc.theme = "light"
    vc.strip_sources = True
    vc.show_tracebacks = False
    vc.allow_template_override = "NO"
    vc.allow_theme_override = "NO"
    vc.file_allowlist = []  # /voila/files serves nothing
    vc.file_denylist = [".*"]
    pool_size = max(int(pool_size), 0)
    overview_pool = pool_size if overview_pool is None else max(int(overview_pool), 0)
    vc.preheat_kernel = bool(preheat) and (pool_size > 0 or overview_pool > 0)
    vc.default_pool_size = pool_size
    # Voila's pools per notebook name; its own default entry is the one for every notebook
    c.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": pool_size},
        OVERVIEW: {"pool_size": overview_pool},
    }
    # the overview's pool is refilled later than the others (leerlib.dashboards._server)
    c.LeerlibVoila.refill_delays = {OVERVIEW: max(float(refill_delay), 0.0)}
    c.VoilaKernelManager.preheat_denylist = [str(name) for name in not_preheated]
    # Kernel clients that do not wait forever on a lost ZeroMQ wake-up (see _kernel_client).
    c.AsyncKernelManager.client_class = KERNEL_CLIENT_CLASS
    c.VoilaExecutor.show_tracebacks = False
    c.VoilaExecutor.cell_error_instruction = _FRIENDLY_CELL_ERROR
    c.LeerlibVoila.max_page_kernels = max(int(max_kernels), 0)
    # Kernels whose page is gone are shut down; an open page keeps its kernel. Voila keeps
    # its preheated kernels out of the culling itself.
    cull_after = max(int(cull_after), 1)
    c.MappingKernelManager.cull_idle_timeout = cull_after
    c.MappingKernelManager.cull_interval = max(min(cull_after // 6, 30), 1)
    c.MappingKernelManager.cull_connected = False
    c.MappingKernelManager.cull_busy = False
    return c, token


def _notebook_title(path: Path) -> str:
    """Return the first heading of a notebook's first markdown cell, else its file name."""
    import json

    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return path.stem
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", [])).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
            break
    return path.stem


def _start_page(base_url: str, allowed: list[str], root: Path | None = None) -> str:
    """Return the start page.

    A card per allowed notebook that is in ``root`` (all dashboards when ``root`` is None), the
    dashboards with their titles in Dutch and English, other notebooks (the course) with their
    first heading.
    """
    cards = []
    present = [n for n in allowed if root is None or (root / n).is_file()]
    for name, info in DASHBOARDS.items():
        if name not in present:
            continue
        url = html.escape(f"{base_url}voila/render/{name}")
        for lang in ("nl", "en"):
            title, text = info[lang]
            cards.append(
                f'<a class="card" lang="{lang}" data-lang="{lang}" href="{url}?lang={lang}">'
                f"<h2>{html.escape(title)}</h2><p>{html.escape(text)}</p></a>"
            )
    pages = sorted(n for n in present if n not in DASHBOARDS)
    for name in pages:
        url = html.escape(f"{base_url}voila/render/{name}")
        title = _notebook_title(root / name) if root is not None else name
        cards.append(
            f'<a class="card" href="{url}"><h2>{html.escape(title)}</h2>'
            f"<p>{html.escape(name)}</p></a>"
        )
    choose = (
        "Kies een pagina. &middot; Choose a page."
        if pages
        else "Kies een dashboard. &middot; Choose a dashboard."
    )
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>leerlib</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:;base64,=">
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       background: #f4f6f8; color: #1d2b36; }}
header {{ background: #1f5f8b; color: white; padding: 24px 40px; }}
header h1 {{ margin: 0; font-size: 26px; }} header p {{ margin: 6px 0 0; opacity: .9; }}
main {{ display: grid; grid-template-columns: repeat(2, minmax(280px, 1fr)); gap: 20px;
        padding: 32px 40px; max-width: 1100px; }}
.card {{ display: block; background: white; border-radius: 8px; padding: 20px 24px;
         box-shadow: 0 1px 3px rgba(0,0,0,.15); text-decoration: none; color: inherit; }}
.card:hover {{ box-shadow: 0 3px 10px rgba(0,0,0,.2); }}
.card h2 {{ margin: 0 0 8px; color: #1f5f8b; font-size: 20px; }}
.card[data-lang=en] {{ opacity: .85; }}
</style></head>
<body><header><h1>Leren van elkaar &middot; Learning from each other</h1>
<p>{choose}</p></header>
<main>{"".join(cards)}</main></body></html>"""


def make_app(notebooks: str | os.PathLike | None = None, **kwargs):
    """Create (without starting) the Voila application leerlib serves.

    Parameters
    ----------
    notebooks : path, optional
        Folder of dashboard notebooks; default :func:`dashboards_dir`.
    **kwargs
        Passed to :func:`voila_config`.

    Returns
    -------
    (LeerlibVoila, str)
        The initialised application and its token.
    """
    from leerlib.dashboards._server import LeerlibVoila

    root = Path(notebooks) if notebooks is not None else dashboards_dir()
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(template_root())]
        + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    )
    config, token = voila_config(**kwargs)
    app = LeerlibVoila(config=config)
    app.start_page = functools.partial(_start_page, root=root)
    app.initialize([str(root)])
    return app, token


def register_personal_pages(app, workspace, **kwargs):
    """Serve the personal pages of ``workspace`` from ``app`` (a :func:`make_app` application).

    Colleagues open their page through the link ``leerlib workspace links`` made for them;
    while a round asked inside leerlib is open, the same link opens its survey page at
    ``<base>vragenlijst`` (:mod:`leerlib.dashboards.collect_web`, docs/collect.md);
    the page is rendered by leerlib's own handler, without a kernel
    (:mod:`leerlib.dashboards.personal_web`), and takes the address of the kernel-based
    personal dashboard, so that no page of the workspace opens without a valid link. The
    latest round's networks are built here, before the server starts.

    Parameters
    ----------
    app : LeerlibVoila
        Not yet started.
    workspace : str, path or leerlib.Workspace
        The workspace (file or database URL).
    **kwargs
        Passed to :class:`leerlib.dashboards.personal_web.PersonalPages`; ``demo=True`` only
        for the README's demonstration workspace of made-up people (open, and says so).

    Returns
    -------
    PersonalPages

    Raises
    ------
    LeerlibError
        If the workspace cannot be opened, or its key is missing.
    """
    from leerlib.dashboards.collect_web import CollectPages, collect_handlers
    from leerlib.dashboards.personal_web import AttemptLimiter, PersonalPages, personal_handlers

    pages = PersonalPages(workspace, **kwargs)
    rounds = sorted(pages.versions(force=True))
    if rounds:
        pages.view(rounds[-1])
    page_base = app.base_url
    # the survey page of a round asked inside leerlib answers to the same links; guesses at
    # either page count together
    limiter = AttemptLimiter()
    survey = None if pages.demo else CollectPages(pages.ws, lang=kwargs.get("lang"))
    pages.survey = survey  # the personal page points to an open survey

    def make(base: str) -> list:
        specs = personal_handlers(pages, base + "/", page_base=page_base, limiter=limiter)
        if survey is not None:
            specs += collect_handlers(survey, base + "/", page_base=page_base, limiter=limiter)
        return specs

    app.handler_makers = (*app.handler_makers, make)
    return pages


def register_survey_pages(app, workspace, *, demo: bool = False):
    """Serve only the survey pages of ``workspace`` from ``app`` (a :func:`make_app` application).

    For the demonstration workspace (``python -m leerlib.serve`` without ``--workspace``), whose
    personal page is the open kernel-based one: a round opened on the demonstration file
    (``leerlib workspace collect-open``) is answered at ``<base>vragenlijst`` through the links
    ``leerlib workspace invitations`` writes, and through nothing else (no page offers names to
    pick), as on a real workspace (:func:`register_personal_pages`).

    Parameters
    ----------
    app : LeerlibVoila
        Not yet started.
    workspace : str, path or leerlib.Workspace
        The workspace (file or database URL).
    demo : bool, default False
        Say on every page that this is a demonstration with made-up colleagues.

    Returns
    -------
    CollectPages
    """
    from leerlib.dashboards.collect_web import CollectPages, collect_handlers
    from leerlib.dashboards.personal_web import AttemptLimiter
    from leerlib.workspace import Workspace

    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    survey = CollectPages(ws, demo=demo)
    page_base = app.base_url
    limiter = AttemptLimiter()

    def make(base: str) -> list:
        return collect_handlers(survey, base + "/", page_base=page_base, limiter=limiter)

    app.handler_makers = (*app.handler_makers, make)
    return survey


def _signed_links_problem(flag: bool) -> str | None:
    """Switch signed links on for the kernels; return why the server cannot start, or None.

    Signed links are asked for with ``--signed-links`` or ``LEERLIB_SIGNED_LINKS=1``.

    Without a fixed key each kernel would make its own, and no link would ever match.

    Examples
    --------
    >>> import os
    >>> saved = {k: os.environ.pop(k, None) for k in ("LEERLIB_KEY", "LEERLIB_SIGNED_LINKS")}
    >>> _signed_links_problem(False) is None
    True
    >>> print(_signed_links_problem(True))
    --signed-links needs a fixed key: set LEERLIB_KEY (leerlib.privacy.generate_key() makes one) and send the links made with that key
    >>> _ = [os.environ.pop(k, None) if v is None else os.environ.update({k: v}) for k, v in saved.items()]
    """
    from leerlib.errors import PrivacyError
    from leerlib.privacy import KEY_ENV, SIGNED_LINKS_ENV, load_key, signed_links_enabled

    if not (flag or signed_links_enabled()):
        return None
    try:
        load_key()
    except PrivacyError as exc:
        if os.environ.get(KEY_ENV, "").strip():  # set, but too short
            return f"--signed-links: {exc}"
        return (
            f"--signed-links needs a fixed key: set {KEY_ENV} (leerlib.privacy.generate_key() "
            "makes one) and send the links made with that key"
        )
    os.environ[SIGNED_LINKS_ENV] = "1"  # inherited by the kernels
    return None


def _workspace_problem(location: str | None) -> str | None:
    """Check the workspace to serve and name it to the kernels (``LEERLIB_WORKSPACE``).

    Return why the server cannot start, or None.

    Without ``--workspace`` (``location`` None) the demonstration workspace is served: made
    once from the bundled sample in the user's data folder
    (:func:`leerlib.workspace.demo_workspace`). The workspace is opened here once, with its
    key, so that a wrong path or a missing key stops the server with one line instead of
    breaking every page. The kernels get only its location, made absolute (they run in the
    notebooks' folder); each reads the key itself, from the file beside an SQLite workspace
    or from ``LEERLIB_KEY``, so the key is never in an address or a page. Only for the
    demonstration workspace (no ``--workspace``) are the kernels told ``LEERLIB_DEMO=1``, so
    that its open personal page says it is a demonstration.

    Examples
    --------
    >>> import os
    >>> print(_workspace_problem(os.devnull))  # doctest: +ELLIPSIS
    --workspace /dev/null: ...not a leerlib workspace...
    """
    from leerlib.dashboards._data import DEMO_ENV, WORKSPACE_ENV
    from leerlib.errors import LeerlibError
    from leerlib.workspace import Workspace, demo_workspace
    from leerlib.workspace._db import target

    given = location
    try:
        if location is None:
            location = str(demo_workspace())
            print(
                f"leerlib.serve: serving the demonstration workspace {location} (the bundled "
                "sample); pass --workspace PATH_OR_URL for your own",
                flush=True,
            )
        t = target(location)
        if t.path is not None:
            location = str(t.path.resolve())
        with Workspace.open(location) as ws:
            ws.key  # noqa: B018 - a missing or wrong key stops the server here
            rounds = ws.rounds
            demo = given is None and ws.org.demo
    except LeerlibError as exc:
        return f"--workspace {given if given is not None else location}: {exc}"
    if given is not None:
        print(
            f"leerlib.serve: serving the workspace {ws.location} ({len(rounds)} round(s))",
            flush=True,
        )
    os.environ[WORKSPACE_ENV] = location  # inherited by the kernels
    if demo:
        os.environ[DEMO_ENV] = "1"
    else:
        os.environ.pop(DEMO_ENV, None)
    return None


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m leerlib.serve``: the dashboards on http://127.0.0.1:8866/.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default ``sys.argv[1:]``); see ``--help``.

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(
        prog="python -m leerlib.serve",
        description="Serve the leerlib dashboards (Voila) on a workspace, or on a demonstration "
        "workspace made from the bundled sample; with --course the course notebooks.",
    )
    parser.add_argument(
        "--ip", default="127.0.0.1", help="address to bind (default: loopback only)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--token",
        default=None,
        help="token users must present; generated automatically on a non-loopback address",
    )
    parser.add_argument("--no-preheat", action="store_true", help="start kernels on request only")
    parser.add_argument(
        "--pool-size",
        type=int,
        default=1,
        help="preheated kernels per dashboard (default 1; the HR overview: --overview-pool)",
    )
    parser.add_argument(
        "--overview-pool",
        type=int,
        default=DEFAULT_OVERVIEW_POOL,
        help="preheated kernels for the HR overview, about one per HR user who may open it at "
        f"the same moment, each about 200 MB while it waits (default {DEFAULT_OVERVIEW_POOL})",
    )
    parser.add_argument(
        "--refill-delay",
        type=float,
        default=DEFAULT_REFILL_DELAY,
        help="seconds after a page takes a preheated kernel of the HR overview before another "
        f"is started in its place (default {DEFAULT_REFILL_DELAY:g}; other dashboards: 1)",
    )
    parser.add_argument(
        "--max-kernels",
        type=int,
        default=DEFAULT_MAX_KERNELS,
        help="most dashboard pages open at once, each with a kernel of about 200 MB (default "
        f"{DEFAULT_MAX_KERNELS}; 0: no cap); beyond it a page says 'busy, try again'",
    )
    parser.add_argument(
        "--cull-after",
        type=int,
        default=DEFAULT_CULL_AFTER,
        help="seconds before an idle kernel whose page is gone is shut down "
        f"(default {DEFAULT_CULL_AFTER})",
    )
    parser.add_argument("--notebooks", default=None, help="folder of dashboard notebooks")
    parser.add_argument(
        "--allow", action="append", default=[], help="extra notebook name that may be rendered"
    )
    parser.add_argument(
        "--course",
        action="store_true",
        help="serve the course (notebooks/teaching of this clone, or the folder given with "
        "--notebooks) instead of the dashboards: every notebook in it may be rendered; each page "
        "runs its notebook when opened (no preheated kernels)",
    )
    parser.add_argument(
        "--framed-maps",
        action="store_true",
        help="draw every map in a sandboxed frame of its own, as in Jupyter (a second wall "
        "around the map's scripts; pages take about twice as long to show their map)",
    )
    parser.add_argument(
        "--signed-links",
        action="store_true",
        help="the personal dashboard opens only from a personal link (?persoon=<id>&code=<code>, "
        "see leerlib.privacy.personal_links); needs LEERLIB_KEY",
    )
    parser.add_argument(
        "--workspace",
        default=None,
        metavar="PATH_OR_URL",
        help="the workspace the dashboards read (a file or a postgresql:// URL; its key from "
        "the file beside it or LEERLIB_KEY); colleagues open their personal page only through "
        "their personal link (leerlib workspace links); default: a demonstration workspace "
        "made once from the bundled sample in your data folder, with an open demo page",
    )
    args = parser.parse_args(argv)
    from leerlib.errors import LeerlibError

    problem = _signed_links_problem(args.signed_links) or _workspace_problem(args.workspace)
    if problem:
        print(f"leerlib.serve: {problem}", file=sys.stderr)
        return 2

    notebooks, allow = args.notebooks, list(args.allow)
    try:
        if args.course:
            notebooks = Path(notebooks) if notebooks else course_dir()
            allow += sorted(p.name for p in notebooks.glob("*.ipynb"))
        app, token = make_app(
            notebooks,
            ip=args.ip,
            port=args.port,
            token=args.token,
            # the course is not preheated: one ready kernel per notebook (six) would cost a
            # minute of work at start-up and memory, for the first learner of each session only
            preheat=not (args.no_preheat or args.course),
            pool_size=args.pool_size,
            overview_pool=args.overview_pool,
            refill_delay=args.refill_delay,
            allow=tuple(allow),
            max_kernels=args.max_kernels,
            cull_after=args.cull_after,
            not_preheated=("mijn_leernetwerk.ipynb",) if args.workspace else (),
        )
        if args.workspace:
            register_personal_pages(app, args.workspace)
        elif not args.course:
            # the demonstration: its survey pages, through the invitations' links only
            from leerlib.dashboards._data import WORKSPACE_ENV

            register_survey_pages(app, os.environ[WORKSPACE_ENV], demo=True)
    except LeerlibError as exc:
        print(f"leerlib.serve: {exc}", file=sys.stderr)
        return 2
    if token:
        print("leerlib.serve: a token is required; open the address printed below.", flush=True)
    # Our template loads the map scripts once per page; the kernels (started from this
    # process) then send maps as inert markup instead of sandboxed frames (docs/dashboards.md).
    from leerlib.dashboards import PAGE_MAPS_ENV

    os.environ[PAGE_MAPS_ENV] = "0" if args.framed_maps else "1"
    app.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
