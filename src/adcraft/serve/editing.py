"""Editing a saved creative: text, colours, element boxes and locks; then re-measure it.

Edits work on the design document alone (no model runs): changed text is re-broken and
re-fitted into its box (:func:`adcraft.typography.text.fit_text`, never clipped); a moved or
resized element carries all its layers (the CTA button with its label, the product with its
contact shadow, the price with the struck price); locked elements refuse box edits until
unlocked. After an edit the creative is re-rendered and re-scored with the same measures as
generation (WCAG 2.x contrast under the glyphs, occlusion, overlap, alignment…).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from adcraft.brief import TEXT_PATTERN
from adcraft.critic import CriticInput, PhotoFacts, critique
from adcraft.document import AssetStore, DesignDocument
from adcraft.elements import Element, element_roles, spec
from adcraft.errors import InputError
from adcraft.palette.colour import from_hex
from adcraft.render import Renderer
from adcraft.score import score_creative
from adcraft.score.measure import measure_creative
from adcraft.serve.errors import Conflict
from adcraft.serve.schemas import Box
from adcraft.typography import FontLibrary
from adcraft.typography.text import TextStyle, fit_text

#: Element name → layer roles moved together with it (its key role first).
ELEMENT_ROLES: dict[str, tuple[str, ...]] = {e.value: tuple(r.value for r in element_roles(e)) for e in Element}


TextRole = Literal["headline", "subline", "price", "original_price", "cta"]
ElementName = Literal["product", "logo", "headline", "subline", "price", "cta"]
Hex = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]


class CreativeEdit(BaseModel):
    """One edit of a creative (all parts optional).

    Attributes
    ----------
    texts:
        Text role (``headline``, ``subline``, ``price``, ``original_price``, ``cta``) → new text.
    colours:
        Role → ``#rrggbb``: a text role sets its colour, ``button`` the CTA fill,
        ``background`` a list of up to three colours of a procedural background.
    boxes:
        Element (``product``, ``logo``, ``headline``, ``subline``, ``price``, ``cta``) →
        ``[left, top, right, bottom]`` in canvas pixels; images keep their aspect ratio
        (centred in the box), text is re-fitted.
    locked:
        The complete list of locked elements after this edit.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    texts: dict[TextRole, Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)]] = Field(default_factory=dict)
    colours: dict[Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")], Hex | Annotated[list[Hex], Field(min_length=1, max_length=3)]] = Field(
        default_factory=dict, json_schema_extra={"additionalProperties": False}  # keys only as the pattern allows
    )
    boxes: dict[ElementName, Box] = Field(default_factory=dict)
    locked: list[ElementName] | None = Field(None, max_length=6)


@dataclass(frozen=True)
class Measured:
    """A rendered and scored document."""

    image: np.ndarray
    score: float
    terms: dict[str, float]
    contrasts: dict[str, float]
    design_score: float = 0.0
    critique: dict | None = None


def elements_of(doc: DesignDocument) -> dict[str, tuple[int, int, int, int]]:
    """Element name → its box (the key layer's box) for the elements present in ``doc``."""
    out = {}
    for name, roles in ELEMENT_ROLES.items():
        key = roles[0]
        for layer in doc.layers:
            if layer.role == key:
                out[name] = tuple(layer.box)
                break
    return out


