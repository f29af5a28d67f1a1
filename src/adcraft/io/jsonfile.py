"""Reading user JSON files (briefs, brand kits, library tags) with errors that say what to fix."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from adcraft.errors import InputError


def read_json_object(path: str | Path, what: str) -> dict:
    """The JSON object in ``path``.

    Parameters
    ----------
    path:
        File to read (UTF-8).
    what:
        What the file is, for messages (``"brief"``, ``"brand kit"``).

    Raises
    ------
    InputError
        If the file cannot be read, is not JSON, or holds something other than an object.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} {str(path)!r} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{what} {str(path)!r} must be a JSON object, got {type(data).__name__}")
    return data


def describe(exc: ValidationError) -> str:
    """Every problem of a pydantic validation error as ``field: message (got value)``, joined by ``; ``."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']} (got {e.get('input')!r})" for e in exc.errors()
    )
