"""Grouping a photo card with its copy.

A photo panel that has to shrink into a card (a small photo may be enlarged only so far)
leaves the space it was planned for empty between the card and the copy: two objects drifting
apart with dead bands around them (the design review's EMPTY). Gestalt proximity says what
belongs together sits together: the card moves next to the copy, one gap apart, and the pair is
centred in the safe area along the axis they share.
"""

from __future__ import annotations

from dataclasses import replace

from adcraft.elements import Role
from adcraft.geometry import Box, bbox_of, shift
from adcraft.layout.plan import PlacedText
from adcraft.sizes import safe_area

#: Gap between the card and the copy, as a share of the canvas along their axis.
GROUP_GAP = 0.04


def _shift(box: Box | None, dx: int, dy: int) -> Box | None:
    return None if box is None else shift(box, dx, dy)


def group_card(
    size: tuple[int, int], card: Box, texts: list[PlacedText], button: Box | None, logo: Box | None
) -> tuple[Box, list[PlacedText], Box | None, Box | None]:
    """``card`` and the copy (texts, CTA button, logo) moved together (see the module docstring).

    Parameters
    ----------
    size:
        Canvas ``(width, height)``.
    card:
        The photo card's box, canvas px.
    texts, button, logo:
        The copy as placed for the planned panel.

    Returns
    -------
    tuple
        ``(card, texts, button, logo)``, moved; unchanged when the copy is neither above/below
        nor beside the card, or the pair does not fit the safe area.
    """
    W, H = size
    sl, st, sr, sb = safe_area(size)
    copy = bbox_of([t.box for t in texts] + [b for b in (button, logo) if b is not None])
    if copy is None:
        return card, texts, button, logo
    if copy[1] >= card[3] or copy[3] <= card[1]:  # stacked: copy below or above the card
        axis, lo, hi, extent = 1, st, sb, H
    elif copy[0] >= card[2] or copy[2] <= card[0]:  # side by side
        axis, lo, hi, extent = 0, sl, sr, W
    else:
        return card, texts, button, logo
    gap = round(GROUP_GAP * extent)
    first, second = (card, copy) if card[axis] < copy[axis] else (copy, card)
    total = (first[axis + 2] - first[axis]) + gap + (second[axis + 2] - second[axis])
    if total > hi - lo:
        return card, texts, button, logo
    start = lo + ((hi - lo) - total) // 2
    d_first = start - first[axis]
    d_second = start + (first[axis + 2] - first[axis]) + gap - second[axis]
    d_card, d_copy = (d_first, d_second) if first is card else (d_second, d_first)
    move = (lambda b, d: _shift(b, d, 0)) if axis == 0 else (lambda b, d: _shift(b, 0, d))
    moved = [replace(t, box=move(t.box, d_copy)) for t in texts]
    return move(card, d_card), moved, move(button, d_copy), move(logo, d_copy)  # type: ignore[return-value]


def align_card(
    size: tuple[int, int], card: Box, texts: list[PlacedText], button: Box | None
) -> Box:
    """A card above or below a left- (or right-) aligned copy column moved onto the column's
    edge: a centred card over flush-left copy shares no edge with it (the design review's
    ALIGN). Centred copy, copy beside the card and cards as wide as the safe area are left as
    they are.

    Parameters
    ----------
    size:
        Canvas ``(width, height)``.
    card:
        The photo card's box, canvas px.
    texts, button:
        The copy as placed.

    Returns
    -------
    Box
        The card, moved along x only.
    """
    copy = bbox_of([t.box for t in texts] + ([button] if button is not None else []))
    if not texts or copy is None:
        return card
    stacked = copy[1] >= card[3] or copy[3] <= card[1]
    aligns = {t.align for t in texts if t.role != Role.CTA and t.role != Role.ORIGINAL_PRICE}  # labels centre in their own boxes
    sl, _, sr, _ = safe_area(size)
    if not stacked or len(aligns) != 1 or card[2] - card[0] >= 0.98 * (sr - sl):
        return card
    align = aligns.pop()
    if align == "left" and card[0] > copy[0]:
        return shift(card, copy[0] - card[0], 0)
    if align == "right" and card[2] < copy[2]:
        return shift(card, copy[2] - card[2], 0)
    return card
