"""XLIFF validated on import: the OASIS schemas, then the specification's rules XSD cannot say.

A file is refused for what is wrong with it, named by element and line, before the reader
looks for what the workbench needs. Two kinds of message, kept apart:
- "is not valid XLIFF 2 (line 12: ...)": the file breaks the standard (its XSD, or a rule of
  the specification named by the id of the OASIS Schematron pattern that checks it, K3, F15);
- "is valid XLIFF 2, but the workbench does not support ...": the readers say this about
  files that keep the standard and use what the workbench cannot take (several segments in a
  unit, inline codes with ids that are not numbers), see `unsupported`.

XLIFF 2.1 is validated against its core XSD with the metadata and glossary modules the
workbench writes (elements of other modules are checked laxly, as the core schema says);
XLIFF 1.2 against the strict schema, and against the transitional one when strict refuses it
(tools still write transitional files). The XLIFF 2.1 Schematron files need an XSLT 2
processor, which lxml does not have: the rules the workbench relies on are implemented here.
"""

from functools import cache
from pathlib import Path

import regex
from lxml import etree

from workbench.errors import InputError
from workbench.xmlsafe import local_name

SCHEMAS = Path(__file__).parent / "schemas"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
_XLIFF2_SCHEMAS = (("urn:oasis:names:tc:xliff:document:2.0", "xliff_core_2.0.xsd"),
                   ("urn:oasis:names:tc:xliff:metadata:2.0", "metadata.xsd"),
                   ("urn:oasis:names:tc:xliff:glossary:2.0", "glossary.xsd"))
_INLINE_WITH_ID = ("mrk", "sm", "pc", "sc", "ec", "ph")
_NEEDS_TARGET = ("translated", "reviewed", "final")
_HEX = regex.compile(r"[0-9A-Fa-f]{1,6}")


def unsupported(where, what: str, version: str = "2") -> InputError:
    """The error for a valid file using what the workbench cannot take."""
    return InputError(where, f"is valid XLIFF {version}, but the workbench does not support "
                             f"{what}")


@cache
def _xliff2_schema() -> etree.XMLSchema:
    imports = "".join(f'<xs:import namespace="{namespace}" '
                      f'schemaLocation="{(SCHEMAS / "xliff2" / name).as_uri()}"/>'
                      for namespace, name in _XLIFF2_SCHEMAS)
    wrapper = (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
               f'targetNamespace="urn:workbench:xliff2">{imports}</xs:schema>')
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), _schema_parser()))


@cache
def _xliff12_schema(flavour: str) -> etree.XMLSchema:
    path = SCHEMAS / "xliff12" / f"xliff-core-1.2-{flavour}.xsd"
    return etree.XMLSchema(etree.parse(str(path), _schema_parser()))


def _schema_parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False)


def check_xliff2(root, where) -> None:
    """InputError naming the first problem of an XLIFF 2 document against its schema and the
    specification's rules; nothing when it is valid."""
    _check_schema(_xliff2_schema(), root, where, "2")
    problem = _xliff2_rule_problem(root)
    if problem:
        raise InputError(where, f"is not valid XLIFF 2 ({problem})")


def check_xliff12(root, where) -> None:
    """The same for XLIFF 1.2: strict schema, else transitional; unique trans-unit ids."""
    strict = _xliff12_schema("strict")
    if not strict.validate(root):
        _check_schema(_xliff12_schema("transitional"), root, where, "1.2")
    for file in root.iter(f"{{{XLIFF12}}}file"):
        seen: dict[str, int] = {}
        for unit in file.iter(f"{{{XLIFF12}}}trans-unit"):
            identifier = unit.get("id")
            if identifier in seen:
                raise InputError(where, f"is not valid XLIFF 1.2 (line {unit.sourceline}: "
                                        f"trans-unit id {identifier!r} is already used on line "
                                        f"{seen[identifier]}; ids are unique within a <file>)")
            seen[identifier] = unit.sourceline


def _check_schema(schema: etree.XMLSchema, root, where, version: str) -> None:
    if schema.validate(root):
        return
    errors = list(schema.error_log)
    first = errors[0]
    more = f"; {len(errors) - 1} more" if len(errors) > 1 else ""
    raise InputError(where, f"is not valid XLIFF {version} (line {first.line}: "
                            f"{_readable(first.message)}{more})")


def _readable(message: str) -> str:
    """lxml's schema message with the XLIFF core namespace left out of element names."""
    for namespace in (XLIFF2, XLIFF12):
        message = message.replace(f"{{{namespace}}}", "")
    return message.rstrip(".")


def _q(name: str) -> str:
    return f"{{{XLIFF2}}}{name}"


def _xliff2_rule_problem(root) -> str | None:
    """The first broken rule of the XLIFF 2 specification that the XSD cannot express, as
    'line N: what (Schematron pattern id)', or None."""
    files: dict[str, int] = {}
    for file in root.iter(_q("file")):
        if file.get("id") in files:
            return _rule(file, f"file id {file.get('id')!r} is already used", "K1")
        files[file.get("id")] = file.sourceline
        units: dict[str, int] = {}
        for unit in file.iter(_q("unit")):
            if unit.get("id") in units:
                return _rule(unit, f"unit id {unit.get('id')!r} is already used on line "
                                   f"{units[unit.get('id')]}", "K3")
            units[unit.get("id")] = unit.sourceline
            problem = _unit_problem(root, unit)
            if problem:
                return problem
    return None


