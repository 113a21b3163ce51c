"""Quality checks: what a careful reviewer would catch, computed per article and language."""

from workbench.qa.base import Check, Finding, Severity, Unit
from workbench.qa.checks import ALL_CHECKS, CHECK_IDS
from workbench.qa.mutes import Mute, mute, mutes_for, unmute
from workbench.qa.run import (
    check_unit, findings_for_article, findings_for_draft, findings_for_drafts, project_checks,
)

__all__ = [
    "ALL_CHECKS", "CHECK_IDS", "Check", "Finding", "Mute", "Severity", "Unit", "check_unit",
    "findings_for_article", "findings_for_draft", "findings_for_drafts", "project_checks",
    "mute", "mutes_for", "unmute",
]
