"""The brief: the product photo and facts a creative is made from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from adcraft.errors import InputError
from adcraft.io.jsonfile import describe, read_json_object

Lang = Literal["en", "zh"]

#: Largest price a brief may give (in its currency): ten digits before the point at most.
MAX_PRICE = 1e9
#: Brief texts hold no control characters (C0, DEL, C1): line breaks are the layout's job.
TEXT_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"


def _text(max_length: int, min_length: int = 0):
    return Field(None, min_length=min_length, max_length=max_length, pattern=TEXT_PATTERN)


class Brief(BaseModel):
    """Product facts and optional copy for one product.

    Attributes
    ----------
    photo:
        Path of the product photo (JPEG/PNG/WebP).
    title:
        Product title, 1–200 characters.
    headline, subtitle, cta:
        Copy to use as given; derived from the other facts when omitted.
    brand, category:
        Free text (category e.g. ``"electronics"``).
    price, original_price:
        Prices in ``currency``, finite, within 0..:data:`MAX_PRICE`; an original price above the
        price is struck through and gives a discount ("-30%").
    currency:
        ISO 4217 code (``USD``, ``EUR``, ``GBP``, ``CNY``, ``JPY``…); default ``USD`` for
        English and ``CNY`` for Chinese.
    selling_points:
        Up to 5 short claims.
    logo:
        Path of a logo image (PNG with transparency preferred).
    lang:
        ``"en"`` or ``"zh"`` (Simplified Chinese).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    photo: str
    title: str = Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)
    headline: str | None = _text(120)
    subtitle: str | None = _text(200)
    cta: str | None = _text(40)
    brand: str | None = _text(80)
    category: str | None = _text(80)
    price: float | None = Field(None, ge=0, le=MAX_PRICE, allow_inf_nan=False)
    original_price: float | None = Field(None, ge=0, le=MAX_PRICE, allow_inf_nan=False)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    selling_points: tuple[Annotated[str, Field(max_length=200, pattern=TEXT_PATTERN)], ...] = Field((), max_length=5)
    logo: str | None = None
    lang: Lang = "en"

    @model_validator(mode="after")
    def _prices(self) -> Brief:
        if self.original_price is not None and self.price is None:
            raise ValueError("original_price was given without price; give both, or only price")
        return self

    @classmethod
    def from_json_file(cls, path: str | Path) -> Brief:
        """Read a brief from JSON; a relative ``photo``/``logo`` is relative to the file.

        Raises
        ------
        InputError
            If the file is missing, not JSON, or does not validate (the message lists fields).
        """
        path = Path(path)
        data = read_json_object(path, "brief")
        for key in ("photo", "logo"):
            if isinstance(data.get(key), str) and not Path(data[key]).is_absolute():
                data[key] = str((path.parent / data[key]).resolve())
        return cls.parse(data)

    @classmethod
    def parse(cls, data: dict) -> Brief:
        """Validate a dict into a brief, raising :class:`InputError` with every problem listed."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InputError(f"invalid brief: {describe(exc)}") from None
