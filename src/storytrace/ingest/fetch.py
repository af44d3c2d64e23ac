"""Fetching ``http(s)://`` inputs with httpx, refusing internal addresses.

Redirects are followed by hand (not by httpx) so that every hop's host is
resolved and checked by :mod:`storytrace.netsafety` (the rule the online
citation check uses too): a public URL must not be able to bounce the fetcher
to ``127.0.0.1`` or a cloud metadata address.  The body is streamed and
reading stops as soon as it passes ``ingest.max_bytes``.

Known limit: the address is checked on our own resolution; a hostile DNS
server could answer differently when httpx connects (DNS rebinding).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

from ..kinds import RejectionReason
from ..netsafety import address_refusal, url_refusal
from ..records import Rejected
from ..settings import Settings
from .common import reject

# address_refusal is re-exported: it lived here before storytrace.netsafety.
__all__ = ["FetchResult", "address_refusal", "fetch_url"]

_MAX_REDIRECTS = 10


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched body with the final URL and its ``Content-Type``."""

    url: str
    data: bytes
    content_type: str


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
                refusal = url_refusal(current, settings.ingest.allow_private_addresses)
                if refusal:
                    why, detail = refusal
                    reason: RejectionReason = "refused_address" if why == "refused_address" else "fetch_failed"
                    return reject(url, reason, detail)
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
