"""Serve a WSGI app on a loopback port in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128  # gunicorn's backlog is 2048; tests send bursts of requests


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class LiveServer:
    def __init__(self, wsgi_app: Callable):
        self._server = make_server("127.0.0.1", 0, wsgi_app, _ThreadingServer, _QuietHandler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
