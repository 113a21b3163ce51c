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

from workbench.errors import InputError
from workbench.inline import find_placeholders
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Status
from workbench.progress import DONE, NEEDS_REVIEW, TOTAL, Progress

STATUS_COLORS = {
    Status.NEW: "#9aa0a6",
    Status.MACHINE_TRANSLATED: "#e8a33d",
    Status.EDITED: "#4a8fe7",
    Status.REVIEWED: "#8e6fd8",
    Status.APPROVED: "#2e9d5b",
}

STYLE = """
<style>
[data-testid="stMainBlockContainer"] {padding-top: 1.4rem; padding-bottom: 2rem;}
.wb-src {font-size: .97rem; line-height: 1.45;}
.wb-chip {display: inline-block; padding: 0 .35em; margin: 0 .1em; border-radius: .4em;
  background: #e6ecf7; color: #2f4f86; font: .78em/1.5 ui-monospace, monospace;
  border: 1px solid #c5d2ea; vertical-align: .08em;}
.wb-meta {font-size: .78rem; color: #5f6368; line-height: 1.55;}
.wb-meta b {color: #202124; font-size: .95rem;}
.wb-heading {font-size: .9rem;}
.wb-badge {display: inline-block; padding: .02em .5em; border-radius: 1em; color: white;
  font-size: .72rem; font-weight: 600; white-space: nowrap;}
.wb-context {font-size: .72rem; color: #80868b;}
.wb-head {display: flex; align-items: baseline; gap: .6rem; flex-wrap: wrap;}
.wb-lang {color: white; font-weight: 800; font-size: 1.45rem; padding: .05rem .55rem;
  border-radius: .4rem; letter-spacing: .04em;}
.wb-lang-name {font-size: 1.35rem; font-weight: 700; color: #202124;}
.wb-article {font-size: .95rem; color: #5f6368;}
.wb-langs {display: grid; grid-template-columns: 11rem 1fr; gap: .6rem 1rem; margin: .5rem 0 1rem;}
.wb-langs > div:nth-child(even) {font-size: 1rem; line-height: 1.5;}
[data-testid="stButtonGroup"] [role="radiogroup"] {flex-wrap: wrap; row-gap: .3rem;}
[class*="st-key-row-"] {display: grid; grid-template-columns: minmax(0, 4.7fr) minmax(0, 4fr) auto;
  column-gap: .7rem; row-gap: .2rem; align-items: start; border-bottom: 1px solid #e8eaed;
  padding-bottom: .3rem;}
[class*="st-key-row-"] > :nth-child(n+4) {grid-column: 1 / -1;}
[class*="st-key-row-"] [data-testid="stButtonGroup"] button {min-height: 1.9rem;
  padding: 0 .3rem;}
.wb-row {display: grid; grid-template-columns: 5.6rem 1fr; gap: .5rem;}
[class*="st-key-row-"] textarea {field-sizing: content; height: auto !important;
  min-height: 2.4rem; max-height: 14rem; padding: .35rem .6rem; line-height: 1.45;}
[class*="st-key-row-"] .wb-src {font-size: .93rem; line-height: 1.38;}
[class*="st-key-row-"] [data-testid="stHtml"] {line-height: 1.38;}
.st-key-toolbar [data-testid="stHorizontalBlock"] {gap: .5rem;}
.wb-dirty textarea, [class*="st-key-row-"]:has(.wb-unsaved) textarea {
  box-shadow: inset 4px 0 0 #e8a33d;}
.wb-unsaved {color: #b26a00; font-weight: 600;}
.wb-done {color: #2e7d32; font-weight: 600;}
.wb-count {color: #8a5a00; white-space: nowrap;}
.wb-stale {color: #b3261e; font-size: .8rem;}
.wb-term {background: #fff3c4; border-bottom: 2px solid #e0b100; border-radius: .2em;
  padding: 0 .1em;}
.wb-term small {color: #6d5a00; font-size: .72em; margin-left: .3em; font-weight: 600;}
.wb-term small::before {content: "→ ";}
.wb-insert {cursor: pointer; border-bottom: 1px dashed #b08800;}
.wb-insert:hover {background: #ffe08a;}
.wb-aid {font-size: .86rem; line-height: 1.45; margin: .25rem 0;}
.wb-aid .wb-insert {border-bottom-color: #5b7fbf;}
.wb-finding {font-size: .82rem; line-height: 1.4; margin: .15rem 0;}
.wb-finding.error {color: #b3261e;}
.wb-finding.warning {color: #8a5a00;}
.wb-finding.info {color: #5f6368;}
.wb-finding.muted {color: #9aa0a6;}
.wb-comment {font-size: .78rem; color: #5f6368;}
.wb-comment.open b {color: #202124;}
kbd {font: .72rem ui-monospace, monospace; background: #f1f3f4; border: 1px solid #dadce0;
  border-radius: .25rem; padding: 0 .3rem; white-space: nowrap;}
.st-key-_pagelist [role="radiogroup"] {gap: .15rem;}
.st-key-_pagelist {overflow: hidden;}
.st-key-_pagelist [role="radiogroup"] p {font-size: .8rem; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;}
.wb-keys {font-size: .75rem; color: #3c4043; border-collapse: collapse;}
.wb-keys td {padding: .1rem .3rem; border: none; vertical-align: top;}
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


def insert_chip(text: str, editor: str, replace: bool = False) -> str:
    """A chip that puts `text` at the cursor of the edit box `editor` (its CSS class) when
    clicked (keyboard.js), or in place of its text with `replace`."""
    data = html.escape(text, quote=True)
    flag = ' data-wb-replace="1"' if replace else ""
    return (f'<span class="wb-insert" data-wb-insert="{data}" data-wb-editor="{editor}"{flag} '
            f'title="Insert at the cursor">{html.escape(text)}</span>')


def text_with_chips(text: str, terms: list[TermMark] = (), editor: str = "") -> str:
    """Segment text as HTML: escaped, each placeholder a chip like {1}, each term highlighted
    with its approved form beside it (a click puts it in the edit box `editor`, if given)."""
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
            approved = closing[end].approved
            form = insert_chip(approved, editor) if editor and approved else html.escape(approved)
            parts.append(f"<small>{form}</small></span>")
    return "".join(parts)


LANGUAGE_COLORS = {"ru": "#2f5fb3", "kk": "#00838f", "ky": "#c62828", "tg": "#2e7d32",
                   "uz": "#6a1b9a"}


def review_heading(lang: str, title: str) -> str:
    """The review page's heading: the language first, in its own colour, then the article."""
    language = TARGET_LANGUAGES[lang]
    return (f'<div class="wb-head"><span class="wb-lang" style="background:{LANGUAGE_COLORS[lang]}">'
            f'{lang.upper()}</span><span class="wb-lang-name">{html.escape(language.native_name)}'
            f' · {html.escape(language.name)}</span><span class="wb-article">'
            f"{html.escape(title)}</span></div>")


