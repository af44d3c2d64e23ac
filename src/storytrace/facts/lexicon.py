"""Small multilingual word lists the fact extractors share (en, pt, es, fr, de).

Why by hand: month and weekday names come from Babel (CLDR), but there is no
maintained library that lists, for five languages at once, the function words
that end a counted-noun phrase, the verbs of saying, the words that mark a
future or a total, the titles of office-holders or the words for common
government bodies.  These lists are short, closed-class and not tied to any
one story; each entry maps to an English canonical form so that versions in
different languages can be compared slot by slot.
"""

from __future__ import annotations

from functools import cache

from ..text.calendar import month_lookup, weekday_lookup

LANGS = ("en", "pt", "es", "fr", "de")

__all__ = [
    "FRAMING",
    "FUTURE_CUES",
    "INSTITUTIONS",
    "LANGS",
    "SAY_VERBS",
    "SEASONS",
    "STOPWORDS",
    "TITLES",
    "TOTAL_CUES",
    "month_names",
    "weekday_names",
]




@cache
def month_names(lang: str) -> dict[str, int]:
    """Folded month names and abbreviations of ``lang`` (CLDR via Babel) → 1..12.

    Forms shorter than three letters are left out; English also has "sept".
    """
    out = {key: num for key, num in month_lookup(lang, folded=True).items() if len(key) >= 3}
    if lang == "en":
        out["sept"] = 9
    return out


@cache
def weekday_names(lang: str) -> dict[str, int]:
    """Folded weekday names of ``lang`` (CLDR via Babel) → 0 (Monday) .. 6.

    Portuguese compound names also match without "-feira" ("na quarta").
    """
    out: dict[str, int] = {}
    for key, num in weekday_lookup(lang, folded=True).items():
        out[key] = num
        if key.endswith("-feira"):
            out[key[: -len("-feira")]] = num
    return out


# Seasons → the month that starts them (northern hemisphere) and their end month.
SEASONS: dict[str, tuple[int, int]] = {}
for _names, _span in (
    ("spring primavera printemps fruhling fruehling fruhjahr", (3, 5)),
    ("summer verao verano ete sommer", (6, 8)),
    ("autumn fall outono otono automne herbst", (9, 11)),
    ("winter inverno invierno hiver", (12, 2)),
):
    for _n in _names.split():
        SEASONS[_n] = _span
SEASON_CANON = {(3, 5): "spring", (6, 8): "summer", (9, 11): "autumn", (12, 2): "winter"}

# Function words that end a counted-noun phrase ("1,000 sappers | to clear ...").
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """a an the to in on at by for from with of and or but as than that which who whom whose
        is are was were be been being has have had will would could should may might must can
        do does did not no this these those it its their his her our your my into onto over under
        after before since during while about around per each every who's said says say says
        told according amid across against between toward towards through via were also
        already still just only more less most least why what how when where here there
        we you they he she i me him them us amid can't cannot won't don't didn't doesn't isn't aren't
        wasn't weren't couldn't shouldn't wouldn't hasn't haven't hadn't""".split()
    ),
    "pt": frozenset(
        """a o as os um uma uns umas para por pelo pela pelos pelas em no na nos nas com sem e ou
        mas que se foi foram era eram ser sao e esta estao estava tem tinham teve ha seu sua seus
        suas ao aos durante apos antes desde entre sobre contra segundo conforme disse diz
        tambem ja ainda mais menos cerca""".split()
    ),
    "es": frozenset(
        """a el la los las un una unos unas para por en con sin y o pero que se fue fueron era eran
        ser son es esta estan estaba tiene tenian tuvo ha han su sus al durante tras despues antes
        desde entre sobre contra segun dijo dice tambien ya aun mas menos cerca""".split()
    ),
    "fr": frozenset(
        """a au aux le la les l un une des pour par en dans sur avec sans et ou mais que qui se
        fut furent etait etaient etre sont est a ont avait son sa ses leur leurs pendant apres
        avant depuis entre contre selon a dit dit aussi deja encore plus moins environ""".split()
    ),
    "de": frozenset(
        """der die das den dem des ein eine einen einem einer eines zu in im am an auf fur mit
        ohne und oder aber dass als wie wer ist sind war waren sein hat haben hatte hatten wird
        werden wurde wurden nach vor seit wahrend uber unter zwischen gegen laut sagte sagt
        auch schon noch mehr weniger etwa rund um""".split()
    ),
}
ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())

