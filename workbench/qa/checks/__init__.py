"""Every check, in the order findings are listed."""

from workbench.qa.checks.codes import Placeholders
from workbench.qa.checks.consistency import Inconsistent, ProjectTranslations
from workbench.qa.checks.glossary import GlossaryCheck
from workbench.qa.checks.numbers import Numbers
from workbench.qa.checks.script import MissingLanguageLetters, OtherLanguageLetters, WrongScript
from workbench.qa.checks.text import (
    Brackets,
    DoubleSpace,
    EmptyTarget,
    FinalPunctuation,
    IdenticalToSource,
    LengthRatio,
    SourceChanged,
    Untranslated,
    Whitespace,
)

# Checks that need nothing but the segment and its translation.
TEXT_CHECKS = (
    SourceChanged, EmptyTarget, Placeholders, Numbers, WrongScript, IdenticalToSource, OtherLanguageLetters,
    MissingLanguageLetters, Whitespace, FinalPunctuation, Brackets, DoubleSpace, LengthRatio,
)
ALL_CHECKS = (Untranslated,) + TEXT_CHECKS + (Inconsistent, GlossaryCheck)
CHECK_IDS = tuple(check.id for check in ALL_CHECKS)

__all__ = ["ALL_CHECKS", "CHECK_IDS", "TEXT_CHECKS", "GlossaryCheck", "Inconsistent",
           "ProjectTranslations", "Untranslated"]
