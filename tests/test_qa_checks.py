"""Every check on realistic segments in each language: one correct translation that must
pass and one faulty translation that must be caught, with the message naming the problem."""

import pytest

from workbench.model import InlineCode, Role, Segment, Status
from workbench.qa import Severity, Unit, check_unit
from workbench.qa.checks import TEXT_CHECKS, GlossaryCheck

LINK = (InlineCode(1, "link", "[", "](#)"),)


def findings(lang, source, target, codes=(), script=None):
    """`script`: the project's script for a language with a choice (Uzbek)."""
    segment = Segment("s1", "article", 1, 1, Role.PARAGRAPH, source, codes)
    return check_unit(Unit(segment, lang, target, Status.EDITED, script=script), [])


def messages(check_id, lang, source, target, codes=(), script=None):
    return [f.message for f in findings(lang, source, target, codes, script) if f.check == check_id]


NUMBERS = "The ministry said 10,000 migrants received passports in 2022, 1.5 times more than before."
SAID = "A senior official {1}said{/1} Thursday."
CENTER = "The Sakharovo migration center in Moscow."
QUOTE = "He said denaturalization “would be an adequate response to an official ban” on fighting abroad."
LONG = ("Kabanov said his body is drafting new rules as part of Putin's mobilization orders for "
        "migrants who have obtained Russian citizenship within the past 10 years.")

