"""Request bodies of the API, as strict as the server: what the OpenAPI schema accepts, the
server accepts (pydantic strict mode, patterns and enums taken from the engine's own rules)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from adcraft.brief import MAX_PRICE, TEXT_PATTERN
from adcraft.errors import InputError
from adcraft.layout.control import ELEMENTS, LayoutControl, Relation, RelationKind
from adcraft.sizes import SIZE_SETS

#: ``WIDTHxHEIGHT`` with both sides in 32..4096 px (what :func:`adcraft.layout.parse_size` accepts).
SIDE = r"(?:3[2-9]|[4-9][0-9]|[1-9][0-9]{2}|[1-3][0-9]{3}|40[0-8][0-9]|409[0-6])"
SIZE_PATTERN = rf"^{SIDE}x{SIDE}$"
SIZE_OR_SET_PATTERN = rf"^(?:{SIDE}x{SIDE}|{'|'.join(SIZE_SETS)})$"
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
NAME_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f]+$"

def _whole(value: object) -> object:
    """JSON Schema's ``integer`` includes numbers like ``5.0``; strict mode would refuse them."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


#: An integer as JSON Schema means it: ``5`` or ``5.0``, never ``"5"``, ``5.5`` or ``true``.
JSONInt = Annotated[int, BeforeValidator(_whole)]

Element = Literal["product", "logo", "headline", "subline", "price", "cta"]
TextElement = Literal["headline", "subline", "price", "cta"]
Box = Annotated[list[Annotated[int, Field(ge=-8192, le=16384), BeforeValidator(_whole)]], Field(min_length=4, max_length=4)]


def _relations() -> list[str]:
    """Every relation :meth:`Relation.parse` accepts, in canonical words (``"logo top-left"``,
    ``"cta under price"``)."""
    out = []
    for kind in get_args(RelationKind):
        for subject in ELEMENTS:
            if kind in _PAIR_KINDS:
                out += [f"{subject} {kind} {target}" for target in ELEMENTS if target != subject]
            else:
                out.append(f"{subject} {kind}")
    return out


_PAIR_KINDS = ("under", "above", "left-of", "right-of", "align-left", "align-right", "align-centre")
RELATIONS = frozenset(_relations())


def _relation_enum(schema: dict) -> None:
    schema["enum"] = sorted(RELATIONS)


def _check_relations(v: list[str] | None) -> list[str] | None:
    for r in v or ():
        if r not in RELATIONS:
            Relation.parse(r)  # raises InputError (a ValueError) that says what is wrong
            raise ValueError(f"write relation {r!r} in canonical words, e.g. 'logo top-left', 'cta under price'")
    return v


RelationText = Annotated[str, Field(max_length=40, json_schema_extra=_relation_enum)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def _text(max_length: int, min_length: int = 0):
    return Field(None, min_length=min_length, max_length=max_length, pattern=TEXT_PATTERN)


class BriefFields(_Strict):
    """A brief without files (the photo and logo travel as uploads); see :class:`adcraft.Brief`."""

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"dependentRequired": {"original_price": ["price"]}}
    )

    title: str = Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)
    headline: str | None = _text(120)
    subtitle: str | None = _text(200)
    cta: str | None = _text(40)
    brand: str | None = _text(80)
    category: str | None = _text(80)
    price: float | None = Field(None, ge=0, le=MAX_PRICE, allow_inf_nan=False)
    original_price: float | None = Field(None, ge=0, le=MAX_PRICE, allow_inf_nan=False)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    selling_points: list[Annotated[str, Field(max_length=200, pattern=TEXT_PATTERN)]] = Field(default_factory=list, max_length=5)
    lang: Literal["en", "zh"] = "en"


