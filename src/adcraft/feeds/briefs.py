"""A JSON-lines file of adcraft briefs: one :class:`~adcraft.brief.Brief` object per line.

Each line holds the brief's fields (``photo``, ``title``, ``price``…) and optionally ``id``
(the product id; default ``line-<N>``) and ``additional_photos`` (more photos of the product;
the best one is chosen). Relative ``photo``, ``additional_photos`` and ``logo`` paths are
relative to the file. Blank lines and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from adcraft.brief import Brief
from adcraft.errors import InputError
from adcraft.feeds.model import FeedItem, FeedProblem

_PLACEHOLDER = "photo"


def _is_url(link: str) -> bool:
    return "://" in link


def _local(path: Path, link: str) -> str:
    return link if _is_url(link) or Path(link).is_absolute() else str((path.parent / link).resolve())


def _item(path: Path, number: int, data: dict) -> FeedItem:
    pid = data.pop("id", None)
    pid = f"line-{number}" if pid is None or str(pid).strip() == "" else str(pid).strip()
    more = data.pop("additional_photos", [])
    if not isinstance(more, list) or not all(isinstance(m, str) for m in more):
        raise InputError(f"additional_photos must be a list of paths or URLs, got {more!r}")
    photo = data.get("photo")
    if not isinstance(photo, str) or not photo.strip():
        raise InputError("no photo; give the product photo's path or URL as \"photo\"")
    if isinstance(data.get("logo"), str):
        data["logo"] = _local(path, data["logo"])
    Brief.parse({**data, "photo": _PLACEHOLDER})  # every field checked now, reported per line
    images = tuple(dict.fromkeys(_local(path, p.strip()) for p in [photo, *more] if p.strip()))
    fields = {k: v for k, v in data.items() if k != "photo"}
    return FeedItem(id=pid, row=number, images=images, fields=fields)


def read_briefs(path: Path) -> Iterator[tuple[FeedItem | None, list[FeedProblem]]]:
    """Each line's item (or ``None``) and its problems.

    Raises
    ------
    InputError
        If the file cannot be read as UTF-8 text.
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read feed {str(path)!r}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"feed {str(path)!r} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield None, [FeedProblem(number, None, f"not a JSON object: {exc.msg} at column {exc.colno}")]
            continue
        if not isinstance(data, dict):
            yield None, [FeedProblem(number, None, f"a line must hold one JSON object (a brief), got {type(data).__name__}")]
            continue
        pid = str(data["id"]) if data.get("id") is not None else None
        try:
            yield _item(path, number, data), []
        except InputError as exc:
            yield None, [FeedProblem(number, pid, str(exc))]
