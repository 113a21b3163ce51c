"""Shared pieces of the pages: the style sheet, segment text with visible
placeholders, status badges, per-language progress, and the two ways user text is shown.

Every string from a user or a file is shown as text, never as markup:
- our HTML fragments (a segment with its chips, a row's details) go to `show_html`
  (st.html: no Markdown at all), with every user string in them through `html.escape`;
- where Streamlit reads Markdown (messages, captions, widget labels, options, toasts), a
  user string goes through `literal` first.
"""

import html
from dataclasses import dataclass

import regex
import streamlit as st

from workbench.inline import find_placeholders
from workbench.model import Status

STATUS_COLORS = {
    Status.NEW: "#9aa0a6",
    Status.MACHINE_TRANSLATED: "#e8a33d",
    Status.EDITED: "#4a8fe7",
    Status.REVIEWED: "#8e6fd8",
    Status.APPROVED: "#2e9d5b",
}

STYLE = """
<style>
[data-testid="stMainBlockContainer"] {padding-top: 2.2rem; padding-bottom: 2rem;}
.wb-src {font-size: 1rem; line-height: 1.55; padding: .35rem 0;}
.wb-chip {display: inline-block; padding: 0 .35em; margin: 0 .1em; border-radius: .4em;
  background: #e6ecf7; color: #2f4f86; font: .78em/1.5 ui-monospace, monospace;
  border: 1px solid #c5d2ea; vertical-align: .08em;}
.wb-meta {font-size: .8rem; color: #5f6368; line-height: 1.6;}
.wb-meta b {color: #202124; font-size: .95rem;}
.wb-badge {display: inline-block; padding: .05em .55em; border-radius: 1em; color: white;
  font-size: .75rem; font-weight: 600; white-space: nowrap;}
.wb-context {font-size: .75rem; color: #80868b;}
.wb-langs {display: grid; grid-template-columns: 11rem 1fr; gap: .6rem 1rem; margin: .5rem 0 1rem;}
.wb-langs > div:nth-child(even) {font-size: 1rem; line-height: 1.5;}
[data-testid="stButtonGroup"] [role="radiogroup"] {flex-wrap: wrap; row-gap: .3rem;}
[class*="st-key-terms"] {max-width: 100%;}
.wb-done {color: #2e7d32; font-weight: 600;}
.wb-stale {color: #b3261e; font-size: .8rem;}
.wb-term {background: #fff3c4; border-bottom: 2px solid #e0b100; border-radius: .2em;
  padding: 0 .1em;}
.wb-term small {color: #6d5a00; font-size: .7em; margin-left: .3em; font-weight: 600;}
.wb-term small::before {content: "→ ";}
.wb-finding {font-size: .82rem; line-height: 1.4; margin: .15rem 0;}
.wb-finding.error {color: #b3261e;}
.wb-finding.warning {color: #8a5a00;}
.wb-finding.info {color: #5f6368;}
.wb-finding.muted {color: #9aa0a6;}
.wb-tm {font-size: .85rem; color: #3c4043; line-height: 1.4;}
</style>
"""


# Markdown's escapable characters: every ASCII punctuation character.
_MARKDOWN_SPECIAL = regex.compile(r"([!-/:-@\[-`{-~])")
# Streamlit turns ":streamlit:", ":material_x:" and emoji names into pictures after Markdown
# is read, escapes or not: a word joiner after the first colon keeps them text.
_SHORTCODE = regex.compile(r"(?<=:)(?=[\w+-]+(?:/[\w+-]+)?:)")
_WORD_JOINER = "\u2060"


def style() -> None:
    """The page's style sheet; each page calls it once per run."""
    st.html(STYLE)


def show_html(markup: str) -> None:
    """Our HTML fragment, drawn without any Markdown reading (user text in it is escaped)."""
    st.html(markup)


def literal(text) -> str:
    """`text` for a place Streamlit reads as Markdown (messages, captions, st.table cells,
    labels, options), so that it shows exactly as written: no emphasis, link, image, HTML,
    formula, colour directive or shortcode is made of a name that came from a user or a file
    (`__ru__` stays `__ru__`)."""
    joined = _SHORTCODE.sub(_WORD_JOINER, str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", joined).replace("\n", "  \n")


@dataclass(frozen=True)
class TermMark:
    """A glossary term in a text, shown highlighted with the form to use."""

    start: int
    end: int
    approved: str
    note: str = ""


def text_with_chips(text: str, terms: list[TermMark] = ()) -> str:
    """Segment text as HTML: escaped, each placeholder a chip like {1}, each term highlighted
    with its approved form beside it."""
    chips = {p.start: p for p in find_placeholders(text)}
    opening = {term.start: term for term in terms}
    closing = {term.end: term for term in terms}
    cuts = sorted({0, len(text)} | {p.end for p in chips.values()} | set(chips)
                  | set(opening) | set(closing))
    parts = []
    for start, end in zip(cuts, cuts[1:]):
        if start in opening:
            term = opening[start]
            parts.append(f'<span class="wb-term" title="{html.escape(term.note, quote=True)}">')
        placeholder = chips.get(start)
        parts.append(f'<span class="wb-chip">{html.escape(placeholder.text)}</span>'
                     if placeholder else html.escape(text[start:end]))
        if end in closing:
            parts.append(f"<small>{html.escape(closing[end].approved)}</small></span>")
    return "".join(parts)


def status_badge(status: Status) -> str:
    label = status.value.replace("-", " ")
    return f'<span class="wb-badge" style="background:{STATUS_COLORS[status]}">{label}</span>'


def done_share(counts: dict[str, int]) -> float:
    """Share of an article's segments that have a translation (any status but new)."""
    total = counts["total"]
    return (total - counts[Status.NEW.value]) / total if total else 0.0


def status_summary(counts: dict[str, int]) -> str:
    """One line: how many segments are in each status, as coloured badges."""
    return " ".join(
        f'{status_badge(status)} {counts[status.value]}' for status in Status
    ) + (f' <span class="wb-stale">{counts["needs-review"]} need review</span>'
         if counts["needs-review"] else "")


def show_error(error: Exception | str) -> None:
    st.error(literal(error), icon=":material/error:")


def flash(message: str) -> None:
    """Say `message` on the next run of the page (after an st.rerun that redraws it)."""
    st.session_state.flash = message


def show_flash() -> None:
    if "flash" in st.session_state:
        st.success(literal(st.session_state.pop("flash")), icon=":material/check:")
