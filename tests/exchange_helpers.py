"""A small translated project and file-editing scripts shared by the exchange tests."""

import polib
from lxml import etree

from tests.conftest import OWNER, SEED, SEED_SLUG
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.store import Store

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"


def translated_project(store):
    """The seed in Russian at every stage: MT, approved, reviewed, edited, needs review, new."""
    import_paths(store, [SEED], actor=OWNER)
    for number in range(1, 7):
        segment = store.segment(SEED_SLUG, f"s{number}")
        store.save_translation(SEED_SLUG, segment.sid, "ru", f"МП {segment.source}",
                               Status.MACHINE_TRANSLATED, Origin.MT, engine="argos",
                               model_version="1.9")
    store.save_translation(SEED_SLUG, "s7", "ru", "Одобрено.", Status.APPROVED, Origin.HUMAN,
                           author="anna")
    store.save_translation(SEED_SLUG, "s9", "ru", "Проверено.", Status.REVIEWED, Origin.HUMAN,
                           author="boris")
    store.save_translation(SEED_SLUG, "s10", "ru", "Правка.", Status.EDITED, Origin.HUMAN,
                           author="anna")
    store.save_translation(SEED_SLUG, "s11", "ru", "Старый перевод.", Status.REVIEWED,
                           Origin.HUMAN, author="boris")
    store.mark_source_changed(SEED_SLUG, "s11", "The old sentence.")
    store.save_translation(SEED_SLUG, "s1", "kk", "Ресей", Status.APPROVED, Origin.HUMAN)
    for author, at, text in COMMENTS:
        store.add_comment(SEED_SLUG, "s7", "ru", text, author, at)
    store.set_comment_resolved(store.comments(SEED_SLUG, "ru", ["s7"])[-1].id, True)
    return store


# The thread of s7 in Russian: a comment on two lines, and a long one, resolved.
COMMENTS = [
    ("anna", "2026-11-25T10:00:00Z", "Is “approved” right here?\nSee the style guide, <part 4>."),
    ("boris", "2026-11-25T11:00:00Z", "Yes: " + "the council says so in its own decree " * 4),
]


def terms_for(segment, lang):
    return ["Moscow → Москва"] if "Moscow" in segment.source else []


def dump(location) -> dict:
    """Everything the store holds (rows and checksum per table), on either database."""
    store = Store.open(location)
    try:
        return store.table_checksums()
    finally:
        store.close()


def edit_po(path, sid, target=None, fuzzy=None, msgid=None, msgctxt=...):
    po = polib.pofile(str(path))
    entry = next(entry for entry in po if entry.msgctxt == sid)
    if target is not None:
        entry.msgstr = target
    if fuzzy is True and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if fuzzy is False and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    if msgid is not None:
        entry.msgid = msgid
    if msgctxt is not ...:
        entry.msgctxt = msgctxt
    po.save(str(path))


def edit_xliff2(path, sid, target=None, state=None):
    tree = etree.parse(str(path))
    segment = tree.find(f".//{{{XLIFF2}}}unit[@id='{sid}']/{{{XLIFF2}}}segment")
    if target is not None:
        element = segment.find(f"{{{XLIFF2}}}target")
        if element is None:
            element = etree.SubElement(segment, f"{{{XLIFF2}}}target")
        _set_text(element, target, f"{{{XLIFF2}}}pc")
    if state is not None:
        segment.set("state", state)  # a tool that knows nothing of our subState leaves it
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def edit_xliff12(path, sid, target=None, state=None):
    tree = etree.parse(str(path))
    unit = tree.find(f".//{{{XLIFF12}}}trans-unit[@id='{sid}']")
    element = unit.find(f"{{{XLIFF12}}}target")
    if element is None:
        element = etree.Element(f"{{{XLIFF12}}}target")
        unit.find(f"{{{XLIFF12}}}source").addnext(element)
    if target is not None:
        _set_text(element, target, f"{{{XLIFF12}}}g")
    if state is not None:
        element.set("state", state)
        element.attrib.pop("state-qualifier", None)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _set_text(element, text, paired_tag):
    """Replace an element's content; '[[...]]' in `text` becomes paired code 1, as a tool would."""
    for child in list(element):
        element.remove(child)
    before, _, rest = text.partition("[[")
    element.text = before
    if rest:
        inside, _, after = rest.partition("]]")
        code = etree.SubElement(element, paired_tag, id="1")
        if paired_tag.endswith("pc"):
            code.set("dataRefStart", "d1")
            code.set("dataRefEnd", "d1e")
        code.text = inside
        code.tail = after
