"""Optional online check of cited URLs: status, redirects, final URL (an edge, not a stage).

Off by default (``citations.online``).  The offline audit (dates in
addresses, topic words, malformed URLs) needs no network; this module adds
what only a request can tell: does the page exist, and where does it
redirect.  It is an I/O edge like the store, so the runners call it, never
the pure stages.

Safety and manners:

* every address a URL (or a redirect) resolves to is checked by
  :mod:`storytrace.netsafety` (the rule URL fetching uses), and private,
  loopback, link-local, reserved, multicast and unspecified addresses are
  refused unless ``allow_private`` is set (``ingest.allow_private_addresses``);
* one request per host at most every ``citations.per_host_interval`` seconds;
* ``citations.timeout`` seconds per request, at most 5 redirects, HEAD first
  and GET when HEAD is refused;
* results are cached in SQLite (``citations.cache``), so a URL is fetched
  once.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..netsafety import find_internal_address
from ..records import Document, Finding
from ..settings import Settings
from .extraction import find_citations

__all__ = ["CitationCheck", "CitationChecker", "online_citation_findings"]

_MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class CitationCheck:
    """What a request to a cited URL found.  ``error`` is a reason code when there is no status."""

    url: str
    status: int | None
    final_url: str | None
    redirects: tuple[str, ...] = ()
    error: str | None = None


def _cache_path(settings: Settings) -> str:
    if settings.citations.cache:
        return settings.citations.cache
    db = settings.store.db
    if db and db != ":memory:" and "://" not in db:
        return str(Path(db).with_name(Path(db).stem + "-citations.sqlite"))
    return ":memory:"


class CitationChecker:
    """Checks cited URLs over HTTP with a cache, per-host rate limits and address refusal.

    Args:
        settings: ``citations.timeout``, ``citations.per_host_interval``, ``citations.cache``.
        allow_private: allow internal addresses (:func:`storytrace.netsafety.is_internal_address`: tests, intranets).
        resolver: ``socket.getaddrinfo``-like function (injectable for tests).
        clock, sleep: time functions (injectable so tests need no real waiting).

    Example:
        >>> checker = CitationChecker(Settings({"citations.cache": ":memory:"}))
        >>> checker.check("http://127.0.0.1:9/x").error
        'refused_address'
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        allow_private: bool = False,
        resolver: Callable = socket.getaddrinfo,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        import httpx

        self.settings = settings or Settings()
        self.allow_private = allow_private
        self._resolve = resolver
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._client = httpx.Client(timeout=self.settings.citations.timeout, follow_redirects=False,
                                    headers={"User-Agent": self.settings.ingest.user_agent})
        self._db = sqlite3.connect(_cache_path(self.settings))
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS citation_checks (url TEXT PRIMARY KEY, status INTEGER, final_url TEXT,"
            " redirects TEXT, error TEXT, checked_at REAL)"
        )

    def close(self) -> None:
        self._client.close()
        self._db.close()

    def __enter__(self) -> CitationChecker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers

    def _refused(self, host: str, port: int) -> bool:
        if self.allow_private:
            return False
        try:
            return find_internal_address(host, port, self._resolve) is not None
        except (UnicodeError, OSError):
            return False  # resolution errors surface as request errors

    def _wait_for(self, host: str) -> None:
        interval = self.settings.citations.per_host_interval
        last = self._last.get(host)
        if last is not None:
            delay = interval - (self._clock() - last)
            if delay > 0:
                self._sleep(delay)
        self._last[host] = self._clock()

    def _cached(self, url: str) -> CitationCheck | None:
        row = self._db.execute("SELECT status, final_url, redirects, error FROM citation_checks WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return CitationCheck(url, row[0], row[1], tuple(json.loads(row[2] or "[]")), row[3])

    def _store(self, check: CitationCheck) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO citation_checks VALUES (?, ?, ?, ?, ?, ?)",
            (check.url, check.status, check.final_url, json.dumps(list(check.redirects)), check.error, time.time()),
        )
        self._db.commit()

    # -- public

    def check(self, url: str) -> CitationCheck:
        """Check one URL (from the cache when it was checked before).

        Returns:
            A :class:`CitationCheck`; ``error`` is one of ``malformed``,
            ``refused_address``, ``timeout``, ``fetch_failed``,
            ``too_many_redirects`` when there is no final status.
        """
        import httpx

        cached = self._cached(url)
        if cached is not None:
            return cached
        current = url
        redirects: list[str] = []
        result: CitationCheck | None = None
        for _ in range(_MAX_REDIRECTS + 1):
            try:
                parts = urlsplit(current)
                host = parts.hostname if parts.scheme in ("http", "https") else None
                port = parts.port or (443 if parts.scheme == "https" else 80)
            except ValueError:  # a port out of range, or a broken IPv6 literal urlsplit refuses
                host = None
            if not host:
                result = CitationCheck(url, None, current, tuple(redirects), "malformed")
                break
            if self._refused(host, port):
                result = CitationCheck(url, None, current, tuple(redirects), "refused_address")
                break
            self._wait_for(host)
            try:
                response = self._client.head(current)
                if response.status_code in (405, 501):
                    response = self._client.get(current)
            except httpx.TimeoutException:
                result = CitationCheck(url, None, current, tuple(redirects), "timeout")
                break
            except httpx.HTTPError:
                result = CitationCheck(url, None, current, tuple(redirects), "fetch_failed")
                break
            location = response.headers.get("location")
            if response.is_redirect and location:
                redirects.append(current)
                current = urljoin(current, location)
                continue
            result = CitationCheck(url, response.status_code, current, tuple(redirects))
            break
        if result is None:
            result = CitationCheck(url, None, current, tuple(redirects), "too_many_redirects")
        self._store(result)
        return result

    def check_all(self, urls: Iterable[str]) -> list[CitationCheck]:
        """Check several URLs in order (duplicates once)."""
        out, seen = [], set()
        for url in urls:
            if url not in seen:
                seen.add(url)
                out.append(self.check(url))
        return out


def online_citation_findings(
    documents: Sequence[Document], settings: Settings | None = None, checker: CitationChecker | None = None
) -> list[Finding]:
    """``malformed_citation`` findings for cited URLs that do not resolve (when ``citations.online``).

    Returns an empty list when ``citations.online`` is off.  Offsets point at
    the URL in the text when it is found there, else they are None.
    """
    settings = settings or Settings()
    if not settings.citations.online:
        return []
    own = checker is None
    checker = checker or CitationChecker(settings, allow_private=settings.ingest.allow_private_addresses)
    findings: list[Finding] = []
    try:
        for doc in documents:
            spans = {f.value: f for f in find_citations(doc.text, doc.id)}
            urls = list(dict.fromkeys([*doc.citations, *spans]))
            for check in checker.check_all(urls):
                if check.error is None and check.status is not None and check.status < 400:
                    continue
                span = spans.get(check.url)
                why = f"HTTP {check.status}" if check.status is not None else check.error
                hops = f" after {len(check.redirects)} redirect(s) to {check.final_url}" if check.redirects else ""
                findings.append(
                    Finding(
                        "malformed_citation", doc.id, span.start if span else None, span.end if span else None,
                        span.text if span else check.url, f"the cited URL does not resolve: {why}{hops}",
                    )
                )
    finally:
        if own:
            checker.close()
    return findings
