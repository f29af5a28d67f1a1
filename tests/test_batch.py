"""Catalogue batches: every product exactly once across runs and a ``kill -9``, failures retried
only when asked, the manifest, ``batch.json`` and the ``index.html`` gallery, and byte-identical
creatives on one worker, two workers and Ray."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import packshot
from PIL import Image

from adcraft.batch import BackendChoice, BatchSpec, run_batch
from adcraft.cli import main
from adcraft.errors import InputError

SMALL = BatchSpec(sizes=((300, 250),), count=1, seed=3)
COLOURS = [(200, 30, 40), (30, 110, 200), (40, 150, 70), (230, 160, 20), (120, 60, 170), (20, 20, 20), (200, 90, 150)]
HEADER = "id\ttitle\timage_link\tadditional_image_link\tprice\tsale_price\tbrand\tcolor\n"


def _photos(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        img, _ = packshot(320, COLOURS[i % len(COLOURS)])
        names.append(f"photos/bottle_{i}.png")
        Image.fromarray(img).save(folder / f"bottle_{i}.png")
    return names


def _feed(tmp_path: Path, n: int, extra_rows: str = "") -> Path:
    photos = _photos(tmp_path / "photos", n)
    rows = "".join(f"P{i}\tBottle number {i}, sparkling water\t{p}\t\t{4 + i}.00 USD\t\tFizz\tred\n" for i, p in enumerate(photos))
    path = tmp_path / "feed.tsv"
    path.write_text(HEADER + rows + extra_rows, encoding="utf-8")
    return path


def _manifest(out: Path) -> dict[str, dict]:
    db = sqlite3.connect(out / "manifest.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return {r["id"]: dict(r) for r in db.execute("SELECT * FROM products")}
    finally:
        db.close()


def _hashes(out: Path) -> dict[str, str]:
    """Product folder → SHA-256 of every creative image and design document."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((out / "products").rglob("*"))
        if p.suffix in (".png", ".json") and re.fullmatch(r"\d+x\d+", p.parent.name)
    }


def test_batch_statuses_rerun_retry_and_gallery(tmp_path):
    # P0..P2 good; P3 two photos, one missing; P4 too small a photo; a row with no title
    tiny = tmp_path / "photos" / "tiny.png"
    extra = ("P3\tBottle with two photos\tphotos/missing.png\tphotos/bottle_1.png\t3.00 USD\t\t\t\n"
             "P4\tTiny photo bottle\tphotos/tiny.png\t\t2.00 USD\t\t\t\n"
             "P5\t\tphotos/bottle_0.png\t\t1.00 USD\t\t\t\n")
    feed = _feed(tmp_path, 3, extra)
    Image.new("RGB", (120, 120), (255, 255, 255)).save(tiny)
    out = tmp_path / "out"
    seen = []
    report = run_batch(feed, out, SMALL, BackendChoice("local", 1), on_progress=seen.append)
    assert report.counts["done"] == 4 and report.counts["failed"] == 1 and report.counts["skipped"] == 1
    assert (report.made, report.failed) == (4, 1)
    assert seen[0].total == 5 and seen[-1].made == 4 and seen[-1].failed == 1
    rows = _manifest(out)
    assert {k: v["status"] for k, v in rows.items()} == {
        "P0": "done", "P1": "done", "P2": "done", "P3": "done", "P4": "failed", "P5": "skipped"}
    assert "short side" in rows["P4"]["reason"] or "too small" in rows["P4"]["reason"]
    assert rows["P5"]["reason"].startswith("no title")
    assert rows["P3"]["photo"] == "photos/bottle_1.png" and "photo 1: cannot read image 'photos/missing.png'" in rows["P3"]["photo_why"]
    assert all(rows[p]["attempts"] == 1 and rows[p]["seconds"] > 0 and rows[p]["peak_rss_mb"] > 100 for p in ("P0", "P4"))
    assert sorted(p.name for p in (out / "products").iterdir()) == ["P0", "P1", "P2", "P3"]
    ranking = json.loads((out / "products" / "P0" / "ranking.json").read_text())
    assert ranking["brief"]["photo"] == "photos/bottle_0.png" and ranking["creatives"][0]["verdict"] in ("SHIP", "FIX")
    summary = json.loads((out / "batch.json").read_text())
    assert (summary["done"], summary["failed"], summary["skipped"], summary["this_run"]["made"]) == (4, 1, 1, 4)
    assert summary["this_run"]["products_per_hour"] > 0 and summary["feed_warnings"] == ["ignored 1 attribute adcraft does not use: color"]
    assert [w["products"] for w in summary["workers"].values()] == [5]  # made or failed by the one worker

    html = (out / "index.html").read_text()
    for p in ("P0", "P1", "P2", "P3"):
        top = rows[p]["top"] and json.loads(rows[p]["top"])[0]
        src = f"products/{p}/{top['file']}"
        assert f'src="{src}"' in html and (out / src).is_file()
        assert f">{top['verdict']}</span>" in html
    assert "Tiny photo bottle" in html and "1 failed" in html and "no title" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # offline: relative links only

    # the same command again: nothing made, the failure kept
    again = run_batch(feed, out, SMALL, BackendChoice("local", 1))
    assert (again.made, again.failed) == (0, 0) and again.counts["failed"] == 1
    assert _manifest(out)["P4"]["attempts"] == 1
    # --retry-failed: the product fails again, then passes once its photo is fixed
    run_batch(feed, out, SMALL, BackendChoice("local", 1), retry_failed=True)
    assert _manifest(out)["P4"]["attempts"] == 2 and _manifest(out)["P4"]["status"] == "failed"
    Image.open(tmp_path / "photos" / "bottle_2.png").save(tiny)
    fixed = run_batch(feed, out, SMALL, BackendChoice("local", 1), retry_failed=True)
    assert (fixed.made, fixed.counts["done"], fixed.counts["failed"]) == (1, 5, 0)
    assert _manifest(out)["P4"]["attempts"] == 3
    # another feed row content → made again; other settings → refused
    feed.write_text(feed.read_text().replace("Bottle number 0,", "Bottle number zero,"))
    assert run_batch(feed, out, SMALL, BackendChoice("local", 1)).made == 1
    with pytest.raises(InputError, match="other settings .*count=1"):
        run_batch(feed, out, BatchSpec(sizes=((300, 250),), count=2, seed=3))


