"""In-page downloads of the HR overview: Excel report, HTML map, GEXF/GraphML, CSV tables."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from leerlib.dashboards._base import download_link

__all__ = ["scratch_dir", "make_downloads"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextlib.contextmanager
def scratch_dir() -> Iterator[Path]:
    """A private folder for leerlib's file writers, in memory where the system has one.

    The exports write files (atomically, by path); the dashboard reads them back into a
    download link at once and the folder is removed. On Linux it lives in ``/dev/shm``
    (memory), readable by this user only.

    Examples
    --------
    >>> with scratch_dir() as d:
    ...     d.is_dir()
    True
    """
    shm = Path("/dev/shm")
    base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="leerlib-", dir=base) as d:
        yield Path(d)


def _stem(app) -> str:
    topic = app.chosen_topic or ("alle" if app.lang == "nl" else "all")
    return f"leernetwerk_{app.wave.value}_{topic}"


def make_downloads(app) -> str:
    """Build every download of the current view and return the links as HTML.

    Names are kept only when the survey has consent and the user switched names on; else the
    tables are the pseudonymised ones (the exports check this again).
    """
    from leerlib.export import export_csv, export_excel, export_graph

    names = app.active is app.survey
    opts = {"key": app._key, "names": names, "consent": names}
    tables = app.tables()
    G = app.graph(app.chosen_topic)
    stem = _stem(app)
    links = []
    with scratch_dir() as d:
        xlsx = export_excel(tables, d / f"{stem}.xlsx", **opts)
        links.append(download_link(xlsx.read_bytes(), xlsx.name, app.t("dl_excel"), _XLSX))
        links.append(download_link(app.current_map().html.encode("utf-8"), f"{stem}_kaart.html",
                                   app.t("dl_map"), "text/html"))
        for suffix, key, mime in ((".gexf", "dl_gexf", "application/xml"),
                                  (".graphml", "dl_graphml", "application/xml")):
            path = export_graph(G, d / f"{stem}{suffix}", **opts)
            links.append(download_link(path.read_bytes(), path.name, app.t(key), mime))
        buffer = io.BytesIO()
        sep, dec = (";", ",") if app.lang == "nl" else (",", ".")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, df in tables.items():
                path = export_csv(df, d / f"{name}.csv", sep=sep, decimal=dec, **opts)
                zf.write(path, arcname=path.name)
        links.append(download_link(buffer.getvalue(), f"{stem}_csv.zip", app.t("dl_csv"),
                                   "application/zip"))
    return "<div>" + "".join(links) + "</div>"
