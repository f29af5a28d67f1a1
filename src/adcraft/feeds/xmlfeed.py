"""Merchant Center product data as XML: RSS 2.0 (``<item>``) or Atom 1.0 (``<entry>``), the
product attributes in the ``g:`` namespace (``http://base.google.com/ns/1.0``).

Parsed incrementally with :func:`defusedxml.ElementTree.iterparse` (the standard library's
parser with entity expansion and external references refused, so a hostile feed cannot expand
to gigabytes or read local files). RSS's own ``title``/``link``/``description`` and Atom's
``title``/``link href``/``summary`` stand for the ``g:`` attributes of the same meaning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from adcraft.errors import InputError
from adcraft.feeds.merchant import GOOGLE_NS, attribute_name
from adcraft.feeds.tabular import Numbered

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM_NAMES = {"summary": "description", "content": "description"}


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _values(item: Element) -> dict[str, list[str]]:
    """Attribute → values of one ``<item>``/``<entry>``; ``g:`` attributes win over RSS/Atom ones."""
    own: dict[str, list[str]] = {}
    google: dict[str, list[str]] = {}
    for child in item:
        ns, local = _split(child.tag)
        if ns == ATOM_NS and local == "link":
            if child.get("rel", "alternate") == "alternate" and child.get("href"):
                own.setdefault("link", []).append(child.get("href", ""))
            continue
        text = "".join(child.itertext()).strip()
        if ns == GOOGLE_NS:
            google.setdefault(attribute_name(local), []).append(text)
        elif ns in ("", ATOM_NS):
            own.setdefault(attribute_name(_ATOM_NAMES.get(local, local) if ns else local), []).append(text)
        else:
            own.setdefault(f"{{{ns}}}{local}", []).append(text)
    return {**own, **google}


def read_items(path: Path) -> tuple[Literal["rss", "atom"], Iterator[Numbered]]:
    """The kind of feed (``rss`` or ``atom``) and an iterator over its products' attributes.

    Raises
    ------
    InputError
        If the file cannot be read, is not well-formed XML, declares entities, or is neither
        RSS 2.0 nor Atom (raised when the iterator reaches the problem).
    """
    try:
        events = iterparse(str(path), events=("start", "end"))
        _, root = next(events)
    except OSError as exc:
        raise InputError(f"cannot read feed {str(path)!r}: {exc.strerror or exc}") from exc
    except (ParseError, DefusedXmlException, StopIteration) as exc:
        raise InputError(f"feed {str(path)!r} is not well-formed XML: {exc}") from None
    ns, local = _split(root.tag)
    if (ns, local) not in (("", "rss"), (ATOM_NS, "feed")):
        raise InputError(f"feed {str(path)!r} is XML with a <{local}> root; give an RSS 2.0 (<rss>) or Atom (<feed>) product feed")
    kind: Literal["rss", "atom"] = "rss" if local == "rss" else "atom"
    item_tag = "item" if kind == "rss" else f"{{{ATOM_NS}}}entry"

    def items() -> Iterator[Numbered]:
        number = 0
        container = root if kind == "atom" else None
        try:
            for event, element in events:
                if event == "start" and container is None and element.tag == "channel":
                    container = element
                elif event == "end" and element.tag == item_tag:
                    number += 1
                    yield number, _values(element)
                    if container is not None:
                        container.clear()  # read items are dropped: memory stays flat on large feeds
        except (ParseError, DefusedXmlException) as exc:
            raise InputError(f"feed {str(path)!r} is not well-formed XML after item {number}: {exc}") from None

    return kind, items()