def status_badge(status: Status) -> str:
    label = status.value.replace("-", " ")
    return f'<span class="wb-badge" style="background:{STATUS_COLORS[status]}">{label}</span>'


def progress_text(progress: Progress) -> str:
    """'5 of 17 segments approved · 96 of 327 words': how far a language is."""
    return (f"{progress.segments[DONE]} of {progress.segments[TOTAL]} segments approved · "
            f"{progress.words[DONE]:,} of {progress.words[TOTAL]:,} words")


def status_summary(progress: Progress) -> str:
    """One line: how many segments (and source words) are in each status, as badges."""
    counts, words = progress.segments, progress.words
    return " ".join(
        f'<span title="{words[status.value]:,} words">{status_badge(status)} '
        f'{counts[status.value]}</span>' for status in Status
    ) + (f' <span class="wb-stale">{counts[NEEDS_REVIEW]} need review</span>'
         if counts[NEEDS_REVIEW] else "")


def say(error: Exception) -> str:
    """An error as a sentence for the place it is shown in: bad input in a row needs no
    "where" (the row is where), the problem alone, as a sentence."""
    text = error.problem if isinstance(error, InputError) else str(error)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def show_error(error: Exception | str) -> None:
    st.error(literal(error), icon=":material/error:")


def toast_error(error: Exception | str) -> None:
    """An error from a button's callback, which cannot draw in the page: a toast that stays
    until it is closed, since the user has to act on it."""
    st.toast(literal(error), icon=":material/error:", duration="infinite")


def flash(message: str) -> None:
    """Say `message` on the next run of the page (after an st.rerun that redraws it)."""
    st.session_state.flash = message


def show_flash() -> None:
    if "flash" in st.session_state:
        st.success(literal(st.session_state.pop("flash")), icon=":material/check:")
