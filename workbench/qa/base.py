"""What a check looks at (a Unit), what it reports (a Finding), and the Check base class.

Each check is one small class, in the manner of Weblate checks: a stable `id`
users mute and scripts filter on, a `name`, a `severity`, and `messages(unit)`
returning one message per problem, each naming the problem.
"""

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

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


@dataclass(frozen=True)
class Unit:
    """One segment and its translation into one language, with derived text computed once."""

    segment: Segment
    lang: str
    translation: Translation | None
    rules: LanguageRules = field(init=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "rules", rules_for(self.lang))

    @property
    def source(self) -> str:
        return self.segment.source

    @property
    def target(self) -> str:
        return self.translation.target if self.translation else ""

    @property
    def translated(self) -> bool:
        return self.translation is not None and self.translation.status != Status.NEW

    @cached_property
    def plain_source(self) -> str:
        return plain_text(self.source)

    @cached_property
    def plain_target(self) -> str:
        return plain_text(self.target)


class Check:
    id: str
    name: str
    severity: Severity

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
