"""Fetching ``http(s)://`` inputs with httpx, refusing internal addresses.

Redirects are followed by hand (not by httpx) so that every hop's host is
resolved and checked: a public URL must not be able to bounce the fetcher to
``127.0.0.1`` or a cloud metadata address.  The body is streamed and reading
stops as soon as it passes ``ingest.max_bytes``.

Known limit: the address is checked on our own resolution; a hostile DNS
server could answer differently when httpx connects (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..records import Rejected
from ..settings import Settings
from .common import reject

__all__ = ["FetchResult", "address_refusal", "fetch_url"]

_MAX_REDIRECTS = 10


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched body with the final URL and its ``Content-Type``."""

    url: str
    data: bytes
    content_type: str


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
            or ip.is_multicast or ip.is_unspecified)


def address_refusal(url: str, allow_private: bool) -> str | None:
    """Why ``url`` must not be fetched (unsupported scheme, unresolvable host,
    an internal address), or ``None`` when it may be.

    >>> address_refusal("http://127.0.0.1:8000/x", allow_private=False)
    'http://127.0.0.1:8000/x resolves to 127.0.0.1, a private/loopback/link-local/reserved address'
    >>> address_refusal("http://127.0.0.1:8000/x", allow_private=True) is None
    True
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url} is not an http(s) URL"
    if allow_private:
        return None
    host = parts.hostname
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                       proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            return f"{host} does not resolve: {exc}"
        addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    for ip in addresses:
        if _blocked(ip):
            return f"{url} resolves to {ip}, a private/loopback/link-local/reserved address"
    return None


def fetch_url(url: str, settings: Settings) -> FetchResult | Rejected:
    """Fetch ``url`` under the ingest limits.

    Args:
        url: an ``http://`` or ``https://`` URL.
        settings: ``ingest.fetch_timeout`` (seconds for the whole fetch),
            ``ingest.max_bytes``, ``ingest.allow_private_addresses``,
            ``ingest.user_agent``.

    Returns:
        The body, or ``Rejected`` with reason ``refused_address`` (internal
        address on any hop), ``too_large`` or ``fetch_failed`` (network error,
        timeout, HTTP error status, too many redirects).

    Example::

        result = fetch_url("https://example.org/", Settings())
    """
    import httpx

    timeout = float(settings.ingest.fetch_timeout)
    limit = int(settings.ingest.max_bytes)
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": settings.ingest.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml,text/plain,*/*;q=0.5"}
    current = url
    try:
        with httpx.Client(follow_redirects=False, timeout=timeout, headers=headers) as client:
            for _hop in range(_MAX_REDIRECTS + 1):
                refusal = address_refusal(current, settings.ingest.allow_private_addresses)
                if refusal:
                    reason = "refused_address" if "private" in refusal else "fetch_failed"
                    return reject(url, reason, refusal)
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            return reject(url, "fetch_failed", f"redirect without Location from {current}")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        return reject(url, "fetch_failed", f"HTTP {response.status_code} from {current}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        return reject(url, "too_large", f"Content-Length {declared} > ingest.max_bytes={limit}")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        chunks.append(chunk)
                        size += len(chunk)
                        if size > limit:
                            return reject(url, "too_large", f"body passed ingest.max_bytes={limit}; stopped reading")
                        if time.monotonic() > deadline:
                            return reject(url, "fetch_failed", f"timed out after {timeout:g} s")
                    return FetchResult(str(response.url), b"".join(chunks),
                                       response.headers.get("content-type", ""))
            return reject(url, "fetch_failed", f"more than {_MAX_REDIRECTS} redirects")
    except httpx.TimeoutException:
        return reject(url, "fetch_failed", f"timed out after {timeout:g} s")
    except httpx.HTTPError as exc:
        return reject(url, "fetch_failed", f"{type(exc).__name__}: {exc}")
