"""Stopping the loopback servers without waiting out their accept loops' poll interval.

socketserver's serve_forever() notices a shutdown request only when its select() returns:
after the poll interval, or at once when a connection comes in. Connecting to the port
while shutdown() waits stops a server in about a millisecond instead of up to the interval
(50 ms, for the bot and for the stand-in, in every test). The connections send nothing,
which both servers' handlers take as a client that went away.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from urllib.parse import urlsplit


@contextmanager
def serving(server: AbstractContextManager, url: str) -> Iterator[None]:
    """Run `server` (a context manager serving at `url`) for the duration of the block."""
    server.__enter__()
    try:
        yield
    finally:
        stop_promptly(server, url)


def stop_promptly(server: AbstractContextManager, url: str) -> None:
    """Leave `server`'s context (shutdown and close), waking its accept loop meanwhile."""
    stopping = _Stopping(server)
    stopping.start()
    parts = urlsplit(url)
    while stopping.is_alive():
        try:
            socket.create_connection((parts.hostname, parts.port), timeout=1).close()
        except OSError:  # closed already: the loop has ended
            pass
        stopping.join(0.002)
    if stopping.error is not None:
        raise stopping.error


class _Stopping(threading.Thread):
    def __init__(self, server: AbstractContextManager):
        super().__init__(name="stopping-server", daemon=True)
        self.server = server
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.server.__exit__(None, None, None)
        except BaseException as err:  # raised again in the test's own thread
            self.error = err
