"""From a raw document to clean text plus the structure around it.

HTML goes through trafilatura (main text and metadata).  Everything after that
is line-based and written by hand, because no library knows the conventions of
*syndicated news copy*: datelines and agency credits ("SEOUL, June 18 (AP)"),
date lines ("date 2025-06-18"), disclosure notes ("auto-generated from a
syndicated feed"), reference lists whose URLs run together, and aggregator
pages that paste unrelated stories after the one you came for ("Related
Articles" / outlet / "15 minutes ago" / headline / body).  Those pieces are not
thrown away silently: each becomes a :class:`~storytrace.records.RemovedSpan`,
disclosures and citations become fields, and appended stories become child
documents of their own.

Rules match *shapes* (short lines, relative timestamps, "- Outlet" lines,
headline-like lines) and multilingual keyword lists, never phrases of one
particular page.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .ingest.common import iso_date
from .ingest.decode import decode_bytes, declared_charsets
from .language import detect_language
from .records import Document, RawDocument, Rejected, RemovedSpan, content_id
from .settings import Settings

__all__ = ["clean_document", "find_citations"]

# --------------------------------------------------------------------------- vocab

_MONTHS = {
    # en, fr, es, pt, de, it: full names and common abbreviations
    "jan": 1, "january": 1, "janvier": 1, "enero": 1, "janeiro": 1, "januar": 1, "gennaio": 1, "janv": 1, "ene": 1,
    "feb": 2, "february": 2, "février": 2, "fevrier": 2, "febrero": 2, "fevereiro": 2, "februar": 2, "febbraio": 2, "févr": 2, "fev": 2,
    "mar": 3, "march": 3, "mars": 3, "marzo": 3, "março": 3, "marco": 3, "märz": 3, "marz": 3,
    "apr": 4, "april": 4, "avril": 4, "abril": 4, "aprile": 4, "abr": 4, "avr": 4,
    "may": 5, "mai": 5, "mayo": 5, "maio": 5, "maggio": 5,
    "jun": 6, "june": 6, "juin": 6, "junio": 6, "junho": 6, "juni": 6, "giugno": 6,
    "jul": 7, "july": 7, "juillet": 7, "julio": 7, "julho": 7, "juli": 7, "luglio": 7, "juil": 7,
    "aug": 8, "august": 8, "août": 8, "aout": 8, "agosto": 8, "ago": 8,
    "sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "setembro": 9, "settembre": 9, "set": 9,
    "oct": 10, "october": 10, "octobre": 10, "octubre": 10, "outubro": 10, "oktober": 10, "ottobre": 10, "out": 10, "okt": 10,
    "nov": 11, "november": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
    "dec": 12, "december": 12, "décembre": 12, "decembre": 12, "diciembre": 12, "dezembro": 12, "dezember": 12, "dicembre": 12, "déc": 12, "dic": 12, "dez": 12,
}
_MONTH_RX = "(?i:" + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)) + r")\.?"

#: Wire services whose credit marks syndicated copy (general knowledge, not page-specific).
_AGENCIES = (
    "AP", "Associated Press", "AFP", "Agence France-Presse", "Reuters", "dpa", "DPA", "EFE", "ANSA", "Xinhua",
    "Yonhap", "Kyodo", "TASS", "Tass", "RIA Novosti", "Interfax", "PTI", "IANS", "ANI", "UPI", "Bloomberg",
    "Lusa", "Agência Brasil", "Europa Press", "Anadolu", "Bernama", "Antara", "KNA", "APA", "SDA", "ATS",
    "NTB", "TT", "CNA", "PA", "PA Media", "AAP", "CP", "The Canadian Press", "Kyodo News", "Jiji", "Belga",
    "ANP", "Ritzau", "STT", "Notimex", "Télam", "ABC", "BBC", "CNN", "WAFA", "IRNA", "Fars", "Sputnik",
)
_AGENCY_ALIASES = {
    "associated press": "AP", "agence france-presse": "AFP", "tass": "TASS", "dpa": "dpa",
    "kyodo news": "Kyodo", "the canadian press": "CP", "pa media": "PA",
}


def _canonical_credit(credit: str) -> str:
    """One spelling per agency, so 'Associated Press' and 'AP' count once."""
    credit = " ".join(credit.split())
    return _AGENCY_ALIASES.get(credit.casefold(), credit)


_AGENCY_RX = "(?:" + "|".join(sorted((re.escape(a) for a in _AGENCIES), key=len, reverse=True)) + ")"

_REL_TIME = re.compile(
    r"^(?:(?:about|around|over|updated|posted|published)\s+)?(?:\d+|an?|one|a few)\s*"
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?)\s+ago\.?$"
    r"|^(?:há|hace|il y a|vor|fa)\s+\d+\s+\w+$|^\d+\s+\w+\s+(?:atrás|fa)$"
    r"|^(?:just now|yesterday|today|ontem|hoy|ayer|hier|gestern|heute)$",
    re.I,
)
_DATE_ONLY = re.compile(
    rf"^(?:\w+,?\s+)?(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|{_MONTH_RX}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:er|º|\.)?\s+(?:de\s+)?{_MONTH_RX}\s+(?:de\s+)?\d{{4}})"
    r"(?:[ ,T]+(?:at\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2}|Z)?)?\.?$",
    re.I,
)
_DATE_IN = re.compile(
    rf"(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})|(?P<mdy>{_MONTH_RX}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<dmy>\d{{1,2}}(?:er|º|\.)?\s+(?:de\s+)?{_MONTH_RX}\s+(?:de\s+)?\d{{4}})",
    re.I,
)
_DATE_LABEL = re.compile(
    r"^\s*(?:date|dated|published|posted|updated|last updated|first published|publication date|publish date|"
    r"data|fecha|datum|date de publication|publié le|publicado(?: em| el)?|veröffentlicht(?: am)?|aktualisiert(?: am)?)"
    r"\s*(?:on|:|-|–)?\s*",
    re.I,
)

_RELATED_HEADING = re.compile(
    r"^(?:related(?: articles?| stories| news| posts?| content| coverage| reading| links)?|"
    r"more (?:from|on|about|in|news|stories|articles|like this)\b.{0,40}|more stories|"
    r"(?:you )?(?:may|might) (?:also )?(?:like|enjoy|be interested in)|you might also like|"
    r"recommended(?: for you| stories| articles| reading)?|read (?:more|next|also)|also read|see also|"
    r"most (?:read|popular|viewed|shared)|trending(?: now| stories| news)?|top stories|latest (?:news|stories|articles)|"
    r"other stories|in other news|what to read next|don'?t miss|popular (?:now|stories|articles)|"
    r"leia (?:também|mais)|veja (?:também|mais)|mais lidas|notícias relacionadas|artigos relacionados|"
    r"lea también|noticias relacionadas|artículos relacionados|más noticias|lo más leído|"
    r"(?:à )?lire aussi|articles liés|sur le même sujet|les plus lus|"
    r"mehr zum thema|weitere artikel|ähnliche artikel|das könnte sie auch interessieren|meistgelesen|"
    r"leggi anche|articoli correlati)\s*[:.…]*$",
    re.I,
)

# Each entry: (reason, pattern).  Only applied to short lines (see _CLUTTER_MAX).
_CLUTTER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(rx, re.I))
    for reason, rx in (
        ("widget", r"^(?:try|explore|discover|download|get|use|ask)\b.{0,60}\b(?:features?|apps?|tools?|assistant|chatbot)\b\W{0,3}$"),
        ("widget", r"^.{0,60}\bcan do for you\W{0,3}$"),
        ("comments", r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?\s*:?$|^no comments(?: yet)?\W*$|"
                     r"^(?:be the first to comment|leave a (?:comment|reply)|show comments|view comments|"
                     r"join the (?:conversation|discussion)|add (?:a|your) comment|post a comment|comentários|comentarios|commentaires|kommentare)\b.{0,40}$"),
        ("share", r"^(?:share(?: this)?(?: article| story| post| page)?(?: on| via)?|tweet|e-?mail|print|copy link|"
                  r"facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|telegram|messenger|flipboard|"
                  r"compartilhe|compartilhar|compartir|partager|teilen)"
                  r"(?:[\s,|/•·]+(?:share|facebook|twitter|x|whatsapp|linkedin|e-?mail|print|copy link|pinterest|reddit|telegram|messenger|flipboard))*\W{0,3}$"),
        ("share", r"^follow (?:us|@?\w+) on\b.{0,60}$"),
        ("newsletter", r"^(?:sign up|subscribe|register|join)\b.{0,100}\b(?:newsletters?|updates|inbox|alerts|briefing|digest)\b.{0,60}$"),
        ("newsletter", r"^(?:get|receive) (?:our|the)\b.{0,50}\bnewsletters?\b.{0,60}$|^newsletters?\W{0,3}$"),
        ("timestamp", _REL_TIME.pattern),
        ("source line", r"^(?:source|sources|fonte|fuente|quelle|via)\s*:\s*.{1,80}$"),
        ("photo credit", r"^\(?(?:photo|photos|image|images|picture|pic|foto|fotos|photograph|credit|crédito|crédit|bild)s?\s*"
                         r"(?:by|:|©|/|credit)\s*.{1,80}\)?$"),
        ("copyright", r"^\(?(?:©|\(c\)|copyright)\s*.{1,100}$|^.{0,100}\ball rights reserved\W{0,3}$"),
        ("photo credit", r"^(?:image source|image caption|media caption|video caption|photo source|bildquelle)\s*[,:]\s*.{1,150}$"),
        ("photo credit", r"^.{0,100}(?:\bvia getty images|\bgetty images|\bshutterstock|/\s?(?:ap|afp|reuters|epa(?:-efe)?|getty|yonhap|xinhua|dpa|anadolu|sipa|pa|ap photo))\)?\.?$"),
        ("photo credit", r"^\((?:photo|image|file photo|picture)[^)]{0,100}\)$"),
        ("advertisement", r"^(?:advertisement|advertising|sponsored(?: content)?|publicidade|publicidad|anzeige|publicité|"
                          r"(?:story|article) continues (?:below|after (?:the )?(?:advertisement|ad))(?: advertisement)?|"
                          r"continue reading(?: below| the main story)?|scroll to continue(?: with content)?)\W{0,3}$"),
        ("button", r"^(?:ok|okay|accept(?: all)?(?: cookies)?|i agree|agree|close|dismiss|cerrar|fechar|fermer|schließen|"
                   r"akzeptieren|alle akzeptieren|aceptar|aceitar|accepter|tout accepter)\W{0,3}$"),
        ("related link", r"^(?:read more|read also|also read|related|see also|more|watch|listen|must read|recommended|"
                         r"leia (?:também|mais)|veja (?:também|mais)|lea también|lire aussi|mehr zum thema|leggi anche)\s*[:|]\s*.{1,200}$"),
        ("navigation", r"^(?:skip to (?:main )?content|back to top|next article|previous article)\W{0,3}$"),
        ("tags", r"^(?:tags|topics|categories|filed under|themen|temas|sujets)\s*:.{1,200}$"),
        ("reading time", r"^(?:listen to this article|\d+\s*(?:min|mins|minutes?)(?: read| de leitura| de lectura| de lecture| lesezeit)|"
                         r"(?:reading|read) time\s*:?.{0,20})\W{0,3}$"),
        ("share", r"^click to (?:share|email|print)\b.{0,80}$|^(?:e-?mail|print|save|bookmark)(?: this)? (?:article|story|page)\W{0,3}$"),
        ("timestamp", r"^(?:updated|published|posted|last updated)(?: at| on)?\s*:?\s*\d{1,2}[:.]\d{2}.{0,25}$"),
        ("button", r"^(?:sign in|log in|login|register|subscribe(?: now)?|loading\W*|please enable javascript.{0,80})\W{0,3}$"),
        ("boilerplate", r"^our standards\s*:.{0,100}$"),
        ("photo caption", r"^.{0,200}(?:\((?:AP|AFP|Reuters|EPA|Getty|Yonhap|Xinhua|dpa|PA)?\s?Photos?(?:/[^)]{0,60})?\)|\bvia AP(?:, File)?\))\.?$"),
    )
)
_CLUTTER_MAX = 220  # longer lines are prose, never furniture

_DISCLOSURE_RULES = tuple(
    re.compile(rx, re.I)
    for rx in (
        r"auto-?generated from (?:a |an )?(?:syndicated|wire|agency|news)\b",
        r"(?:published|generated|taken|sourced) from (?:a |an )?(?:syndicated|wire|agency)\b.{0,20}\bfeed",
        r"\b(?:article|story|report|content|text|summary|piece|post)\s+(?:was|has been|is|were|have been)\s+"
        r"(?:partly |partially |fully |entirely |automatically )?(?:generated|written|created|produced|drafted|translated|summari[sz]ed|rewritten|assisted)"
        r"\b.{0,40}\b(?:by|with|using)\s+(?:the help of |the assistance of |support from )?(?:an? )?"
        r"(?:ai|a\.i\.|artificial intelligence|generative ai|machine|automated|automation|language model|large language model|llm|chatgpt|software|tool)",
        r"\bai[- ](?:generated|assisted|written)\b",
        r"\bgenerated (?:by|with|using) (?:an? )?(?:ai|artificial intelligence)\b",
        r"may have been (?:reworked|edited|rewritten|modified|changed)",
        r"(?:has|have) not been edited by\b",
        r"\b(?:originally|first) (?:appeared|published|ran) (?:on|in|at|by)\b|\brepublished (?:from|with permission|under)\b",
        r"without modifications? to the text",
        r"\b(?:machine|automatically)[- ]translated\b|\btranslated automatically\b",
        r"gerad[oa]s? (?:por|com) (?:ia|inteligência artificial)|traduzid[oa] automaticamente",
        r"generad[oa]s? (?:por|con) (?:ia|inteligencia artificial)|traducid[oa] automáticamente",
        r"généré (?:par|avec) (?:l'ia|une ia|l'intelligence artificielle)|traduit automatiquement",
        r"(?:mit|von) (?:ki|künstlicher intelligenz) (?:erstellt|generiert)|automatisch übersetzt",
    )
)
_DISCLOSURE_PREFIX = re.compile(r"^\W*(?:disclaimer|disclosure|note|editor'?s note|nota|hinweis|avertissement)\b", re.I)

_DATELINE = re.compile(
    r"^(?P<place>(?:[A-ZÀ-Þ][A-Za-zÀ-ÿ.'’\-/]*)(?:\s+[A-ZÀ-Þ][A-Za-zÀ-ÿ.'’\-/]*){0,3}"
    r"(?:,\s*(?!" + _MONTH_RX + r"\s+\d)[A-ZÀ-Ý][\wÀ-ÿ.'’\-]*(?:\s+(?:[a-zà-ÿ]{1,3}\s+)?[A-ZÀ-Ý][\wÀ-ÿ.'’\-]*){0,3})?)"
    r"(?:,\s*(?P<date>" + _MONTH_RX + r"\s+\d{1,2}|\d{1,2}\.?\s+(?:de\s+)?" + _MONTH_RX + r")(?:,?\s+(?P<year>\d{4}))?)?"
    r"\s*(?:\((?P<credit>[A-Z][\w .&/\-]{0,30})\)|[.,]?\s*/(?P<slash>[A-Z][A-Za-z\-]{1,15})/\.?)?"
    r"\s*(?P<dash>[—–]|--?)?\s*",
)
_LEAD_CREDIT = re.compile(r"^\((?P<credit>" + _AGENCY_RX + r")\)\s*(?:[—–]|--?)?\s*")
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:[—–-]+\s*)?(?:(?:with|with inputs? from|inputs? from|source|sources|via|com|con|avec|mit)\s*:?\s+)?"
    r"(?P<credit>" + _AGENCY_RX + r"(?:\s*(?:[/,&]|and)\s*" + _AGENCY_RX + r")*)\s*\)?\.?$",
    re.I,
)
_BYLINE = re.compile(
    r"^(?i:by|por|par|von|di|door|av)\s+(?P<name>[A-ZÀ-Þ][\w.'’\-]+(?:\s+(?:[A-ZÀ-Þ][\w.'’\-]+|de|da|van|von|der|del|la|le|bin|al)){0,4}"
    r"(?:\s*(?:,|and|&|e|y|et|und)\s*[A-ZÀ-Þ][\w.'’\-]+(?:\s+[A-ZÀ-Þ][\w.'’\-]+){0,4})*)"
    r"(?:\s*(?:,|\||-|–|—)\s*(?P<org>[^.!?]{2,60}))?\s*$",
)

_URL_RX = re.compile(r"(?:https?://|www\.)[^\s<>\"'\[\]{}|\\^`]+", re.I)
_REF_MARK = re.compile(r"\[\d{1,3}\]|^\s*\d{1,3}[.)]\s+|^\s*[-*•]\s+", re.M)
_REF_LINE = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)]|[-*•])\s*(?:.{0,200}?\s)?(?:https?://|www\.)", re.I)
_URL_TAIL = re.compile(r"^[\w\-./%?=&#~+:;@!$,*()]+$")

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*(<?[^)\s]+>?)(?:\s+\"[^\"]*\")?\s*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_EMPH = re.compile(r"(?<![\w*])(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1(?![\w*])")

_GLUED_SENTENCE = re.compile(r"(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])|(?<=\b[A-Z]\.[A-Z]\.)(?=[A-Z][a-z])")


@dataclass
class _Parts:
    """What the line passes collect while they walk the text."""

    removed: list[RemovedSpan] = field(default_factory=list)
    disclosures: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    published: str | None = None
    dateline: str | None = None
    dateline_date: tuple[int, int] | None = None


# --------------------------------------------------------------------------- helpers

def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).split()).casefold()


def _words(s: str) -> int:
    return len(s.split())


def _is_short(line: str) -> bool:
    """Headline / header / furniture sized: not a paragraph of prose."""
    s = line.strip()
    if len(s) >= 160 or _words(s) >= 28:
        return False
    return True


def _is_prose(line: str) -> bool:
    s = line.strip()
    return not _is_short(s) or (len(s) >= 60 and s[-1:] in ".!?\"”’'»)")


def _headline_like(line: str) -> bool:
    s = line.strip()
    return _is_short(s) and 2 <= _words(s) and s[-1:] not in ".,;:" and not _REL_TIME.match(s)


def _outlet_line(line: str) -> str | None:
    """'- Western Telegraph' / '| Outlet' / '• Outlet' -> 'Western Telegraph'."""
    m = re.match(r"^\s*[-–—•|·]\s*(\S.{0,60}?)\s*$", line)
    if m and _words(m.group(1)) <= 6 and m.group(1)[-1:] not in ".!?":
        return m.group(1)
    return None


def _date_from_match(m: re.Match[str]) -> str | None:
    text = m.group(0)
    if m.lastgroup == "iso":
        return iso_date(text)
    parts = re.findall(r"\d+|[^\W\d]+", text.lower())
    day = year = month = None
    for p in parts:
        if p.isdigit():
            if len(p) == 4:
                year = int(p)
            elif day is None:
                day = int(p)
        elif p.rstrip(".") in _MONTHS and month is None:
            month = _MONTHS[p.rstrip(".")]
    if day and month and year:
        try:
            return _dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- citations

def _repair_reference_line(line: str) -> tuple[str, dict[str, str]]:
    """Join a URL broken by a stray space inside a reference list line.

    Returns the repaired line (read only for ``Document.citations``: the
    clean text keeps the line as written) and, per repaired URL, the broken
    text it was read from.

    ``[1] https://x.de/a-b- article1.html[2] https://y`` -> ``[1] https://x.de/a-b-article1.html[2] https://y``,
    ``{"https://x.de/a-b-article1.html": "https://x.de/a-b- article1.html"}``
    """
    pieces = re.split(r"(\[\d{1,3}\])", line)
    out = []
    repairs: dict[str, str] = {}
    for piece in pieces:
        if piece.startswith("[") or "://" not in piece:
            out.append(piece)
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        tokens = piece.strip().split(" ")
        if tokens and _URL_RX.match(tokens[0]):
            joined = [tokens[0]]
            written = tokens[0]
            rest = tokens[1:]
            while rest:
                tok = rest[0]
                prev = joined[-1]
                url_like_tail = bool(_URL_TAIL.match(tok)) and not _URL_RX.match(tok)
                joins = url_like_tail and (
                    prev[-1:] in "-/_.=&?#+%" or tok[:1] in "-/_.=&?#%"
                    or re.search(r"\.(?:s?html?|php|aspx?|jsp|cfm|pdf)\b", tok, re.I) is not None
                )
                if not joins:
                    break
                joined[-1] = prev + tok
                written += " " + tok
                rest = rest[1:]
            if written != joined[0]:
                repairs[_trim_url(joined[0])] = _trim_url(written)
            trail = piece[len(piece.rstrip()):]
            out.append(lead + " ".join(joined + rest) + trail)
        else:
            out.append(piece)
    return "".join(out), repairs


def _trim_url(url: str) -> str:
    """A URL without the sentence punctuation that follows it."""
    while url and url[-1] in ".,;:!?)'\"»”’*":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find_citations(text: str) -> tuple[str, ...]:
    """Every URL in ``text`` in order, de-duplicated, with trailing punctuation trimmed.

    Reference markers glued to a URL (``...html[2] https://...``) separate it
    from the next one.

    Args:
        text: clean text.

    Returns:
        The URLs, first occurrence first.

    >>> find_citations("See https://a.org/x.html[2] https://b.org/y). And https://a.org/x.html.")
    ('https://a.org/x.html', 'https://b.org/y')
    """
    seen: dict[str, None] = {}
    for m in _URL_RX.finditer(text):
        url = _trim_url(m.group(0))
        if len(url) < 8 or url.lower() in ("http://", "https://"):
            continue
        seen.setdefault(url, None)
    return tuple(seen)


# --------------------------------------------------------------------------- text shaping

def _markdown_to_text(text: str) -> str:
    """Markdown to plain paragraphs: headings, bullets and emphasis marks dropped,
    links kept as their text followed by the URL in parentheses (so citations keep offsets)."""
    lines = []
    in_code = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            lines.append(line)
            continue
        m = _MD_HEADING.match(line)
        if m:
            line = m.group(1)
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images
        line = _MD_LINK.sub(lambda mm: f"{mm.group(1)} ({mm.group(2).strip('<>')})" if mm.group(1) else mm.group(2).strip("<>"), line)
        line = _MD_BULLET.sub("", line) if not _REF_LINE.match(line) else line
        line = _MD_EMPH.sub(r"\2", line)
        if re.fullmatch(r"\s*(?:[-*_]\s*){3,}", line):
            continue  # horizontal rule
        lines.append(line)
    return "\n".join(lines)


def _fix_glued(line: str) -> str:
    """Put back the space lost between sentences ("States.Rosyn Park") outside URLs."""
    # One search over the line settles most lines: the pattern holds no space,
    # so a token can only match where the line does (and ~500 regex calls per
    # document on every token were a third of the plain-text path's time).
    if "." not in line or not _GLUED_SENTENCE.search(line):
        return line
    tokens = line.split(" ")
    for i, tok in enumerate(tokens):
        if "://" in tok or tok.lower().startswith("www.") or "@" in tok:
            continue
        tokens[i] = _GLUED_SENTENCE.sub(" ", tok)
    return " ".join(tokens)


def _normalize_lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    out = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\f\v]+", " ", line).strip()
        out.append(line)
    return out


# --------------------------------------------------------------------------- line passes

_COOKIE_NOTICE = re.compile(
    r"\bcookies?\b.{0,300}\b(?:website|web site|site|webseite|sitio|accept|consent|policy|browsing|experience|"
    r"utilizamos|usamos|utilisons|utilise|verwenden|nutzen|setzen|einverstanden|akzeptieren)\b"
    r"|\b(?:website|webseite|site|sitio)\b.{0,120}\bcookies?\b",
    re.I,
)


# banners speak to the reader; news about cookie law does not
_BANNER_VOICE = re.compile(
    r"\b(?:we|our|you|your|this (?:web)?site|wir|unsere[rmns]?|ihnen|sie können|nous|notre|vous|utilizamos|usamos|"
    r"nuestro|nosso|este sitio|este site|utilizziamo|nostro)\b",
    re.I,
)


def _clutter_reason(line: str) -> str | None:
    s = line.strip()
    if s and len(s) <= 500 and _COOKIE_NOTICE.search(s) and _BANNER_VOICE.search(s):
        return "cookie notice"
    if not s or len(s) > _CLUTTER_MAX:
        return None
    for reason, rx in _CLUTTER_RULES:
        if rx.match(s):
            return reason
    return None


def _is_disclosure(line: str, position_ok: bool) -> bool:
    s = line.strip()
    if not s or len(s) > 500:
        return False
    if not any(rx.search(s) for rx in _DISCLOSURE_RULES):
        return False
    framed = (s.startswith("(") and s.endswith(")")) or (s.startswith("[") and s.endswith("]")) \
        or s.startswith(("*", "_")) or bool(_DISCLOSURE_PREFIX.match(s))
    return position_ok or framed


def _date_line(line: str) -> str | None:
    """The ISO date of a line that is a date line ('date 2025-06-18 Photo : X', 'Published: June 18, 2025')."""
    s = line.strip()
    if not s or len(s) > 120:
        return None
    m = _DATE_LABEL.match(s)
    if m and m.end() > 0:
        rest = s[m.end():]
        dm = _DATE_IN.match(rest.strip())
        if dm:
            return _date_from_match(dm)
        return None
    if _DATE_ONLY.match(s):
        dm = _DATE_IN.search(s)
        if dm:
            return _date_from_match(dm)
        return iso_date(s)
    return None


def _appended_start(lines: list[str]) -> tuple[int, int] | None:
    """Where appended content starts: ``(heading_index_or_-1, first_content_index)``.

    Either a related-content heading followed by other stories, or (without a
    heading) the first header cluster: an outlet-like line, a relative
    timestamp, a "- Outlet" line, then a headline and prose.
    """
    prose_seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if prose_seen >= 2 and _RELATED_HEADING.match(line):
            nxt = next((j for j in range(i + 1, len(lines)) if lines[j]), None)
            if nxt is not None and _is_short(lines[nxt]) and _stories_after(lines[nxt:]):
                return i, nxt
        if prose_seen >= 2:
            start = _cluster_start(lines, i)
            if start is not None:
                return -1, start
        if _is_prose(line):
            prose_seen += 1
    return None


def _stories_after(region: list[str]) -> bool:
    """Does ``region`` hold whole stories (not a box of links inside the story)?

    Yes when it has article header clusters (outlet / timestamp / "- Outlet"),
    or at least two headline-then-prose articles each with a single headline.
    A run of several headlines followed by prose is a link box: the prose
    after it is the story going on, and must not be cut off.
    """
    window = [j for j in range(len(region)) if region[j]][:8]
    if any(_cluster_start(region, j) is not None for j in window):
        return True
    chunks = _split_articles(region)
    stories = 0
    for chunk in chunks:
        title, _site, body, header = _parse_article(chunk)
        named = [ln for ln in header if not (_REL_TIME.match(ln) or _DATE_ONLY.match(ln) or _outlet_line(ln))]
        if body and title and len(named) == 1:
            stories += 1
        elif body:
            return False
    return stories >= 2


def _link_box(lines: list[str], j: int) -> int:
    """Number of lines in a related-links box starting at heading ``j`` (0 if none)."""
    if not _RELATED_HEADING.match(lines[j]):
        return 0
    k = j + 1
    while k < len(lines) and k - j <= 30 and lines[k] and not _is_prose(lines[k]) and (
            _headline_like(lines[k]) or _REL_TIME.match(lines[k]) or _DATE_ONLY.match(lines[k]) or _outlet_line(lines[k])):
        k += 1
    return k - j if k > j + 1 else 0


def _cluster_start(lines: list[str], i: int) -> int | None:
    """If line ``i`` is the relative timestamp of an article header, the header's first line."""
    before = next((j for j in range(i - 1, -1, -1) if lines[j]), None)
    outlet = _outlet_line(lines[i])
    if outlet and before is not None and _norm(lines[before]) == _norm(outlet):
        idx = [j for j in range(i + 1, len(lines)) if lines[j]][:3]
        if len(idx) >= 2 and _headline_like(lines[idx[0]]) and _is_prose(lines[idx[1]]):
            return before
        return None
    if not _REL_TIME.match(lines[i]) and not _DATE_ONLY.match(lines[i]):
        return None
    idx = [j for j in range(i + 1, len(lines)) if lines[j]][:4]
    outlet_near = any(_outlet_line(lines[j]) for j in idx[:2])
    outlet_before = before is not None and _is_short(lines[before]) and _words(lines[before]) <= 6 \
        and lines[before][-1:] not in ".!?" and not _is_prose(lines[before]) and not _clutter_reason(lines[before])
    if not (outlet_near or outlet_before):
        return None
    # a headline then prose must follow ...
    for k, j in enumerate(idx):
        if _is_prose(lines[j]):
            if k > 0 and _headline_like(lines[idx[k - 1]]):
                return before if outlet_before else i
            if k == 0 and outlet_before:
                # ... or come first: "Headline / Outlet / 2 hours ago / prose"
                head = next((h for h in range(before - 1, -1, -1) if lines[h]), None)
                if head is not None and _headline_like(lines[head]) and _words(lines[head]) >= 3 \
                        and not _clutter_reason(lines[head]):
                    return head
            return None
    return None


def _split_articles(lines: list[str]) -> list[list[str]]:
    """Cut the appended region into articles at header clusters, else at short-after-prose lines."""
    starts = sorted({s for i in range(len(lines)) if lines[i] and (s := _cluster_start(lines, i)) is not None})
    if not starts:
        starts = []
        prev_prose = True
        for i, line in enumerate(lines):
            if not line:
                continue
            if not _is_prose(line) and prev_prose:
                starts.append(i)
            prev_prose = _is_prose(line)
    if not starts or starts[0] != 0:
        starts = [0] + starts
    chunks = []
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        chunk = [ln for ln in lines[a:b] if ln]
        if chunk:
            chunks.append(chunk)
    return chunks


def _parse_article(chunk: list[str]) -> tuple[str | None, str | None, list[str], list[str]]:
    """``(title, site_name, body_lines, header_lines)`` of one appended article."""
    k = 0
    while k < len(chunk) and not _is_prose(chunk[k]):
        k += 1
    header, body = chunk[:k], chunk[k:]
    site = None
    rest: list[str] = []
    for line in header:
        outlet = _outlet_line(line)
        if outlet:
            site = site or outlet
        elif _REL_TIME.match(line) or _DATE_ONLY.match(line) or _clutter_reason(line):
            continue
        else:
            rest.append(line)
    if site:
        rest = [ln for ln in rest if _norm(ln) != _norm(site)]
    title = None
    for line in reversed(rest):
        if _headline_like(line) and _words(line) >= 3:
            title = line
            break
    if site is None:
        for line in rest:
            if line is not title and _words(line) <= 5:
                site = line
                break
    return title, site, body, header


def _strip_leading_title(lines: list[str], title: str | None) -> tuple[list[str], str | None]:
    """Drop the first line when it is the title; without a title, recover one
    from a short first line without a final period that is followed by text."""
    idx = [j for j, ln in enumerate(lines) if ln]
    if not idx:
        return lines, title
    first = lines[idx[0]]
    if title:
        if _norm(first) == _norm(title) or (_norm(first).startswith(_norm(title)) and len(first) - len(title) < 3):
            lines = lines[: idx[0]] + lines[idx[0] + 1:]
        return lines, title
    if len(idx) >= 2 and _headline_like(first) and _words(first) >= 3 and first[-1:] not in ".!" \
            and not _DATELINE_START.match(first) and not _BYLINE.match(first) and len(first) <= 200:
        return lines[: idx[0]] + lines[idx[0] + 1:], first
    return lines, None


def _clean_title(title: str | None, site_name: str | None, url: str | None) -> str | None:
    """Drop a site-name segment from a page title ("Workers to Kursk | Daily Example").

    >>> _clean_title("Workers to Kursk | Daily Example", "Daily Example", None)
    'Workers to Kursk'
    """
    if not title:
        return None
    title = " ".join(title.split())
    pieces = re.split(r"(\s+(?:\||-|–|—|::|·|»)\s+)", title)  # text, sep, text, sep, ...
    if len(pieces) < 3:
        return title
    host = re.sub(r"^www\.", "", (re.match(r"^\w+://([^/:]+)", url or "") or [None, ""])[1].lower()).replace(".", "")

    def is_site(piece: str) -> bool:
        n = _norm(piece)
        squashed = re.sub(r"\W", "", n)
        return bool(n) and (n == _norm(site_name or "") or (len(squashed) >= 3 and squashed in host))

    while len(pieces) >= 3 and is_site(pieces[-1]):
        pieces = pieces[:-2]
    while len(pieces) >= 3 and is_site(pieces[0]):
        pieces = pieces[2:]
    return "".join(pieces)


_DATELINE_START = re.compile(r"^[A-Z][A-Z .'\-]{2,}(?:,|\s*[—–-]|\s*\()")


def _take_byline(lines: list[str], parts: _Parts) -> str | None:
    """Remove a byline among the first lines ("By Kim Tong-Hyung, Associated Press"); return the name."""
    idx = [j for j, ln in enumerate(lines) if ln][:3]
    for j in idx:
        line = lines[j]
        m = _BYLINE.match(line) if len(line) <= 100 else None
        if not m:
            continue
        name = m.group("name").strip()
        orgs = [(m.group("org") or "").strip()]
        pieces = [p.strip() for p in name.split(",")]
        while len(pieces) > 1 and re.fullmatch(_AGENCY_RX, pieces[-1], re.I):
            orgs.append(pieces.pop())
        for org in orgs:
            if org and re.fullmatch(_AGENCY_RX, org, re.I):
                parts.credits.append(org)
        parts.removed.append(RemovedSpan("clutter", line, "byline"))
        lines[j] = ""
        return ", ".join(pieces)
    return None


def _find_dateline(first_line: str, parts: _Parts) -> None:
    m = _LEAD_CREDIT.match(first_line)
    if m:
        parts.credits.append(m.group("credit"))
        return
    m = _DATELINE.match(first_line)
    if not m:
        return
    place = m.group("place").strip()
    date, credit, dash = m.group("date"), m.group("credit") or m.group("slash"), m.group("dash")
    if not (dash or credit):
        return
    if m.end() >= len(first_line) or not first_line[m.end():m.end() + 1].strip():
        return
    head = place.split(",")[0]
    allcaps = head.upper() == head and any(ch.isalpha() for ch in head)
    if credit:
        known = re.fullmatch(_AGENCY_RX + r"(?:[\- ]\w+)?", credit.strip(), re.I) is not None
        if not known and not (credit.isupper() and len(credit) <= 12):
            return  # "The Global GPS (Global Positioning System) market ..." is not a dateline
        if not (known or allcaps or "," in place or date):
            return
    elif not (allcaps or "," in place or date):
        return
    if _words(head) > 4:
        return
    parts.dateline = place
    if credit:
        parts.credits.append(credit.strip())
    if date:
        dm = re.findall(r"\d+|[^\W\d]+", date.lower())
        day = next((int(p) for p in dm if p.isdigit()), None)
        month = next((_MONTHS[p] for p in dm if p in _MONTHS), None)
        if day and month:
            parts.dateline_date = (month, day)
            if m.group("year"):
                try:
                    parts.published = parts.published or _dt.date(int(m.group("year")), month, day).isoformat()
                except ValueError:
                    pass


def _infer_dateline_year(month_day: tuple[int, int], text: str) -> str | None:
    """A year for 'June 18' from the full dates in the text: the most frequent year, the latest on ties."""
    years: list[int] = []
    for m in _DATE_IN.finditer(text):
        value = _date_from_match(m)
        if value:
            years.append(int(value[:4]))
    if not years:
        return None
    year = max(set(years), key=lambda y: (years.count(y), y))
    try:
        return _dt.date(year, month_day[0], month_day[1]).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- html

_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header", "footer",
               "aside", "figure", "figcaption", "blockquote", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "nav"}