class ProductJSON(_Strict):
    """A product as JSON: the brief and base64 image bytes."""

    brief: BriefFields
    photo_base64: str = Field(min_length=8, max_length=30_000_000, pattern=r"^[A-Za-z0-9+/]+={0,2}$")
    logo_base64: str | None = Field(None, min_length=8, max_length=30_000_000, pattern=r"^[A-Za-z0-9+/]+={0,2}$")
    landing_url: str | None = Field(None, max_length=2000, pattern=URL_PATTERN)


class ControlRequest(_Strict):
    """Layout control of a job (:class:`adcraft.layout.control.LayoutControl`): locked element
    boxes in the size's pixels, hidden elements, replacement texts and relations such as
    ``"logo top-left"`` or ``"cta under price"``."""

    locked: dict[Element, Box] = Field(default_factory=dict)
    hidden: list[Element] = Field(default_factory=list, max_length=len(ELEMENTS))
    texts: dict[TextElement, Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)]] = Field(default_factory=dict)
    relations: list[RelationText] = Field(default_factory=list, max_length=16)

    _relations = field_validator("relations")(_check_relations)

    @field_validator("locked")
    @classmethod
    def _boxes(cls, v: dict[str, list[int]]) -> dict[str, list[int]]:
        for name, b in v.items():
            if b[2] <= b[0] or b[3] <= b[1]:
                raise ValueError(f"locked box of {name!r} must have right > left and bottom > top, got {b}")
        return v

    def to_control(self) -> LayoutControl:
        """The engine's :class:`LayoutControl` (raises :class:`InputError` on a bad relation)."""
        return control_from_json(self.model_dump())


def theme_enum(schema: dict) -> None:
    """Put the theme names (:data:`adcraft.palette.themes.THEMES`) in a JSON schema as its enum."""
    from adcraft.palette.themes import THEMES

    schema["enum"] = THEMES.names()


def check_theme(v: str) -> str:
    """``v`` if it names a theme; else :class:`~adcraft.errors.UnknownOptionError` listing them."""
    from adcraft.palette.themes import THEMES

    THEMES.get(v)  # UnknownOptionError (a ValueError) lists the valid names
    return v


class JobRequest(_Strict):
    """Options of a generation job."""

    sizes: list[Annotated[str, Field(pattern=SIZE_OR_SET_PATTERN)]] | None = Field(
        None, min_length=1, max_length=24, description="WxH sizes (32..4096 px) or size sets; default 1080x1080, 1200x628, 300x250"
    )
    count: JSONInt = Field(4, ge=1, le=16, description="candidates per size")
    seed: JSONInt = Field(0, ge=0, le=2**31 - 1)
    theme: str = Field("everyday", json_schema_extra=theme_enum)
    force: bool = Field(False, description="use a photo that the assessment rejects (all black, noise, blurred…)")
    control: ControlRequest | None = None

    _theme = field_validator("theme")(check_theme)


#: Comma-separated sizes or size sets (the multipart form of :attr:`JobRequest.sizes`).
SIZES_PATTERN = rf"^(?:{SIDE}x{SIDE}|{'|'.join(SIZE_SETS)})(?:,(?:{SIDE}x{SIDE}|{'|'.join(SIZE_SETS)})){{0,23}}$"
FeedFormatName = Literal["tsv", "csv", "xml", "jsonl"]


