"""The one way the workbench parses XML from a file: XLIFF, TMX, TBX and SRX all come here.

The parser never loads a DTD, never resolves an entity and never touches the network.
Whether a document may be used is decided on the parsed document, not by searching its
bytes, so the rule holds in any encoding (a UTF-16 file hides `<!ENTITY` from a byte search):
- entity declarations in the internal subset, or element declarations, are refused
  (XML bombs, external entities);
- an entity reference left in the text (one declared in a DTD we never load) is refused;
- a plain DOCTYPE naming an external DTD (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, as OmegaT
  and Trados write) is accepted: the DTD is never loaded.
"""

from lxml import etree

from workbench.errors import InputError

XML_NS = "http://www.w3.org/XML/1998/namespace"
_SNIFF_CHUNK = 65_536
_SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parser() -> etree.XMLParser:
    """A fresh safe parser (lxml parsers must not be shared between threads)."""
    return etree.XMLParser(**_SAFE, dtd_validation=False, remove_comments=True, remove_pis=True)


def parse(data: bytes, where) -> etree._Element:
    """The root element of `data`, or InputError naming `where`."""
    if not data.strip():
        raise InputError(where, "file is empty")
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as error:
        reason = error.msg.split("\n")[0].strip()  # libxml2 adds its own line and column
        raise InputError(where, f"is not well-formed XML, truncated or wrongly encoded "
                                f"(line {error.lineno}: {reason})") from None
    dtd = root.getroottree().docinfo.internalDTD
    declarations = [*dtd.iterentities(), *dtd.iterelements()] if dtd is not None else []
    if declarations or next(root.iter(etree.Entity), None) is not None:
        raise InputError(where, "has entity declarations or an internal DTD; refused for safety")
    return root


def root_name(data: bytes) -> str | None:
    """The root element's name ('{namespace}local') read from the start of `data`, or None
    when the start is not XML. Reads no further than the root's start tag (however long the
    comments before it), so a truncated or broken file is still recognised (and then refused
    by `parse` with the reason)."""
    sniffer = etree.XMLPullParser(events=("start",), **_SAFE)
    for start in range(0, len(data), _SNIFF_CHUNK):
        try:
            sniffer.feed(data[start:start + _SNIFF_CHUNK])
        except etree.XMLSyntaxError:
            broken = True  # what came before the error still counts
        else:
            broken = False
        for _, element in sniffer.read_events():
            return element.tag
        if broken:
            return None
    return None


def local_name(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
