"""Where a batch's products are made: the :class:`Backend` protocol and its choice.

A back-end takes a stream of :class:`~adcraft.batch.task.ProductTask` s and yields one
:class:`~adcraft.batch.task.ProductOutcome` per task as they finish (in any order), keeping a
bounded number in flight so a catalogue of any length streams through a fixed amount of
memory. Back-ends: :class:`~adcraft.batch.local.LocalBackend` (worker processes on this
machine) and :class:`~adcraft.batch.distributed.RayBackend` (Ray actors on a local or remote
cluster).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from adcraft.batch.spec import BatchSpec
from adcraft.batch.task import ProductOutcome, ProductTask
from adcraft.errors import InputError

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


@dataclass(frozen=True)
class BackendChoice:
    """Which back-end to start, from the command line.

    Attributes
    ----------
    kind:
        ``"local"`` or ``"ray"``.
    workers:
        Workers to start; ``None`` on Ray: one per CPU of the cluster.
    address:
        Ray: ``None`` starts a local cluster; else the address of a running one
        (``ray://host:10001`` through Ray Client, ``host:6379`` or ``auto`` from a node).
    """

    kind: str = "local"
    workers: int | None = 1
    address: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("local", "ray"):
            raise InputError(f"unknown back-end {self.kind!r}; use local or ray")
        if self.workers is not None and self.workers < 1:
            raise InputError(f"workers must be at least 1, got {self.workers}")

    def describe(self) -> dict[str, object]:
        """JSON-ready description."""
        return {"kind": self.kind, "workers": self.workers, "address": self.address}

    def start(self, spec: BatchSpec) -> Backend:
        """Start the workers (each loads the engine once).

        Raises
        ------
        InputError
            Ray asked for but not installed, or the cluster cannot be reached.
        """
        if self.kind == "ray":
            from adcraft.batch.distributed import RayBackend

            return RayBackend(spec, self.workers, self.address)
        from adcraft.batch.local import LocalBackend

        return LocalBackend(spec, self.workers or 1)
