"""Turning raw bytes into text, and telling text from binary.

Written by hand around ``charset_normalizer`` (already installed as a
trafilatura dependency) because the order of attempts matters for news pages:
a BOM, then strict UTF-8, then the charsets the container *declared* (HTTP
header, ``<meta charset>``, XML prolog), and only then statistical detection.
Statistical detection alone mislabels short UTF-8 or Windows-1252 pages often
enough to garble names, and a wrong guess is worse than a rejection.

Everything here is pure: bytes in, values out.  :mod:`storytrace.clean` uses the same
:func:`decode_bytes` so that a document decodes the same way in both stages.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["declared_charsets", "decode_bytes", "is_binary", "looks_sensible"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of common non-text files people drop into an input folder.
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF",
    b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00", b"BM", b"\xd0\xcf\x11\xe0",
    b"7z\xbc\xaf", b"Rar!", b"SQLite format 3",
)

_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENC_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", re.I)


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def is_binary(data: bytes) -> bool:
    """True when ``data`` is not text: NUL bytes, a known binary magic number,
    or many control bytes.

    >>> is_binary(b"%PDF-1.7 ...")
    True
    >>> is_binary("Olá, mundo".encode())
    False
    """
    if _bom_encoding(data) in {"utf-16", "utf-32"}:
        return False  # UTF-16/32 text legitimately holds NUL bytes
    head = data[:8192]
    if any(head.startswith(magic) for magic in _BINARY_MAGIC):
        return True
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def declared_charsets(data: bytes, content_type: str | None = None) -> list[str]:
    """Charsets named by an HTTP ``Content-Type``, a ``<meta charset>`` or an XML prolog.

    >>> declared_charsets(b'<meta charset="windows-1252">', "text/html; charset=ISO-8859-1")
    ['iso-8859-1', 'windows-1252']
    """
    found: list[str] = []
    if content_type:
        m = _CHARSET_RE.search(content_type.encode("ascii", "ignore"))
        if m:
            found.append(m.group(1).decode("ascii").lower())
    head = data[:4096]
    for rx in (_XML_ENC_RE, _CHARSET_RE):
        for m in rx.finditer(head):
            name = m.group(1).decode("ascii", "ignore").lower()
            if name and name not in found:
                found.append(name)
    out = []
    for name in found:
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        out.append(name)
    return out


def looks_sensible(text: str) -> bool:
    """True when decoded text has no replacement characters to speak of and
    almost no control or unassigned code points (what a wrong guess produces).

    >>> looks_sensible("Seul, Coréia do Sul")
    True
    >>> looks_sensible("\\x81\\x8d\\x90" * 20)
    False
    """
    if not text:
        return True
    sample = text[:20000]
    bad = symbols = 0
    for ch in sample:
        if ch in "\t\n\r\f":
            continue
        cat = unicodedata.category(ch)
        if ch == "\ufffd" or cat in ("Cc", "Cn", "Co", "Cs"):
            bad += 1
        elif cat in ("So", "Sk"):
            symbols += 1  # box drawing and dingbats: what random bytes decode to in CJK code pages
    return bad / len(sample) < 0.01 and symbols / len(sample) < 0.15


def decode_bytes(data: bytes, declared: Iterable[str] = ()) -> tuple[str, str] | None:
    """Decode ``data``; return ``(text, encoding)`` or ``None`` when nothing decodes sensibly.

    Args:
        data: the raw payload.
        declared: charsets named by the container (tried after UTF-8).

    Returns:
        The text and the name of the encoding that produced it, or ``None``.

    >>> decode_bytes("Kyiv – Київ".encode("utf-8"))
    ('Kyiv – Київ', 'utf-8')
    >>> decode_bytes("Coréia".encode("cp1252"), ["windows-1252"])
    ('Coréia', 'windows-1252')
    """
    bom = _bom_encoding(data)
    candidates: list[str] = [bom] if bom else []
    candidates += ["utf-8"]
    candidates += [c for c in declared if c]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_sensible(text):
            return text, enc
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura
        return None
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None
    best = matches[0]
    # Single-byte code pages tie on short Western text; Windows-1252 is the
    # web's de-facto default for undeclared pages (WHATWG), so it wins ties.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01:
            best = match
            break
    for match in [best] + [m for m in matches if m is not best]:
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_sensible(text):
            return text, match.encoding
    return None
