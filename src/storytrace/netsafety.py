"""Which addresses storytrace may connect to: the one guard against requests to internal hosts.

Two edges make requests on behalf of input they do not control: URL fetching
(:mod:`storytrace.ingest.fetch`) and the online citation check
(:mod:`storytrace.citations.online_check`).  Both resolve the host of every
URL and every redirect hop, and refuse to connect when any address it
resolves to is internal: private, loopback, link-local, reserved, multicast or
unspecified.  An IPv4-mapped IPv6 address (``::ffff:10.0.0.1``) is judged in
both its forms, so neither form slips through.  The offline citation audit
uses :func:`is_internal_address` on hosts written as literal IPs.

Why by hand: :mod:`ipaddress` has the predicates but no rule for "may a client
connect here", and httpx makes no such check.  This module imports nothing of
storytrace, so the fetcher can use it without the citation code.

Known limit: the address is checked on our own resolution; a hostile DNS
server could answer differently when httpx connects (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Literal
from urllib.parse import urlsplit

__all__ = ["address_refusal", "find_internal_address", "is_internal_address", "resolve_addresses", "url_refusal"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


#: the rejection reasons a refusal gives (a subset of :data:`storytrace.kinds.RejectionReason`)
Refusal = Literal["refused_address", "fetch_failed"]

def is_internal_address(ip: IPAddress) -> bool:
    """Whether ``ip`` is private, loopback, link-local, reserved, multicast or unspecified.

    >>> is_internal_address(ipaddress.ip_address("169.254.169.254")), is_internal_address(ipaddress.ip_address("93.184.215.14"))
    (True, False)
    >>> is_internal_address(ipaddress.ip_address("::ffff:127.0.0.1"))
    True
    """
    forms: list[IPAddress] = [ip]
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        forms.append(mapped)
    return any(a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_multicast
               or a.is_unspecified for a in forms)


def resolve_addresses(host: str, port: int, resolver: Callable = socket.getaddrinfo) -> list[IPAddress]:
    """Every address ``host`` stands for: itself when it is a literal IP, else what ``resolver`` answers.

    Args:
        host: a host name or a literal IP (IPv6 without brackets).
        port: the port to resolve for.
        resolver: a ``socket.getaddrinfo``-like function (injectable for tests).

    Raises:
        OSError: (``socket.gaierror`` among others) the host does not resolve.
        UnicodeError: the host name cannot be encoded (IDNA).
    """
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    infos = resolver(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def find_internal_address(host: str, port: int, resolver: Callable = socket.getaddrinfo) -> IPAddress | None:
    """The first internal address ``host`` resolves to, or None when all are public.

    Raises what :func:`resolve_addresses` raises.

    >>> find_internal_address("127.0.0.1", 80)
    IPv4Address('127.0.0.1')
    """
    for ip in resolve_addresses(host, port, resolver):
        if is_internal_address(ip):
            return ip
    return None


def url_refusal(url: str, allow_private: bool, resolver: Callable = socket.getaddrinfo) -> tuple[Refusal, str] | None:
    """Why ``url`` must not be fetched, as ``(reason, detail)``, or None when it may be.

    Args:
        url: the URL about to be requested (each redirect hop is checked anew).
        allow_private: allow internal addresses (``ingest.allow_private_addresses``:
            tests, intranets).
        resolver: a ``socket.getaddrinfo``-like function.

    Returns:
        ``("refused_address", ...)`` when the host resolves to an internal
        address; ``("fetch_failed", ...)`` when the URL is not http(s) or its
        host does not resolve; None otherwise.

    >>> url_refusal("http://10.0.0.1/x", allow_private=False)[0]
    'refused_address'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "fetch_failed", f"{url} is not an http(s) URL"
    if allow_private:
        return None
    host = parts.hostname
    try:
        ip = find_internal_address(host, parts.port or (443 if parts.scheme == "https" else 80), resolver)
    except (OSError, UnicodeError) as exc:
        return "fetch_failed", f"{host} does not resolve: {exc}"
    if ip is not None:
        return "refused_address", f"{url} resolves to {ip}, a private/loopback/link-local/reserved address"
    return None


def address_refusal(url: str, allow_private: bool) -> str | None:
    """Why ``url`` must not be fetched (unsupported scheme, unresolvable host,
    an internal address), or ``None`` when it may be: the detail of :func:`url_refusal`.

    >>> address_refusal("http://127.0.0.1:8000/x", allow_private=False)
    'http://127.0.0.1:8000/x resolves to 127.0.0.1, a private/loopback/link-local/reserved address'
    >>> address_refusal("http://127.0.0.1:8000/x", allow_private=True) is None
    True
    """
    refusal = url_refusal(url, allow_private)
    return refusal[1] if refusal else None
