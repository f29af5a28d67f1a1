"""Leaderboards: one row of product, headline (and sub-line), price and CTA.

A leaderboard (728x90, 970x250, 320x50…) is too short for a column: the content runs in one
row, the type set on one scale as large as the row's height allows. Small banners shed content
in order of importance: the sub-line, then the CTA button (the whole banner is the link) or,
when there is no sale, the struck price; headline and price always stay.
"""

from __future__ import annotations

from adcraft.elements import Role
from adcraft.layout.plan import LayoutInfeasible, LayoutInput, LayoutParams, LayoutPlan, PlacedText
from adcraft.layout.stack import Block, TypeFloor, build_block, largest_scale, place_block, set_role
from adcraft.sizes import safe_area
from adcraft.typography import FontLibrary


def strip_layout(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary, product_first: bool) -> LayoutPlan:
    """Leaderboard: [product] [headline / sub-line] [price] [CTA] in one row."""
    W, H = inp.size
    sl, st, sr, sb = safe_area(inp.size)
    sw, sh = sr - sl, sb - st
    floor = TypeFloor.for_canvas(inp.size)
    min_px = floor.headline
    gap = max(6, round(0.03 * W))
    prod_w = min(round(0.3 * sw), round(sh * inp.product_aspect * params.product_scale))
    prod_h = round(prod_w / inp.product_aspect)
    if prod_h > sh:
        prod_h = sh
        prod_w = round(sh * inp.product_aspect)

    def attempt(s: int, with_sub: bool, with_old: bool, with_cta: bool) -> tuple | None:
        cta = set_role(fonts, Role.CTA, inp.copy.cta, inp.chain, s, floor, 0.3 * sw) if inp.copy.cta and with_cta else None
        if (inp.copy.cta and with_cta and cta is None) or (cta is not None and cta.h > sh):
            return None
        cta_w = cta.w + gap if cta is not None else 0
        price = set_role(fonts, Role.PRICE, inp.copy.price, inp.chain, s, floor, 0.3 * sw) if inp.copy.price else None
        old = (
            set_role(fonts, Role.ORIGINAL_PRICE, inp.copy.original_price, inp.chain, s, floor, 0.3 * sw)
            if inp.copy.original_price and with_old
            else None
        )
        price_w = max(price.w if price else 0, old.w if old else 0)
        price_h = (price.h if price else 0) + (old.h if old else 0)
        if price_h > sh:
            return None
        head_w = sw - prod_w - cta_w - (price_w + gap if price else 0) - gap
        if head_w < 4 * min_px:
            return None
        roles = (Role.HEADLINE, Role.SUBLINE) if with_sub else (Role.HEADLINE,)
        block = build_block(fonts, inp.copy, roles, inp.chain, s, floor, head_w)
        if block is None or block.h > sh or any(len(r[0].fitted.lines) > 2 for r in block.rows):
            return None
        return block, cta, price, old, head_w

    # Small banners shed content in order of importance: sub-line, then (a sale keeps its struck
    # price: without it the sale is invisible) the CTA button (the whole banner is the link) or
    # the struck price; headline and price always stay.
    res = None
    notes: tuple[str, ...] = ()
    steps = ((True, True, True), (False, True, True), (False, True, False), (False, False, False)) if inp.copy.original_price else (
        (True, True, True), (False, True, True), (False, False, True), (False, False, False))
    for with_sub, with_old, with_cta in steps:
        if with_sub and not inp.copy.subline:
            continue
        res = largest_scale(min_px, max(min_px, round(0.5 * sh)), lambda s, a=with_sub, b=with_old, c=with_cta: attempt(s, a, b, c))
        if res is not None:
            dropped = [name for name, present, kept in (("sub-line", inp.copy.subline, with_sub), ("struck-through price", inp.copy.original_price, with_old), ("CTA button", inp.copy.cta, with_cta)) if present and not kept]
            if dropped:
                notes = (f"{', '.join(dropped)} dropped: the {W}x{H} row is too short",)
            break
    if res is None:
        raise LayoutInfeasible(f"headline and price do not fit one {W}x{H} row at {min_px} px")
    block, cta, price, old, head_w = res
    x = sl
    product_box = None
    if product_first:
        product_box = (x, st + (sh - prod_h) // 2, x + prod_w, st + (sh - prod_h) // 2 + prod_h)
        x += prod_w + gap
    texts, _ = place_block(block, x, st + (sh - block.h) // 2, head_w, "left")
    x += head_w + gap
    if price is not None:
        ph = price.h + (old.h if old else 0)
        y = st + (sh - ph) // 2
        if old is not None:
            texts.append(PlacedText(Role.ORIGINAL_PRICE, old.fitted, (x, y, x + old.fitted.width, y + old.fitted.height), "left", True))
            y += old.h
        texts.append(PlacedText(Role.PRICE, price.fitted, (x, y, x + price.fitted.width, y + price.fitted.height), "left"))
        x += max(price.w, old.w if old else 0) + gap
    button = None
    if cta is not None:
        cta_x = x if product_first else sr - prod_w - gap - cta.w
        cta_block = Block(rows=((cta,),), gaps=(), w=cta.w, h=cta.h, scale=block.scale)
        cta_texts, button = place_block(cta_block, cta_x, st + (sh - cta.h) // 2, cta.w, "left")
        texts.extend(cta_texts)
    if not product_first:
        px = sr - prod_w
        product_box = (px, st + (sh - prod_h) // 2, px + prod_w, st + (sh - prod_h) // 2 + prod_h)
    return LayoutPlan(
        family="product_left" if product_first else "product_right",
        params=params,
        size=inp.size,
        product_box=product_box,
        texts=tuple(texts),
        button=button,
        logo_box=None,
        notes=notes + (("logo omitted on the leaderboard",) if inp.logo_aspect else ()),
    )
