"""Designer asset library: tagged base elements and the rules that combine them.

Folder format (one folder per library; see ``docs/asset-library.md``)::

    my-library/
      rules.json                 # compatibility rules (optional)
      marble_slab.jpg            # an asset image ...
      marble_slab.json           # ... and its tags, same stem
      sparkles.png
      sparkles.json

Each sidecar JSON is an :class:`AssetTags`:

* ``kind``: ``background`` (full-bleed image, cover-fitted), ``texture`` (grey tile blended over
  the background), ``decoration`` (RGBA element placed in a free corner or edge) or ``mask``
  (single-channel shape tinted with the scheme's accent, then placed like a decoration);
* ``category``: product categories it suits (``food_drink``, ``cosmetics``, ``electronics``,
  ``apparel``, ``furniture_home``, ``shoes``, ``toys``) or ``["any"]``;
* ``usage``: ``daily``, ``promotion`` and/or ``festival``; ``occasion``: ``christmas``,
  ``spring_festival``, ``singles_day``, ``sale`` (festival/promotion assets);
* ``tone``: ``light``, ``dark`` or ``any`` (the background tone it works on);
* ``mood``: motif family (``natural``, ``industrial``, ``luxury``, ``playful``, ``festive``), for rules;
* placement of decorations: ``anchors`` (corners/edges it may sit at) and ``scale`` (share of the
  canvas short side); textures: ``blend`` and ``opacity``.

``rules.json`` holds ``{"rules": [...]}``; each rule forbids a combination and says why::

    {"when": {"usage": "daily"}, "forbid": {"usage": "festival"},
     "why": "festival decorations only in festival themes"}
    {"pair": {"kind": "decoration"}, "same": "anchor", "why": "two decorations in one corner"}

``when`` matches the request (:class:`BaseRequest`: category, usage, occasion, tone), ``forbid``
matches an asset's tags (a list-valued tag matches when it contains the value); ``pair`` rules
look at two chosen assets. This follows the rule-based combination of tagged designer "base"
elements used by Suning's Qianbian banner system.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from adcraft.errors import InputError
from adcraft.geometry import overlaps
from adcraft.io.jsonfile import describe

Kind = Literal["background", "texture", "decoration", "mask"]
Anchor = Literal["top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom", "left", "right"]


class AssetTags(BaseModel):
    """Tags of one library asset (the sidecar JSON)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    category: tuple[str, ...] = ("any",)
    usage: tuple[Literal["daily", "promotion", "festival"], ...] = ("daily",)
    occasion: tuple[str, ...] = ()
    tone: Literal["light", "dark", "any"] = "any"
    anchors: tuple[Anchor, ...] = ("top-left", "top-right", "bottom-left", "bottom-right")
    scale: float = Field(0.3, gt=0.0, le=1.0)
    blend: Literal["multiply", "screen", "soft_light"] = "soft_light"
    opacity: float = Field(0.5, ge=0.0, le=1.0)
    mood: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class LibraryAsset:
    """An asset: its id (file stem), image path and tags."""

    id: str
    path: Path
    tags: AssetTags

    def pixels(self) -> np.ndarray:
        """``uint8`` pixels: ``(H, W, 3)`` backgrounds, ``(H, W)`` textures and masks, ``(H, W, 4)`` decorations."""
        mode = {"background": "RGB", "texture": "L", "mask": "L", "decoration": "RGBA"}[self.tags.kind]
        with Image.open(self.path) as im:
            return np.asarray(im.convert(mode))


@dataclass(frozen=True)
class Rule:
    """A compatibility rule (see module notes)."""

    why: str
    when: dict = field(default_factory=dict)
    forbid: dict = field(default_factory=dict)
    pair: dict = field(default_factory=dict)
    same: str | None = None


@dataclass(frozen=True)
class BaseRequest:
    """What a creative asks of the library."""

    category: str | None = None
    usage: str = "daily"
    occasion: str | None = None
    tone: str = "light"


def _matches(values: dict, conditions: dict) -> bool:
    for key, want in conditions.items():
        have = values.get(key)
        wants = want if isinstance(want, list) else [want]
        if isinstance(have, (tuple, list)):
            if not any(w in have for w in wants):
                return False
        elif have not in wants:
            return False
    return True


