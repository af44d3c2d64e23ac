"""Named entities by rules and gazetteers (default), or by spaCy (optional backend).

Why rules by default: the pipeline must run without any model.  Names are
found from capitalisation (runs of capitalised words joined by name
connectors such as "de", "von", "al"), split at titles of office
("Secretary", "President", "Prime Minister", "primeiro-ministro"), and typed
with gazetteers: CLDR territory names in every locale via
:mod:`storytrace.names` (so "Coréia do Sul" and "South Korea" share a key),
demonyms derived from those names ("South Korean" → South Korea,
"norte-coreanos" → North Korea), and a small multilingual list of government
bodies (:data:`~storytrace.facts.lexicon.INSTITUTIONS`).  Keys are
language-neutral: places by English CLDR name, people by
:func:`storytrace.names.name_key`, organisations by their canonical words.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex

from ..names import canonical_place, name_key, place_names
from ..text.fold import fold_hyphens, fold_words
from .extracted import ExtractedFact
from .lexicon import ALL_STOPWORDS, INSTITUTIONS, NP_CONNECTORS, TITLES

__all__ = ["demonym_place", "find_entities", "find_entities_spacy", "sentence_anchors"]

_CAP_WORD = r"(?:\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{L}[\p{L}\p{M}'’.]*)*)"
_CONNECT = r"(?:de|da|do|dos|das|del|della|di|du|des|von|van|der|den|al|el|bin|ibn|la|le|of)"
_RUN = regex.compile(rf"{_CAP_WORD}(?:[ \u00a0]+(?:{_CONNECT}[ \u00a0]+)?{_CAP_WORD})*")
_INITIALS = regex.compile(r"(?:\p{Lu}\.)+|\p{Lu}\p{Ll}{0,2}\.")
_DIRECTIONS = {
    "north": "north", "norte": "north", "nord": "north", "nor": "north",
    "south": "south", "sul": "south", "sur": "south", "sud": "south", "sued": "south", "sud ": "south",
    "east": "east", "leste": "east", "este": "east", "est": "east", "ost": "east",
    "west": "west", "oeste": "west", "ouest": "west",
}
_DEMONYM_SUFFIXES = (
    "ians", "ian", "ans", "an", "ns", "n", "uese", "ese", "ish", "i", "s",
    "anos", "anas", "ano", "ana", "enos", "enas", "eno", "ena", "eses", "esa", "es", "eiro", "eiros",
    "ennes", "enne", "ens", "en", "oises", "oise", "ois", "aises", "aise", "ais",
    "ischen", "ische", "ischer", "isch", "nern", "ner", "er",
)
_DEMONYM_ENDINGS = ("", "a", "ia", "e", "o", "land", "y", "al")


@lru_cache(maxsize=4096)
def demonym_place(word: str) -> str | None:
    """The country a demonym or adjective names, derived from CLDR names, or None.

    >>> demonym_place("South Korean"), demonym_place("norte -coreanos"), demonym_place("Russian")
    ('South Korea', 'North Korea', 'Russia')
    """
    folded = fold_words(word)
    if not folded or len(folded) < 4:
        return None
    table = place_names()
    if folded in table:
        return table[folded]
    tokens = folded.split()
    direction = None
    if len(tokens) >= 2 and tokens[0] in _DIRECTIONS:
        direction = tokens[0]
        tokens = tokens[1:]
    elif len(tokens) == 1:
        for prefix in ("norte", "nord", "north", "sud", "sul", "sur", "south", "nor"):
            if tokens[0].startswith(prefix) and len(tokens[0]) > len(prefix) + 3:
                direction, tokens = prefix, [tokens[0][len(prefix):]]
                break
    stem_word = " ".join(tokens)
    candidates: list[str] = [stem_word] if direction else []
    for suffix in _DEMONYM_SUFFIXES:
        if stem_word.endswith(suffix) and len(stem_word) - len(suffix) >= 3:
            stem = stem_word[: len(stem_word) - len(suffix)]
            for ending in _DEMONYM_ENDINGS:
                candidates.append(stem + ending)
    for cand in candidates:
        if direction:
            d = direction
            forms = (f"{d} {cand}", f"{cand} do {d}", f"{cand} del {d}", f"{cand} du {d}", f"{d}{cand}",
                     f"{cand} de {d}")
            for form in forms:
                if form in table:
                    return table[form]
        elif cand in table and len(cand) >= 4:
            return table[cand]
    return None


def _inst(window: list[str]) -> str | None:
    """The institution a window of words names, if any (short forms only in capitals: "UN", "U.S.")."""
    raw = " ".join(window)
    form = fold_hyphens(raw).strip(",;:")
    if form.endswith("'s"):
        form = form[:-2]
    canon = INSTITUTIONS.get(form) or INSTITUTIONS.get(form + ".")
    if canon is None:
        return None
    if len(form.replace(".", "")) <= 3 and not raw.replace(".", "").replace("'s", "").isupper():
        return None
    return canon


def _canonical_parts(words: list[str], lang: str | None) -> tuple[list[str], bool, bool]:
    """Canonical parts of a phrase: places (English), institution words, other folded words."""
    parts: list[str] = []
    has_inst = has_place = False
    i = 0
    while i < len(words):
        hit = None
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            window = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words[i:i + n]]
            phrase = " ".join(window)
            place = canonical_place(phrase, lang) or demonym_place(phrase)
            if place:
                hit, has_place = (n, place.lower()), True
                break
            inst = _inst(words[i:i + n])
            if inst:
                hit, has_inst = (n, inst), True
                break
        if hit:
            parts.append(hit[1])
            i += hit[0]
            continue
        w = fold_hyphens(words[i]).strip(".,'’")
        if w and w not in ALL_STOPWORDS and w not in NP_CONNECTORS:
            parts.append(w)
        i += 1
    return parts, has_inst, has_place


def _kind_of(words: list[str], lang: str | None) -> tuple[str, str, tuple[str, ...]] | None:
    """(type, canonical key, parts) for a run of capitalised words."""
    phrase = " ".join(words)
    place = canonical_place(phrase, lang) or demonym_place(phrase)
    if place:
        return "place", place.lower(), (place.lower(),)
    parts, has_inst, _ = _canonical_parts(words, lang)
    if has_inst:
        return "org", " ".join(parts), tuple(parts)
    return "person_or_name", name_key(phrase), (name_key(phrase),)


_CJK_LANGS = frozenset({"zh", "ja", "ko"})


def _headline_case(words: list[str], lang: str | None) -> bool:
    """A run of title-cased ordinary words ("Kim Affirms Full Support of Russia") is a headline, not a name."""
    from wordfreq import zipf_frequency

    content = [w for w in words if not regex.fullmatch(_CONNECT, w, regex.IGNORECASE)]
    # Capitalised words in a Chinese, Japanese or Korean text are Latin-script
    # words; wordfreq would tokenise them with the CJK extras (jieba, MeCab),
    # which are not installed, so they are looked up as English.
    wf_lang = "en" if not lang or lang in _CJK_LANGS else lang
    common = sum(1 for w in content if zipf_frequency(w.lower(), wf_lang) >= 5.0)
    return len(content) >= 4 and common >= 2


def _calendar_word(word: str) -> bool:
    from .lexicon import LANGS, month_names, weekday_names

    w = fold_hyphens(word).strip(".,")
    return any(w in month_names(lang) or w in weekday_names(lang) for lang in LANGS)


def _common_word(word: str, lang: str | None) -> bool:
    from wordfreq import zipf_frequency

    w = word.lower().strip(".'’")
    if fold_hyphens(w) in ALL_STOPWORDS:
        return True
    if lang in _CJK_LANGS:  # no CJK segmenter installed for wordfreq; a cased word here is Latin-script
        lang = "en"
    return zipf_frequency(w, lang or "en") >= 4.2


def find_entities(text: str, lang: str | None = None, document: str = "") -> list[ExtractedFact]:
    """Find people, places and organisations by capitalisation, titles and gazetteers.

    Args:
        text: clean text.
        lang: ISO 639-1 code (used for common-word filtering), or None.
        document: document id stored in the facts.

    Returns:
        ``entity`` facts; ``value`` is the canonical name (English CLDR name
        for places), ``attrs`` has ``type`` (place, org, person, name) and
        ``title`` (the English title of office before a person, if any).

    >>> [(f.value, f.attrs["type"]) for f in find_entities("Russian Security Council Secretary Sergei Shoigu met Kim Jong Un in North Korea.")]
    [('russia security council', 'org'), ('Sergei Shoigu', 'person'), ('Kim Jong Un', 'person'), ('North Korea', 'place')]
    """
    facts: list[ExtractedFact] = []
    for m in _RUN.finditer(text):
        for seg, title in _segments(_run_tokens(m)):
            fact = _segment_entity(text, seg, title, lang, document)
            if fact is not None:
                facts.append(fact)
    facts.extend(_lowercase_demonyms(text, [(f.start, f.end) for f in facts], document))
    facts.sort(key=lambda f: f.start)
    return _link_short_names(facts)


_Token = tuple[int, int, str]  # start, end, text


def _run_tokens(m: regex.Match) -> list[_Token]:
    """Word tokens of a capitalised run, with offsets, without leading function words or trailing connectors."""
    toks = [(t.start() + m.start(), t.end() + m.start(), t.group(0)) for t in regex.finditer(r"[^\s]+", m.group(0))]
    # Drop leading function words ("The", "In", "O") and trailing connectors.
    while toks and fold_hyphens(toks[0][2]).strip(".,") in ALL_STOPWORDS:
        toks = toks[1:]
    while toks and regex.fullmatch(_CONNECT, toks[-1][2], regex.IGNORECASE):
        toks = toks[:-1]
    return toks


def _segments(toks: list[_Token]) -> list[tuple[list[_Token], str | None]]:
    """Split a run at title words: left part (org/place), the title, right part (person) with that title."""
    segments: list[tuple[list[_Token], str | None]] = []
    current: list[_Token] = []
    pending_title: str | None = None
    i = 0
    while i < len(toks):
        hit: tuple[int, str | None] | None = None
        for n in (3, 2, 1):
            if i + n <= len(toks):
                cand = fold_hyphens(" ".join(t[2] for t in toks[i:i + n])).strip(".,")
                if cand in TITLES:
                    hit = (n, TITLES[cand])
                    break
                if n == 1 and _compound_title(cand):
                    hit = (1, _compound_title(cand))
                    break
        if hit:
            if current:
                segments.append((current, pending_title))
            current = []
            pending_title = hit[1]
            i += hit[0]
            continue
        current.append(toks[i])
        word = toks[i][2]
        # A possessive ("South Korea's") or a sentence end ("Korea. Kim") closes the name.
        if word.endswith(("'s", "’s")) or (word.endswith(".") and not _INITIALS.fullmatch(word)):
            segments.append((current, pending_title))
            current, pending_title = [], None
        i += 1
    if current:
        segments.append((current, pending_title))
    return segments


def _segment_entity(text: str, seg: list[_Token], title: str | None, lang: str | None, document: str) -> ExtractedFact | None:
    """The entity a segment names (typed, with its canonical value), or None if it names none."""
    while seg and (regex.fullmatch(_CONNECT, seg[0][2], regex.IGNORECASE) or fold_hyphens(seg[0][2]).strip(".,") in ALL_STOPWORDS):
        seg = seg[1:]
    while seg and regex.fullmatch(_CONNECT, seg[-1][2], regex.IGNORECASE):
        seg = seg[:-1]
    if not seg:
        return None
    start, end = seg[0][0], seg[-1][1]
    raw = text[start:end].rstrip(",;:'’")
    raw = raw if _INITIALS.fullmatch(seg[-1][2]) else raw.rstrip(".")
    if raw.endswith(("'s", "’s")):
        raw = raw[:-2]
    end = start + len(raw)
    words = [t[2].rstrip(",;:") if _INITIALS.fullmatch(t[2]) else t[2].rstrip(".,;:") for t in seg]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    if len(words) == 1 and _calendar_word(words[0]):
        return None
    kind = _kind_of(words, lang)
    if kind is None:
        return None
    etype, key, parts = kind
    if etype == "person_or_name":
        if len(words) == 1 and title is None and _common_word(words[0], lang):
            return None
        if _headline_case(words, lang):
            return None
        etype = "person" if (title or len(words) >= 2) else "name"
        value = raw
    elif etype == "place":
        value = key.title() if key.islower() else key
        value = canonical_place(raw, lang) or demonym_place(raw) or value
    else:
        value = key
    if etype == "person" and title is None:
        title = _title_before(text, start)
    attrs: dict[str, Any] = {"type": etype, "parts": parts}
    if title:
        attrs["title"] = title
    return ExtractedFact("entity", f"entity:{key}", value, start, end, raw, document, attrs)


def _lowercase_demonyms(text: str, taken: list[tuple[int, int]], document: str) -> list[ExtractedFact]:
    """Lower-case place demonyms and names ("norte-coreanos") that capitalisation misses, outside ``taken``."""
    out: list[ExtractedFact] = []
    for m in regex.finditer(r"(?<![\p{L}])(?:norte|sul|sud|nord|nor|sur)\s*-\s*\p{Ll}+", text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        place = demonym_place(m.group(0))
        if place:
            out.append(ExtractedFact("entity", f"entity:{place.lower()}", place, m.start(), m.end(), m.group(0), document, {"type": "place"}))
    return out


_COMPOUND_TITLE_ENDS = ("ministerin", "minister", "prasidentin", "prasident", "kanzlerin", "kanzler",
                        "sekretarin", "sekretar", "sprecherin", "sprecher")


def _compound_title(word: str) -> str | None:
    """German compound titles ("Innenministerin", "Bundeskanzler") end in a title word."""
    for end in _COMPOUND_TITLE_ENDS:
        if word.endswith(end) and len(word) > len(end) + 2:
            return TITLES.get(end, TITLES.get(end.removesuffix("in"), end))
    return None


def _title_before(text: str, start: int) -> str | None:
    """A lower-case title of office just before a name ("o primeiro-ministro japonês Shigeru Ishiba")."""
    words = fold_hyphens(text[max(0, start - 40):start]).replace(",", " ").split()[-4:]
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            cand = " ".join(words[i:i + n])
            if cand in TITLES and len(words) - (i + n) <= 1:
                return TITLES[cand]
    return None


def _link_short_names(facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """Give a lone "Kim" or "Shoigu" the key of the full name it abbreviates in the same text."""
    # each word of a full name -> the first full name holding it (one pass: linear in the text)
    first_holding: dict[str, ExtractedFact] = {}
    for p in facts:
        if p.attrs.get("type") == "person":
            for w in p.text.split():
                first_holding.setdefault(name_key(w), p)
    out = []
    for f in facts:
        if f.attrs.get("type") == "name":
            match = first_holding.get(name_key(f.text))
            if match is not None:
                f = ExtractedFact(f.kind, match.key, match.value, f.start, f.end, f.text, f.document,
                                  {**f.attrs, "type": "person", "short": True})
        out.append(f)
    return out


def sentence_anchors(text: str, lang: str | None = None) -> frozenset[str]:
    """Language-neutral anchors of a sentence: entity keys and institution words.

    Used to tell which statement a weekday or a date belongs to across
    versions in different languages.

    >>> sorted(sentence_anchors("O Ministério das Relações Exteriores da Coréia do Sul disse", "pt"))
    ['foreign', 'ministry', 'south korea']
    """
    anchors: set[str] = set()
    for f in find_entities(text, lang):
        etype = f.attrs.get("type")
        if etype == "place":
            anchors.add(str(f.value).lower())
        elif etype == "org":
            anchors.update(f.attrs.get("parts", ()))
        else:
            anchors.add(f.key.split(":", 1)[1])
            words = f.text.split()
            if len(words) > 1:  # "River Aire" and "rio Aire" share "aire"
                anchors.update(name_key(w) for w in words if not _common_word(w, lang) and len(w) > 2)
    folded = " " + fold_hyphens(text) + " "
    for form, canon in INSTITUTIONS.items():
        if len(form) >= 4 and f" {form} " in folded:
            anchors.update(canon.split() if canon not in {"united nations", "united states", "european union", "air force"} else [canon])
    return frozenset(anchors)


def find_entities_spacy(text: str, model: str, document: str = "", nlp: Any = None) -> list[ExtractedFact]:
    """Entities from a spaCy pipeline (optional backend, imported lazily).

    Args:
        text: clean text.
        model: spaCy pipeline name or path (``facts.spacy_model``).
        document: document id.
        nlp: an already built pipeline (tests pass a blank one with an EntityRuler).
            Without one, ``model`` is loaded with ``spacy.load`` (an empty
            name gives a blank multilingual pipeline, which finds nothing).

    Returns:
        ``entity`` facts typed person, place or org (other spaCy labels lower-cased),
        keyed like the rule-based ones (places by English CLDR name, people by
        :func:`~storytrace.names.name_key`).

    Raises:
        MissingExtra: spaCy is not installed.
    """
    if nlp is None:
        nlp = _load_spacy(model)
    doc = nlp(text)
    facts = []
    type_map = {"PERSON": "person", "PER": "person", "GPE": "place", "LOC": "place", "ORG": "org", "NORP": "place"}
    for ent in doc.ents:
        etype = type_map.get(ent.label_, ent.label_.lower())
        place = canonical_place(ent.text) or demonym_place(ent.text) if etype == "place" else None
        if place:
            key, value = place.lower(), place
        elif etype == "person":
            key, value = name_key(ent.text), ent.text
        else:
            key, value = fold_hyphens(ent.text), ent.text
        facts.append(ExtractedFact("entity", f"entity:{key}", value, ent.start_char, ent.end_char, ent.text, document, {"type": etype}))
    return facts


@lru_cache(maxsize=4)
def _load_spacy(model: str) -> Any:
    try:
        import spacy
    except ImportError:
        from ..errors import MissingExtra

        raise MissingExtra("spacy", "spacy", "The spaCy entity backend") from None
    return spacy.load(model) if model else spacy.blank("xx")
