"""Which back-end a batch runs on: :class:`BackendChoice` (from the command line), started
into a :class:`~adcraft.batch.backend.Backend`."""

from __future__ import annotations

from dataclasses import dataclass

from adcraft.batch.backend import Backend
from adcraft.batch.spec import BatchSpec
from adcraft.errors import InputError


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