# (check, lang, source, correct target, faulty target, part of the expected message)
CASES = [
    ("numbers", "ru", NUMBERS,
     "Министерство сообщило, что в 2022 году паспорта получили 10 000 мигрантов, в 1,5 раза больше, чем прежде.",
     "Министерство сообщило, что в 2022 году паспорта получили 10,000 мигрантов, в 1,5 раза больше, чем прежде.",
     "number 10,000 is written the English way: Russian writes ','"),
    ("numbers", "kk", NUMBERS,
     "Министрліктің хабарлауынша, 2022 жылы 10 000 мигрант паспорт алған, бұл бұрынғыдан 1,5 есе көп.",
     "Министрліктің хабарлауынша, 2021 жылы 10 000 мигрант паспорт алған, бұл бұрынғыдан 1,5 есе көп.",
     "number 2022 is missing in the target"),
    ("numbers", "ky", NUMBERS,
     "Министрликтин маалыматы боюнча, 2022-жылы 10 000 мигрант паспорт алган, бул мурункудан 1,5 эсе көп.",
     "Министрликтин маалыматы боюнча, 2022-жылы 10 000 мигрант паспорт алган, бул мурункудан 1.5 эсе көп.",
     "number 1.5 is written the English way"),
    ("numbers", "tg", NUMBERS,
     "Ба гуфтаи вазорат, соли 2022 ба 10 000 муҳоҷир шиноснома дода шуд, ки аз пештара 1,5 баробар зиёд аст.",
     "Ба гуфтаи вазорат, соли 2022 ба ҳазорон муҳоҷир шиноснома дода шуд, ки аз пештара 1,5 баробар зиёд аст.",
     "number 10,000 is missing in the target"),
    ("numbers", "uz", NUMBERS,
     "Vazirlik maʼlumotiga koʻra, 2022-yilda 10 000 nafar migrant pasport olgan, bu avvalgidan 1,5 baravar koʻp.",
     "Vazirlik maʼlumotiga koʻra, 2022-yilda 100 000 nafar migrant pasport olgan, bu avvalgidan 1,5 baravar koʻp.",
     "number 100 000 in the target is not in the source"),
    ("placeholders", "ru", SAID, "Высокопоставленный чиновник {1}заявил{/1} в четверг.",
     "Высокопоставленный чиновник заявил в четверг.", "missing placeholder {1}"),
    ("placeholders", "kk", SAID, "Жоғары лауазымды шенеунік бейсенбі күні {1}мәлімдеді{/1}.",
     "Жоғары лауазымды шенеунік бейсенбі күні {/1}мәлімдеді{1}.", "closes out of order"),
    ("placeholders", "ky", SAID, "Жогорку кызматтагы өкүл бейшемби күнү {1}билдирди{/1}.",
     "Жогорку кызматтагы өкүл бейшемби күнү {1}билдирди.", "missing placeholder {/1}"),
    ("placeholders", "tg", SAID, "Як мансабдори баландпоя рӯзи панҷшанбе {1}изҳор дошт{/1}.",
     "Як мансабдори баландпоя рӯзи панҷшанбе {1}изҳор дошт{/1} {2/}.", "unexpected placeholder {2/}"),
    ("placeholders", "uz", SAID, "Yuqori lavozimli amaldor payshanba kuni {1}maʼlum qildi{/1}.",
     "Yuqori lavozimli amaldor payshanba kuni {1}maʼlum{/1} {1}qildi{/1}.", "placeholder {1} appears 2 times"),
    ("empty", "ru", CENTER, "Сахаровский миграционный центр в Москве.", "  ", "target is empty"),
    ("empty", "kk", CENTER, "Мәскеудегі Сахарово көші-қон орталығы.", "", "target is empty"),
    ("empty", "ky", CENTER, "Москвадагы Сахарово миграция борбору.", " ", "target is empty"),
    ("empty", "tg", CENTER, "Маркази муҳоҷирати Сахарово дар Маскав.", "", "target is empty"),
    ("empty", "uz", CENTER, "Moskvadagi Saxarovo migratsiya markazi.", "", "target is empty"),
    ("same-as-source", "ru", CENTER, "Сахаровский миграционный центр в Москве.", CENTER, "identical"),
    ("same-as-source", "kk", CENTER, "Мәскеудегі Сахарово көші-қон орталығы.", CENTER, "identical"),
    ("same-as-source", "ky", CENTER, "Москвадагы Сахарово миграция борбору.", CENTER, "identical"),
    ("same-as-source", "tg", CENTER, "Маркази муҳоҷирати Сахарово дар Маскав.", CENTER, "identical"),
    ("same-as-source", "uz", "Sergei Vedyashkin / Moskva News Agency",
     "Sergei Vedyashkin / Moskva News Agency", "Sergei Vedyashkin / Moskva News Agency", None),
    ("same-as-source", "uz", CENTER, "Moskvadagi Saxarovo migratsiya markazi.", CENTER, "identical"),
    ("whitespace", "ru", CENTER, "Сахаровский миграционный центр в Москве.",
     "Сахаровский миграционный центр в Москве. ", "target has a space at the end, the source no space"),
    ("whitespace", "kk", CENTER, "Мәскеудегі Сахарово көші-қон орталығы.",
     " Мәскеудегі Сахарово көші-қон орталығы.", "a space at the start"),
    ("whitespace", "ky", CENTER, "Москвадагы Сахарово миграция борбору.",
     "Москвадагы Сахарово миграция борбору.\n", "a line break at the end"),
    ("whitespace", "tg", CENTER, "Маркази муҳоҷирати Сахарово дар Маскав.",
     "Маркази муҳоҷирати Сахарово дар Маскав.  ", "2 spaces at the end"),
    ("whitespace", "uz", CENTER, "Moskvadagi Saxarovo migratsiya markazi.",
     " Moskvadagi Saxarovo migratsiya markazi.", "a space at the start"),
    ("punctuation", "ru", QUOTE,
     "По его словам, лишение гражданства «стало бы адекватным ответом на официальный запрет» на участие в боевых действиях за рубежом.",
     "По его словам, лишение гражданства «стало бы адекватным ответом на официальный запрет» на участие в боевых действиях за рубежом",
     "the target has no final punctuation"),
    ("punctuation", "kk", "Will Moscow strip them of citizenship?",
     "Мәскеу оларды азаматтығынан айыра ма?", "Мәскеу оларды азаматтығынан айырады.",
     "source ends with '?', the target with '.'"),
    ("punctuation", "ky", "“We will not fight,” he said.", "«Биз согушпайбыз», – деди ал.",
     "«Биз согушпайбыз», – деди ал!", "the target with '!'"),
    ("punctuation", "tg", "Original url:", "Пайванди аслӣ:", "Пайванди аслӣ.",
     "source ends with ':', the target with '.'"),
    ("punctuation", "uz", "Moscow is waiting...", "Moskva kutmoqda…", "Moskva kutmoqda",
     "source ends with '…'"),
    ("brackets", "ru", QUOTE,
     "По его словам, лишение гражданства «стало бы адекватным ответом на официальный запрет» на участие в боевых действиях за рубежом.",
     "По его словам, лишение гражданства «стало бы адекватным ответом на официальный запрет на участие в боевых действиях за рубежом.",
     "« is never closed"),
    ("brackets", "kk", QUOTE,
     "Оның айтуынша, азаматтықтан айыру шетелде соғысуға салынған «ресми тыйымға барабар жауап болар еді».",
     "Оның айтуынша, азаматтықтан айыру шетелде соғысуға салынған ресми тыйымға барабар жауап болар еді».",
     "closing » without an opening one"),
    ("brackets", "ky", "The council (an advisory body) met on Friday.",
     "Кеңеш (кеңеш берүүчү орган) жума күнү чогулду.", "Кеңеш (кеңеш берүүчү орган жума күнү чогулду.",
     "( is never closed"),
    ("brackets", "tg", QUOTE,
     "Ба гуфтаи ӯ, маҳрум кардан аз шаҳрвандӣ ба манъи ҷангидан дар хориҷ «посухи муносиб хоҳад буд».",
     "Ба гуфтаи ӯ, маҳрум кардан аз шаҳрвандӣ ба манъи ҷангидан дар хориҷ «посухи „муносиб хоҳад буд».",
     "„ is never closed"),
    ("brackets", "uz", QUOTE,
     "Uning soʻzlariga koʻra, fuqarolikdan mahrum qilish xorijda jang qilishga qoʻyilgan “rasmiy taqiqqa munosib javob boʻlardi”.",
     "Uning soʻzlariga koʻra, fuqarolikdan mahrum qilish xorijda jang qilishga qoʻyilgan “rasmiy taqiqqa munosib javob boʻlardi.",
     "“ is never closed"),
    ("double-space", "ru", CENTER, "Сахаровский миграционный центр в Москве.",
     "Сахаровский миграционный  центр в Москве.", "double space between 'миграционный' and 'центр'"),
    ("double-space", "kk", CENTER, "Мәскеудегі Сахарово көші-қон орталығы.",
     "Мәскеудегі  Сахарово көші-қон орталығы.", "double space"),
    ("double-space", "ky", CENTER, "Москвадагы Сахарово миграция борбору.",
     "Москвадагы Сахарово  миграция борбору.", "double space"),
    ("double-space", "tg", CENTER, "Маркази муҳоҷирати Сахарово дар Маскав.",
     "Маркази муҳоҷирати Сахарово дар\u00a0 Маскав.", "double space"),
    ("double-space", "uz", CENTER, "Moskvadagi Saxarovo migratsiya markazi.",
     "Moskvadagi Saxarovo migratsiya   markazi.", "double space"),
    ("length", "ru", LONG,
     "Кабанов сказал, что его ведомство разрабатывает новые правила в рамках объявленной Путиным мобилизации для мигрантов, получивших российское гражданство за последние 10 лет.",
     "Кабанов сказал, что за 10 лет.", "of the source length (usually at least 60%)"),
    ("length", "kk", LONG,
     "Кабановтың айтуынша, оның ұйымы Путиннің мобилизация туралы бұйрықтары аясында соңғы 10 жыл ішінде Ресей азаматтығын алған мигранттарға арналған жаңа ережелер әзірлеп жатыр.",
     "Кабановтың айтуынша, соңғы 10 жыл.", "something left out?"),
    ("length", "ky", LONG,
     "Кабановдун айтымында, анын органы Путиндин мобилизация боюнча буйруктарынын алкагында акыркы 10 жылда Россиянын жарандыгын алган мигранттар үчүн жаңы эрежелерди иштеп чыгууда.",
     "Кабановдун айтымында, анын органы Путиндин мобилизация боюнча буйруктарынын алкагында акыркы 10 жылда Россиянын жарандыгын алган мигранттар үчүн жаңы эрежелерди иштеп чыгууда. " * 2,
     "something added or repeated?"),
    ("length", "tg", LONG,
     "Ба гуфтаи Кабанов, ниҳоди ӯ дар доираи фармонҳои Путин дар бораи сафарбарӣ барои муҳоҷироне, ки дар 10 соли охир шаҳрвандии Русияро гирифтаанд, қоидаҳои нав таҳия мекунад.",
     "Ба гуфтаи Кабанов, 10 сол.", "something left out?"),
    ("length", "uz", LONG,
     "Kabanovning soʻzlariga koʻra, uning tashkiloti Putinning safarbarlik boʻyicha buyruqlari doirasida soʻnggi 10 yil ichida Rossiya fuqaroligini olgan migrantlar uchun yangi qoidalar ishlab chiqmoqda.",
     "Kabanov: 10 yil.", "something left out?"),
    ("script", "ru", CENTER, "Сахаровский миграционный центр в Москве.",
     "Сахаровский миграционный центр в Мocкве.", "word 'Мocкве' mixes Latin and Cyrillic letters"),
    ("script", "kk", CENTER, "Мәскеудегі Сахарово көші-қон орталығы.",
     "Мәскеудегі Сахарово көші-қон oрталығы.", "word 'oрталығы' mixes Latin and Cyrillic"),
    ("script", "ky", CENTER, "Москвадагы Сахарово миграция борбору.",
     "Москвадагы Caхарово миграция борбору.", "mixes Latin and Cyrillic"),
    ("script", "tg", CENTER, "Маркази муҳоҷирати Сахарово дар Маскав.",
     "Маркази муҳоҷирати Сахарово дар Macкав.", "mixes Latin and Cyrillic"),
    ("script", "uz", CENTER, "Moskvadagi Saxarovo migratsiya markazi.",
     "Moskvadagi Saxarovo migratsiya маркази.", "word 'маркази' has Cyrillic letters in Latin-script text"),
    ("foreign-letters", "ru", CENTER, "Сахаровский миграционный центр в Москве.",
     "Сахаровский көші-қон центр в Москве.", "Kazakh, Kyrgyz or Tajik letters, not Russian"),
    ("foreign-letters", "kk", "Human rights official", "Адам құқықтары жөніндегі шенеунік",
     "Адам ҳуқуқтары жөніндегі шенеунік", "ҳ (Tajik letters, not Kazakh) in 'ҳуқуқтары'"),
    ("foreign-letters", "ky", "Russian citizenship", "Россиянын жарандыгы", "Россиянын жарандығы",
     "ғ (Kazakh letters, not Kyrgyz)"),
    ("foreign-letters", "tg", "The Russian Federation and its citizens",
     "Федератсияи Русия ва шаҳрвандони он", "Федерацияи Русия ва шаҳрвандони он",
     "ц (Russian spelling, not Tajik) in 'федерацияи'"),
    ("foreign-letters", "uz", "The city of Moscow", "Moskva shahri", "Moskva şahri",
     "ş (Turkish or 1993-alphabet letters"),
    ("missing-letters", "kk", LONG,
     "Кабановтың айтуынша, оның ұйымы соңғы 10 жыл ішінде Ресей азаматтығын алған мигранттарға арналған жаңа ережелер әзірлеп жатыр.",
     "Кабанов сказал, что его ведомство разрабатывает новые правила для мигрантов, получивших гражданство за последние 10 лет.",
     "without any of ә ғ қ ң ө ұ ү һ і: is this really Kazakh?"),
    ("missing-letters", "ky", LONG,
     "Кабановдун айтымында, анын органы акыркы 10 жылда Россиянын жарандыгын алган мигранттар үчүн жаңы эрежелерди иштеп чыгууда.",
     "Кабанов сказал, что его ведомство разрабатывает новые правила для мигрантов, получивших гражданство за последние 10 лет.",
     "is this really Kyrgyz?"),
    ("missing-letters", "tg", LONG,
     "Ба гуфтаи Кабанов, ниҳоди ӯ барои муҳоҷироне, ки дар 10 соли охир шаҳрвандии Русияро гирифтаанд, қоидаҳои нав таҳия мекунад.",
     "Кабанов сказал, что его ведомство разрабатывает новые правила для мигрантов, получивших гражданство за последние 10 лет.",
     "is this really Tajik?"),
]


