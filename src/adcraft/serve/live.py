"""Run the app under uvicorn in a background thread (tests, benchmarks, the studio check)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace

from adcraft.serve.settings import ServeSettings


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """``with LiveServer(settings) as url:`` serves the app on loopback until the block ends.

    The socket is bound first (as ``adcraft serve`` does), with the same uvicorn limits; the
    settings' public URL becomes the server's own URL.

    Raises
    ------
    RuntimeError
        If uvicorn has not started within ``timeout`` seconds.
    """

    def __init__(self, settings: ServeSettings, port: int | None = None, timeout: float = 60.0) -> None:
        import uvicorn

        from adcraft.serve import create_app
        from adcraft.serve.server import bind, uvicorn_config

        self.sock = bind("127.0.0.1", port or 0)
        self.port = int(self.sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        settings = replace(settings, public_url=self.url)
        self.app = create_app(settings)
        self.server = uvicorn.Server(uvicorn_config(self.app, settings))
        self.timeout = timeout
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, name="uvicorn", daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        end = time.monotonic() + self.timeout
        while not self.server.started:
            if time.monotonic() > end or not self._thread.is_alive():
                raise RuntimeError(f"uvicorn did not start on {self.url}")
            time.sleep(0.05)
        return self.url

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=15)
        self.sock.close()

    @property
    def service(self):
        return self.app.state.service
