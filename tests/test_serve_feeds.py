"""Feeds and delivery downloads on ``adcraft serve``: a Merchant Center TSV and a JSON-lines file
uploaded with their photos, an RSS feed fetched from a loopback HTTP server, progress to done,
bad rows and unreachable photos reported, idempotent re-import, bulk review; and a creative's
GIF, SVG, HTML5 zip (clickTag) and MP4 made on demand, with clear 4xx errors.

One server per database (SQLite, and PostgreSQL when ``ADCRAFT_TEST_DATABASE_URL`` names one,
as ``.ci/run`` does) makes every product at 300x250 with one candidate, so the engine loads
once in its job worker."""

from __future__ import annotations

import functools
import io
import json
import threading
import time
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from conftest import packshot
from PIL import Image

pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install -e '.[serve]'")

from fastapi.testclient import TestClient  # noqa: E402

from adcraft.serve import ServeSettings, create_app  # noqa: E402

KEY = {"X-API-Key": "test-key"}
TSV = (
    "id\ttitle\tprice\tsale_price\tbrand\timage_link\tadditional_image_link\tlink\tcolor\n"
    "mug-1\tStoneware mug, speckled glaze\t14.00 USD\t\tPikolo\tshots/red.png\t\thttps://shop.example/mug\tred\n"
    "fizz-2\tSparkling water, 6 bottles\t9.00 USD\t7.50 USD\tFizz\tblue.png\tgreen.png\thttps://shop.example/fizz\tblue\n"
    "bad-3\t\t5.00 USD\t\t\tred.png\t\t\t\n"
    "lost-4\tSugar bowl\t8.00 USD\t\tPikolo\tnot-uploaded.jpg\t\t\t\n"
)
OPTIONS = {"sizes": "300x250", "count": "1"}


def _png(colour: tuple[int, int, int]) -> bytes:
    img, _ = packshot(320, colour)
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "PNG")
    return buf.getvalue()


PHOTOS = {"red.png": (200, 30, 40), "blue.png": (30, 110, 200), "green.png": (40, 150, 70)}


def _wait_feed(client: TestClient, feed_id: str, timeout: float = 300) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        feed = client.get(f"/v1/feeds/{feed_id}", headers=KEY).json()
        if feed["status"] == "done":
            return feed
        time.sleep(0.3)
    raise AssertionError(f"feed {feed_id} not done in {timeout} s: {feed}")


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".xml": "application/rss+xml"}

    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


@pytest.fixture(scope="module")
def loopback(tmp_path_factory):
    """A local HTTP server (loopback) serving a folder: the feed and photos a shop would host."""
    folder = tmp_path_factory.mktemp("shop")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    from test_serve_api import _database

    url = _database(request.param)
    data = tmp_path_factory.mktemp(f"serve-feeds-{request.param}")
    settings = ServeSettings(data_dir=data, database_url=url, api_keys=("test-key",), allow_private_urls=True, fetch_retries=0, fetch_timeout_s=3)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def tsv_feed(served) -> dict:
    """The TSV feed uploaded with its photos, generated to the end."""
    files = [("feed", ("catalogue.tsv", TSV.encode(), "text/tab-separated-values"))]
    files += [("photos", (name, _png(colour), "image/png")) for name, colour in PHOTOS.items()]
    r = served.post("/v1/feeds", headers=KEY, files=files, data={**OPTIONS, "feed_id": "spring-tsv"})
    assert r.status_code == 202, r.text
    assert r.json()["import"] == {"added": 3, "changed": 0, "retried": 0, "unchanged": 0, "refused": 1}
    return _wait_feed(served, "spring-tsv")


