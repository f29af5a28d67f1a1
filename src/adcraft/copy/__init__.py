"""Copy: on-image text (headline, sub-line, CTA, price) from the brief's facts."""

from adcraft.copy.writer import WRITERS, CopyText, format_price, write_copy

__all__ = ["WRITERS", "CopyText", "format_price", "write_copy"]