class FeedRequest(_Strict):
    """A feed to import as JSON: its ``url`` (fetched by the server) or its ``text``, and the
    generation options of its products.

    ``feed_id`` names the feed: importing again under the same id updates it (unchanged items
    keep their products and review; see :mod:`adcraft.serve.feedstore`); without one a new
    feed is made."""

    model_config = ConfigDict(
        extra="forbid", strict=True,
        json_schema_extra={"oneOf": [{"required": ["url"], "not": {"required": ["text"]}}, {"required": ["text"], "not": {"required": ["url"]}}]},
    )

    feed_id: str = Field(None, pattern=NAME_PATTERN, description="the feed's id; the same id again re-imports it")
    url: str = Field(None, max_length=2000, pattern=URL_PATTERN, description="where the server downloads the feed (public hosts only)")
    text: str = Field(None, min_length=1, max_length=50_000_000, description="the feed file's content")
    format: FeedFormatName = Field(None, description="tsv, csv, xml (RSS 2.0 / Atom) or jsonl (briefs); default: from the URL's suffix, else the first bytes")
    sizes: list[Annotated[str, Field(pattern=SIZE_OR_SET_PATTERN)]] = Field(
        None, min_length=1, max_length=24, description="WxH sizes (32..4096 px) or size sets; default 1080x1080, 1200x628, 300x250"
    )
    count: JSONInt = Field(4, ge=1, le=16, description="candidates per size")
    seed: JSONInt = Field(0, ge=0, le=2**31 - 1)
    theme: str = Field("everyday", json_schema_extra=theme_enum)
    force: bool = Field(False, description="use photos that the assessment rejects")

    _theme = field_validator("theme")(check_theme)

    @model_validator(mode="after")
    def _one_source(self) -> FeedRequest:
        if (self.url is None) == (self.text is None):
            raise ValueError("give the feed as exactly one of url or text")
        return self


class ReviewRequest(_Strict):
    """Approve or reject creatives of a feed in bulk: the creatives named, and the top creative
    of each size of each product named (what the studio's review grid shows)."""

    model_config = ConfigDict(
        extra="forbid", strict=True,
        json_schema_extra={"anyOf": [{"required": ["creatives"], "properties": {"creatives": {"minItems": 1}}},
                                     {"required": ["products"], "properties": {"products": {"minItems": 1}}}]},
    )

    decision: Literal["approve", "reject"]
    creatives: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(default_factory=list, max_length=5000)
    products: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(default_factory=list, max_length=5000)

    @model_validator(mode="after")
    def _something(self) -> ReviewRequest:
        if not self.creatives and not self.products:
            raise ValueError("name the creatives or products to review (ids from GET /v1/feeds/{id}/items)")
        return self


class RelayoutRequest(_Strict):
    """Extra control of a relayout: elements to hide and relations to hold (the creative's
    locked elements and edited texts are kept)."""

    hidden: list[Element] | None = Field(None, max_length=len(ELEMENTS))
    relations: list[RelationText] | None = Field(None, max_length=16)
    force: bool = False

    _relations = field_validator("relations")(_check_relations)


class PlacementRequest(_Strict):
    """An ad slot: its name, its size and optionally the products it may show."""

    name: str = Field(pattern=NAME_PATTERN)
    size: str = Field(pattern=SIZE_PATTERN)
    products: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(default_factory=list, max_length=1000)


class SessionRequest(_Strict):
    """Sign in to the studio: the API key to keep in an HttpOnly cookie."""

    key: str = Field(min_length=1, max_length=200)


# -- layout control <-> job options (JSON) -----------------------------------------------------
def control_to_json(control: LayoutControl) -> dict:
    """A :class:`LayoutControl` as JSON-able job options (every field kept)."""
    return {
        "locked": {k: [int(x) for x in v] for k, v in control.locked.items()},
        "hidden": sorted(control.hidden),
        "texts": dict(control.texts),
        "relations": [" ".join(p for p in (r.subject, r.kind, r.target) if p) for r in control.relations],
    }


def control_from_json(data: dict) -> LayoutControl:
    """The :class:`LayoutControl` that :func:`control_to_json` wrote.

    Raises
    ------
    InputError
        An unknown element, a bad box or a relation that does not parse.
    """
    if not isinstance(data, dict):
        raise InputError(f"control must be an object, got {type(data).__name__}")
    return LayoutControl(
        locked={k: tuple(int(x) for x in v) for k, v in (data.get("locked") or {}).items()},
        hidden=frozenset(data.get("hidden") or ()),
        texts=dict(data.get("texts") or {}),
        relations=tuple(Relation.parse(r) for r in data.get("relations") or ()),
    )
