"""Ad-server figures against ``adcraft serve`` running under uvicorn on loopback.

Usage::

    python benchmarks/serve.py [--rate 500] [--concurrency 200] [--seconds 20] [--steps 20000]
                               [--load-seconds 20] [--uploads 8] [--database-url URL] [--json PATH]

What it does, in one run:

1. starts ``adcraft serve`` in its own process (SQLite in a temporary folder unless
   ``--database-url``), uploads the scikit-image coffee photo, generates six 300x250
   candidates, approves them and creates placements;
2. **decision latency**: open loop at ``--rate`` requests/s over ``--concurrency`` connections
   for ``--seconds`` (p50/p90/p99 from send to response); then closed loop (every connection
   busy) for the highest throughput;
3. **under load**: the same open-loop decisions (and impression beacons at a fifth of the
   rate) while ``--uploads`` clients upload a 6300x6300 PNG again and again (40 MP, decoded and
   checked by the server) and a generation job runs; the idle figures of step 2, measured in
   the same run, are the baseline;
4. **beacon ingest**: one impression beacon per decision token, sent by ``--concurrency``
   connections (events/s), then every beacon again; the stored count must equal the number of
   distinct tokens (no lost, no double-counted event);
5. **regret simulation**: users with hidden preferences (4 segments x 6 creatives, click
   probabilities below) ask for decisions, fire the impression beacon and, with their hidden
   probability, the click beacon. Cumulative expected regret of Thompson sampling (segment
   given), of the contextual bandit (user attributes given, segment hidden) and, in the same
   run over the same users, of uniform random choice (the baseline).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

KEY = "bench-key"
# hidden click probabilities: segment -> creative index (the best differs per segment)
CTR = np.array(
    [
        [0.10, 0.04, 0.03, 0.05, 0.02, 0.04],
        [0.03, 0.11, 0.04, 0.02, 0.05, 0.03],
        [0.04, 0.03, 0.02, 0.09, 0.04, 0.05],
        [0.02, 0.05, 0.04, 0.03, 0.03, 0.12],
    ]
)
ATTRS = [{"device": "mobile", "age": "young"}, {"device": "mobile", "age": "older"}, {"device": "desktop", "age": "young"}, {"device": "desktop", "age": "older"}]


def _percentiles(lat: list[float]) -> dict:
    a = np.asarray(lat) * 1000
    return {"n": int(a.size), "p50_ms": round(float(np.percentile(a, 50)), 2), "p90_ms": round(float(np.percentile(a, 90)), 2), "p99_ms": round(float(np.percentile(a, 99)), 2), "max_ms": round(float(a.max()), 2)}


def start_server(data: Path, port: int, database_url: str | None) -> subprocess.Popen:
    env = {**os.environ, "ADCRAFT_API_KEYS": KEY, "ADCRAFT_REWARD_WAIT_S": "0.5", "ADCRAFT_MAX_UPLOAD_BYTES": str(120 * 1024 * 1024)}
    cmd = [sys.executable, "-m", "adcraft.cli", "serve", "--data", str(data), "--port", str(port), "--log-level", "warning"]
    if database_url:
        cmd += ["--database-url", database_url]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def setup(url: str) -> tuple[str, list[str]]:
    """Upload a product, generate six 300x250 creatives, approve them, make placements."""
    import httpx
    from PIL import Image
    from skimage import data

    h = {"X-API-Key": KEY}
    with httpx.Client(base_url=url, timeout=60) as c:
        for _ in range(200):
            try:
                if c.get("/v1/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        buf = io.BytesIO()
        Image.fromarray(np.asarray(data.coffee())).save(buf, "JPEG")
        brief = {"title": "Single-origin espresso beans", "brand": "Pikolo", "price": 19, "original_price": 27}
        pid = c.post("/v1/products", headers=h, files={"photo": ("c.jpg", buf.getvalue())}, data={"brief": json.dumps(brief)}).json()["id"]
        job = c.post(f"/v1/products/{pid}/jobs", headers=h, json={"sizes": ["300x250"], "count": 6}).json()
        while (j := c.get(f"/v1/jobs/{job['id']}", headers=h).json())["status"] not in ("done", "failed"):
            time.sleep(0.3)
        assert j["status"] == "done", j
        ids = [x["id"] for x in c.get(f"/v1/products/{pid}/creatives", headers=h).json()]
        for cid in ids:
            c.post(f"/v1/creatives/{cid}/approve", headers=h)
        for name in ("bench", "bench-load", "sim-ts", "sim-cb"):
            c.post("/v1/placements", headers=h, json={"name": name, "size": "300x250"})
    return pid, sorted(ids)


def big_png() -> bytes:
    """The coffee photo enlarged to 6300x6300 (39.7 MP, just under the 40 MP limit), as PNG."""
    from PIL import Image
    from skimage import data

    buf = io.BytesIO()
    Image.fromarray(np.asarray(data.coffee())).resize((6300, 6300), Image.Resampling.BICUBIC).save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def upload_loop(url: str, photo: bytes, stop, out) -> None:
    """Upload ``photo`` as a new product again and again until ``stop`` (one client process, so
    that the measuring process's event loop does not share an interpreter lock with it)."""
    import httpx

    with httpx.Client(base_url=url, timeout=300) as c:
        while not stop.is_set():
            t = time.perf_counter()
            r = c.post("/v1/products", headers={"X-API-Key": KEY}, files={"photo": ("big.png", photo)}, data={"brief": '{"title": "Large upload"}'})
            out.append((r.status_code, time.perf_counter() - t))


async def beacon_loop(session, urls: list[str], rate: float) -> dict:
    """Impression beacons for ``urls`` at ``rate`` per second (open loop); their latencies."""
    lat: list[float] = []
    t0 = time.perf_counter() + 0.1

    async def one(i: int, u: str) -> None:
        await asyncio.sleep(max(0.0, t0 + i / rate - time.perf_counter()))
        start = time.perf_counter()
        async with session.get(u) as r:
            await r.read()
        lat.append(time.perf_counter() - start)

    await asyncio.gather(*(one(i, u) for i, u in enumerate(urls)))
    return _percentiles(lat)


async def under_load(session, url: str, pid: str, args) -> dict:
    """Decision and beacon latency while uploads are checked and a generation job runs."""
    import httpx

    photo = big_png()
    with httpx.Client(base_url=url, timeout=60) as c:
        job = c.post(f"/v1/products/{pid}/jobs", headers={"X-API-Key": KEY}, json={"sizes": ["1080x1080", "1200x628", "1080x1920"], "count": 8, "seed": 3}).json()["id"]
    ctx = multiprocessing.get_context("spawn")
    manager = ctx.Manager()
    stop, uploads = manager.Event(), manager.list()
    threads = [ctx.Process(target=upload_loop, args=(url, photo, stop, uploads), daemon=True) for _ in range(args.uploads)]
    for t in threads:
        t.start()
    await asyncio.sleep(2.0)  # uploads in flight, the job under way
    async with session.get(f"{url}/v1/jobs/{job}", headers={"X-API-Key": KEY}) as r:
        status_before = (await r.json())["status"]
    _, tokens = await open_loop(session, url, args.rate / 5, 2.0, args.concurrency, "bench-load")  # tokens for the beacons
    decisions, beacons = await asyncio.gather(
        open_loop(session, url, args.rate, args.load_seconds, args.concurrency, "bench-load"),
        beacon_loop(session, tokens * max(1, int(args.load_seconds * args.rate / 5 / max(1, len(tokens)))), args.rate / 5),
    )
    async with session.get(f"{url}/v1/jobs/{job}", headers={"X-API-Key": KEY}) as r:
        status_after = (await r.json())["status"]
    stop.set()
    for t in threads:
        t.join(timeout=300)
    uploads = list(uploads)
    manager.shutdown()
    ok = [d for s, d in uploads if s == 201]
    return {
        "decision": decisions[0],
        "beacon_impression": beacons,
        "uploads": {"clients": args.uploads, "bytes": len(photo), "done": len(ok), "refused": len(uploads) - len(ok), "seconds_mean": round(float(np.mean(ok)), 2) if ok else None},
        "job": {"status_at_start": status_before, "status_at_end": status_after},
    }


async def open_loop(session, url: str, rate: float, seconds: float, concurrency: int, placement: str = "bench") -> tuple[dict, list[str]]:
    sem = asyncio.Semaphore(concurrency)
    lat: list[float] = []
    late: list[float] = []
    tokens: list[str] = []
    errors = 0
    n = int(rate * seconds)
    t0 = time.perf_counter() + 0.2

    async def one(i: int) -> None:
        nonlocal errors
        await asyncio.sleep(max(0.0, t0 + i / rate - time.perf_counter()))
        async with sem:
            start = time.perf_counter()
            late.append(start - (t0 + i / rate))
            async with session.get(f"{url}/v1/decision", params={"placement": placement, "user": f"u{i}", "segment": f"s{i % 4}"}) as r:
                body = await r.json()
                if r.status != 200:
                    errors += 1
                    return
            lat.append(time.perf_counter() - start)
            tokens.append(body["impression_url"])

    await asyncio.gather(*(one(i) for i in range(n)))
    elapsed = time.perf_counter() - t0
    out = {**_percentiles(lat), "offered_rps": rate, "achieved_rps": round(len(lat) / elapsed, 1), "errors": errors, "client_late_p99_ms": round(float(np.percentile(late, 99)) * 1000, 2)}
    return out, tokens


async def closed_loop(session, url: str, seconds: float, concurrency: int) -> dict:
    lat: list[float] = []
    end = time.perf_counter() + seconds

    async def worker(w: int) -> None:
        i = 0
        while time.perf_counter() < end:
            start = time.perf_counter()
            async with session.get(f"{url}/v1/decision", params={"placement": "bench", "user": f"w{w}-{i}"}) as r:
                await r.read()
            lat.append(time.perf_counter() - start)
            i += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(concurrency)))
    return {**_percentiles(lat), "throughput_rps": round(len(lat) / (time.perf_counter() - t0), 1)}


