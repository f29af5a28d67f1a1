"""Outbound HTTP of the server (feed and photo downloads) kept off its own network.

A feed URL comes from a client, and so do the photo links inside a feed: without a check, the
server would fetch ``http://127.0.0.1:…``, ``http://169.254.169.254/`` (cloud metadata) or a
host on its private network for anyone holding an API key (server-side request forgery, OWASP
API Security Top 10 2023, API7). :class:`PublicOnlyTransport` resolves the host of every
request it sends — redirects included, since :mod:`httpx` sends each hop through the
transport — and refuses any address that is not globally routable
(:attr:`ipaddress.IPv4Address.is_global`: loopback, RFC 1918 private, link-local, carrier-grade
NAT, multicast, reserved, unspecified). Residual risk: a DNS answer that changes between this
check and the connection (DNS rebinding) is not caught; deployments that need that closed
should also filter egress at the network.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import httpx

from adcraft.feeds.fetch import FetchError


def refuse_private(host: str, port: int | None = None) -> None:
    """Raise unless every address ``host`` resolves to is globally routable.

    Raises
    ------
    FetchError
        If the host does not resolve, or resolves to a loopback, private, link-local or other
        non-global address (the message names the address and the setting that allows it).
    """
    try:
        infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc}); check the URL") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_global:
            raise FetchError(
                f"host {host!r} is {address}, a loopback, private or otherwise non-public address; the server "
                "fetches feeds and photos only from public hosts (an operator can allow others with "
                "ADCRAFT_ALLOW_PRIVATE_URLS=1)"
            )


class PublicOnlyTransport(httpx.HTTPTransport):
    """An :class:`httpx.HTTPTransport` that refuses non-public hosts (see the module).

    Parameters
    ----------
    allow_private:
        ``True`` lets every host through (``ServeSettings.allow_private_urls``: tests on
        loopback, an intranet deployment).
    """

    def __init__(self, allow_private: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.allow_private = bool(allow_private)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.allow_private:
            refuse_private(request.url.host, request.url.port)
        return super().handle_request(request)


def check_http_url(url: str, what: str) -> str:
    """``url`` if it is an absolute ``http(s)://`` URL with a host.

    Raises
    ------
    FetchError
        Otherwise, naming ``what`` and the URL received.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:  # e.g. "Invalid IPv6 URL"
        raise FetchError(f"{what} is not a valid URL ({exc}), got {url[:200]!r}") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise FetchError(f"{what} must be an http(s):// URL with a host, got {url[:200]!r}")
    return url
