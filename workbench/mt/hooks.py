"""Where the glossary (or anything else) plugs into machine translation.

`before_mt(text, lang) -> (text, state)` can protect terms before the model sees the text;
`after_mt(hypotheses, lang, state) -> (text, flags)` can fix them or choose among
`num_hypotheses` candidates. `glossary_version` goes into the MT cache key: new terms mean
new MT. The glossary's own hooks: `workbench.glossary.enforce.glossary_hooks(store)`.
"""

from collections.abc import Callable
from dataclasses import dataclass


def keep_text(text: str, lang: str) -> tuple[str, None]:
    return text, None


def first_hypothesis(hypotheses: list[str], lang: str, state) -> tuple[str, list[str]]:
    return hypotheses[0], []


@dataclass(frozen=True)
class MtHooks:
    before_mt: Callable[[str, str], tuple[str, object]] = keep_text
    after_mt: Callable[[list[str], str, object], tuple[str, list[str]]] = first_hypothesis
    glossary_version: str = ""
    num_hypotheses: int = 1
