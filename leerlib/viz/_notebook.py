"""A map in a notebook: drawn in the notebook's page, with one copy of the map library."""

from __future__ import annotations

import os
import sys

from leerlib.viz import _page

__all__ = ["bundle", "mode", "MODE_ENV"]

#: ``page`` (default): maps are drawn in the notebook's own page and the notebook's first map
#: carries vis-network for all of them. ``frame``: every map is a sandboxed frame with its own
#: copy (for front ends that put each output in a frame of its own, such as Google Colab).
MODE_ENV = "LEERLIB_NOTEBOOK_MAPS"

# Which output carries the map library in this kernel: the cell (JupyterLab and Notebook 7
# send a cell id with each request) and the request that drew it.
_holder: dict = {"sent": False, "cell": None, "request": None}


def mode() -> str:
    """``"page"`` or ``"frame"``: how maps show in this kernel's front end (see :data:`MODE_ENV`).

    Examples
    --------
    >>> mode() in ("page", "frame")
    True
    """
    chosen = os.environ.get(MODE_ENV, "").strip().lower()
    if chosen in ("page", "frame"):
        return chosen
    if "google.colab" in sys.modules:  # one frame per output: no page to share
        return "frame"
    return "page"


def _request() -> tuple[str | None, str | None]:
    """Return the cell id and message id of the request being run, where the kernel knows them."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return None, None
    kernel = getattr(get_ipython(), "kernel", None)
    try:
        parent = kernel.get_parent() if kernel is not None else {}
    except Exception:  # an older or other kernel: no request to tell apart
        parent = {}
    parent = parent or {}
    cell = (parent.get("metadata") or {}).get("cellId")
    request = (parent.get("header") or {}).get("msg_id")
    return cell, request


def _claim_library() -> bool:
    """Return True if this map must carry the map library.

    The first map in this kernel, or the first map of a new run of the cell whose output carries
    it (running that cell again replaces its output, and with it the library).
    """
    cell, request = _request()
    again = cell is not None and cell == _holder["cell"] and request != _holder["request"]
    if _holder["sent"] and not again:
        return False
    _holder.update(sent=True, cell=cell, request=request)
    return True


def _in_output_widget(request: str | None) -> bool:
    """Return True while an ipywidgets ``Output`` captures this request's displays.

    Its outputs (``with out:``) are not saved with the notebook, so the library must not live
    only there.
    """
    module = sys.modules.get("ipywidgets.widgets.widget")
    output = getattr(sys.modules.get("ipywidgets"), "Output", None)
    if module is None or output is None or not request:
        return False
    instances = getattr(module, "_instances", {})
    return any(isinstance(w, output) and w.msg_id == request for w in list(instances.values()))


def bundle(m) -> dict:
    """Return the notebook's MIME bundle for map ``m`` (``NetworkMap._repr_mimebundle_``)."""
    if mode() == "frame":
        page = _page.map_page(m.data, height=m.height, title=m.title, wheel=True)
        html = _page.iframe(page, height=m.height)
    elif _in_output_widget(_request()[1]):
        html = _page.notebook_html(m.data, height=m.height, title=m.title, assets=True)
    else:
        html = _page.notebook_html(m.data, height=m.height, title=m.title, assets=_claim_library())
    return {"text/html": html, "text/plain": repr(m)}
