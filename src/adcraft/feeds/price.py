"""Merchant Center prices: ``"15.00 USD"`` → :class:`~adcraft.feeds.model.Money`.

Google Merchant Center writes ``price`` and ``sale_price`` as a number with a period as the
decimal point and an ISO 4217 currency code after it (Merchant Center product data
specification, *price*); the code before the number (``"USD 15.00"``) and thousands commas
(``"1,299.00 USD"``) are accepted too.
"""

from __future__ import annotations

import re

from adcraft.errors import InputError
from adcraft.feeds.model import Money

_NUMBER = r"(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_AFTER = re.compile(rf"^{_NUMBER}\s*(?P<currency>[A-Za-z]{{3}})$")
_BEFORE = re.compile(rf"^(?P<currency>[A-Za-z]{{3}})\s*{_NUMBER}$")


def parse_price(text: str, attribute: str = "price") -> Money:
    """Read a Merchant Center price.

    Parameters
    ----------
    text:
        E.g. ``"15.00 USD"``, ``"USD 15"``, ``"1,299.99 EUR"``.
    attribute:
        The attribute's name, for the message.

    Returns
    -------
    Money
        Amount ``>= 0`` and the upper-case currency code.

    Raises
    ------
    InputError
        If ``text`` is not a number with a three-letter currency code.
    """
    s = " ".join(text.split())
    m = _AFTER.match(s) or _BEFORE.match(s)
    if m is None:
        hint = " (use a period as the decimal point)" if re.match(r"^\d+,\d{1,2}\b", s) else ""
        raise InputError(f"{attribute} {text!r} is not a price like '15.00 USD'{hint}; write the amount and an ISO 4217 currency code")
    return Money(amount=float(m["amount"].replace(",", "")), currency=m["currency"].upper())
