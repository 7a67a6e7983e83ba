"""Reading XML stores (XLIFF, TMX, TBX) with translate-toolkit, with errors a user can act on."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ...errors import TranskitError


def parse_store(
    cls: Any, data: bytes, *, path: str, root: str, what: str, error: type[TranskitError]
) -> Any:
    """A translate-toolkit store of class `cls` parsed from `data`, or `error` naming the file
    and the line: malformed XML, or another root element than `root` (which translate-toolkit
    reports with a bare assert)."""
    from translate.misc.xml_helpers import parse_xml

    try:
        element = parse_xml(data)
    except etree.XMLSyntaxError as err:
        reason = str(err.msg or err).split(", line ")[0]
        raise error(f"is not well-formed XML ({reason}); fix it there or export the file "
                    "again", path=path, line=err.lineno or 1) from err
    name = etree.QName(element).localname
    if name != root:
        raise error(f"is not {what}: its root element is <{name}>, not <{root}>",
                    path=path, line=element.sourceline)
    try:
        return cls.parsestring(data)
    except (ValueError, AssertionError, KeyError, etree.XMLSyntaxError) as err:
        raise error(f"cannot be read as {what} ({err or type(err).__name__})",
                    path=path, line=element.sourceline) from err