@pytest.mark.parametrize("check_id, lang, source, correct, faulty, expected", CASES,
                         ids=[f"{case[0]}-{case[1]}-{i}" for i, case in enumerate(CASES)])
def test_check_passes_correct_and_catches_faulty(check_id, lang, source, correct, faulty, expected):
    codes = LINK if "{1}" in source else ()
    assert findings(lang, source, correct, codes) == []
    found = messages(check_id, lang, source, faulty, codes)
    if expected is None:
        assert found == []
    else:
        assert any(expected in message for message in found), found


# The same for Uzbek in a project that writes it in Cyrillic.
CYRILLIC_UZBEK_CASES = [
    ("script", CENTER, "Москвадаги Сахарово миграция маркази.",
     "Москвадаги Сахарово migratsiya маркази.",
     "word 'migratsiya' has Latin letters in Cyrillic-script text"),
    ("script", CENTER, "Москвадаги Сахарово миграция маркази.",
     "Moskvadagi Saxarovo migratsiya markazi.",
     "word 'Moskvadagi' has Latin letters in Cyrillic-script text"),
    ("foreign-letters", "Kyrgyzstan and Kazakhstan", "Қирғизистон ва Қозоғистон",
     "Кыргызстан ва Қозоғистон", "ы (Russian spelling, not Uzbek) in 'кыргызстан'"),
    ("foreign-letters", "Kazakhstan and Uzbekistan", "Қозоғистон ва Ўзбекистон",
     "Қозоғистон ва Өзбекстан", "ө (Kazakh or Kyrgyz letters, not Uzbek) in 'өзбекстан'"),
    ("missing-letters", LONG,
     "Кабановнинг сўзларига кўра, унинг ташкилоти Путиннинг сафарбарлик бўйича буйруқлари доирасида сўнгги 10 йил ичида Россия фуқаролигини олган мигрантлар учун янги қоидалар ишлаб чиқмоқда.",
     "Кабанов сказал, что его ведомство разрабатывает новые правила для мигрантов, получивших гражданство за последние 10 лет.",
     "without any of ў қ ғ ҳ: is this really Uzbek?"),
]


