"""The vocabulary of a creative: layer roles, user-facing elements and one table of role specs.

Every stage speaks of the parts of a creative with these names: the layout places
:class:`Role` s, documents store them on layers, the studio edits :class:`Element` s (an element
is what a user moves as one: the CTA *button with its label*, the *price row with the struck
price*, the *product with its contact shadow*), and the scorer and critic measure them.

:data:`ROLE_SPECS` is the one table of role specifications — type-scale step, weight, line
height, maximum lines, minimum pixel size and owning element — that layout families, the text
stack, templates, control, diversity, composition, editing, reference reading and scoring
read. The type scale follows the design guide (steps of about 1.4–1.7 between headline, price
and the small texts; at most three sizes on a creative).

This module imports nothing of adcraft, so every stage can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Role(StrEnum):
    """The role of one layer of a design document (stored as its string value)."""

    PRODUCT = "product"
    PHOTO = "photo"
    SHADOW = "shadow"
    LOGO = "logo"
    LOGO_UNDERLAY = "logo_underlay"
    HEADLINE = "headline"
    SUBLINE = "subline"
    PRICE = "price"
    ORIGINAL_PRICE = "original_price"
    CTA = "cta"
    BUTTON = "button"
    UNDERLAY = "underlay"
    DECORATION = "decoration"


class Element(StrEnum):
    """What a user locks, hides, moves or relates: one or more layers that travel together."""

    PRODUCT = "product"
    LOGO = "logo"
    HEADLINE = "headline"
    SUBLINE = "subline"
    PRICE = "price"
    CTA = "cta"


@dataclass(frozen=True)
class RoleSpec:
    """How one role is set and which element owns it.

    Attributes
    ----------
    role:
        The :class:`Role`.
    element:
        The :class:`Element` the layer belongs to (moves with it), ``None`` for layers no user
        moves (underlay panels, decorations).
    key:
        True for the layer whose box *is* the element's box (the button for the CTA, the price
        for the price row).
    text:
        True for text layers.
    scale:
        Em size relative to the headline's (the type-scale step), for text roles.
    weight:
        CSS font weight (100–900).
    line_height:
        Line pitch in ems.
    max_lines:
        Most lines the text may take.
    min_px:
        Absolute floor of the em size in pixels (an edit never sets it smaller; layouts also
        respect the canvas minimum :func:`adcraft.sizes.min_text_px`).
    """

    role: Role
    element: Element | None
    key: bool = False
    text: bool = False
    scale: float = 0.0
    weight: int = 400
    line_height: float = 1.2
    max_lines: int = 1
    min_px: int = 8


ROLE_SPECS: MappingProxyType[Role, RoleSpec] = MappingProxyType({
    s.role: s
    for s in (
        RoleSpec(Role.PRODUCT, Element.PRODUCT, key=True),
        RoleSpec(Role.PHOTO, Element.PRODUCT),
        RoleSpec(Role.SHADOW, Element.PRODUCT),
        RoleSpec(Role.LOGO, Element.LOGO, key=True),
        RoleSpec(Role.LOGO_UNDERLAY, Element.LOGO),
        RoleSpec(Role.HEADLINE, Element.HEADLINE, key=True, text=True, scale=1.0, weight=800, line_height=1.12, max_lines=3),
        RoleSpec(Role.SUBLINE, Element.SUBLINE, key=True, text=True, scale=0.42, weight=400, line_height=1.3, max_lines=2),
        RoleSpec(Role.PRICE, Element.PRICE, key=True, text=True, scale=0.72, weight=700, line_height=1.1, max_lines=1),
        RoleSpec(Role.ORIGINAL_PRICE, Element.PRICE, text=True, scale=0.4, weight=400, line_height=1.1, max_lines=1),
        RoleSpec(Role.CTA, Element.CTA, text=True, scale=0.4, weight=600, line_height=1.2, max_lines=1),
        RoleSpec(Role.BUTTON, Element.CTA, key=True),
        RoleSpec(Role.UNDERLAY, None),
        RoleSpec(Role.DECORATION, None),
    )
})
"""Every :class:`Role`'s :class:`RoleSpec`."""

LAYOUT_TEXTS: tuple[Role, ...] = (Role.HEADLINE, Role.SUBLINE, Role.PRICE, Role.CTA)
"""The text stack from top to bottom (the struck price travels in the price row)."""

TEXT_ELEMENTS: tuple[Element, ...] = (Element.HEADLINE, Element.SUBLINE, Element.PRICE, Element.CTA)
"""Elements whose text a user may replace."""


def spec(role: str) -> RoleSpec:
    """The :class:`RoleSpec` of ``role`` (a :class:`Role` or its string).

    Raises
    ------
    ValueError
        If ``role`` is not a role name; the message lists them.
    """
    try:
        return ROLE_SPECS[Role(role)]
    except ValueError:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(r.value for r in Role)}") from None


def element_roles(element: Element) -> tuple[Role, ...]:
    """The roles of the layers that move with ``element`` (its key role first)."""
    roles = [s.role for s in ROLE_SPECS.values() if s.element is element]
    return tuple(sorted(roles, key=lambda r: not ROLE_SPECS[r].key))


def key_role(element: Element) -> Role:
    """The role whose layer box is ``element``'s box."""
    return element_roles(element)[0]


def same_element(a: str, b: str) -> bool:
    """True when roles ``a`` and ``b`` are layers of one element (e.g. ``cta`` and ``button``)."""
    ea, eb = spec(a).element, spec(b).element
    return ea is not None and ea is eb
