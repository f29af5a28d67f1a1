"""Ray actors on a local or remote cluster: :class:`RayBackend`.

Each actor is a :class:`~adcraft.batch.worker.ProductWorker` (``num_cpus=1``): it loads the
engine once in its constructor and makes one product per call. The driver streams tasks to
the actors, at most :data:`~adcraft.batch.backend.IN_FLIGHT_PER_WORKER` per actor, and takes
outcomes back with :func:`ray.wait` as they finish; the photos travel inside the tasks and the
files inside the outcomes, so the nodes need no shared file system. Ray is an optional extra
(``pip install "adcraft[ray]"``), imported only here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from adcraft.batch.backend import IN_FLIGHT_PER_WORKER
from adcraft.batch.spec import BatchSpec
from adcraft.batch.task import ProductOutcome, ProductTask
from adcraft.batch.worker import ProductWorker
from adcraft.errors import InputError


def import_ray() -> Any:
    """The :mod:`ray` module.

    Raises
    ------
    InputError
        If Ray is not installed (the message gives the install command).
    """
    try:
        import ray
    except ImportError:
        raise InputError('--ray needs Ray, an optional extra; install it with: pip install "adcraft[ray]"') from None
    return ray


class RayBackend:
    """Products made by Ray actors.

    Parameters
    ----------
    spec:
        The batch's settings, sent to each actor once.
    workers:
        Actors to start; ``None``: one per CPU of the cluster.
    address:
        ``None`` starts a local cluster with ``workers`` CPUs (all of this machine's when
        ``None``) and stops it at :meth:`close`; else the address of a running cluster:
        ``ray://host:10001`` (Ray Client), ``host:6379`` or ``auto`` (on a cluster node).
        When Ray is already initialised in this process, that cluster is used.

    Raises
    ------
    InputError
        If Ray is missing, the cluster cannot be reached, or an actor cannot load the engine.
    """

    def __init__(self, spec: BatchSpec, workers: int | None, address: str | None = None) -> None:
        ray = import_ray()
        self._ray = ray
        self._owns_cluster = False
        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "WARNING"}
            try:
                if address is None:
                    ray.init(num_cpus=workers or os.cpu_count() or 1, **options)
                else:
                    ray.init(address=address, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise InputError(
                    f"cannot reach the Ray cluster at {address!r}: {exc}; start one with `ray start --head` "
                    "and pass its address (ray://HEAD:10001, or HEAD:6379 from a node)"
                ) from None
            self._owns_cluster = True
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._spec = spec
        self._actor = ray.remote(num_cpus=1, max_restarts=0)(ProductWorker)
        self._actors = [self._actor.remote(spec) for _ in range(self.workers)]
        try:
            self.names = ray.get([a.ping.remote() for a in self._actors])
        except ray.exceptions.RayError as exc:
            self.close()
            raise InputError(f"the batch's Ray workers cannot start: {_cause(exc)}") from None

    def run(self, tasks: Iterable[ProductTask]) -> Iterator[ProductOutcome]:
        """One outcome per task as each finishes; an actor that dies fails its products in
        flight with that reason and is replaced."""
        ray = self._ray
        pending = iter(tasks)
        load = [0] * len(self._actors)
        flying: dict[Any, tuple[ProductTask, int, Any]] = {}
        exhausted = False
        while True:
            while not exhausted and min(load) < IN_FLIGHT_PER_WORKER:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                i = load.index(min(load))
                actor = self._actors[i]
                flying[actor.__call__.remote(task)] = (task, i, actor)
                load[i] += 1
            if not flying:
                return
            ready, _ = ray.wait(list(flying), num_returns=1)
            for ref in ready:
                task, i, actor = flying.pop(ref)
                load[i] -= 1
                try:
                    yield ray.get(ref)
                except ray.exceptions.RayActorError as exc:
                    yield ProductOutcome.failure(task.id, f"a Ray worker died while this product was in flight: {_cause(exc)}")
                    if self._actors[i] is actor:  # its other calls in flight fail too; replace it once
                        self._replace(i)
                except ray.exceptions.RayError as exc:
                    yield ProductOutcome.failure(task.id, f"Ray failed on this product: {_cause(exc)}")

    def _replace(self, i: int) -> None:
        """A new actor in place of a dead one (its other calls fail on their own)."""
        self._ray.kill(self._actors[i], no_restart=True)
        self._actors[i] = self._actor.remote(self._spec)

    def close(self) -> None:
        """Stop the actors (each removes its temporary files first), and the local cluster when
        this back-end started it."""
        try:
            self._ray.get([a.close.remote() for a in self._actors], timeout=30)
        except self._ray.exceptions.RayError:
            pass  # a dead actor has nothing left to clean
        for actor in self._actors:
            self._ray.kill(actor, no_restart=True)
        self._actors = []
        if self._owns_cluster:
            self._ray.shutdown()
            self._owns_cluster = False


def _cause(exc: BaseException) -> str:
    """The first line of a Ray error's cause, without Ray's traceback."""
    text = str(getattr(exc, "cause", None) or exc).strip().splitlines()
    lines = [ln for ln in text if ln.strip() and not ln.startswith(("Traceback", "  "))]
    return (lines[-1] if lines else type(exc).__name__)[:300]