def test_tsv_feed_with_uploaded_photos_reaches_done(served, tsv_feed):
    feed = tsv_feed
    assert feed["format"] == "tsv" and feed["source"] == "upload:catalogue.tsv"
    assert feed["items"]["total"] == 3 and feed["items"]["done"] == 2 and feed["items"]["failed"] == 1
    assert feed["items"]["imported"] == 2 and feed["progress"] == 1.0
    # the row without a title is reported, not fatal
    assert feed["refused"] == 1 and feed["problems"][0]["row"] == 4 and "title" in feed["problems"][0]["message"]
    assert any("color" in w for w in feed["warnings"])
    # the photo that was not uploaded: the item failed at import, the reason names the file and what to do
    (failure,) = feed["failures"]
    assert failure["item"] == "lost-4" and failure["stage"] == "import"
    assert "not-uploaded.jpg" in failure["reason"] and "upload" in failure["reason"]
    items = served.get("/v1/feeds/spring-tsv/items", headers=KEY).json()
    assert items["total"] == 3 and [i["item"] for i in items["items"]] == ["mug-1", "fizz-2", "lost-4"]
    mug, fizz, lost = items["items"]
    for item in (mug, fizz):
        assert item["state"] == "done" and item["job"]["status"] == "done"
        (top,) = item["top"]
        assert top["size"] == "300x250" and top["rank"] == 1 and top["verdict"] in ("SHIP", "FIX", "REJECT")
        assert isinstance(top["codes"], list)
    assert mug["landing_url"] == "https://shop.example/mug" and mug["photo_choice"] is None
    # two photos: the job chose one with best_photo and said why
    assert fizz["photo_choice"] and fizz["photo_choice"].startswith("photo ")
    product = served.get(f"/v1/products/{fizz['product_id']}", headers=KEY).json()
    assert product["brief"]["price"] == 7.5 and product["brief"]["original_price"] == 9.0
    assert lost["state"] == "failed" and lost["top"] == [] and "not-uploaded.jpg" in lost["error"]
    only_failed = served.get("/v1/feeds/spring-tsv/items", headers=KEY, params={"state": "failed"}).json()
    assert [i["item"] for i in only_failed["items"]] == ["lost-4"]
    listed = served.get("/v1/feeds", headers=KEY).json()
    assert "spring-tsv" in [f["id"] for f in listed]


def test_reimport_does_not_duplicate_products(served, tsv_feed):
    products = {p["id"] for p in served.get("/v1/products", headers=KEY).json()}
    jobs_before = {pid: len(served.get(f"/v1/products/{pid}", headers=KEY).json()["jobs"]) for pid in products}
    changed = TSV.replace("14.00 USD", "12.00 USD")
    r = served.post("/v1/feeds", headers=KEY, files=[("feed", ("catalogue.tsv", changed.encode()))], data={**OPTIONS, "feed_id": "spring-tsv"})
    assert r.status_code == 202, r.text
    # fizz-2 unchanged (kept with its creatives), mug-1's price changed, lost-4 failed before: tried again
    assert r.json()["import"] == {"added": 0, "changed": 1, "retried": 1, "unchanged": 1, "refused": 1}
    assert r.json()["imports"] == 2
    feed = _wait_feed(served, "spring-tsv")
    assert feed["items"]["total"] == 3 and feed["items"]["done"] == 2
    after = {p["id"] for p in served.get("/v1/products", headers=KEY).json()}
    assert after == products  # the same products, updated in place
    items = {i["item"]: i for i in served.get("/v1/feeds/spring-tsv/items", headers=KEY).json()["items"]}
    assert served.get(f"/v1/products/{items['mug-1']['product_id']}", headers=KEY).json()["brief"]["price"] == 12.0
    jobs_after = {pid: len(served.get(f"/v1/products/{pid}", headers=KEY).json()["jobs"]) for pid in products}
    assert jobs_after[items["fizz-2"]["product_id"]] == jobs_before[items["fizz-2"]["product_id"]]
    assert jobs_after[items["mug-1"]["product_id"]] == jobs_before[items["mug-1"]["product_id"]] + 1