def _alive(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().split()[2] != "Z"
    except OSError:
        return False


def test_kill_9_loses_only_the_products_in_flight(tmp_path):
    feed = _feed(tmp_path, 7)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "adcraft.cli", "batch", str(feed), "--out", str(out), "--sizes", "300x250", "--count", "1",
           "--seed", "3", "--workers", "1", "--quiet"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            time.sleep(0.3)
            if (out / "manifest.sqlite").exists() and sum(r["status"] == "done" for r in _manifest(out).values()) >= 2:
                break
            assert proc.poll() is None, proc.stderr.read().decode()
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True).stdout.split()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    rows = _manifest(out)
    done = {k for k, r in rows.items() if r["status"] == "done"}
    in_flight = {k for k, r in rows.items() if r["status"] == "running"}
    assert 2 <= len(done) < 7 and len(in_flight) <= 2  # one worker: one product running, one queued
    assert {p.name for p in (out / "products").iterdir() if not p.name.startswith(".")} >= done
    # the worker processes end with their driver
    t = time.monotonic()
    while any(_alive(int(c)) for c in children) and time.monotonic() - t < 30:
        time.sleep(0.5)
    assert not any(_alive(int(c)) for c in children)

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=400)
    assert rerun.returncode == 0, rerun.stderr
    rows = _manifest(out)
    assert all(r["status"] == "done" for r in rows.values()) and len(rows) == 7
    assert sorted(p.name for p in (out / "products").iterdir()) == [f"P{i}" for i in range(7)]  # each once, no leftovers
    assert {k for k, r in rows.items() if r["attempts"] == 2} == in_flight
    assert all(r["attempts"] == 1 for k, r in rows.items() if k in done)
    summary = json.loads((out / "batch.json").read_text())
    assert summary["this_run"]["made"] == 7 - len(done) and summary["this_run"]["done_before"] == len(done)
    for p in rows:
        ranking = json.loads((out / "products" / p / "ranking.json").read_text())
        assert all((out / "products" / p / c["files"]["png"]).is_file() for c in ranking["creatives"])


# --- the same creatives on every back-end -----------------------------------------------

IDENTICAL = BatchSpec(sizes=((300, 250), (320, 50)), count=2, seed=11)


@pytest.fixture(scope="module")
def three_products(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feed")
    feed = _feed(folder, 3)
    out = folder / "one-worker"
    run_batch(feed, out, IDENTICAL, BackendChoice("local", 1))
    hashes = _hashes(out)
    assert len(hashes) >= 3 * 2 * 2  # images and documents of every product
    return feed, hashes


def test_two_workers_make_byte_identical_creatives(three_products, tmp_path):
    feed, one = three_products
    report = run_batch(feed, tmp_path / "two", IDENTICAL, BackendChoice("local", 2))
    assert report.made == 3
    assert _hashes(tmp_path / "two") == one


def test_ray_makes_byte_identical_creatives(three_products, tmp_path, monkeypatch):
    ray = pytest.importorskip("ray", reason='Ray is not installed: pip install "adcraft[ray]" to run the Ray back-end test')
    feed, one = three_products
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        report = run_batch(feed, tmp_path / "ray", IDENTICAL, BackendChoice("ray", 2))
        assert report.made == 3 and 1 <= len(report.workers) <= 2
        assert json.loads((tmp_path / "ray" / "batch.json").read_text())["backend"]["kind"] == "ray"
    finally:
        ray.shutdown()
    assert _hashes(tmp_path / "ray") == one


def test_cli_errors_are_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    feed = tmp_path / "feed.tsv"
    feed.write_text(HEADER + "P0\tBottle\tphotos/a.png\t\t1 USD\t\t\t\n", encoding="utf-8")
    assert main(["batch", str(tmp_path / "none.tsv"), "--out", str(tmp_path / "o")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["batch", str(feed), "--out", str(tmp_path / "o"), "--theme", "neon"]) == 2
    assert "neon" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    assert main(["batch", str(feed), "--out", str(tmp_path / "o"), "--ray", "--quiet"]) == 2
    assert 'pip install "adcraft[ray]"' in capsys.readouterr().err