@pytest.mark.parametrize("check_id, source, correct, faulty, expected", CYRILLIC_UZBEK_CASES,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(CYRILLIC_UZBEK_CASES)])
def test_cyrillic_uzbek_passes_correct_and_catches_faulty(check_id, source, correct, faulty, expected):
    assert findings("uz", source, correct, script="cyrillic") == []
    found = messages(check_id, "uz", source, faulty, script="cyrillic")
    assert any(expected in message for message in found), found


def test_the_script_of_a_unit_chooses_the_rules():
    """Latin Uzbek is right in a Latin project and wrong in a Cyrillic one, and the reverse."""
    latin, cyrillic = "Moskvadagi Saxarovo migratsiya markazi.", "Москвадаги Сахарово миграция маркази."
    assert messages("script", "uz", CENTER, latin, script="latin") == []
    assert messages("script", "uz", CENTER, cyrillic, script="latin") == [
        f"word '{word}' has Cyrillic letters in Latin-script text" for word in cyrillic[:-1].split()]
    assert messages("script", "uz", CENTER, cyrillic, script="cyrillic") == []
    assert messages("script", "uz", CENTER, latin, script="cyrillic") == [
        f"word '{word}' has Latin letters in Cyrillic-script text" for word in latin[:-1].split()]


def test_every_text_check_and_language_is_covered():
    """source-changed looks at the store's flag, not the text: tested in test_qa_cli."""
    covered = {(case[0], case[1]) for case in CASES}
    for check in (check for check in TEXT_CHECKS if check.id != "source-changed"):
        langs = {lang for check_id, lang in covered if check_id == check.id}
        expected = {"kk", "ky", "tg"} if check.id == "missing-letters" else {"ru", "kk", "ky", "tg", "uz"}
        assert langs == expected, check.id
    script_checks = {check.id for check in TEXT_CHECKS if check.__module__.endswith(".script")}
    assert {case[0] for case in CYRILLIC_UZBEK_CASES} == script_checks