class AssetLibrary:
    """A loaded library folder.

    Parameters
    ----------
    root:
        The folder; ``None`` loads the small library shipped with adcraft (made by
        ``python -m adcraft.background.make_library``).

    Raises
    ------
    InputError
        If the folder does not exist, a sidecar is invalid (file and fields named), an image is
        missing, or ``rules.json`` is malformed.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else Path(str(resources.files("adcraft.background").joinpath("library")))
        if not self.root.is_dir():
            raise InputError(f"asset library folder {str(self.root)!r} does not exist")
        self.assets: dict[str, LibraryAsset] = {}
        self._pixels: dict[str, np.ndarray] = {}
        for sidecar in sorted(self.root.glob("*.json")):
            if sidecar.name == "rules.json":
                continue
            try:
                tags = AssetTags.model_validate_json(sidecar.read_text(encoding="utf-8"))
            except ValidationError as exc:
                raise InputError(f"asset tags {str(sidecar)!r} are invalid: {describe(exc)}") from None
            images = [p for p in sidecar.parent.glob(sidecar.stem + ".*") if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp")]
            if not images:
                raise InputError(f"asset tags {str(sidecar)!r} have no image beside them ({sidecar.stem}.png/.jpg/.webp)")
            self.assets[sidecar.stem] = LibraryAsset(sidecar.stem, images[0], tags)
        self.rules: list[Rule] = []
        rules_path = self.root / "rules.json"
        if rules_path.is_file():
            try:
                data = json.loads(rules_path.read_text(encoding="utf-8"))
                self.rules = [Rule(**r) for r in data["rules"]]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{str(rules_path)!r} must be {{\"rules\": [{{\"why\": …, \"when\"/\"forbid\" or \"pair\"/\"same\"}}]}}: {exc}") from None

    def pixels(self, asset: LibraryAsset) -> np.ndarray:
        """:meth:`LibraryAsset.pixels`, decoded once per library and kept (read-only)."""
        if asset.id not in self._pixels:
            px = asset.pixels()
            px.setflags(write=False)
            self._pixels[asset.id] = px
        return self._pixels[asset.id]

    def violations(self, asset: LibraryAsset, request: BaseRequest, chosen: Sequence[LibraryAsset] = ()) -> list[str]:
        """Why ``asset`` may not join ``chosen`` for ``request`` (empty list: it may).

        Built-in checks (category, tone, occasion) come first, then the library's rules.
        """
        t = asset.tags
        out = []
        if request.category and "any" not in t.category and request.category not in t.category:
            out.append(f"made for {', '.join(t.category)}, not {request.category}")
        if t.tone != "any" and t.tone != request.tone:
            out.append(f"works on {t.tone} backgrounds, this one is {request.tone}")
        if t.kind in ("decoration", "mask") and request.usage not in t.usage:
            out.append(f"a {'/'.join(t.usage)} element, not for {request.usage} creatives")
        if t.occasion and request.occasion not in t.occasion:
            out.append(f"belongs to {', '.join(t.occasion)}")
        ctx = {"category": request.category, "usage": request.usage, "occasion": request.occasion, "tone": request.tone}
        tags = t.model_dump()
        for rule in self.rules:
            if rule.forbid and _matches(ctx, rule.when) and _matches(tags, rule.forbid):
                out.append(rule.why)
            if rule.pair and rule.same and _matches(tags, rule.pair):
                for other in chosen:
                    if _matches(other.tags.model_dump(), rule.pair) and set(np.atleast_1d(tags[rule.same])) & set(np.atleast_1d(other.tags.model_dump()[rule.same])):
                        out.append(f"{rule.why} ({other.id})")
        return out

    def candidates(self, kind: Kind, request: BaseRequest, chosen: Sequence[LibraryAsset] = ()) -> list[LibraryAsset]:
        """Assets of ``kind`` that break no rule with ``request`` and ``chosen``, by id."""
        return [a for a in self.assets.values() if a.tags.kind == kind and not self.violations(a, request, list(chosen))]


@dataclass(frozen=True)
class BaseChoice:
    """Library elements chosen for one creative (any may be absent)."""

    background: LibraryAsset | None
    texture: LibraryAsset | None
    decorations: tuple[LibraryAsset, ...]


def choose_base(library: AssetLibrary, request: BaseRequest, rng: np.random.Generator, *, background: bool, max_decorations: int = 2) -> BaseChoice:
    """Pick a compatible background (when ``background``), texture and decorations.

    Each element is drawn at random among the assets that pass :meth:`AssetLibrary.violations`
    given the elements chosen before it; a texture goes only on procedural backgrounds.
    """
    chosen: list[LibraryAsset] = []
    bg = None
    if background:
        options = library.candidates("background", request)
        bg = options[int(rng.integers(len(options)))] if options else None
    texture = None
    if bg is None and rng.random() < 0.5:
        options = library.candidates("texture", request)
        texture = options[int(rng.integers(len(options)))] if options else None
    decorations: list[LibraryAsset] = []
    for _ in range(int(rng.integers(0, max_decorations + 1))):
        options = [a for a in library.candidates("decoration", request, chosen) + library.candidates("mask", request, chosen) if a not in decorations]
        if not options:
            break
        pick = options[int(rng.integers(len(options)))]
        decorations.append(pick)
        chosen.append(pick)
    return BaseChoice(bg, texture, tuple(decorations))


_ANCHOR_AT = {
    "top-left": (-0.22, -0.22),
    "top-right": (0.22, -0.22),
    "bottom-left": (-0.22, 0.22),
    "bottom-right": (0.22, 0.22),
    "top": (0.0, -0.3),
    "bottom": (0.0, 0.3),
    "left": (-0.3, 0.0),
    "right": (0.3, 0.0),
}


def place_decorations(
    decorations: tuple[LibraryAsset, ...], size: tuple[int, int], keepout: list[tuple[int, int, int, int]], rng: np.random.Generator
) -> list[tuple[LibraryAsset, tuple[int, int, int, int]]]:
    """Boxes for decorations at their anchors, bleeding off the canvas edge by about a fifth,
    never overlapping ``keepout`` boxes (product, texts, button, logo) and one per anchor.

    Returns ``(asset, box)`` pairs; a decoration with no free anchor is left out.
    """
    W, H = size
    taken: set[str] = set()
    out = []
    for asset in decorations:
        side = asset.tags.scale * min(W, H)
        anchors = list(asset.tags.anchors)
        rng.shuffle(anchors)
        for name in anchors:
            if name in taken:
                continue
            fx, fy = _ANCHOR_AT[name]
            # the centre sits (0.5 - bleed) of the side inside each edge it touches
            cx, cy = W / 2, H / 2
            if fx:
                cx = (side * (0.5 - abs(fx))) if fx < 0 else W - side * (0.5 - abs(fx))
            if fy:
                cy = (side * (0.5 - abs(fy))) if fy < 0 else H - side * (0.5 - abs(fy))
            box = (round(cx - side / 2), round(cy - side / 2), round(cx + side / 2), round(cy + side / 2))
            if not any(overlaps(box, k) for k in keepout):
                out.append((asset, box))
                taken.add(name)
                break
    return out
