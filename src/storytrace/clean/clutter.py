"""Page furniture (share buttons, newsletters, credits, cookie notices, ...) and disclosure notes.

:func:`clutter_reason` names why a short line is furniture ("share",
"photo credit", "cookie notice"); :func:`is_disclosure` tells a disclosure
note ("auto-generated from a syndicated feed", "this article was translated
by AI") from text.  Rules match shapes and multilingual keyword lists and
only apply to short lines (:data:`_CLUTTER_MAX`): longer lines are prose.
"""

from __future__ import annotations

import re

from .vocab import REL_TIME

__all__ = ["clutter_reason", "is_disclosure"]

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
        ("timestamp", REL_TIME.pattern),
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


def clutter_reason(line: str) -> str | None:
    """Why ``line`` is page furniture ("share", "newsletter", "cookie notice", ...), or None when it is text.

    >>> clutter_reason("Share this article on Facebook"), clutter_reason("The talks ended on Tuesday.")
    ('share', None)
    """
    s = line.strip()
    if s and len(s) <= 500 and _COOKIE_NOTICE.search(s) and _BANNER_VOICE.search(s):
        return "cookie notice"
    if not s or len(s) > _CLUTTER_MAX:
        return None
    for reason, rx in _CLUTTER_RULES:
        if rx.match(s):
            return reason
    return None


def is_disclosure(line: str, position_ok: bool) -> bool:
    """Whether ``line`` is a disclosure note: its wording matches, and it sits at an edge of
    the story (``position_ok``) or is framed as a note (brackets, emphasis, "Note:")."""
    s = line.strip()
    if not s or len(s) > 500:
        return False
    if not any(rx.search(s) for rx in _DISCLOSURE_RULES):
        return False
    framed = (s.startswith("(") and s.endswith(")")) or (s.startswith("[") and s.endswith("]")) \
        or s.startswith(("*", "_")) or bool(_DISCLOSURE_PREFIX.match(s))
    return position_ok or framed
