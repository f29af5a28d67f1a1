"""One small generic registry, instantiated once per extension point.

Each extension point (segmenters, background styles, layout families, copy writers) owns one
:class:`Registry` instance in its own module; back-ends register themselves with
:meth:`Registry.register` where they are defined. Looking up an unknown name raises
:class:`~adcraft.errors.UnknownOptionError` listing the valid names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from adcraft.errors import UnknownOptionError

T = TypeVar("T")


class Registry(Generic[T]):
    """A name → object mapping for one extension point.

    Parameters
    ----------
    kind:
        What the entries are, for error messages (e.g. ``"background style"``).
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator registering ``obj`` under ``name``; a duplicate name is an error."""

        def decorator(obj: T) -> T:
            if name in self._entries:
                raise ValueError(f"{self.kind} {name!r} is registered twice")
            self._entries[name] = obj
            return obj

        return decorator

    def get(self, name: str) -> T:
        """Return the entry called ``name``.

        Raises
        ------
        UnknownOptionError
            If no entry has that name; the message lists the registered names.
        """
        try:
            return self._entries[name]
        except KeyError:
            valid = ", ".join(sorted(self._entries)) or "(none)"
            raise UnknownOptionError(
                f"unknown {self.kind} {name!r}; valid names are: {valid}"
            ) from None

    def names(self) -> list[str]:
        """Registered names in registration order."""
        return list(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)
