"""Voila dashboards: the HR overview and a colleague's own learning network (ipywidgets apps)."""

from __future__ import annotations

from leerlib.dashboards._base import App, download_link, query_parameters, read_upload
from leerlib.dashboards.i18n import LANGUAGES, STRINGS, t

__all__ = [
    "App",
    "LANGUAGES",
    "STRINGS",
    "download_link",
    "query_parameters",
    "read_upload",
    "t",
]