# Connectors allowed inside a Romance noun phrase ("trabalhadores da construção").
NP_CONNECTORS = frozenset("de da do das dos del des du d".split())

# Verbs of saying (folded stems/forms); used to find who said what, when.
SAY_VERBS: dict[str, tuple[str, ...]] = {
    "en": ("said", "says", "told", "announced", "stated", "reported", "declared", "added",
           "noted", "confirmed", "claimed", "voiced", "warned", "quoted", "mentioned", "insisted"),
    "pt": ("disse", "afirmou", "declarou", "anunciou", "informou", "relatou", "confirmou",
           "acrescentou", "alertou", "citou", "diz", "dizem", "disseram"),
    "es": ("dijo", "afirmo", "declaro", "anuncio", "informo", "confirmo", "anadio", "advirtio",
           "aseguro", "senalo", "dice", "dijeron"),
    "fr": ("a dit", "a declare", "a annonce", "a affirme", "a indique", "a confirme",
           "a ajoute", "a averti", "a precise", "dit", "declare", "annonce", "selon"),
    "de": ("sagte", "sagt", "erklarte", "teilte", "kundigte", "bestatigte", "betonte",
           "warnte", "berichtete", "meldete"),
}
# "according to X" and its translations.
ACCORDING_TO: tuple[str, ...] = (
    "according to", "as cited by", "as reported by", "per", "cited by",
    "segundo", "de acordo com", "conforme",
    "segun", "de acuerdo con", "citado por",
    "selon", "d'apres", "cite par",
    "laut", "zufolge", "nach angaben",
)

# Words that put an event in the future ("will", "plans to", "vai").
FUTURE_CUES = frozenset(
    """will shall going plans plan planned scheduled expected upcoming next set to
    vai vao ira irao planeja pretende proximo proxima
    va van planea previsto proximo proxima
    va vont prevoit prochain prochaine sera seront
    wird werden soll sollen plant geplant nachste nachsten kommende kommenden""".split()
)

# Words announcing that the parts which follow add up to a stated total.
TOTAL_CUES = (
    "in total", "in all", "a total of", "including", "of whom", "of which", "among them",
    "comprising", "made up of", "a mix of", "consisting of",
    "no total", "ao todo", "incluindo", "dos quais", "das quais", "entre eles",
    "en total", "incluidos", "incluyendo", "de los cuales", "entre ellos",
    "au total", "dont", "parmi eux", "y compris",
    "insgesamt", "darunter", "davon", "einschliesslich",
)

def _by_form(groups: dict[str, str]) -> dict[str, str]:
    """Invert ``{canonical: forms}`` to ``{form: canonical}``.

    ``forms`` is split on ``|`` when it holds one (so forms may contain spaces),
    else on whitespace; a form listed under two canonical words keeps the first.

    >>> _by_form({"minister": "minister ministro", "prime minister": "prime minister|premier"})
    {'minister': 'minister', 'ministro': 'minister', 'prime minister': 'prime minister', 'premier': 'prime minister'}
    """
    table: dict[str, str] = {}
    for canon, forms in groups.items():
        for form in forms.split("|") if "|" in forms else forms.split():
            table.setdefault(form, canon)
    return table


# Titles of office-holders (folded) → English.
TITLES: dict[str, str] = _by_form({
    "president": "president presidente praesident prasident presidente",
    "prime minister": "prime minister|primeiro-ministro|primeira-ministra|primer ministro|premier ministre|premiere ministre|premierminister|ministerprasident",
    "minister": "minister ministro ministra ministre ministerin",
    "foreign minister": "foreign minister|ministro das relacoes exteriores|ministro de relaciones exteriores|ministre des affaires etrangeres|aussenminister",
    "secretary": "secretary secretario secretaria secretaire sekretar",
    "secretary-general": "secretary-general|secretario-geral|secretario general|secretaire general|generalsekretar",
    "chancellor": "chancellor chanceler canciller chancelier kanzler bundeskanzler",
    "spokesperson": "spokesman spokeswoman spokesperson porta-voz portavoz porte-parole sprecher sprecherin",
    "leader": "leader lider dirigeant anfuhrer machthaber",
    "king": "king rei rey roi konig",
    "queen": "queen rainha reina reine konigin",
    "general": "general general general general general",
    "senator": "senator senador senadora senateur",
    "governor": "governor governador gobernador gouverneur gouverneur",
    "mayor": "mayor prefeito alcalde maire burgermeister",
    "ambassador": "ambassador embaixador embajador ambassadeur botschafter",
    "director": "director diretor directora directeur direktor",
    "chief": "chief chefe jefe chef chef",
    "honorific": "mr mrs ms dr sr sra srta mme mlle m herr frau",
})

