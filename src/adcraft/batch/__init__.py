"""Catalogue batches: every product of a feed made into creatives, resumably, on local worker
processes or a Ray cluster.

One module per job: ``spec`` (the settings every product is made with), ``task`` (one
product in, its outcome out), ``worker`` (the engine loaded once, one product per call),
``backend`` / ``choice`` / ``local`` / ``distributed`` (where workers run), ``progress``, ``manifest`` (SQLite status of
every product), ``store`` (atomic product folders), ``runner`` (the driver), ``summary`` and
``gallery`` (``batch.json``, ``index.html``).

Example::

    from adcraft.batch import BackendChoice, BatchSpec, run_batch
    report = run_batch("products.tsv", "catalogue", BatchSpec(sizes=((1200, 628), (300, 250)), count=4),
                       BackendChoice("local", workers=2))
    print(report.counts, report.products_per_hour)
"""

from adcraft.batch.backend import Backend
from adcraft.batch.choice import BackendChoice
from adcraft.batch.progress import BatchProgress
from adcraft.batch.runner import BatchReport, run_batch
from adcraft.batch.spec import BatchSpec, PackedBrand, PackedFile
from adcraft.batch.task import ProductOutcome, ProductTask, TopCreative
from adcraft.batch.worker import ProductWorker

__all__ = [
    "Backend",
    "BackendChoice",
    "BatchProgress",
    "BatchReport",
    "BatchSpec",
    "PackedBrand",
    "PackedFile",
    "ProductOutcome",
    "ProductTask",
    "ProductWorker",
    "TopCreative",
    "run_batch",
]
