"""Direct quotes: find them, resolve their speaker, match them across versions.

Why by hand: quotation marks in news come in every national style (“ ”, " ",
‘ ’, ' ', « », „ “) and are often mixed inside one quote by editing tools
(“deeply concerning," ), and a straight ``'`` is also an apostrophe.  The
scanner below pairs an opening mark with the nearest compatible closing mark
in the same paragraph, and treats ``'``/``’`` as a quotation mark only at word
boundaries.  Speakers are found by a few patterns that hold across languages
("X said", "said X", "X told ... that", ", according to X", "X quoted Y as"),
over the verbs of saying of :mod:`storytrace.facts.lexicon` plus a few more;
pronouns ("he said") and quotes continued in the next sentence take the
previous speaker.  Quoted titles of works and scare quotes are not speech
(:func:`_is_title_or_scare_quote`): a quotation without a speaker or a verb of
saying that follows a word naming a work ("the sitcom 'Ismol Family'"), or is
at most four words long, is left out.

Matching across versions: same-language quotes match on their words (and a
compatible speaker); quotes in different languages match when the sentences
that hold them are aligned by :func:`storytrace.align.align_versions`, in
order.  Labels: ``verbatim`` (same words, ignoring case and punctuation),
``truncated`` (one is a contiguous part of the other), ``altered`` (same
language, words differ) and ``translated`` (different languages).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

import regex
from rapidfuzz.distance import Indel

from ..kinds import QuoteLabel
from ..records import Alignment, Document, Quote, QuoteMatch, Sentence
from ..text.fold import fold, fold_in_place
from .lexicon import ACCORDING_TO, LANGS, SAY_VERBS, month_names, weekday_names

__all__ = ["find_quotes", "match_quotes"]

# opening mark -> closing marks it may pair with
_PAIRS = {
    "“": "”\"“",
    "\"": "\"”",
    "«": "»",
    "„": "“”\"",
    "‘": "’'",
    "'": "'’",
    "‚": "‘’",
    "‹": "›",
    "»": "«",  # Danish/German »…«
}
_SINGLE = "'’‘‚"
_MIN_WORDS = 2
_MAX_CHARS = 1200

_EXTRA_VERBS = (
    "accused", "informed", "emphasized", "emphasised", "stressed", "explained", "wrote", "tweeted",
    "posted", "asked", "replied", "responded", "called", "described", "urged", "vowed", "pledged",
    "quoting", "saying", "adding", "acusou", "explicou", "escreveu", "destacou", "ressaltou",
    "sublinhou", "dizendo", "acuso", "explico", "escribio", "destaco", "subrayo", "diciendo",
    "a explique", "a ecrit", "a souligne", "erklart", "schrieb", "fugte", "sprach",
    "expressed", "expressou", "agregó",
)
_VERBS = frozenset(fold(v) for vs in SAY_VERBS.values() for v in vs) | frozenset(
    fold(v) for v in _EXTRA_VERBS
)
_QUOTING_VERBS = frozenset({"quoted", "quoting", "citou", "cito", "cita", "citing", "zitierte", "a cite"})
_PRONOUNS = frozenset(
    "he she they it we i ele ela eles elas él ella ellos il elle ils elles er sie es".split()
)
_ACCORDING = sorted({fold(c) for c in ACCORDING_TO}, key=len, reverse=True)
_ACCORDING_RE = regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(c) for c in _ACCORDING) + r")(?![\p{L}])")
# A name: capitalised words, with lower-case connectors inside ("Ministério das Relações Exteriores").
_NAME = (
    r"(?:\p{Lu}[\p{L}\p{M}.'’-]*|\p{Lu}\.)"
    r"(?:\s+(?:(?:of|the|for|de|do|da|dos|das|del|des|du|la|le|von|der|für)\s+)*(?:\p{Lu}[\p{L}\p{M}.'’-]*))*"
)
_NAME_END = regex.compile(r"(" + _NAME + r")\s*$")
_NAME_START = regex.compile(r"^\s*(" + _NAME + r")")
_NAME_AFTER_VERB = regex.compile(r"^\s*(?:\p{Ll}+\s+){0,3}(" + _NAME + r")")
# A common-noun subject right before the verb: "the ministry said", "o governo disse".
_NOUN_SUBJECT = regex.compile(
    r"(?:^|\s)(?:the|a|an|o|os|as|el|los|las|la|le|les|der|die|das)\s+((?:[\p{L}-]+\s+){0,2}[\p{L}-]+)\s*$", regex.I
)
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?")
_LEADING_ARTICLE = regex.compile(r"^(?:The|A|An|O|Os|As|El|Los|Las|La|Le|Les|L'|Der|Die|Das)\s+(?=\p{Lu})")
_ARTICLES = frozenset("the a an o os as el los las la le les der die das".split())
_POSSESSIVE_TAIL = regex.compile(r"['’]s$")


_GUILLEMETS = "«»‹›"


def _is_open(text: str, i: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in _GUILLEMETS:
        return True  # French style puts a space inside: « Nous ... »
    if after.isspace():
        return False
    if ch in _SINGLE or ch == '"':
        return not before.isalnum() and (after.isalnum() or after in "“\"¿¡(")
    return True


def _is_close(text: str, i: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in _GUILLEMETS:
        return True
    if before.isspace():
        return False
    if ch == '"' and before in ".!?,;…":
        return True  # closing a quoted sentence glued to the next one ('tariffs."The report')
    if ch in _SINGLE or ch == '"':
        return not after.isalnum()
    return True


def _spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open, start, end, close) of each quotation in ``text``."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "»" and "«" in text[text.rfind("\n", 0, i) + 1:i]:
            i += 1  # a French closing mark (its opening was not taken), not a Danish opening one
            continue
        if ch in _PAIRS and _is_open(text, i):
            closers = _PAIRS[ch]
            j = i + 1
            found = -1
            while j < n and j - i <= _MAX_CHARS:
                c = text[j]
                if c == "\n":
                    break
                if c in closers and _is_close(text, j):
                    found = j
                    break
                j += 1
            if found > 0:
                inner = text[i + 1 : found]
                if len(_WORD.findall(inner)) >= _MIN_WORDS:
                    s, e = i + 1, found
                    while s < e and text[s].isspace():
                        s += 1
                    while e > s and text[e - 1].isspace():
                        e -= 1
                    out.append((i, s, e, found + 1))
                i = found + 1  # a pair too short to be a quote is still a pair: its closing mark opens nothing
                continue
        i += 1
    return out


_NOT_NAMES = frozenset(
    w for lang in LANGS for table in (month_names(lang), weekday_names(lang)) for w in table
)


def _clean_name(name: str) -> str | None:
    """A speaker name as written, without a leading article or possessive; "" for a pronoun."""
    name = name.strip(" ,.;:")
    name = _POSSESSIVE_TAIL.sub("", name)
    name = _LEADING_ARTICLE.sub("", name)
    if not name or not name[0].isupper():
        return None
    if name.lower() in _PRONOUNS:
        return ""  # "He said": the caller takes the previous speaker
    if fold(name) in _NOT_NAMES:
        return None  # "in April", "on Tuesday"
    return name


def _verb_at(folded: str, start: int, end: int, *, last: bool) -> regex.Match | None:
    best = None
    for m in _WORD.finditer(folded, start, end):
        if m.group(0) in _VERBS and folded[max(0, m.start() - 3):m.start()] not in ("so-", "so "):  # not "so-called"
            if not last:
                return m
            best = m
    return best


def _speaker_after(text: str, folded: str, pos: int, end: int) -> tuple[str | None, str | None]:
    """Speaker in the words after a quote: ', said X', ', X said', ', according to X'."""
    window_end = min(end, pos + 160)
    m = regex.match(r"[\s,.;:—–-]*", text[pos:window_end])
    k = pos + (m.end() if m else 0)
    words = list(_WORD.finditer(folded, k, window_end))
    if not words:
        return None, None
    first = words[0]
    if first.group(0) in _VERBS:  # ", said Shoigu" / ", dijo el ministro Lavrov"
        nm = _NAME_AFTER_VERB.match(text[first.end() : window_end])
        if nm:
            return _clean_name(nm.group(1)), text[first.start() : first.end()]
        return None, text[first.start() : first.end()]
    nm = _NAME_START.match(text[k:window_end])
    if nm:  # ", Shoigu said"
        after = k + nm.end()
        v = _verb_at(folded, after, min(window_end, after + 40), last=False)
        if v is not None and v.start() - after < 25:
            return _clean_name(nm.group(1)), text[v.start() : v.end()]
    if first.group(0) in _PRONOUNS and len(words) > 1 and words[1].group(0) in _VERBS:
        return "", text[words[1].start() : words[1].end()]  # "he said": resolved by the caller
    acc = _ACCORDING_RE.search(folded, k, window_end)
    if acc is not None and acc.start() - k < 60:
        nm = _NAME_START.match(text[acc.end() : window_end])
        if nm:
            return _clean_name(nm.group(1)), None
    return None, None


def _speaker_before(text: str, folded: str, start: int, pos: int) -> tuple[str | None, str | None]:
    """Speaker in the words before a quote in the same sentence: 'X said that ...', 'X quoted Y as ...'."""
    v = _verb_at(folded, start, pos, last=True)
    if v is None:
        acc = _ACCORDING_RE.search(folded, start, pos)
        if acc is not None:
            nm = _NAME_START.match(text[acc.end() : pos])
            if nm:
                return _clean_name(nm.group(1)), None
        return None, None
    verb = text[v.start() : v.end()]
    if v.group(0) in _QUOTING_VERBS:
        nm = _NAME_START.match(text[v.end() : pos])
        if nm:
            return _clean_name(nm.group(1)), verb
    head = text[start : v.start()]
    # the subject: the last name before the verb, allowing a few words between
    # ("The U.S. State Department also told ...", "Kim has previously said")
    names = [m for m in regex.finditer(_NAME, head) if _clean_name(m.group(0)) is not None and m.group(0).lower() not in _ARTICLES]
    if names:
        last = names[-1]
        gap = head[last.end() :]
        if len(_WORD.findall(gap)) <= 3:
            return _clean_name(last.group(0)), verb
        return _clean_name(names[0].group(0)), verb
    words = _WORD.findall(folded[start : v.start()])
    if words and words[-1] in _PRONOUNS:
        return "", verb
    noun = _NOUN_SUBJECT.search(head)
    if noun:
        return noun.group(1), verb
    nm = _NAME_START.match(text[v.end() : pos])
    if nm:  # "said Shoigu: '...'"
        return _clean_name(nm.group(1)), verb
    return None, verb


# Words that name a work just before its quoted title ("the film 'Ismol Family'", "la serie «Narcos»").
_TITLE_CUES = frozenset(fold(w) for w in """
film films movie movies book books novel novels show shows series sitcom song songs album albums play
programme program documentary podcast episode newspaper magazine poem opera musical game app
filme livro romance serie série programa cancion canción cancao canção disco novela pelicula película libro
livre roman émission emission chanson spectacle pièce piece
buch sendung lied theaterstück theaterstuck doku
romanzo libro programma canzone spettacolo
książka ksiazka serial piosenka program powieść powiesc
фильм книга сериал передача программа песня роман спектакль шоу
kitap dizi şarkı sarki program roman oyun
فيلم كتاب مسلسل برنامج أغنية رواية
""".split())
_SENTENCE_PUNCT = regex.compile(r"[.!?;:]")
_SCARE_CUE = regex.compile(
    r"(?:so[\s-]called|sogenannt\w*|so\s+genannt\w*|llamad[oa]s?|supuest[oa]s?|soi-disant|prétendu\w*|pretendu\w*"
    r"|cosiddett[oaie]|tak\s+zwan\w+|tzw\.|так\s+называем\w+|sözde|ما\s+يسمى|所谓)\s*$",
    regex.IGNORECASE,
)


def _is_title_or_scare_quote(text: str, s: int, e: int, o: int, speaker: str | None, verb: str | None) -> bool:
    """A quoted title ("the film 'Ismol Family'") or scare quotes ("so-called 'experts'"), not speech.

    Only quotations without a speaker or a verb of saying are candidates: one
    right after a word naming a work is a title; a short one (at most four
    words, no sentence punctuation) written in title case is a title; any
    other short one is a scare quote.
    """
    inner = text[s:e]
    if _SCARE_CUE.search(text[max(0, o - 30):o]) and len(_WORD.findall(inner)) <= 6:
        return True  # "so-called 'experts'" ("called" is no verb of saying here)
    if speaker or verb:
        return False
    words = _WORD.findall(inner)
    before = [fold(w) for w in _WORD.findall(text[max(0, o - 40):o])][-3:]
    if any(w in _TITLE_CUES for w in before):
        return len(words) <= 12
    if len(words) > 4 or _SENTENCE_PUNCT.search(inner) or inner.endswith(","):
        return False  # a sentence, or a clause the text goes on from, is speech
    # mid-sentence: the quotation follows a word of the same sentence
    return bool(regex.search(r"[\p{L}\p{N}][\s\p{Pd}]*$", text[max(0, o - 3):o]))


def find_quotes(document: Document, sentences: Sequence[Sentence] | None = None) -> tuple[Quote, ...]:
    """Find the direct quotes of a document and who said them.

    Args:
        document: a clean document.
        sentences: its sentences as :func:`storytrace.sentences.split_sentences`
            gives them (the analysis passes the ones alignment made); split
            here when None.

    Returns:
        Quotes in text order; ``start``/``end`` cover the quoted words without
        the quotation marks; ``speaker`` is a name as written ("Shoigu", "U.S.
        State Department") or None; ``verb`` the verb of saying as written.

    Example:
        >>> d = Document(id="d", source="", text="'We agreed to help,' Shoigu said. 'It is brotherly aid.'")
        >>> [(q.text, q.speaker) for q in find_quotes(d)]
        [('We agreed to help,', 'Shoigu'), ('It is brotherly aid.', 'Shoigu')]
    """
    from ..sentences import split_sentences

    text = document.text
    folded = fold_in_place(text)
    sents = tuple(sentences) if sentences is not None else split_sentences(text, document.language)
    out: list[Quote] = []
    prev_speaker: str | None = None
    prev_sentence = -10
    for o, s, e, c in _spans(text):
        k = next((i for i, x in enumerate(sents) if x.start <= o < x.end), None)
        if k is None:
            continue
        sent = sents[k]
        speaker, verb = _speaker_after(text, folded, c, sent.end)
        if speaker is None:
            speaker, verb2 = _speaker_before(text, folded, sent.start, o)
            verb = verb or verb2
        if speaker == "":
            speaker = prev_speaker if k - prev_sentence <= 2 else None
        if speaker is None and verb is None and prev_speaker and k - prev_sentence <= 1:
            speaker = prev_speaker  # a quote continued in the next sentence
        if _is_title_or_scare_quote(text, s, e, o, speaker, verb):
            continue
        out.append(Quote(document=document.id, start=s, end=e, text=text[s:e], speaker=speaker, verb=verb))
        if speaker:
            prev_speaker, prev_sentence = speaker, k
        elif verb is None and prev_speaker and k - prev_sentence <= 1:
            prev_sentence = k
    return tuple(out)


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _speaker_key(name: str | None) -> set[str]:
    from ..names import name_key

    if not name:
        return set()
    return {name_key(w) for w in regex.findall(r"\p{Lu}[\p{L}\p{M}'’-]+|\p{Lu}(?:\.\p{Lu})+\.?", name)}


def _content_sim(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    overlap = len(sa & sb) / min(len(sa), len(sb))
    return max(overlap * min(1.0, 2 * min(len(sa), len(sb)) / max(len(sa), len(sb))), Indel.normalized_similarity(a, b))


def _diff(a: str, b: str) -> tuple[tuple[str, str], ...]:
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    la, lb = [w.lower() for w in wa], [w.lower() for w in wb]
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(wa[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", " ".join(wa[i1:i2])))
            if j2 > j1:
                out.append(("+", " ".join(wb[j1:j2])))
    return tuple(out)


def _label(qa: Quote, qb: Quote, cross: bool) -> QuoteLabel:
    if cross:
        return "translated"
    a, b = _words(qa.text), _words(qb.text)
    if a == b:
        return "verbatim"
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    if n and any(long_[i : i + n] == short for i in range(len(long_) - n + 1)):
        return "truncated"
    return "altered"


_SAME_LANG_MIN = 0.45  # content similarity for two same-language quotes to be one quote
_SAME_LANG_ALIGNED_MIN = 0.25  # ... when the sentences holding them are aligned


def match_quotes(
    documents: Sequence[Document],
    quotes: Mapping[str, Sequence[Quote]],
    *,
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
    alignments: Sequence[Alignment] | None = None,
) -> tuple[QuoteMatch, ...]:
    """Match the quotes of every pair of versions and say how they differ.

    Args:
        documents: the versions of one story (``QuoteMatch.a`` comes from the
            earlier one in this order).
        quotes: quotes per document id (from :func:`find_quotes`).
        sentences, alignments: what ``align_versions(documents)`` returned,
            when the caller has it already; aligned here otherwise.

    Returns:
        One :class:`QuoteMatch` per matched pair: ``verbatim``, ``truncated``,
        ``altered`` (same language, words differ) or ``translated``; ``score``
        is the word similarity (same language) or the alignment score of the
        sentences that hold them (different languages); ``diff`` lists
        ``("=", words)``, ``("-", words)``, ``("+", words)`` from a to b.

    Example:
        >>> a = Document(id="a", source="", text="Kim said: 'We will help our friends now.'")
        >>> b = Document(id="b", source="", text="Kim said: 'We will help our allies now.'")
        >>> qs = {d.id: find_quotes(d) for d in (a, b)}
        >>> [(m.label, m.diff) for m in match_quotes([a, b], qs)]
        [('altered', (('=', 'We will help our'), ('-', 'friends'), ('+', 'allies'), ('=', 'now')))]
    """
    from ..align import _doc_lang, align_versions

    docs = [d for d in documents if quotes.get(d.id)]
    if len(docs) < 2:
        return ()
    if sentences is None or alignments is None:
        sentences, alignments = align_versions(docs)
    else:
        with_quotes = {d.id for d in docs}
        alignments = [al for al in alignments if al.a in with_quotes and al.b in with_quotes]
    langs = {d.id: _doc_lang(d) for d in docs}

    def sentence_of(doc_id: str, q: Quote) -> int | None:
        for s in sentences[doc_id]:
            if s.start <= q.start < s.end:
                return s.index
        return None

    sent_of = {d.id: [sentence_of(d.id, q) for q in quotes[d.id]] for d in docs}
    out: list[QuoteMatch] = []
    for al in alignments:
        qa, qb = list(quotes[al.a]), list(quotes[al.b])
        cross = bool(langs[al.a] and langs[al.b] and langs[al.a] != langs[al.b])
        groups = _aligned_groups(al)
        if cross:
            candidates = _cross_language_candidates(qa, qb, sent_of[al.a], sent_of[al.b], groups)
        else:
            candidates = _same_language_candidates(qa, qb, sent_of[al.a], sent_of[al.b], groups)
        used_a: set[int] = set()
        used_b: set[int] = set()
        for score, x, y in sorted(candidates, key=lambda t: (-t[0], t[1], t[2])):
            if x in used_a or y in used_b:
                continue
            used_a.add(x)
            used_b.add(y)
            label = _label(qa[x], qb[y], cross)
            diff = () if cross else _diff(qa[x].text, qb[y].text)
            out.append(QuoteMatch(a=qa[x], b=qb[y], label=label, score=round(min(1.0, score), 4), diff=diff))
    return tuple(out)


_Groups = tuple[dict[int, int], dict[int, int], dict[int, float]]


def _aligned_groups(al: Alignment) -> _Groups:
    """Sentence index -> aligned pair number, for each side, and each pair's alignment score."""
    group_of_a: dict[int, int] = {}
    group_of_b: dict[int, int] = {}
    group_score: dict[int, float] = {}
    for g, p in enumerate(al.pairs):
        if p.a and p.b:
            for i in p.a:
                group_of_a[i] = g
            for j in p.b:
                group_of_b[j] = g
            group_score[g] = p.score
    return group_of_a, group_of_b, group_score


def _cross_language_candidates(
    qa: list[Quote], qb: list[Quote], sent_a: list[int | None], sent_b: list[int | None], groups: _Groups
) -> list[tuple[float, int, int]]:
    """(score, x, y) pairs of quotes across languages: quotes in aligned sentences pair up in order."""
    group_of_a, group_of_b, group_score = groups
    candidates: list[tuple[float, int, int]] = []
    by_group: dict[int, tuple[list[int], list[int]]] = {}
    for x, k in enumerate(sent_a):
        if k is not None and k in group_of_a:
            by_group.setdefault(group_of_a[k], ([], []))[0].append(x)
    for y, k in enumerate(sent_b):
        if k is not None and k in group_of_b and group_of_b[k] in by_group:
            by_group[group_of_b[k]][1].append(y)
    for g, (xs, ys) in by_group.items():
        for x, y in zip(xs, ys):
            la, lb = len(qa[x].text), len(qb[y].text)
            if min(la, lb) / max(la, lb) >= 0.3:
                candidates.append((group_score[g], x, y))
    return candidates


def _same_language_candidates(
    qa: list[Quote], qb: list[Quote], sent_a: list[int | None], sent_b: list[int | None], groups: _Groups
) -> list[tuple[float, int, int]]:
    """(score, x, y) pairs of quotes in one language: similar words, the same speaker, a bonus when aligned."""
    group_of_a, group_of_b, _ = groups
    candidates: list[tuple[float, int, int]] = []
    wa = [_words(q.text) for q in qa]
    wb = [_words(q.text) for q in qb]
    for x in range(len(qa)):
        ka = _speaker_key(qa[x].speaker)
        for y in range(len(qb)):
            sim = _content_sim(wa[x], wb[y])
            kb = _speaker_key(qb[y].speaker)
            if ka and kb and not (ka & kb) and sim < 0.8:
                continue  # different speakers
            sa, sb = sent_a[x], sent_b[y]
            aligned = sa is not None and sb is not None and group_of_a.get(sa, -1) == group_of_b.get(sb, -2)
            if sim >= _SAME_LANG_MIN or (aligned and sim >= _SAME_LANG_ALIGNED_MIN):
                candidates.append((sim + (0.1 if aligned else 0.0), x, y))
    return candidates
