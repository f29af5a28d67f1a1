"""Where a batch's products are made: the :class:`Backend` protocol.

A back-end takes a stream of :class:`~adcraft.batch.task.ProductTask` s and yields one
:class:`~adcraft.batch.task.ProductOutcome` per task as they finish (in any order), keeping a
bounded number in flight so a catalogue of any length streams through a fixed amount of
memory. Back-ends: :class:`~adcraft.batch.local.LocalBackend` (worker processes on this
machine) and :class:`~adcraft.batch.distributed.RayBackend` (Ray actors on a local or remote
cluster).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from adcraft.batch.task import ProductOutcome, ProductTask

IN_FLIGHT_PER_WORKER = 2
"""Tasks queued per worker: one running, one waiting, so no worker idles between products."""


class Backend(Protocol):
    """Makes products in workers that each load the engine once."""

    workers: int
    """How many workers run at once."""

    def run(self, tasks: Iterable[ProductTask]) -> Iterator[ProductOutcome]:
        """One outcome per task, as each finishes; a worker that dies yields failures."""
        ...

    def close(self) -> None:
        """Stop the workers (and a cluster this back-end started)."""
        ...