def _refit(layer: dict, text: str, box, max_size: int, fonts: FontLibrary) -> dict:
    """Re-break and size ``text`` into ``box``: at most the role's maximum lines, no smaller
    than half the generated size (nor the role's minimum, :data:`~adcraft.elements.ROLE_SPECS`),
    no larger than ``max_size``."""
    style = TextStyle(chain=layer["font"], weight=layer["weight"], line_height=layer["line_height"], tracking=layer["tracking"])
    w, h = box[2] - box[0], box[3] - box[1]
    rs = spec(layer["role"])
    lines = rs.max_lines
    smallest = max(rs.min_px, min(max_size, layer["size"]) // 2)
    fitted = fit_text(fonts, text, style, w, h, min_size=smallest, max_size=max(smallest, max_size), max_lines=lines)
    if fitted is None:
        raise InputError(
            f"{layer['role']} text {text!r} does not fit its {w}x{h} px box in {lines} line(s) at {smallest} px or more; "
            "shorten the text or enlarge the box"
        )
    return {**layer, "text": text, "lines": list(fitted.lines), "size": fitted.size, "box": list(box)}


def _map_box(box, old, new) -> list[int]:
    sx = (new[2] - new[0]) / (old[2] - old[0])
    sy = (new[3] - new[1]) / (old[3] - old[1])
    return [
        round(new[0] + (box[0] - old[0]) * sx),
        round(new[1] + (box[1] - old[1]) * sy),
        round(new[0] + (box[2] - old[0]) * sx),
        round(new[1] + (box[3] - old[1]) * sy),
    ]


def apply_edit(doc: DesignDocument, edit: CreativeEdit, fonts: FontLibrary) -> DesignDocument:
    """Apply ``edit`` to ``doc`` and return the new, validated document.

    Raises
    ------
    InputError
        Unknown role or element, a bad colour, a box off the canvas or edges crossed, or text
        that cannot fit its box in its role's lines at half its size (the message says which
        and what to change).
    Conflict
        A box edit of a locked element.
    """
    d = doc.model_dump(mode="json")
    W, H = doc.size
    layers: list[dict] = d["layers"]
    present = elements_of(doc)
    locked = set(d["meta"].get("locked", []))
    if edit.locked is not None:
        unknown = set(edit.locked) - set(present)
        if unknown:
            raise InputError(f"cannot lock {sorted(unknown)}: this creative has {sorted(present)}")
        locked = set(edit.locked)
    d["meta"]["locked"] = sorted(locked)

    for name, box in edit.boxes.items():
        if name not in present:
            raise InputError(f"element {name!r} is not in this creative; it has {', '.join(sorted(present))}")
        if name in locked:
            raise Conflict(f"element {name!r} is locked; unlock it (\"locked\" without it) before moving it")
        l, t, r, b = box
        if r <= l or b <= t:
            raise InputError(f"box for {name!r} must have right > left and bottom > top, got {list(box)}")
        if l < 0 or t < 0 or r > W or b > H:
            raise InputError(f"box for {name!r} {list(box)} leaves the {W}x{H} canvas")
        old = present[name]
        new = list(box)
        if name in ("product", "logo"):  # keep the image's aspect ratio, centred in the box
            s = min((r - l) / (old[2] - old[0]), (b - t) / (old[3] - old[1]))
            w, h = (old[2] - old[0]) * s, (old[3] - old[1]) * s
            cx, cy = (l + r) / 2, (t + b) / 2
            new = [round(cx - w / 2), round(cy - h / 2), round(cx + w / 2), round(cy + h / 2)]
        scale = min((new[2] - new[0]) / (old[2] - old[0]), (new[3] - new[1]) / (old[3] - old[1]))
        if name == "product" and d.get("product"):  # the product reference rides with its element
            d["product"]["box"] = _map_box(d["product"]["box"], old, new)
        for i, layer in enumerate(layers):
            if layer["role"] not in ELEMENT_ROLES[name]:
                continue
            mapped = _map_box(layer["box"], old, new)
            if layer["type"] == "text" and scale != 1.0:
                layers[i] = _refit(layer, layer["text"], mapped, round(layer["size"] * scale), fonts)
            else:
                layers[i] = {**layer, "box": mapped}
                if layer["type"] == "shape":
                    layers[i]["radius"] = layer["radius"] * scale


    for role, text in edit.texts.items():
        idx = [i for i, layer in enumerate(layers) if layer["type"] == "text" and layer["role"] == role]
        if not idx:
            roles = sorted({layer["role"] for layer in layers if layer["type"] == "text"})
            raise InputError(f"no {role!r} text in this creative; text roles: {', '.join(roles)}")
        text = text.strip()
        if not text or len(text) > 200:
            raise InputError(f"{role} text must have 1..200 characters, got {len(text)}")
        for i in idx:
            layers[i] = _refit(layers[i], text, layers[i]["box"], layers[i]["size"], fonts)

    for role, colour in edit.colours.items():
        if role == "background":
            colours = [colour] if isinstance(colour, str) else list(colour)
            if d["background"]["style"] in ("photo", "image"):
                raise InputError("the background is a photo or library image; its colours cannot be set (edit a text or button colour)")
            if not 1 <= len(colours) <= 3:
                raise InputError(f"background takes 1..3 colours, got {len(colours)}")
            for c in colours:
                _colour(c, role)
            d["background"]["colours"] = (colours * 3)[:3]
            continue
        if not isinstance(colour, str):
            raise InputError(f"colour of {role!r} must be one '#rrggbb' string")
        _colour(colour, role)
        hit = False
        for i, layer in enumerate(layers):
            if layer["role"] == role and layer["type"] in ("text", "shape"):
                layers[i] = {**layer, ("colour" if layer["type"] == "text" else "fill"): colour}
                hit = True
        if not hit:
            roles = sorted({layer["role"] for layer in layers if layer["type"] in ("text", "shape")} | {"background"})
            raise InputError(f"no {role!r} text or shape in this creative; colourable roles: {', '.join(roles)}")
    try:
        return DesignDocument.model_validate(d)
    except ValidationError as exc:  # pragma: no cover - edits above keep documents valid
        raise InputError(f"the edit makes an invalid document: {exc.errors()[0]['msg']}") from None


def _colour(value: str, role: str) -> None:
    try:
        from_hex(value)
    except (ValueError, TypeError):
        raise InputError(f"colour for {role!r} must be '#rrggbb', got {value!r}") from None


def measure(doc: DesignDocument, assets: AssetStore, renderer: Renderer) -> Measured:
    """Render ``doc``, score it and have the design critic judge it, as generation does
    (:func:`adcraft.score.measure.measure_creative`, :func:`adcraft.score.score_creative`,
    :func:`adcraft.critic.critique` with the photo facts generation stored in ``meta``).

    The score is the critic's (as in ranking); ``design_score`` the layout terms' weighted mean.

    Raises
    ------
    InputError
        If an asset of the document is missing.
    """
    image = renderer.render_rgb(doc, assets)
    measured = measure_creative(doc, assets, renderer)
    design_score, terms = score_creative(measured)
    contrasts = {role: round(ratio, 2) for role, ratio in measured.contrasts}
    facts = PhotoFacts.from_dict(doc.meta["photo_facts"]) if doc.meta.get("photo_facts") else PhotoFacts()
    own = doc.meta.get("photo_box")
    photo_box = (int(own[0]), int(own[1]), int(own[2]), int(own[3])) if own else None
    verdict = critique(CriticInput.of(doc, image, facts, measured.product_alpha, photo_box))
    return Measured(image=image, score=verdict.score, terms=terms, contrasts=contrasts, design_score=design_score, critique=verdict.to_dict())