@pytest.mark.parametrize("lang, target", [
    ("ru", "Российские военные, как сообщается, набирают иностранцев по всей стране."),
    ("uz", "Rossiya harbiylari butun mamlakat boʻylab chet elliklarni yollayotgani xabar qilinmoqda."),
])
def test_no_letter_expectations_for_russian_and_uzbek(lang, target):
    source = "The Russian military is reportedly recruiting foreigners across the country."
    assert messages("missing-letters", lang, source, target) == []


def test_numeric_dates_compare_day_and_year_not_the_named_month():
    assert messages("numbers", "ru", "September 23, 2022", "23.09.2022") == []
    assert messages("numbers", "ru", "September 23, 2022", "24.09.2022") == [
        "number 23 is missing in the target", "number 24 in the target is not in the source"]


def test_no_break_spaces_group_thousands_and_numbers_compare_by_value():
    assert messages("numbers", "kk", "Over 1,000,000 people left.",
                    "1\u00a0000\u00a0000-нан астам адам кетті.") == []
    assert messages("numbers", "ru", "Up 1.50 percent.", "Рост на 1,5 процента.") == []


def test_paired_codes_may_change_order_but_not_nesting():
    source = "{1}Related article:{/1} {2}Central Asians in Russia{/2}"
    codes = (InlineCode(1, "bold", "**", "**"), InlineCode(2, "link", "[", "](#)"))
    assert messages("placeholders", "ru", source,
                    "{2}Выходцы из Центральной Азии в России{/2} {1}Читайте также:{/1}", codes) == []
    assert messages("placeholders", "ru", source,
                    "{1}Читайте также: {2}Выходцы из Центральной Азии{/1} в России{/2}", codes) == [
        "placeholder {/1} closes out of order"]


