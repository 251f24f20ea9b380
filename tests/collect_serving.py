"""A tornado server with the real survey and personal-page handlers, in a thread of its own
(for tests and benchmarks/bench_collect.py): no Voila, no kernel."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlencode, urlparse

import tornado.web

from leerlib.dashboards._server import MapAssetHandler
from leerlib.dashboards.collect_web import CollectPages, collect_handlers
from leerlib.dashboards.personal_web import AttemptLimiter, PersonalPages, personal_handlers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThreadServer:
    """A tornado application of ``handlers`` on a free port of 127.0.0.1, in its own thread."""

    def __init__(self, handlers: list):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)

            async def setup():
                self.server = tornado.web.Application(handlers).listen(self.port, "127.0.0.1")
                ready.set()

            self.loop.run_until_complete(setup())
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert ready.wait(30)

    def close(self):
        self.loop.call_soon_threadsafe(self.server.stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class CollectServer(ThreadServer):
    """The survey page, its search and saves, and the personal pages of ``ws`` on 127.0.0.1."""

    def __init__(self, ws, *, limiter: AttemptLimiter | None = None, fail_delay: float = 0.0):
        self.limiter = limiter or AttemptLimiter()
        survey, personal = CollectPages(ws), PersonalPages(ws)
        personal.survey = survey  # as leerlib.serve.register_personal_pages does
        handlers = collect_handlers(survey, "/", limiter=self.limiter, fail_delay=fail_delay)
        handlers += personal_handlers(personal, "/", limiter=self.limiter, fail_delay=fail_delay)
        handlers.append((r"/leerlib/assets/([A-Za-z0-9.-]+)", MapAssetHandler))
        # a baseline: the cheapest answer this server gives (for ratios in the benchmark)
        handlers.append((r"/ping", _Ping))
        super().__init__(handlers)

    def get(self, path_and_query: str):
        try:
            with urllib.request.urlopen(self.base + path_and_query, timeout=60) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def post(self, body: dict):
        req = urllib.request.Request(
            self.base + "vragenlijst/antwoord",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")


class _Ping(tornado.web.RequestHandler):
    def get(self):
        self.finish("ok")


def link_codes(ws, base_url: str = "https://leren.example") -> dict:
    """person_id -> the code of their personal link (issued here)."""
    links = ws.personal_links(base_url)
    return {
        pid: parse_qs(urlparse(u).query)["code"][0]
        for pid, u in zip(links["person_id"], links["url"], strict=True)
    }


def survey_path(person: str, code: str, **extra) -> str:
    return "vragenlijst?" + urlencode({"persoon": person, "code": code, **extra})
