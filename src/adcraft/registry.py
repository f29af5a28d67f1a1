"""One small generic registry, one instance per extension point.

Each extension point (segmenters, background styles, scene extension, colour harmonies,
themes, copy writers, layout families) builds one :class:`Registry` in its own module from the
entries defined there. A registry never changes after it is built: nothing is registered as a
side effect of importing a module, and a user's own entries (a designer template, another
style) go into a *new* registry made with :meth:`Registry.extended`, held by whoever uses it
(e.g. an :class:`adcraft.Engine`). Looking up an unknown name raises
:class:`~adcraft.errors.UnknownOptionError` listing the valid names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Generic, TypeVar

from adcraft.errors import UnknownOptionError

T = TypeVar("T")


class Registry(Generic[T]):
    """An immutable name → entry mapping for one extension point.

    Parameters
    ----------
    kind:
        What the entries are, for error messages (e.g. ``"background style"``).
    entries:
        ``(name, entry)`` pairs or a mapping, in registration order.

    Raises
    ------
    ValueError
        If a name occurs twice.
    """

    def __init__(self, kind: str, entries: Mapping[str, T] | Iterable[tuple[str, T]] = ()) -> None:
        self.kind = kind
        items = list(entries.items()) if isinstance(entries, Mapping) else list(entries)
        table: dict[str, T] = {}
        for name, entry in items:
            if name in table:
                raise ValueError(f"{kind} {name!r} is registered twice")
            table[name] = entry
        self._entries = MappingProxyType(table)

    @classmethod
    def of(cls, kind: str, entries: Iterable[T], key: str = "name") -> Registry[T]:
        """A registry of ``entries`` keyed by each entry's ``key`` attribute."""
        return cls(kind, [(getattr(e, key), e) for e in entries])

    def extended(self, entries: Mapping[str, T] | Iterable[tuple[str, T]]) -> Registry[T]:
        """A new registry with this one's entries followed by ``entries``.

        Raises
        ------
        ValueError
            If a new name is already registered.
        """
        more = list(entries.items()) if isinstance(entries, Mapping) else list(entries)
        return Registry(self.kind, [*self._entries.items(), *more])

    def get(self, name: str) -> T:
        """Return the entry called ``name``.

        Raises
        ------
        UnknownOptionError
            If no entry has that name; the message lists the registered names.
        """
        try:
            return self._entries[name]
        except (KeyError, TypeError):
            valid = ", ".join(sorted(self._entries)) or "(none)"
            raise UnknownOptionError(f"unknown {self.kind} {name!r}; valid names are: {valid}") from None

    def names(self) -> list[str]:
        """Registered names in registration order."""
        return list(self._entries)

    def values(self) -> list[T]:
        """Entries in registration order."""
        return list(self._entries.values())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