def _block_lines(element) -> list[str]:
    """Text of the innermost block elements under ``element``, one line each, in document order."""
    nodes = [el for el in element.iter() if isinstance(el.tag, str)]
    has_block: set[int] = set()
    for el in reversed(nodes):  # descendants come after their ancestors in document order
        if any(id(c) in has_block or (isinstance(c.tag, str) and c.tag in _BLOCK_TAGS) for c in el):
            has_block.add(id(el))
    lines = []
    for el in nodes:
        if el.tag in _BLOCK_TAGS and id(el) not in has_block:
            text = " ".join(el.text_content().split())
            if text:
                lines.append(text)
    return lines


def _lift_related_blocks(tree) -> list[list[str]]:
    """Take "Related Articles"-style panels out of the page before extraction.

    trafilatura sometimes keeps such panels (and drops their outlet and time
    labels), so they are removed from the tree here and handed back as lines
    (heading first), for the text-level rules to split into child documents
    or to record as a links box.  A panel is only lifted
    when its heading opens its container and its lines are stories or a list
    of headlines, never prose that continues the article.
    """
    lifted: list[list[str]] = []
    page_len = len(" ".join(tree.text_content().split())) or 1
    page_prose = sum(len(ln) for ln in _block_lines(tree) if _is_prose(ln)) or 1
    for heading in list(tree.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong")):
        if heading.getparent() is None or any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in heading):
            continue
        label = " ".join(heading.text_content().split())
        if not label or len(label) > 60 or not _RELATED_HEADING.match(label):
            continue
        container = heading.getparent()
        if container.tag in ("body", "html", "main", "article") or container.getparent() is None:
            continue
        lines = _block_lines(container)
        if not lines or _norm(lines[0]) != _norm(label):
            continue  # the heading does not open its container
        body = lines[1:]
        if not body or len(" ".join(body)) > 0.6 * page_len:
            continue
        is_box = all(not _is_prose(ln) for ln in body)
        if not (is_box or _stories_after(body)):
            continue
        cues = any(_cluster_start(body, j) is not None for j in range(len(body)))
        if not cues and sum(len(ln) for ln in body if _is_prose(ln)) > 0.5 * page_prose:
            continue  # most of the page's prose: more likely the story itself than a panel
        container.getparent().remove(container)
        lifted.append(lines)
    return lifted


