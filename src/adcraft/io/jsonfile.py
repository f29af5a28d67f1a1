"""Reading user JSON (brief files, brand kits, library tags, request bodies) with errors that say
what to fix, and with bounds: UTF-8 only, standard JSON only (no ``NaN``/``Infinity``), numbers
of at most :data:`MAX_NUMBER_DIGITS` digits, nesting at most :data:`MAX_DEPTH` deep and at most
:data:`MAX_JSON_BYTES` bytes (RFC 8259; its section 9 lets a parser set such limits)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from adcraft.errors import InputError

#: Deepest nesting of arrays and objects accepted (a brief is 2 deep).
MAX_DEPTH = 32
#: Most digits in one JSON number (integer and fraction together).
MAX_NUMBER_DIGITS = 40
#: Largest JSON file read (bytes).
MAX_JSON_BYTES = 4 * 1024 * 1024


def _constant(name: str):
    raise InputError(f"{name} is not a JSON number (RFC 8259 has no NaN or Infinity); give a finite number")


def _digits(text: str) -> int:
    mantissa = text.lower().split("e")[0]
    return sum(ch.isdigit() for ch in mantissa)


def _int(text: str) -> int:
    if _digits(text) > MAX_NUMBER_DIGITS:
        raise InputError(f"a number has {_digits(text)} digits (at most {MAX_NUMBER_DIGITS}); give a number of sane size")
    return int(text)


def _float(text: str) -> float:
    if _digits(text) > MAX_NUMBER_DIGITS:
        raise InputError(f"a number has {_digits(text)} digits (at most {MAX_NUMBER_DIGITS}); give a number of sane size")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise InputError(f"the number {text[:40]} is too large for a 64-bit float; give a number of sane size")
    return value


def _depth(value: object) -> int:
    """Nesting depth of parsed JSON (iterative: no recursion limit to hit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def decode_text(data: bytes, what: str) -> str:
    """``data`` as UTF-8 text (a UTF-8 byte-order mark is allowed).

    Raises
    ------
    InputError
        If the bytes are not UTF-8; the message names the first bad byte and its position.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        hint = "UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "another encoding (Latin-1, Windows-1252…)"
        raise InputError(
            f"{what} is not UTF-8 text (byte 0x{bad} at position {exc.start}; it looks like {hint}); save it as UTF-8"
        ) from None


def loads(text: str | bytes, what: str) -> object:
    """Parse JSON text with the bounds of this module.

    Raises
    ------
    InputError
        Not UTF-8, not JSON, over :data:`MAX_JSON_BYTES`, deeper than :data:`MAX_DEPTH`, a
        ``NaN``/``Infinity`` constant, or a number with too many digits.
    """
    if len(text) > MAX_JSON_BYTES:
        raise InputError(f"{what} is {len(text)} bytes, over the limit of {MAX_JSON_BYTES}; send a smaller document")
    if isinstance(text, bytes):
        text = decode_text(text, what)
    try:
        data = json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels of arrays and objects)") from None
    except InputError as exc:
        raise InputError(f"{what}: {exc}") from None
    if _depth(data) > MAX_DEPTH:
        raise InputError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels of arrays and objects)")
    return data


def read_json_object(path: str | Path, what: str) -> dict:
    """The JSON object in ``path``.

    Parameters
    ----------
    path:
        File to read (UTF-8, at most :data:`MAX_JSON_BYTES`).
    what:
        What the file is, for messages (``"brief"``, ``"brand kit"``).

    Raises
    ------
    InputError
        If the file cannot be read, is not UTF-8, is not bounded JSON (see :func:`loads`), or
        holds something other than an object.
    """
    path = Path(path)
    label = f"{what} {str(path)!r}"
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise InputError(f"{label} is {path.stat().st_size} bytes, over the limit of {MAX_JSON_BYTES}")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror or exc}") from exc
    data = loads(raw, label)
    if not isinstance(data, dict):
        raise InputError(f"{label} must be a JSON object, got {type(data).__name__}")
    return data


def _shown(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(exc: ValidationError) -> str:
    """Every problem of a pydantic validation error as ``field: message (got value)``, joined by
    ``; `` (values shortened to 60 characters)."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']} (got {_shown(e.get('input'))})" for e in exc.errors()
    )