async def ingest(session, urls: list[str], concurrency: int) -> dict:
    sem = asyncio.Semaphore(concurrency)
    stored = {"1": 0, "0": 0}
    errors = 0

    async def one(u: str) -> None:
        nonlocal errors
        async with sem, session.get(u) as r:
            await r.read()
            if r.status != 204:
                errors += 1
            stored[r.headers.get("X-Adcraft-Stored", "?")] = stored.get(r.headers.get("X-Adcraft-Stored", "?"), 0) + 1

    t0 = time.perf_counter()
    await asyncio.gather(*(one(u) for u in urls))
    dt = time.perf_counter() - t0
    return {"events": len(urls), "seconds": round(dt, 2), "events_per_s": round(len(urls) / dt, 1), "stored": stored["1"], "repeats": stored["0"], "errors": errors}


async def simulate(session, url: str, ids: list[str], steps: int, policy: str, seed: int, concurrency: int = 32) -> dict:
    """Cumulative expected regret of the server's choices for ``steps`` simulated users."""
    rng = np.random.default_rng(seed)
    segments = rng.integers(0, len(CTR), steps)
    clicks_rng = np.random.default_rng(seed + 1)
    regret = np.zeros(steps)
    chosen_ok = np.zeros(steps, bool)
    placement = "sim-ts" if policy == "ts" else "sim-cb"
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(steps):
        queue.put_nowait(i)

    async def user() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            seg = int(segments[i])
            params = {"placement": placement, "user": f"{policy}-{i}"}
            if policy == "ts":
                params["segment"] = f"seg{seg}"
            else:
                params.update(ATTRS[seg])
            async with session.get(f"{url}/v1/decision", params=params) as r:
                d = await r.json()
            arm = ids.index(d["creative_id"])
            regret[i] = CTR[seg].max() - CTR[seg, arm]
            chosen_ok[i] = arm == int(CTR[seg].argmax())
            async with session.get(d["impression_url"]) as r:
                await r.read()
            if clicks_rng.random() < CTR[seg, arm]:
                async with session.get(d["click_url"]) as r:
                    await r.read()

    t0 = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    uniform = float(np.sum(CTR[segments].max(axis=1) - CTR[segments].mean(axis=1)))
    cum = np.cumsum(regret)
    checkpoints = {str(k): round(float(cum[k - 1]), 1) for k in (1000, 5000, 10000, 20000) if k <= steps}
    return {
        "policy": {"ts": "thompson_sampling (segment given)", "cb": "contextual_bandit (attributes given)"}[policy],
        "steps": steps,
        "regret": round(float(cum[-1]), 1),
        "uniform_regret": round(uniform, 1),
        "ratio_to_uniform": round(float(cum[-1]) / uniform, 3),
        "best_arm_share_last_2000": round(float(chosen_ok[-2000:].mean()), 3),
        "regret_at": checkpoints,
        "seconds": round(time.perf_counter() - t0, 1),
    }