def test_bulk_review(served, tsv_feed):
    items = {i["item"]: i for i in served.get("/v1/feeds/spring-tsv/items", headers=KEY).json()["items"]}
    mug, fizz = items["mug-1"], items["fizz-2"]
    r = served.post("/v1/feeds/spring-tsv/review", headers=KEY, json={"decision": "approve", "products": [mug["product_id"], fizz["product_id"]]})
    assert r.status_code == 200, r.text
    tops = sorted([mug["top"][0]["id"], fizz["top"][0]["id"]])
    assert r.json()["creatives"] == tops and r.json()["status"] == "approved"
    r = served.post("/v1/feeds/spring-tsv/review", headers=KEY, json={"decision": "reject", "creatives": [fizz["top"][0]["id"]]})
    assert r.status_code == 200 and r.json()["count"] == 1
    assert served.get(f"/v1/creatives/{mug['top'][0]['id']}", headers=KEY).json()["status"] == "approved"
    assert served.get(f"/v1/creatives/{fizz['top'][0]['id']}", headers=KEY).json()["status"] == "rejected"
    # all or nothing: one id of another feed or none at all is a 404 that changes nothing
    r = served.post("/v1/feeds/spring-tsv/review", headers=KEY, json={"decision": "reject", "creatives": [mug["top"][0]["id"], "nope-1"]})
    assert r.status_code == 404 and "nope-1" in r.json()["error"]
    assert served.get(f"/v1/creatives/{mug['top'][0]['id']}", headers=KEY).json()["status"] == "approved"
    r = served.post("/v1/feeds/spring-tsv/review", headers=KEY, json={"decision": "approve"})
    assert r.status_code == 422 and "creatives or products" in r.json()["error"]
    assert served.post("/v1/feeds/nope/review", headers=KEY, json={"decision": "approve", "creatives": ["x"]}).status_code == 404


def test_jsonl_briefs_with_uploaded_photos(served):
    lines = [
        json.dumps({"id": "b1", "title": "Cold brew concentrate", "photo": "/home/shop/images/red.png", "price": 11.0, "brand": "Pikolo",
                    "selling_points": ["Steeped 18 hours"]}),
        "{not json",
        json.dumps({"id": "b2", "title": "No photo here"}),
    ]
    files = [("feed", ("briefs.jsonl", "\n".join(lines).encode())), ("photos", ("red.png", _png(PHOTOS["red.png"])))]
    r = served.post("/v1/feeds", headers=KEY, files=files, data=OPTIONS)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["format"] == "jsonl" and body["import"]["added"] == 1 and body["refused"] == 2
    assert {p["row"] for p in body["problems"]} == {2, 3}
    feed = _wait_feed(served, body["id"])
    assert feed["items"]["done"] == 1
    (item,) = served.get(f"/v1/feeds/{body['id']}/items", headers=KEY).json()["items"]
    product = served.get(f"/v1/products/{item['product_id']}", headers=KEY).json()
    assert product["brief"]["selling_points"] == ["Steeped 18 hours"] and item["top"][0]["size"] == "300x250"
    # never read from the server's own disk: the absolute path was matched by file name among the uploads
    assert served.get(product["photo_url"], headers=KEY).content == _png(PHOTOS["red.png"])


def test_rss_feed_from_a_url_with_an_unreachable_photo(served, loopback):
    folder, base = loopback
    (folder / "teal.png").write_bytes(_png((20, 140, 140)))
    rss = f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><title>Shop</title>
<item><g:id>teal-1</g:id><g:title>Insulated bottle, 500 ml</g:title><g:price>24.00 USD</g:price>
  <g:image_link>{base}/teal.png</g:image_link><g:link>https://shop.example/teal</g:link></item>
