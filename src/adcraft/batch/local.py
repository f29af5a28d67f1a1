"""Worker processes on this machine: :class:`LocalBackend`.

A :class:`concurrent.futures.ProcessPoolExecutor` with the ``spawn`` start method (no forked
copies of the parent's threads or models); its initializer builds the process's
:class:`~adcraft.batch.worker.ProductWorker` once, so the engine loads once per process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from adcraft.batch.backend import IN_FLIGHT_PER_WORKER
from adcraft.batch.spec import BatchSpec
from adcraft.batch.task import ProductOutcome, ProductTask
from adcraft.batch.worker import ProductWorker
from adcraft.errors import InputError, InternalError, internal_message


class _ProcessSlot:
    """The worker of the current process (or why it could not start). It is set once, by the
    pool's initializer, in a worker process only (the standard initializer idiom); the parent
    never touches it."""

    worker: ProductWorker | None = None
    error: str | None = None


def _exit_with_parent() -> None:
    """End this worker process when the driver dies (``kill -9`` included): a daemon thread
    waits on the parent's sentinel, which becomes ready when the parent exits."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        try:
            if _ProcessSlot.worker is not None:
                _ProcessSlot.worker.close()
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="adcraft-parent-watch", daemon=True).start()


def _start_worker(spec: BatchSpec) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    _exit_with_parent()
    try:
        _ProcessSlot.worker = ProductWorker(spec)
    except InputError as exc:
        _ProcessSlot.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - reported to the parent by _ping, never a traceback
        _ProcessSlot.error = f"internal error: {internal_message(exc)}"


def _ping() -> tuple[str | None, str | None]:
    worker = _ProcessSlot.worker
    return (worker.name if worker else None), _ProcessSlot.error


def _make(task: ProductTask) -> ProductOutcome:
    worker = _ProcessSlot.worker
    if worker is None:
        return ProductOutcome.failure(task.id, f"the worker could not start: {_ProcessSlot.error}")
    return worker(task)


class LocalBackend:
    """``workers`` processes on this machine, each with its own engine.

    Parameters
    ----------
    spec:
        The batch's settings, sent to each process once.
    workers:
        Processes to start (one per core is the fastest: each runs its models on one thread).

    Raises
    ------
    InputError
        If a worker cannot start (e.g. a brand font that cannot be opened).
    """

    def __init__(self, spec: BatchSpec, workers: int) -> None:
        self.spec = spec
        self.workers = workers
        self._pool = self._new_pool()
        try:
            _, error = self._pool.submit(_ping).result()
        except BrokenProcessPool:
            raise InternalError("the batch's first worker process died while loading the engine; run `adcraft demo` to check the install") from None
        if error is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            raise InputError(f"the batch's workers cannot start: {error}")

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(self.spec,)
        )

    def run(self, tasks: Iterable[ProductTask]) -> Iterator[ProductOutcome]:
        """One outcome per task as each finishes. A process that dies (killed, out of memory)
        fails the products in flight with that reason, and a new pool carries on."""
        pending = iter(tasks)
        flying: dict[Future, ProductTask] = {}
        exhausted = False
        while True:
            while not exhausted and len(flying) < self.workers * IN_FLIGHT_PER_WORKER:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                flying[self._pool.submit(_make, task)] = task
            if not flying:
                return
            done, _ = wait(flying, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                task = flying.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    yield ProductOutcome.failure(task.id, "a worker process died (killed or out of memory) while this product was in flight")
            if broken:
                for future, task in list(flying.items()):
                    flying.pop(future)
                    yield ProductOutcome.failure(task.id, "a worker process died (killed or out of memory) while this product was in flight")
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()

    def close(self) -> None:
        """Stop the worker processes: queued products are dropped; a product still running (a
        run interrupted) is finished and dropped by its process, which then exits."""
        self._pool.shutdown(wait=False, cancel_futures=True)
