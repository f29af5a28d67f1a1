"""The end of a run: ``OUT/batch.json`` (counts, time, products per hour, workers' memory) and
the ``OUT/index.html`` gallery."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

from adcraft.batch.choice import BackendChoice
from adcraft.batch.gallery import write_gallery
from adcraft.batch.manifest import Manifest
from adcraft.batch.progress import BatchProgress
from adcraft.batch.spec import BatchSpec
from adcraft.feeds.model import Feed


def _atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_summary(
    out: Path, feed: Feed, manifest: Manifest, run: int, spec: BatchSpec, backend: BackendChoice,
    progress: BatchProgress, seconds: float, workers: dict[str, dict[str, float]],
) -> tuple[Path, Path]:
    """Write ``batch.json`` and ``index.html``; returns their paths.

    ``batch.json`` holds the feed's counts per status (``done``, ``failed``, ``skipped``, and
    ``pending`` for products a stopped run did not reach), this run's products made and failed,
    its wall time in seconds and products per hour, each worker's products and peak memory, the
    settings and the back-end.
    """
    counts = manifest.counts(run)
    rows = manifest.rows(run)
    data: dict[str, Any] = {
        "feed": feed.path,
        "format": feed.format,
        "products": len(rows),
        "done": counts["done"],
        "failed": counts["failed"],
        "skipped": counts["skipped"],
        "pending": counts["pending"] + counts["running"],
        "this_run": {
            "made": progress.made, "failed": progress.failed, "done_before": progress.done_before,
            "seconds": round(seconds, 2),
            "products_per_hour": round(progress.made / seconds * 3600, 1) if seconds > 0 else 0.0,
        },
        "workers": workers,
        "backend": backend.describe(),
        "settings": spec.describe(),
        "feed_warnings": list(feed.warnings),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()},
        "failures": [{"id": r["id"], "reason": r["reason"], "attempts": r["attempts"]} for r in rows if r["status"] == "failed"],
        "skipped_rows": [{"id": r["id"], "row": r["row"], "reason": r["reason"]} for r in rows if r["status"] == "skipped"],
    }
    summary = out / "batch.json"
    _atomic_text(summary, json.dumps(data, indent=1, ensure_ascii=False))
    index = write_gallery(out, rows, data, _atomic_text)
    return summary, index
