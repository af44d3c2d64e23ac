"""Facts in every language the tool reads: weekdays and months from CLDR, dates that are not counts,
clock times, names with numbers, and the slot fields of quantities (dimension, scope, time).

The sentences are shaped like the multilingual news of the SemEval-2022 task 8
set (day-of-month beside a month word, "从 1 月 6 日起", race times, Turkish
compound numbers), written here so that no test depends on one article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from storytrace.facts import extract_facts
from storytrace.facts.dates import find_dates
from storytrace.facts.quantities import find_quantities
from storytrace.records import Document
from storytrace.text.calendar import duration_units, weekday_forms

REF = dt.date(2020, 5, 13)  # a Wednesday


def _doc(text: str, lang: str) -> Document:
    return Document(id="d", source="x", text=text, language=lang, published=REF.isoformat())


def _weekdays(text: str, lang: str) -> list[tuple[str, str]]:
    return [(f.text, f.attrs["weekday"]) for f in extract_facts(_doc(text, lang)) if f.kind == "weekday"]


@pytest.mark.parametrize(
    "lang, text, word, weekday",
    [
        ("en", "The minister said on Tuesday that talks would go on.", "Tuesday", "Tuesday"),
        ("de", "Der Minister sagte am Dienstag, die Gespräche gingen weiter.", "Dienstag", "Tuesday"),
        ("it", "Il ministro ha detto mercoledì che i colloqui continueranno.", "mercoledì", "Wednesday"),
        ("pl", "Minister powiedział we wtorek, że rozmowy będą kontynuowane.", "wtorek", "Tuesday"),
        ("pl", "Spotkanie odbyło się w środę w Warszawie.", "środę", "Wednesday"),
        ("pl", "Szkoły są zamknięte od poniedziałku.", "poniedziałku", "Monday"),
        ("ru", "Министр заявил в пятницу, что переговоры продолжатся.", "пятницу", "Friday"),
        ("ru", "Школы закрыты до понедельника.", "понедельника", "Monday"),
        ("tr", "Bakan Pazartesi günü yaptığı açıklamada görüşmelerin süreceğini söyledi.", "Pazartesi", "Monday"),
        ("tr", "Açıklama CUMA günü yapıldı.", "CUMA", "Friday"),
        ("ar", "وقال الوزير يوم الإثنين إن المحادثات ستستمر.", "الإثنين", "Monday"),
        ("ar", "وقال الوزير يوم الأربعاء إن المحادثات ستستمر.", "الأربعاء", "Wednesday"),
        ("zh", "中国央行周三表示，将削减存款准备金率。", "周三", "Wednesday"),
        ("zh", "外交部星期五发表声明。", "星期五", "Friday"),
    ],
)
def test_weekdays_in_every_language(lang, text, word, weekday):
    assert (word, weekday) in _weekdays(text, lang)


@pytest.mark.parametrize(
    "lang, text",
    [
        ("ru", "Окружающая среда страдает от загрязнения."),  # "environment", not Wednesday
        ("tr", "Bu pazar yerinde fiyatlar arttı."),  # "market", not Sunday
        ("zh", "他们一周一次开会。"),  # "once a week", not Monday
    ],
)
def test_ambiguous_weekday_forms_are_read_only_as_weekdays(lang, text):
    assert _weekdays(text, lang) == []


@pytest.mark.parametrize("lang", ["en", "de", "es", "fr", "it", "pl", "ru", "tr", "ar", "zh"])
def test_every_read_language_has_seven_weekdays_from_cldr(lang):
    assert set(weekday_forms(lang).values()) == set(range(7))


@pytest.mark.parametrize(
    "lang, text, date, not_a_count",
    [
        ("tr", "Hıdrellez 5 Mayıs'ı 6 Mayıs'a bağlayan gece kutlanıyor.", "2020-05-05", {5.0, 6.0}),
        ("tr", "1 Nisan-5 Mayıs 2020 tarihleri arasında 27 şüpheli yakalandı.", "2020-05-05", {5.0, 1.0}),
        ("zh", "中国人民银行表示，将从 1 月 6 日起下调存款准备金率。", "2020-01-06", {1.0, 6.0}),
        ("zh", "自2020年3月5日以来，已有多人康复。", "2020-03-05", {3.0, 5.0}),
        ("ru", "Выборы пройдут 5 января в Москве.", "2020-01-05", {5.0}),
        ("pl", "Wernisaż odbędzie się 10 stycznia w Gdańsku.", "2020-01-10", {10.0}),
        ("ar", "أعلنت الوزارة في 5 مايو عن إجراءات جديدة.", "2020-05-05", {5.0}),
        ("ar", "أعلنت الوزارة في 5 أيار عن إجراءات جديدة.", "2020-05-05", {5.0}),
        ("it", "Il decreto è entrato in vigore il 4 maggio.", "2020-05-04", {4.0}),
    ],
)
def test_day_of_month_beside_a_month_word_is_a_date_not_a_count(lang, text, date, not_a_count):
    facts = extract_facts(_doc(text, lang))
    assert date in [f.value for f in facts if f.kind == "date"] or any(
        f.kind == "date" and f.attrs.get("last") == date for f in facts
    )
    assert not {f.value for f in facts if f.kind == "quantity"} & not_a_count


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "The fire broke out at 00:40 and was put out by dawn."),
        ("en", "Lemos finished third in a national record of 1:07:02."),
        ("de", "Das Feuer brach um 18.30 Uhr aus."),
        ("pl", "Wernisaż wystawy 10 stycznia g. 18.00 w Gdańsku."),
        ("tr", "Yangın saat 10.30'da başladı."),
        ("fr", "La réunion a commencé à 9h30 à Paris."),
    ],
)
def test_clock_and_race_times_are_not_counts(lang, text):
    assert [f.text for f in extract_facts(_doc(text, lang)) if f.kind == "quantity"] == []


@pytest.mark.parametrize(
    "lang, text, kept",
    [
        ("de", "Das Spiel gegen Baden 1 endete unentschieden.", []),
        ("en", "The team won the Formula 1 race after 12 laps.", [12.0]),
        ("en", "The airline grounded its Boeing 737 jets and 40 pilots.", [40.0]),
        ("fr", "Le club de Ligue 1 a recruté 3 joueurs.", [3.0]),
        ("de", "Die Polizisten nahmen 12 Menschen fest.", [12.0]),  # a German noun before a count
    ],
)
def test_numbers_that_continue_a_name_are_not_counts(lang, text, kept):
    assert [f.value for f in find_quantities(text, lang)] == kept


@pytest.mark.parametrize(
    "lang, text, value",
    [
        ("tr", "Kentin nüfusu 1 milyon 41 bin 348 kişiye ulaştı.", 1041348.0),
        ("tr", "Törene 5 bin 200 kişi katıldı.", 5200.0),
        ("pl", "Na ten cel przeznaczono 1 mln 200 tys. złotych.", 1200000.0),
        ("ru", "Ущерб составил 2,5 млн рублей.", 2500000.0),
        ("ar", "بلغت الخسائر 3 مليون دولار.", 3000000.0),
    ],
)
def test_compound_numbers_are_read_whole(lang, text, value):
    assert [f.value for f in find_quantities(text, lang)] == [value]


@pytest.mark.parametrize(
    "lang, text, dimension",
    [
        ("es", "El confinamiento duró siete semanas.", "duration:week"),
        ("es", "El confinamiento duró tres meses.", "duration:month"),
        ("en", "The lockdown lasted 7 weeks.", "duration:week"),
        ("pl", "Szkoły były zamknięte przez 5 tygodni.", "duration:week"),
        ("ru", "Карантин длился 3 месяца.", "duration:month"),
        ("zh", "封锁持续了3个月。", "duration:month"),
        ("en", "Officials said 40 people were rescued.", "count"),
        ("en", "Inflation rose 5% last year.", "percent"),
    ],
)
def test_dimension_tells_durations_from_counts(lang, text, dimension):
    assert [f.attrs["dimension"] for f in find_quantities(text, lang)] == [dimension]


def test_duration_units_come_from_cldr_for_every_read_language():
    for lang in ("en", "de", "es", "fr", "it", "pl", "ru", "tr", "ar", "zh"):
        assert {"month"} <= set(duration_units(lang).values()), lang


@pytest.mark.parametrize(
    "lang, text, scope",
    [
        ("en", "Since Monday 12 people have died.", "since"),
        ("en", "This season 140 people have died in total.", "total"),
        ("es", "Se registraron 300 nuevos casos.", ""),
        ("en", "Officials reported 300 new cases today.", ""),
        ("en", "There were 30 new deaths.", ""),
        ("de", "Insgesamt 50 Menschen starben.", "total"),
    ],
)
def test_scope_cue_before_a_figure(lang, text, scope):
    assert find_quantities(text, lang)[0].attrs["scope"] == scope


def test_time_is_the_day_the_sentence_states():
    text = "On 3 May 12 patients were in critical condition. On 5 May 9 patients died."
    qs = [f for f in extract_facts(_doc(text, "en")) if f.kind == "quantity"]
    assert [(f.value, f.attrs["time"]) for f in qs] == [(12.0, "2020-05-03"), (9.0, "2020-05-05")]


def test_weekday_dates_resolve_against_the_reference_in_any_language():
    (f,) = [f for f in find_dates("Minister powiedział we wtorek.", "pl", REF) if f.kind == "weekday"]
    assert f.value == "2020-05-12"


@pytest.mark.parametrize(
    "lang, text, value",
    [
        ("es", "La pequeña pesa 3,200 kilogramos.", 3200.0),  # Latin American grouping
        ("es", "Llegaron 3.200 migrantes.", 3200.0),
        ("en", "Officials said 1.500 people were moved.", 1500.0),
        ("tr", "Toplam 3,331 kişi test edildi.", 3331.0),
        ("es", "La inflación fue de 2,5 por ciento.", 2.5),
        ("en", "The rate is 3.125% now.", 3.125),
    ],
)
def test_one_group_of_three_digits_is_a_thousands_group_in_any_locale(lang, text, value):
    assert [f.value for f in find_quantities(text, lang)] == [value]


@pytest.mark.parametrize(
    "lang, text, years",
    [
        ("es", "Llegaron más de 2000 personas en 2000 a la ciudad.", ["2000"]),
        ("de", "Eine Demonstration von 2000 Menschen fand 2019 statt.", []),
        ("en", "Since 2000 the city grew. The war of 2003 ended.", ["2000", "2003"]),
        ("es", "Desde 2019 hubo cambios.", ["2019"]),
    ],
)
def test_a_count_after_a_partitive_preposition_is_no_year(lang, text, years):
    facts = extract_facts(_doc(text, lang))
    assert [f.text for f in facts if f.kind == "date"] == years