def _extract_html(html: str, url: str | None, favor: str = "balanced") -> tuple[str | None, dict[str, Any], list[list[str]]]:
    """Main text and metadata by trafilatura, plus the related-content panels lifted out first."""
    import trafilatura
    from lxml import etree, html as lxml_html

    source: Any = html
    lifted: list[list[str]] = []
    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
        lifted = _lift_related_blocks(tree)
        if lifted:
            source = tree
    except (etree.ParserError, ValueError):
        pass
    try:
        doc = trafilatura.bare_extraction(
            source, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=favor == "precision", favor_recall=favor == "recall", deduplicate=False,
        )
    except Exception:  # trafilatura raises a zoo of parser errors on broken markup
        doc = None
    if doc is None:
        return None, {}, lifted
    info = {
        "title": doc.title, "author": doc.author, "site_name": doc.sitename,
        "published": doc.date, "url": doc.url,
    }
    return doc.text or "", {k: v for k, v in info.items() if v}, lifted


# --------------------------------------------------------------------------- main

def _main_pass(lines: list[str], parts: _Parts) -> list[str]:
    """Remove clutter, date lines, disclosures and standalone credit lines from the story lines."""
    nonempty = [j for j, ln in enumerate(ln for ln in lines if ln)]
    edge = set(nonempty[:2] + nonempty[-2:])
    kept: list[str] = []
    lines = [ln for ln in lines if ln]
    skip = 0
    for j, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        box = _link_box(lines, j)
        if box:
            parts.removed.append(RemovedSpan("clutter", "\n".join(lines[j:j + box]), "related-links box"))
            skip = box - 1
            continue
        if _is_disclosure(line, j in edge):
            text = line.strip()
            if text[:1] in "([" and text[-1:] in ")]":
                text = text[1:-1].strip()
            parts.disclosures.append(text)
            parts.removed.append(RemovedSpan("disclosure", line, "disclosure note"))
            continue
        date = _date_line(line)
        if date:
            parts.published = parts.published or date
            parts.removed.append(RemovedSpan("clutter", line, "date line"))
            continue
        cm = _CREDIT_LINE.match(line)
        if cm:
            for credit in re.split(r"\s*[/,&]\s*", cm.group("credit")):
                if credit not in parts.credits:
                    parts.credits.append(credit)
            parts.removed.append(RemovedSpan("clutter", line, "credit line"))
            continue
        reason = _clutter_reason(line)
        if reason:
            parts.removed.append(RemovedSpan("clutter", line, reason))
            continue
        kept.append(line)
    return kept


