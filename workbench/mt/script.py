"""Uzbek output script: MT output is transliterated into the project's (settings.UZBEK_SCRIPT).

Models differ in the script they write Uzbek in (NLLB's uzn_Latn writes Latin,
others may write Cyrillic), so output in the other script is transliterated
with alifbo, to the Latin alphabet in use today (oʻ, gʻ, sh, ch).
"""

import regex
from alifbo import from_cyrillic, to_cyrillic, to_old_latin

from workbench import settings
from workbench.accounts import Action, Actor, audit, require
from workbench.errors import InputError

SCRIPTS = ("latin", "cyrillic")
CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
LATIN = regex.compile(r"\p{Script=Latin}")


def check_script(script: str) -> str:
    script = script.strip().lower()
    if script not in SCRIPTS:
        raise InputError(script, f"unknown Uzbek script; use {' or '.join(SCRIPTS)}")
    return script


def uzbek_script(store) -> str:
    return settings.UZBEK_SCRIPT.read(store)


def output_script(store, lang: str) -> str:
    """The script MT writes `lang` in, as its cache key names it: the project's Uzbek script
    for Uzbek, "" for the others (one script each)."""
    return uzbek_script(store) if lang == "uz" else ""


def set_uzbek_script(store, script: str, *, actor: Actor) -> str:
    """Make `script` the project's Uzbek script (an MT setting: it takes a manager)."""
    require(store, actor, Action.MODELS)
    script = check_script(script)
    with store.transaction():
        settings.UZBEK_SCRIPT.write(store, script)
        audit.record(store, actor, audit.MODEL, "uzbek-script", script)
    return script


def to_uzbek_script(text: str, script: str) -> str:
    """`text` in the requested Uzbek script; text already in it is returned unchanged."""
    if script == "latin" and CYRILLIC.search(text):
        return to_old_latin(from_cyrillic(text).text).text
    if script == "cyrillic" and LATIN.search(text):
        return to_cyrillic(text).text
    return text
