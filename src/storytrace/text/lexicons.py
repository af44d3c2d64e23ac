"""Closed word lists shared across stages: negation words and news agencies.

Why by hand: these lists are short, closed-class and general knowledge (no
library lists the negators of five languages, or the wire services whose
credit marks syndicated copy), and none is tied to a particular story.

Each list keeps the exact contents its checks were tuned with.  Where two
checks used different lists, merging them would change what the checks
find, so both are kept here under names that say how they differ:

* :data:`NEGATORS` — negation particles as written, with accents ("não",
  "jamás"), matched against raw lower-cased tokens (sentence alignment).
* :data:`NEGATION_WORDS` — a wider, accent-folded list ("nao", "jamas") that
  also counts "without"/"sem"/"sans" and negative determiners (negation
  flips between a source and a derived text).
* :data:`AGENCIES` — wire services and broadcasters whose credit line marks
  syndicated copy; :data:`AGENCY_ALIASES` folds their long names onto one
  credit.
* :data:`TEXT_CREDIT_AGENCIES` — the agencies (a subset of :data:`AGENCIES`)
  whose bare credit in parentheses in the body ("(AP)") is read as wire
  copy; broadcasters such as "(BBC)" or ambiguous short credits such as
  "(PA)" are not.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["AGENCIES", "AGENCY_ALIASES", "NEGATION_WORDS", "NEGATORS", "TEXT_CREDIT_AGENCIES"]

#: Negation particles as written (en, pt, es, fr, de), plus "n't".
NEGATORS: frozenset[str] = frozenset(
    "not no never n't nor none nobody nothing não nunca nem no jamás ne pas jamais nicht kein keine nie".split()
)

#: Accent-folded negation words (en, pt, es, fr, de), including "without" and negative determiners.
NEGATION_WORDS: frozenset[str] = frozenset(
    "not no never nobody nothing none neither nor without n't cannot "
    "nao nunca nem nenhum nenhuma sem jamais "
    "no nunca ni ningun ninguna sin jamas "
    "ne pas jamais aucun aucune sans "
    "nicht kein keine keinen nie niemals ohne".split()
)

#: Wire services whose credit marks syndicated copy, as credited (order kept: regexes are built from it).
AGENCIES: tuple[str, ...] = (
    "AP", "Associated Press", "AFP", "Agence France-Presse", "Reuters", "dpa", "DPA", "EFE", "ANSA", "Xinhua",
    "Yonhap", "Kyodo", "TASS", "Tass", "RIA Novosti", "Interfax", "PTI", "IANS", "ANI", "UPI", "Bloomberg",
    "Lusa", "Agência Brasil", "Europa Press", "Anadolu", "Bernama", "Antara", "KNA", "APA", "SDA", "ATS",
    "NTB", "TT", "CNA", "PA", "PA Media", "AAP", "CP", "The Canadian Press", "Kyodo News", "Jiji", "Belga",
    "ANP", "Ritzau", "STT", "Notimex", "Télam", "ABC", "BBC", "CNN", "WAFA", "IRNA", "Fars", "Sputnik",
)

#: Case-folded long or variant credit -> the one credit it stands for ("associated press" -> "AP").
AGENCY_ALIASES: Mapping[str, str] = MappingProxyType({
    "associated press": "AP", "agence france-presse": "AFP", "tass": "TASS", "dpa": "dpa",
    "kyodo news": "Kyodo", "the canadian press": "CP", "pa media": "PA",
})

#: Agencies whose parenthesised credit inside a text ("(Reuters)") marks wire copy, as written.
TEXT_CREDIT_AGENCIES: tuple[str, ...] = (
    "AP", "AFP", "Reuters", "dpa", "EFE", "ANSA", "Yonhap", "Xinhua", "TASS", "Tass", "Lusa", "Kyodo",
    "PTI", "IANS", "UPI", "Bloomberg",
)
