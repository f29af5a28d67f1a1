"""Running the app under uvicorn: the socket first, then everything else.

:func:`bind` takes the listening socket before the app exists, so a server that cannot bind
its port (another one runs there) fails before it migrates the database, resumes jobs or
touches the data folder. :func:`uvicorn_config` sets the limits a public server needs: h11
with a bounded request head (``h11_max_incomplete_event_size``), a deadline for sending the
request head (:class:`GuardedH11Protocol`, against slow-header "slowloris" clients), the
keep-alive timeout and a cap on concurrent connections (``limit_concurrency``).
"""

from __future__ import annotations

import asyncio
import errno
import socket

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from adcraft.errors import InputError
from adcraft.serve.settings import ServeSettings


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request head.

    A connection that has not sent a complete request line and headers within
    :attr:`header_timeout_s` of connecting (or of starting its next request) is closed.
    """

    header_timeout_s: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.header_timeout_s, self._head_timeout)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timeout(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._arm_head_timer()  # still waiting for a complete head
        else:
            self._disarm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``.

    Raises
    ------
    InputError
        If the address is in use or cannot be bound; nothing else was done.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        why = "another server is listening there" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        raise InputError(f"cannot listen on {host}:{port}: {why}; stop it or choose another --port (nothing was started or changed)") from None
    sock.set_inheritable(True)
    return sock


def uvicorn_config(app, settings: ServeSettings, log_level: str = "warning", access_log: bool = False):
    """A ``uvicorn.Config`` for ``app`` with the limits of ``settings``."""
    import uvicorn

    protocol = type("GuardedH11", (GuardedH11Protocol,), {"header_timeout_s": settings.header_timeout_s})
    return uvicorn.Config(
        app,
        http=protocol,
        h11_max_incomplete_event_size=settings.max_header_bytes,
        timeout_keep_alive=5,
        limit_concurrency=settings.max_connections,
        log_level=log_level,
        access_log=access_log,
        server_header=False,
    )


def serve(settings: ServeSettings, sock: socket.socket, log_level: str = "info") -> None:
    """Build the app and run it on the bound ``sock`` (from :func:`bind`) until interrupted;
    the job runner starts only now, after the socket is bound."""
    import uvicorn

    from adcraft.serve.api import create_app

    server = uvicorn.Server(uvicorn_config(create_app(settings), settings, log_level, access_log=log_level == "debug"))
    server.run(sockets=[sock])