def _rejected(raw: RawDocument, reason: str, detail: str) -> Rejected:
    return Rejected(id=raw.id, source=raw.source, stage="clean", reason=reason, detail=detail)


def clean_document(raw: RawDocument, settings: Settings | None = None) -> list[Document | Rejected]:
    """Clean one raw document: main text, metadata, removed pieces, appended stories.

    Args:
        raw: a document from :func:`storytrace.ingest.iter_documents`.
        settings: the ``clean.*`` settings (defaults when ``None``).

    Returns:
        A list whose first item is the main :class:`Document` (or a
        :class:`Rejected` with reason ``no_text`` / ``undecodable``), followed by
        one child ``Document`` per unrelated article appended after the story
        (``parent`` = the main id).

    >>> raw = RawDocument("x.txt", b"A headline here\\n\\nPARIS (AFP) -- The talks ended on Tuesday without a deal, officials said.", "text")
    >>> doc = clean_document(raw)[0]
    >>> doc.title, doc.dateline, doc.credits
    ('A headline here', 'PARIS', ('AFP',))
    """
    settings = settings or Settings()
    meta = dict(raw.meta or {})
    declared = [meta["encoding"]] if meta.get("encoding") else []
    decoded = decode_bytes(raw.data, declared + declared_charsets(raw.data))
    if decoded is None:
        return [_rejected(raw, "undecodable", "no encoding gives sensible text")]
    text = decoded[0]
    info: dict[str, Any] = {}
    lifted: list[list[str]] = []
    if raw.fmt == "html":
        extracted, info, lifted = _extract_html(text, meta.get("url"), str(settings.clean.html_favor))
        if extracted is None:
            return [_rejected(raw, "no_text", "no main text found in the HTML")]
        text = extracted
    elif raw.fmt == "markdown":
        text = _markdown_to_text(text)

    parts = _Parts()
    lines = _normalize_lines(text)

    # leading date lines and furniture come before the title
    while True:
        idx = next((j for j, ln in enumerate(lines) if ln), None)
        if idx is None:
            break
        date = _date_line(lines[idx])
        reason = None if date else _clutter_reason(lines[idx])
        if not (date or reason):
            break
        if date:
            parts.published = parts.published or date
        parts.removed.append(RemovedSpan("clutter", lines[idx], "date line" if date else reason))
        lines = lines[:idx] + lines[idx + 1:]

    title = _clean_title(meta.get("title") or info.get("title"), meta.get("site_name") or info.get("site_name"),
                         meta.get("url") or info.get("url"))
    lines, title = _strip_leading_title(lines, title)
    if title:  # some sources repeat the headline as the first paragraph
        lines, _ = _strip_leading_title(lines, title)
    byline_author = _take_byline(lines, parts)

    # appended articles
    children: list[Document] = []
    start = _appended_start(lines) if settings.clean.split_appended else None
    appended: list[str] = []
    if start is not None:
        heading, first = start
        if heading >= 0:
            parts.removed.append(RemovedSpan("clutter", lines[heading], "related-content heading"))
        appended = lines[first:]
        lines = lines[: heading if heading >= 0 else first]
        # short non-prose lines between the story's last paragraph and the
        # appended stories are page furniture (widgets, buttons, labels)
        furniture: list[RemovedSpan] = []
        while lines and (not lines[-1] or (not _is_prose(lines[-1]) and len(lines[-1]) < 80
                                            and not _CREDIT_LINE.match(lines[-1]) and not _is_disclosure(lines[-1], True))):
            if lines[-1]:
                reason = _clutter_reason(lines[-1]) or "furniture before appended stories"
                furniture.append(RemovedSpan("clutter", lines[-1], reason))
            lines.pop()
        parts.removed.extend(reversed(furniture))

    kept = _main_pass(lines, parts)
    kept = [_fix_glued(ln) for ln in kept]
    # URLs broken by a stray space are repaired for the citations only: the text
    # stays as written (offsets point into it) and the repair is recorded.
    cited_lines, repaired_citations = [], {}
    for ln in kept:
        if _REF_LINE.match(ln) or re.search(r"\[\d{1,3}\]\s*https?://", ln):
            ln, repairs = _repair_reference_line(ln)
            repaired_citations.update(repairs)
        cited_lines.append(ln)
    if kept:
        _find_dateline(kept[0], parts)
    body = "\n".join(kept)

    published = iso_date(meta.get("published")) or iso_date(info.get("published"))
    if not published and parts.published:
        published = parts.published
    if not published and parts.dateline_date:
        published = _infer_dateline_year(parts.dateline_date, body)

    parent_id = raw.id
    chunks = _split_articles(appended) if appended else []
    for block_lines in lifted:
        parts.removed.append(RemovedSpan("clutter", block_lines[0], "related-content heading"))
        if settings.clean.split_appended and _stories_after(block_lines[1:]):
            chunks += _split_articles(block_lines[1:])
        else:
            parts.removed.append(RemovedSpan("clutter", "\n".join(block_lines[1:]), "related-links box"))
    for n, chunk in enumerate(chunks, 1):
        ctitle, csite, cbody, header = _parse_article(chunk)
        child_parts = _Parts()
        cbody = _main_pass(cbody, child_parts)
        ctext = "\n".join(_fix_glued(ln) for ln in cbody)
        block = "\n".join(chunk)
        if len(ctext) < settings.clean.min_chars:
            parts.removed.append(RemovedSpan("clutter", block, "appended headline without a story"))
            continue
        cid = content_id(parent_id + "\n" + ctext)
        if any(c.id == cid for c in children):
            parts.removed.append(RemovedSpan("clutter", block, "appended article repeated"))
            continue
        clang, cconf = _language(ctext, None, settings)
        children.append(Document(
            id=cid, source=f"{raw.source}#appended-{n}", text=ctext, title=ctitle, language=clang,
            site_name=csite, credits=tuple(dict.fromkeys(_canonical_credit(c) for c in child_parts.credits)),
            disclosures=tuple(child_parts.disclosures),
            citations=find_citations(ctext), removed=tuple(child_parts.removed), parent=parent_id,
            meta={"language_confidence": cconf, "fmt": raw.fmt},
        ))
        parts.removed.append(RemovedSpan("appended", block, "unrelated article appended after the story", child=cid))

    if len(body) < settings.clean.min_chars:
        main: Document | Rejected = _rejected(
            raw, "no_text", f"{len(body)} characters of clean text < clean.min_chars={settings.clean.min_chars}")
    else:
        language, confidence = _language(body, meta.get("language"), settings)
        doc_meta: dict[str, Any] = {"language_confidence": confidence, "fmt": raw.fmt}
        if meta.get("extra"):
            doc_meta["extra"] = dict(meta["extra"])
        if meta.get("id") is not None:
            doc_meta["record_id"] = meta["id"]
        if repaired_citations:
            doc_meta["repaired_citations"] = repaired_citations
        main = Document(
            id=raw.id, source=raw.source, text=body, title=title, language=language, published=published,
            url=meta.get("url") or info.get("url"), author=meta.get("author") or info.get("author") or byline_author,
            site_name=meta.get("site_name") or info.get("site_name"), dateline=parts.dateline,
            credits=tuple(dict.fromkeys(_canonical_credit(c) for c in parts.credits)), disclosures=tuple(parts.disclosures),
            citations=find_citations("\n".join(cited_lines)), removed=tuple(parts.removed), meta=doc_meta,
        )
    return [main, *children]


def _language(text: str, given: Any, settings: Settings) -> tuple[str | None, float]:
    if given:
        return str(given).strip().lower().split("-")[0].split("_")[0], 1.0
    return detect_language(text, float(settings.clean.language_min_confidence))
