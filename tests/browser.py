"""A real headless Chromium (Debian's chromium + chromedriver) that logs every request.

Test helper, not part of the library. Outside requests are recorded, never served: the machine
has no route out, and the tests assert that none is even attempted.

The request log is the DevTools performance log of the page. By default Chromium runs a
sandboxed ``<iframe srcdoc>`` (every map is one) in a process of its own, whose requests that log
never sees; so site isolation is switched off here and every frame shares the page's process and
log. The sandbox itself (opaque origin, no same-origin access, CSP) still applies.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
DRIVER_CANDIDATES = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", ""}

#: English that reached Dutch pages and downloads (issue 17, item 1): raw filter values, the
#: cleaning log's codes and texts, the downloads' sheet and column keys, Voila's loading text.
#: ("team" and "school" are Dutch words too: as raw filter values they are checked apart.)
ENGLISH_WORDS = (
    "role",
    "responded",
    "location",
    "dropped",
    "zero",
    "a scale answer that means no tie",
    "key_figures",
    "person_id",
    "Executing",
)
#: The data's own column names, which a map filter must not show as its choices.
RAW_FILTER_NAMES = ("location", "responded", "role", "school", "team")


def english_in(texts) -> list[str]:
    """Return the :data:`ENGLISH_WORDS` found in ``texts`` (whole words, any case), in context."""
    found = []
    for text in texts:
        text = str(text)
        for word in ENGLISH_WORDS:
            for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I):
                found.append(f"{word!r} in ...{text[max(0, m.start() - 40) : m.end() + 40]}...")
    return found


# Where the keyboard is: the element, a leerlib class that names the control (its own or an
# ancestor's), its text and the width of its focus outline (0: none).
_FOCUSED = (
    "const a = document.activeElement; const s = getComputedStyle(a);"
    "const own = /^(ll-|lm-(search|filter-attr|filter-value|pick|TabBar-tab)$)/;"
    "let mark = '';"
    "for (let e = a; e && !mark; e = e.parentElement) {"
    "  mark = [...e.classList].reverse().find(c => own.test(c) && c !== 'll-controls') || ''; }"
    "return {tag: a.tagName, mark: mark, text: (a.innerText || a.value || '').trim().slice(0, 40),"
    " outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth)};"
)


def _find(cands: list[str], name: str) -> str:
    for c in cands:
        if os.path.exists(c):
            return c
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(
            f"{name} not installed (.ci/run installs Debian's chromium and chromium-driver)"
        )
    pytest.skip(f"{name} not installed")


class Browser:
    """Context manager around a selenium Chrome driver with a request log."""

    def __init__(self, width: int = 1400, height: int = 1000, page_load_strategy: str = "normal"):
        # "none": get() returns once the navigation starts (poll with wait_for), for pages that
        # take longer to finish than the driver waits, such as Voila running a notebook
        self.width, self.height = width, height
        self.page_load_strategy = page_load_strategy
        self.driver = None
        self._profile = None
        self._log: list[dict] = []

    def __enter__(self) -> Browser:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        binary = _find(CHROMIUM_CANDIDATES, "chromium")
        driver_path = _find(DRIVER_CANDIDATES, "chromedriver")
        self._profile = tempfile.mkdtemp(prefix="leerlib-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = binary
        opts.page_load_strategy = self.page_load_strategy
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            f"--user-data-dir={self._profile}",
            f"--window-size={self.width},{self.height}",
            # frames in the page's process, so that their requests reach the log (see above)
            "--disable-site-isolation-trials",
            "--disable-features=IsolateOrigins,site-per-process,IsolateSandboxedIframes",
        ]:
            opts.add_argument(arg)
        opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(driver_path), options=opts)
        self.driver.set_page_load_timeout(60)
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.driver is not None:
                self.driver.quit()
        finally:
            if self._profile:
                shutil.rmtree(self._profile, ignore_errors=True)

    # navigation ---------------------------------------------------------------------------
    def get(self, url: str) -> None:
        self.driver.get(url)

    def open_file(self, path: str | Path) -> None:
        self.driver.get(Path(path).resolve().as_uri())

    def wait_for(self, js_condition: str, timeout: float = 30.0, poll: float = 0.1):
        """Wait until ``return (<js_condition>)`` is truthy; return its value."""
        end = time.monotonic() + timeout
        last = None
        while time.monotonic() < end:
            last = self.driver.execute_script(f"return ({js_condition});")
            if last:
                return last
            time.sleep(poll)
        raise AssertionError(
            f"timed out after {timeout}s waiting for: {js_condition} (last {last!r})"
        )

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def screenshot(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path

    # request log --------------------------------------------------------------------------
    def _drain(self) -> None:
        for entry in self.driver.get_log("performance"):
            try:
                msg = json.loads(entry["message"])["message"]
            except (KeyError, ValueError):
                continue
            if msg.get("method") == "Network.requestWillBeSent":
                self._log.append(msg["params"]["request"])

    def requests(self) -> list[str]:
        """Every URL the page asked for so far (documents, scripts, styles, fonts, XHR, ws)."""
        self._drain()
        return [r["url"] for r in self._log]

    def outside_requests(self) -> list[str]:
        """Requests to anything but this machine (http(s)/ws to a non-loopback host)."""
        out = []
        for url in self.requests():
            p = urlparse(url)
            if p.scheme in ("data", "blob", "about", "file", "chrome", "devtools"):
                continue
            if (p.hostname or "") not in LOCAL_HOSTS:
                out.append(url)
        return out

    def console_errors(self) -> list[str]:
        return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    # keyboard and words -------------------------------------------------------------------
    def press(self, *keys) -> None:
        """Press ``keys`` (selenium's Keys values or text) on the element that has the focus."""
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(*keys).perform()

    def focused(self) -> dict:
        """Return where the keyboard is (see ``_FOCUSED``)."""
        return self.driver.execute_script(_FOCUSED)

    def tab_through(self, n: int = 60) -> list[dict]:
        """Press Tab from the top of the page until focus leaves the page or comes round
        again (at most ``n`` times); return each place it went (:meth:`focused`)."""
        self.js(  # Tab goes on from a spot at the top of the page
            "const top = document.createElement('span'); top.tabIndex = -1;"
            "document.body.prepend(top); top.focus(); top.remove(); window.scrollTo(0, 0);"
        )
        seen = []
        for _ in range(n):
            self.press("\ue004")  # Tab
            now = self.focused()
            if now["tag"] == "BODY" or (seen and now == seen[0]):
                break  # past the last control: the page itself, then the browser's own bar
            seen.append(now)
        return seen

    def page_texts(self, root: str = "body") -> list[str]:
        """Return what a reader (or a screen reader) gets of ``root``: its text, also in closed
        panels and choices, the names and hints of its controls, and the value names of each
        map's filters (every property chosen in turn)."""
        return self.js(
            "const root = document.querySelector(arguments[0]); if (!root) { return []; }"
            "const out = [], walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);"
            "for (let n = walk.nextNode(); n; n = walk.nextNode()) {"  # each text on its own
            "  if (!n.parentElement.closest('script, style') && n.data.trim()) {"
            "    out.push(n.data); } }"
            "root.querySelectorAll('[title], [aria-label], [placeholder], [alt]').forEach(e => "
            "  ['title', 'aria-label', 'placeholder', 'alt'].forEach(a => "
            "    e.hasAttribute(a) && out.push(e.getAttribute(a))));"
            "root.querySelectorAll('.leerlib-map').forEach(m => {"
            "  const a = m.querySelector('.lm-filter-attr'), v = m.querySelector('.lm-filter-value');"
            "  if (!a || !v) { return; }"
            "  [...a.options].forEach(o => {"
            "    a.value = o.value; a.dispatchEvent(new Event('change'));"
            "    out.push('filter ' + o.text + ': ' + [...v.options].map(x => x.text).join(' | '));"
            "  });"
            "  a.value = ''; a.dispatchEvent(new Event('change'));"
            "});"
            "return out;",
            root,
        )

    def raw_filter_names(self) -> list[str]:
        """Return the map filters' choices that are a data column's own name (``team``)."""
        return self.js(
            "return [...document.querySelectorAll('.lm-filter-attr option')].map(o => o.text)"
            ".filter(t => arguments[0].includes(t));",
            list(RAW_FILTER_NAMES),
        )

    # accessibility ------------------------------------------------------------------------
    def axe(
        self,
        selector: str | None = None,
        *,
        impacts=("serious", "critical"),
        tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"),
    ) -> list[dict]:
        """Run axe-core on the page (or the first element matching ``selector``) and return its
        violations of the WCAG rules tagged ``tags`` with one of ``impacts``.

        axe-core is shipped by the selenium-axe-python package and read from disk, so nothing
        is fetched.
        """
        from importlib import resources

        try:
            script = resources.files("selenium_axe_python") / "axe-core" / "axe.min.js"
        except ModuleNotFoundError:
            if os.environ.get("CI"):
                pytest.fail("selenium-axe-python is missing (the test extra installs it)")
            pytest.skip("selenium-axe-python not installed")
        if not self.driver.execute_script("return typeof window.axe === 'object'"):
            self.driver.execute_script(script.read_text(encoding="utf-8"))  # once per page
        options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
        self.driver.set_script_timeout(120)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "const where = arguments[0] ? document.querySelector(arguments[0]) : document;"
            "axe.run(where, arguments[1])"
            ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => ({html: n.html.slice(0, 200), target: n.target}))}))),"
            " e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
            selector,
            options,
        )
        return [v for v in result if v["impact"] in impacts]
