"""Word lists and line patterns that several cleaning passes share.

Month names (en, fr, es, pt, de, it), the wire services whose credit marks
syndicated copy, relative timestamps ("2 hours ago", "há 3 horas"), date-only
lines and related-content headings ("Related Articles", "Leia também").
General knowledge of news pages, never phrases of one particular page.
"""

from __future__ import annotations

import re

__all__ = ["AGENCIES", "AGENCY_ALIASES", "AGENCY_RX", "DATE_ONLY", "MONTHS", "MONTH_RX", "RELATED_HEADING", "REL_TIME"]

MONTHS = {
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
MONTH_RX = "(?i:" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + r")\.?"

#: Wire services whose credit marks syndicated copy (general knowledge, not page-specific).
AGENCIES = (
    "AP", "Associated Press", "AFP", "Agence France-Presse", "Reuters", "dpa", "DPA", "EFE", "ANSA", "Xinhua",
    "Yonhap", "Kyodo", "TASS", "Tass", "RIA Novosti", "Interfax", "PTI", "IANS", "ANI", "UPI", "Bloomberg",
    "Lusa", "Agência Brasil", "Europa Press", "Anadolu", "Bernama", "Antara", "KNA", "APA", "SDA", "ATS",
    "NTB", "TT", "CNA", "PA", "PA Media", "AAP", "CP", "The Canadian Press", "Kyodo News", "Jiji", "Belga",
    "ANP", "Ritzau", "STT", "Notimex", "Télam", "ABC", "BBC", "CNN", "WAFA", "IRNA", "Fars", "Sputnik",
)
AGENCY_ALIASES = {
    "associated press": "AP", "agence france-presse": "AFP", "tass": "TASS", "dpa": "dpa",
    "kyodo news": "Kyodo", "the canadian press": "CP", "pa media": "PA",
}


AGENCY_RX = "(?:" + "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True)) + ")"


REL_TIME = re.compile(
    r"^(?:(?:about|around|over|updated|posted|published)\s+)?(?:\d+|an?|one|a few)\s*"
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?)\s+ago\.?$"
    r"|^(?:há|hace|il y a|vor|fa)\s+\d+\s+\w+$|^\d+\s+\w+\s+(?:atrás|fa)$"
    r"|^(?:just now|yesterday|today|ontem|hoy|ayer|hier|gestern|heute)$",
    re.I,
)
DATE_ONLY = re.compile(
    rf"^(?:\w+,?\s+)?(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|{MONTH_RX}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:er|º|\.)?\s+(?:de\s+)?{MONTH_RX}\s+(?:de\s+)?\d{{4}})"
    r"(?:[ ,T]+(?:at\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2}|Z)?)?\.?$",
    re.I,
)


RELATED_HEADING = re.compile(
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