def test_a_quotation_spanning_sentences_is_not_unbalanced():
    source = "“Refusal to serve should result in the loss of citizenship."
    assert messages("brackets", "ru", source, "«Отказ от службы должен вести к лишению гражданства.") == []


def test_names_in_the_source_are_not_foreign_letters_or_wrong_script():
    source = "Turkish minister Mevlüt Çavuşoğlu met Sergei Lavrov."
    assert messages("foreign-letters", "uz", source,
                    "Turkiya vaziri Mevlüt Çavuşoğlu Sergey Lavrov bilan uchrashdi.") == []


class _Term:
    def __init__(self, severity, message):
        self.severity, self.message = severity, message


class _Matcher:
    """Answers like workbench.glossary's GlossaryMatcher for one term."""

    def check_segment(self, source, target, lang, strict=False):
        if "migration center" in source and "көші-қон орталығы" not in target:
            return [_Term("error", "“migration center” should be translated as “көші-қон орталығы”")]
        return []


def test_glossary_findings_keep_the_glossary_severity_and_message():
    segment = Segment("s3", "article", 3, 1, Role.CAPTION, "The Sakharovo migration center in Moscow.")
    wrong = check_unit(Unit(segment, "kk", "Мәскеудегі Сахарово миграция орталығы.", Status.EDITED),
                       [GlossaryCheck(_Matcher())])
    assert [(f.check, f.severity, f.message) for f in wrong] == [
        ("glossary", Severity.ERROR, "“migration center” should be translated as “көші-қон орталығы”")]
    right = Unit(segment, "kk", "Мәскеудегі Сахарово көші-қон орталығы.", Status.EDITED)
    assert check_unit(right, [GlossaryCheck(_Matcher())]) == []