async def run(args, url: str, pid: str, ids: list[str]) -> dict:
    import aiohttp

    conn = aiohttp.TCPConnector(limit=args.concurrency, force_close=False)
    async with aiohttp.ClientSession(connector=conn) as session:
        for _ in range(200):  # warm up
            async with session.get(f"{url}/v1/decision", params={"placement": "bench"}) as r:
                await r.read()
        decision_open, tokens = await open_loop(session, url, args.rate, args.seconds, args.concurrency)
        print("decision, open loop:", decision_open, flush=True)
        decision_closed = await closed_loop(session, url, min(args.seconds, 10), args.concurrency)
        print("decision, closed loop:", decision_closed, flush=True)
        loaded = await under_load(session, url, pid, args) if args.load_seconds > 0 else None
        if loaded:
            loaded["p99_ratio_to_idle"] = round(loaded["decision"]["p99_ms"] / decision_open["p99_ms"], 2)
            print("under load:", loaded, flush=True)
        first = await ingest(session, tokens, args.concurrency)
        print("beacons, first send:", first, flush=True)
        again = await ingest(session, tokens, args.concurrency)
        print("beacons, all again:", again, flush=True)
        async with session.get(f"{url}/v1/reports", params={"by": "placement"}, headers={"X-API-Key": KEY}) as r:
            rows = {x["key"]: x for x in (await r.json())["rows"]}
        counted = rows["bench"]["impressions"]
        beacons = {"first": first, "repeat": again, "distinct_tokens": len(set(tokens)), "impressions_stored": counted, "exact": counted == len(set(tokens)) == first["stored"] and again["stored"] == 0}
        print("beacons: stored", counted, "of", len(set(tokens)), "distinct; exact:", beacons["exact"], flush=True)
        sims = []
        for policy in ("ts", "cb") if args.steps > 0 else ():
            sim = await simulate(session, url, ids, args.steps, policy, seed=7)
            print("simulation:", sim, flush=True)
            sims.append(sim)
    return {"decision_open_loop": decision_open, "decision_closed_loop": decision_closed, "under_load": loaded, "beacons": beacons, "simulation": sims}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rate", type=float, default=500.0, help="offered decision requests per second (open loop)")
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--steps", type=int, default=20000, help="simulated users per policy (0: no simulation)")
    ap.add_argument("--load-seconds", type=float, default=20.0, help="seconds of decisions under upload and job load (0: skip)")
    ap.add_argument("--uploads", type=int, default=8, help="concurrent upload clients during the load phase")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in a temporary folder)")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), args.port, args.database_url)
        try:
            url = f"http://127.0.0.1:{args.port}"
            pid, ids = setup(url)
            result = asyncio.run(run(args, url, pid, ids))
        finally:
            server.terminate()
            server.wait(timeout=20)
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {'PostgreSQL' if args.database_url else 'SQLite'}"
    print(json.dumps(result, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
