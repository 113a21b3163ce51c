"""What a check looks at (a Unit), what it reports (a Finding), and the Check base class.

Each check is one small class, in the manner of Weblate checks: a stable `id`
users mute and scripts filter on, a `name`, a `severity`, a `description` for
people, and `messages(unit)` returning one message per problem, each naming the
problem. `workbench checks` and docs/checks.md are made from these attributes.
"""

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from workbench.inline import plain_text
from workbench.model import Segment, Status, Translation
from workbench.qa.rules import LanguageRules, rules_for


class Severity(str, Enum):
    ERROR = "error"  # blocks publication: `workbench check` exits non-zero
    WARNING = "warning"  # a reviewer should look
    INFO = "info"  # worth knowing, often fine


@dataclass(frozen=True)
class Finding:
    sid: str
    lang: str
    check: str
    name: str
    severity: Severity
    message: str
    muted: bool = False
    mute_reason: str = ""

    def to_json(self) -> dict:
        return {
            "sid": self.sid, "lang": self.lang, "check": self.check, "name": self.name,
            "severity": self.severity.value, "message": self.message, "muted": self.muted,
            "mute_reason": self.mute_reason,
        }


@lru_cache(maxsize=50_000)
def _plain(text: str) -> str:
    return plain_text(text)


@dataclass(frozen=True)
class Unit:
    """One segment and its translation into one language: what a check looks at."""

    segment: Segment
    lang: str
    target: str = ""
    status: Status | None = None  # None: the segment has no translation at all
    previous_source: str | None = None  # set when the source changed since translation
    script: str | None = None  # the project's script for `lang`, if it has a choice (rules.project_script)

    @classmethod
    def of(cls, segment: Segment, lang: str, translation: Translation | None,
           script: str | None = None) -> "Unit":
        if translation is None:
            return cls(segment, lang, script=script)
        previous = (translation.previous_source or "") if translation.needs_review else None
        return cls(segment, lang, translation.target, translation.status, previous, script)

    @property
    def source(self) -> str:
        return self.segment.source

    @property
    def translated(self) -> bool:
        return self.status is not None and self.status != Status.NEW

    @property
    def rules(self) -> LanguageRules:
        return rules_for(self.lang, self.script)

    @property
    def plain_source(self) -> str:
        """The source without placeholders."""
        return _plain(self.segment.source)

    @property
    def plain_target(self) -> str:
        return _plain(self.target)


class Check:
    id: str
    name: str
    severity: Severity
    description: str  # one paragraph: what it finds, why it matters, how to fix it or when to mute it

    def prepare(self, units: list[Unit]) -> None:
        """Read the units of an article before `check` asks about each: a check that answers
        many at once faster (the glossary) does so here."""

    def messages(self, unit: Unit) -> list[str]:
        raise NotImplementedError

    def check(self, unit: Unit) -> list[Finding]:
        return [
            Finding(unit.segment.sid, unit.lang, self.id, self.name, self.severity, message)
            for message in self.messages(unit)
        ]


def quoted(text: str, limit: int = 60) -> str:
    """A piece of text for a message, shortened so one finding stays one line."""
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"