# Words for government bodies and news organisations (folded) → English.
# Multi-word forms first; matched on folded text.
INSTITUTIONS: dict[str, str] = _by_form({
    "foreign": "foreign|relacoes exteriores|negocios estrangeiros|relaciones exteriores|asuntos exteriores|affaires etrangeres|auswartiges|auswaertiges|aussenministerium",
    "defense": "defense|defence|defesa|defensa|defense|verteidigung|verteidigungsministerium",
    "ministry": "ministry|ministerio|ministere|ministerium",
    "department": "department|departamento|departement|abteilung",
    "state": "state|estado|etat|staats",
    "council": "council|conselho|consejo|conseil|rat",
    "security": "security|seguranca|seguridad|securite|sicherheit|sicherheitsrat",
    "intelligence": "intelligence|inteligencia|espionagem|espionaje|renseignement|geheimdienst|spy",
    "agency": "agency|agencia|agence|agentur",
    "news": "news|noticias|informacion|presse|nachrichten",
    "office": "office|gabinete|oficina|bureau|buro|amt",
    "government": "government|governo|gobierno|gouvernement|regierung",
    "army": "army|exercito|ejercito|armee|heer",
    "air force": "air force|forca aerea|fuerza aerea|armee de l'air|luftwaffe",
    "navy": "navy|marinha|armada|marine",
    "police": "police|policia|polizei",
    "parliament": "parliament|parlamento|parlement|parlament|congress|congresso|congreso",
    "court": "court|tribunal|corte|gericht",
    "presidential": "presidential|presidencial|presidentiel|prasidial",
    "united nations": "united nations|u.n.|un|nacoes unidas|onu|naciones unidas|nations unies|vereinte nationen|uno",
    "united states": "united states|u.s.|us|usa|eua|estados unidos|ee.uu.|eeuu|etats-unis|vereinigte staaten",
    "european union": "european union|eu|ue|uniao europeia|union europea|union europeenne|europaische union",
    "nato": "nato|otan",
})

# Contested descriptors: a version that uses one side of a pair where other
# versions use the other side frames the same actors differently.
FRAMING: dict[str, str] = _by_form({
    "military": "military militar militares militaire militaires militarisch militaerisch army exercito ejercito armee navy marinha",
    "humanitarian": "humanitarian humanitario humanitaria humanitaire humanitar humanitaer aid helpers volunteers voluntarios benevoles freiwillige",
    "civilian": "civilian civis civiles civils zivile zivilisten",
    "terrorist": "terrorist terrorists terrorista terroristas terroriste terroristes terroristen",
    "militant": "militant militants militante militantes militanten",
    "rebel": "rebel rebels rebelde rebeldes rebelle rebelles rebellen",
    "freedom fighter": "freedom-fighters resistance resistencia resistants widerstandskampfer",
    "invasion": "invasion invasao invasion invasion",
    "operation": "operation operacao operacion operation operation",
    "killed": "killed mortos assassinados asesinados tues getotet",
    "died": "died morreram murieron morts gestorben",
    "mercenary": "mercenary mercenaries mercenario mercenarios mercenaire mercenaires soldner",
    "workers": "workers trabalhadores trabajadores travailleurs arbeiter",
})
FRAMING_OPPOSITES: dict[str, frozenset[str]] = {
    "military": frozenset({"humanitarian", "civilian"}),
    "humanitarian": frozenset({"military", "mercenary"}),
    "civilian": frozenset({"military"}),
    "terrorist": frozenset({"militant", "rebel", "freedom fighter"}),
    "militant": frozenset({"terrorist", "freedom fighter"}),
    "rebel": frozenset({"terrorist"}),
    "freedom fighter": frozenset({"terrorist", "militant"}),
    "invasion": frozenset({"operation"}),
    "operation": frozenset({"invasion"}),
    "killed": frozenset({"died"}),
    "died": frozenset({"killed"}),
    "mercenary": frozenset({"humanitarian", "workers"}),
}
# Labels loaded enough that one version alone using them for people the other
# versions describe plainly is a framing choice worth pointing at.
LOADED_LABELS = frozenset({"humanitarian", "terrorist", "militant", "rebel", "freedom fighter", "mercenary", "invasion"})
