"""Placeholder repair after MT, and Uzbek script conversion, on their own."""

import pytest

from workbench.errors import InputError
from workbench.mt.placeholders import restore
from workbench.mt.script import check_script, to_uzbek_script

SOURCE = "He said {1}the rules{/1} were ready {2/} today."


def test_output_with_every_placeholder_is_kept_as_is():
    text = "Он сказал, {1}правила{/1} готовы {2/} сегодня."
    assert restore(SOURCE, text) == (text, [])


def test_spaced_out_placeholders_are_tidied_silently():
    assert restore(SOURCE, "Он сказал, { 1 }правила{/ 1} готовы {2 /} сегодня.") == (
        "Он сказал, {1}правила{/1} готовы {2/} сегодня.", [])


def test_dropped_placeholders_go_back_at_their_relative_position():
    text, flags = restore(SOURCE, "Он сказал, правила готовы сегодня.")
    assert text == "Он сказал, {1}правила{/1} готовы {2/} сегодня."
    assert flags == ["MT dropped {1} {/1} {2/}; re-inserted by position"]


def test_extra_repeated_and_misordered_placeholders_are_repaired():
    text, flags = restore(SOURCE, "Он {/1}сказал{1} правила {2/}{2/} готовы {9} {9} сегодня.")
    assert text.count("{1}") == text.count("{/1}") == text.count("{2/}") == 1
    assert text.index("{1}") < text.index("{/1}") and "{9}" not in text
    assert flags == ["MT repeated {2/}; removed", "MT added {9} (2 times); removed",
                     "MT misplaced placeholders; all re-inserted by position"]


def test_nested_codes_stay_nested_and_unknown_pieces_go():
    assert restore("{1}{2}a{/2}{/1} b", "x y z")[0] == "{1}{2}x{/2}{/1} y z"
    assert restore("No codes.", "Нет ⁇ кодов.") == ("Нет кодов.", [])


def test_uzbek_transliteration_both_ways():
    assert to_uzbek_script("Ўзбекистон {1}пойтахти{/1} Тошкент шаҳри.", "latin") == \
        "Oʻzbekiston {1}poytaxti{/1} Toshkent shahri."
    assert to_uzbek_script("Gʻulom yozdi: «Salom!»", "cyrillic") == "Ғулом ёзди: «Салом!»"
    assert to_uzbek_script("Oʻzbekiston", "latin") == "Oʻzbekiston"
    assert check_script(" Cyrillic ") == "cyrillic"
    with pytest.raises(InputError, match="unknown Uzbek script"):
        check_script("arabic")