<item><g:id>gone-2</g:id><g:title>Lunch box</g:title><g:image_link>http://127.0.0.1:9/gone.jpg</g:image_link></item>
<item><g:id>html-3</g:id><g:title>Page, not photo</g:title><g:image_link>{base}/feed.xml</g:image_link></item>
</channel></rss>"""
    (folder / "feed.xml").write_text(rss, encoding="utf-8")
    r = served.post("/v1/feeds/from-json", headers=KEY, json={"url": f"{base}/feed.xml", "sizes": ["300x250"], "count": 1, "feed_id": "rss"})
    assert r.status_code == 202, r.text
    assert r.json()["format"] == "rss" and r.json()["items"]["total"] == 3
    feed = _wait_feed(served, "rss")
    assert feed["items"]["done"] == 1 and feed["items"]["failed"] == 2
    reasons = {f["item"]: f["reason"] for f in feed["failures"]}
    assert "cannot download" in reasons["gone-2"] and "127.0.0.1:9/gone.jpg" in reasons["gone-2"]
    assert "not a JPEG, PNG or WebP" in reasons["html-3"]
    # an unreachable feed URL is a 400 that names it
    r = served.post("/v1/feeds/from-json", headers=KEY, json={"url": "http://127.0.0.1:9/feed.tsv"})
    assert r.status_code == 400 and "127.0.0.1:9/feed.tsv" in r.json()["error"] and "reach" in r.json()["error"]
    r = served.post("/v1/feeds/from-json", headers=KEY, json={"url": f"{base}/missing.tsv"})
    assert r.status_code == 400 and "404" in r.json()["error"]


def test_feed_limits_and_bad_requests(tmp_path):
    settings = ServeSettings(data_dir=tmp_path, api_keys=("test-key",), max_feed_bytes=2000, max_feed_items=2)
    with TestClient(create_app(settings)) as c:
        c.app.state.service.feeds.stop()  # nothing is imported: only the requests are checked
        rows = "".join(f"p{i}\tProduct {i}\thttps://cdn.example/{i}.jpg\n" for i in range(3))
        r = c.post("/v1/feeds/from-json", headers=KEY, json={"text": "id\ttitle\timage_link\n" + rows, "format": "tsv"})
        assert r.status_code == 413 and "3 products" in r.json()["error"] and "ADCRAFT_MAX_FEED_ITEMS" in r.json()["error"]
        r = c.post("/v1/feeds", headers=KEY, files={"feed": ("big.tsv", b"id\ttitle\n" + b"x\ty\n" * 1000)})
        assert r.status_code == 413 and "2,000 bytes" in r.json()["error"]
        r = c.post("/v1/feeds/from-json", headers=KEY, json={"text": "   ", "format": "tsv"})
        assert r.status_code == 400 and "empty" in r.json()["error"]
        r = c.post("/v1/feeds/from-json", headers=KEY, json={"text": "<rss><channel><item>", "format": "xml"})
        assert r.status_code == 400 and "error" in r.json()
        assert c.post("/v1/feeds/from-json", headers=KEY, json={"text": "x", "url": "https://a.example/f.tsv"}).status_code == 422
        assert c.post("/v1/feeds/from-json", headers=KEY, json={"format": "tsv"}).status_code == 422
        r = c.post("/v1/feeds", headers=KEY, files={"feed": ("f.tsv", b"id\ttitle\n")}, data={"sizes": "300x250,huge"})
        assert r.status_code == 422 and "sizes" in r.json()["error"]
        # a feed URL on this server's own network is refused before anything is fetched
        r = c.post("/v1/feeds/from-json", headers=KEY, json={"url": "http://127.0.0.1:8000/feed.tsv"})
        assert r.status_code == 400 and "127.0.0.1" in r.json()["error"] and "ADCRAFT_ALLOW_PRIVATE_URLS" in r.json()["error"]
        r = c.post("/v1/feeds/from-json", headers=KEY, json={"url": "http://169.254.169.254/latest/meta-data"})
        assert r.status_code == 400 and "non-public" in r.json()["error"]
        r = c.post("/v1/feeds/from-json", headers=KEY, json={"url": "https://~09}*bi^7G4&F@0[`RO6NR0"})
        assert r.status_code == 400 and "not a valid URL" in r.json()["error"]
        # the literal path is its own resource: GET /v1/feeds/{feed_id} is not advertised there
        r = c.options("/v1/feeds/from-json", headers=KEY)
        assert r.status_code == 405 and r.headers["allow"] == "POST"
        assert c.get("/v1/feeds/nope", headers=KEY).status_code == 404
        assert c.get("/v1/feeds", headers=KEY).json() == []
        assert c.get("/v1/feeds").status_code == 401


# -- delivery downloads ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def creative(served, tsv_feed) -> str:
    items = {i["item"]: i for i in served.get("/v1/feeds/spring-tsv/items", headers=KEY).json()["items"]}
    return items["mug-1"]["top"][0]["id"]


def _export(client, cid: str, **params):
    return client.get(f"/v1/creatives/{cid}/export", headers=KEY, params=params)


def test_gif_svg_and_html5_downloads(served, creative):
    r = _export(served, creative, format="gif", platform="gdn")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/gif" and r.headers["content-disposition"] == f'attachment; filename="{creative}.gif"'
    assert r.headers["x-adcraft-budget-bytes"] == "150000" and r.headers["x-adcraft-fits"] == "1" and len(r.content) <= 150_000
    gif = Image.open(io.BytesIO(r.content))
    assert gif.size == (300, 250) and gif.n_frames > 1
    static = np.asarray(Image.open(io.BytesIO(served.get(f"/v1/creatives/{creative}/image", headers=KEY).content)).convert("RGB"), np.float32)
    gif.seek(gif.n_frames - 1)
    last = np.asarray(gif.convert("RGB"), np.float32)
    assert np.abs(last - static).mean() < 12  # the end card is the static creative (palette-quantised)
    again = _export(served, creative, format="gif", platform="gdn")
    assert again.content == r.content  # kept on disk, not encoded again
    r = _export(served, creative, format="svg")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in r.content[:400] and b'width="300"' in r.content[:600]
    # html5: the clickTag defaults to the product's landing page from the feed's link
    r = _export(served, creative, format="html5", platform="gdn")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert r.headers["content-disposition"].endswith('.zip"') and len(r.content) <= 150_000
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        html = z.read("index.html").decode()
    assert "clickTag" in html and "https://shop.example/mug" in html and 'content="width=300,height=250"' in html
    r = _export(served, creative, format="html5", click_url="https://shop.example/campaign?utm=1")
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert "https://shop.example/campaign?utm=1" in z.read("index.html").decode()
    r = _export(served, creative, format="awebp")
    assert r.status_code == 200 and r.headers["content-type"] == "image/webp" and r.headers["content-disposition"].endswith('.anim.webp"')


def test_mp4_download(served, creative):
    import av

    r = _export(served, creative, format="mp4")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "video/mp4" and r.headers["content-disposition"] == f'attachment; filename="{creative}.mp4"'
    with av.open(io.BytesIO(r.content)) as container:
        stream = container.streams.video[0]
        frames = [f for f in container.decode(stream)]
    assert (stream.codec_context.width, stream.codec_context.height) == (300, 250)
    assert len(frames) == 6 * 30 and stream.codec_context.name == "h264"


def test_export_errors_are_clear_4xx(served, creative):
    r = _export(served, creative, format="mov")
    assert r.status_code == 422 and "mov" in r.json()["error"] and "mp4" in r.json()["error"]
    r = _export(served, creative, format="gif", platform="meta")
    assert r.status_code == 400 and "meta does not take gif" in r.json()["error"]
    r = _export(served, creative, format="mp4", duration=7)
    assert r.status_code == 400 and "6, 10 or 15" in r.json()["error"]
    assert _export(served, "nope-1", format="gif").status_code == 404
    svc = served.app.state.service
    from adcraft.serve.db import CreativeRow, Product

    with svc.sessions() as s:  # a creative stored without a design document, and a product without a landing page
        s.add(Product(id="bare", title="Bare", brief={"title": "Bare"}, photo="x.png"))
        s.flush()
        s.add(CreativeRow(id="bare-1", product_id="bare", job_id="j", size="300x250", rank=1, score=0.5, terms={}, document={}, image="x.png"))
        s.commit()
    r = _export(served, "bare-1", format="gif")
    assert r.status_code == 409 and "design document" in r.json()["error"] and "/v1/creatives/bare-1/image" in r.json()["error"]
    with svc.sessions() as s:
        s.get(CreativeRow, "bare-1").document = s.get(CreativeRow, creative).document
        s.commit()
    r = _export(served, "bare-1", format="html5")
    assert r.status_code == 400 and "click_url" in r.json()["error"] and "'bare'" in r.json()["error"]


def test_feed_generation_is_bounded(tmp_path):
    """Imported products wait for a generation slot: at most ``feed_jobs`` feed jobs are queued
    or running at once, and the next is queued when one ends."""
    from sqlalchemy import update

    from adcraft.serve.db import Job

    settings = ServeSettings(data_dir=tmp_path, api_keys=("test-key",), feed_jobs=1)
    with TestClient(create_app(settings)) as c:
        svc = c.app.state.service
        svc.jobs.stop()  # nothing runs the jobs: they stay queued
        rows = "".join(f"p{i}\tBottle {i}, sparkling water\tred.png\n" for i in range(3))
        files = [("feed", ("f.tsv", ("id\ttitle\timage_link\n" + rows).encode())), ("photos", ("red.png", _png(PHOTOS["red.png"])))]
        assert c.post("/v1/feeds", headers=KEY, files=files, data={**OPTIONS, "feed_id": "bounded"}).status_code == 202
        end = time.monotonic() + 60
        while (n := c.get("/v1/feeds/bounded", headers=KEY).json()["items"])["waiting"] + n["queued"] < 3 and time.monotonic() < end:
            time.sleep(0.2)
        assert n["queued"] == 1 and n["waiting"] == 2 and n["imported"] == 3
        queued = c.get("/v1/feeds/bounded/items", headers=KEY, params={"state": "queued"}).json()["items"]
        with svc.sessions() as s:  # the job ends: the importer queues the next product
            s.execute(update(Job).where(Job.id == queued[0]["job"]["id"]).values(status="done"))
            s.commit()
        svc.feeds.wake()
        end = time.monotonic() + 30
        while (n := c.get("/v1/feeds/bounded", headers=KEY).json()["items"])["queued"] == 0 and time.monotonic() < end:
            time.sleep(0.2)
        assert n["done"] == 1 and n["queued"] == 1 and n["waiting"] == 1


def test_exports_are_bounded_and_shared(tmp_path):
    """At most ``max_pending`` encodings at once (then 429), one encoding per file however many
    ask for it, and the file is kept on disk."""
    import asyncio

    from adcraft.serve.errors import QueueFull
    from adcraft.serve.exports import ExportCache, ExportKey
    from adcraft.serve.files import FileStore
    from adcraft.serve.workers import Exported

    class HeldPool:
        def __init__(self) -> None:
            self.calls = 0
            self.release = asyncio.Event()

        async def run_async(self, fn, *args):
            self.calls += 1
            await self.release.wait()
            return Exported("c.gif", b"GIF89a", 150_000, True, "test")

    async def scenario() -> None:
        pool = HeldPool()
        cache = ExportCache(FileStore(tmp_path), pool, max_pending=1)  # type: ignore[arg-type]
        gif = ExportKey("c1", 1, "gif")
        first, second = asyncio.ensure_future(cache.get(gif, {})), asyncio.ensure_future(cache.get(gif, {}))
        await asyncio.sleep(0.05)
        with pytest.raises(QueueFull):
            await cache.get(ExportKey("c1", 1, "svg"), {})
        pool.release.set()
        assert (await first).data == (await second).data == b"GIF89a" and pool.calls == 1
        assert (await cache.get(gif, {})).data == b"GIF89a" and pool.calls == 1  # from disk
        await cache.get(ExportKey("c1", 2, "gif"), {})  # a new version: the old one's files go
        assert sorted(p.name.split("-")[1] for p in (tmp_path / "exports").iterdir()) == ["v2", "v2"]

    asyncio.run(scenario())