def _unit_problem(root, unit) -> str | None:
    label = f"unit {unit.get('id')!r}"
    segments = [child for child in unit if local_name(child) in ("segment", "ignorable")]
    if not any(local_name(child) == "segment" for child in segments):
        return _rule(unit, f"{label} has no <segment>; a unit holds at least one", "F3")
    data_ids: set[str] = set()
    for data in unit.iter(_q("data")):
        if data.get("id") in data_ids:
            return _rule(data, f"{label}: data id {data.get('id')!r} is already used", "K5C")
        data_ids.add(data.get("id"))
    source_ids: dict[str, str] = {}
    for part in segments:
        if part.get("id") is not None:
            if part.get("id") in source_ids:
                return _rule(part, f"{label}: id {part.get('id')!r} is already used", "K6S")
            source_ids[part.get("id")] = local_name(part)
    for part in segments:
        if local_name(part) == "segment":
            problem = _segment_problem(root, part, label)
            if problem:
                return problem
        source = part.find(_q("source"))
        for element in _inline(source):
            identifier = element.get("id")
            if identifier is None:
                continue
            if identifier in source_ids:
                return _rule(element, f"{label}: id {identifier!r} is already used in the unit",
                             "K6S")
            source_ids[identifier] = local_name(element)
    target_ids: set[str] = set()
    for part in segments:
        target = part.find(_q("target"))
        for element in _inline(target):
            identifier = element.get("id")
            if identifier is None:
                continue
            kind = source_ids.get(identifier)
            if identifier in target_ids or (kind is not None and kind != local_name(element)):
                return _rule(element, f"{label}: target <{local_name(element)}> id "
                                      f"{identifier!r} must be unique and match the source's "
                                      "element with that id", "K6T")
            target_ids.add(identifier)
    for side in ("source", "target"):
        problem = _code_problem([part.find(_q(side)) for part in segments], label, data_ids)
        if problem:
            return problem
    return None


def _segment_problem(root, segment, label: str) -> str | None:
    state = segment.get("state")
    if segment.get("subState") is not None and state is None:
        return _rule(segment, f"{label}: subState needs an explicit state", "F7")
    if state in _NEEDS_TARGET and segment.find(_q("target")) is None:
        return _rule(segment, f"{label}: state {state!r} needs a <target>", "F29")
    if segment.find(_q("target")) is not None and not root.get("trgLang"):
        return _rule(segment, "a <target> needs trgLang on <xliff>", "F1")
    return None


def _inline(container) -> list:
    if container is None:
        return []
    return [element for element in container.iter()
            if element is not container and isinstance(element.tag, str)
            and local_name(element) in _INLINE_WITH_ID]


def _code_problem(containers, label: str, data_ids: set[str]) -> str | None:
    """Codes of one side (source or target) of a unit, across its segments, in order:
    data references resolve, start and end codes pair up, cp is a code point."""
    started: dict[str, tuple[str, object]] = {}  # id -> (kind, element) of sc and sm
    for container in containers:
        if container is None:
            continue
        for element in container.iter():
            if element is container or not isinstance(element.tag, str):
                continue
            name = local_name(element)
            for attribute, rule in (("dataRef", "F15"), ("dataRefEnd", "F16"),
                                    ("dataRefStart", "F17")):
                reference = element.get(attribute)
                if reference is not None and reference not in data_ids:
                    return _rule(element, f"{label}: {attribute} {reference!r} names no <data> "
                                          "of the unit", rule)
            if element.get("subType") is not None and element.get("type") is None:
                return _rule(element, f"{label}: subType needs type", "F8")
            if name == "cp" and cp_character(element.get("hex")) is None:
                return _rule(element, f"{label}: <cp hex={element.get('hex')!r}> is not a "
                                      "Unicode code point (0000 to 10FFFF)", "F25")
            if name in ("sc", "sm") and element.get("isolated") != "yes":
                started[element.get("id")] = (name, element)
            elif name in ("ec", "em") and element.get("isolated") != "yes":
                start = "sc" if name == "ec" else "sm"
                found = started.pop(element.get("startRef"), (None, None))[0]
                if found != start:
                    return _rule(element, f"{label}: <{name} startRef="
                                          f"{element.get('startRef')!r}> has no <{start}> before "
                                          "it", "F6" if name == "ec" else "F28")
    for name, element in started.values():
        end = "ec" if name == "sc" else "em"
        return _rule(element, f"{label}: <{name} id={element.get('id')!r}> has no <{end}> "
                              "after it (or isolated=\"yes\")", "F5" if name == "sc" else "F27")
    return None


def cp_character(hex_value: str | None) -> str | None:
    """The character a <cp hex="..."> stands for, or None when the value is not a Unicode
    code point (notOK, -1, 110000)."""
    if hex_value is None or not _HEX.fullmatch(hex_value) or int(hex_value, 16) > 0x10FFFF:
        return None
    return chr(int(hex_value, 16))


def _rule(element, problem: str, pattern: str) -> str:
    return f"line {element.sourceline}: {problem}; rule {pattern}"
