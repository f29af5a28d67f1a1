"""The HTTP API of ``adcraft serve`` on SQLite and (when ``ADCRAFT_TEST_DATABASE_URL`` names
one, as ``.ci/run`` does) PostgreSQL: products, jobs, creatives, edits, review, export,
decisions, idempotent and durable beacons, reports, keys, limits and bad requests."""

from __future__ import annotations

import base64
import io
import json
import math
import os
import time
import zipfile
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install -e '.[serve]'")

from fastapi.testclient import TestClient  # noqa: E402

from adcraft.serve import ServeSettings, create_app  # noqa: E402

KEY = {"X-API-Key": "test-key"}
BRIEF = {"title": "Single-origin espresso beans", "brand": "Pikolo", "price": 19, "original_price": 27, "category": "food_drink"}
MAX_UPLOAD = 3_000_000


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


def _database(kind: str) -> str | None:
    if kind == "sqlite":
        return None
    url = os.environ.get("ADCRAFT_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("ADCRAFT_REQUIRE_POSTGRES"):
            pytest.fail("ADCRAFT_REQUIRE_POSTGRES is set but ADCRAFT_TEST_DATABASE_URL is not")
        pytest.skip("PostgreSQL tests need ADCRAFT_TEST_DATABASE_URL (set by .ci/run, which starts the server)")
    _reset_postgres(url)
    return url


def _path(url: str) -> str:
    """The path and query of an absolute URL (beacon URLs carry the configured public URL)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _png(arr: np.ndarray, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, fmt)
    return buf.getvalue()


@pytest.fixture(scope="module")
def coffee() -> bytes:
    from skimage import data

    return _png(np.asarray(data.coffee()), "JPEG")


def _wait(client: TestClient, job_id: str, timeout: float = 180) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = client.get(f"/v1/jobs/{job_id}", headers=KEY).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory, coffee):
    """A running app with one product whose creatives are made (2 sizes x 2 candidates)."""
    url = _database(request.param)
    data = tmp_path_factory.mktemp(f"serve-{request.param}")
    settings = ServeSettings(data_dir=data, database_url=url, api_keys=("test-key",), reward_wait_s=0.3, max_upload_bytes=MAX_UPLOAD)
    with TestClient(create_app(settings)) as client:
        r = client.post("/v1/products", headers=KEY, files={"photo": ("coffee.jpg", coffee, "image/jpeg")}, data={"brief": json.dumps(BRIEF)})
        assert r.status_code == 201, r.text
        pid = r.json()["id"]
        r = client.post(f"/v1/products/{pid}/jobs", headers=KEY, json={"sizes": ["1200x628", "300x250"], "count": 2})
        assert r.status_code == 202, r.text
        job = _wait(client, r.json()["id"])
        assert job["status"] == "done", job
        yield {"client": client, "product": pid, "settings": settings, "job": job}


def test_migrations_match_the_models(served):
    """Alembic's head revision creates exactly the tables and columns the ORM declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from adcraft.serve.db import Base

    svc = served["client"].app.state.service
    with svc.db.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], diff


def test_generation_job_and_creatives(served):
    c, pid, job = served["client"], served["product"], served["job"]
    assert job["progress"] == 1.0 and job["done"] == job["total"] == 4
    products = c.get("/v1/products", headers=KEY).json()
    assert [p["id"] for p in products] == [pid]
    got = c.get(f"/v1/products/{pid}", headers=KEY).json()
    assert got["brief"]["title"] == BRIEF["title"] and got["jobs"][0]["status"] == "done"
    photo = c.get(got["photo_url"], headers=KEY)
    assert photo.status_code == 200 and Image.open(io.BytesIO(photo.content)).size == (600, 400)
    listed = c.get(f"/v1/products/{pid}/creatives", headers=KEY, params={"documents": True}).json()
    assert sorted({x["size"] for x in listed}) == ["1200x628", "300x250"] and len(listed) == 4
    from adcraft.document import DesignDocument

    for x in listed:
        assert 0 < x["score"] <= 1 and set(x["terms"]) >= {"occlusion", "contrast", "overlap"}
        doc = DesignDocument.model_validate(x["document"])
        img = Image.open(io.BytesIO(c.get(x["image_url"], headers=KEY).content))
        assert img.size == doc.size == tuple(int(v) for v in x["size"].split("x"))
    webp = c.get(listed[0]["image_url"].split("?")[0], headers=KEY, params={"format": "webp"})
    assert webp.headers["content-type"] == "image/webp" and Image.open(io.BytesIO(webp.content)).format == "WEBP"
    only = c.get(f"/v1/products/{pid}/creatives", headers=KEY, params={"size": "300x250"}).json()
    assert len(only) == 2 and only[0]["score"] >= only[1]["score"]


def test_product_from_json_and_upload_limits(served, coffee):
    c = served["client"]
    body = {"brief": {"title": "Espresso, JSON"}, "photo_base64": base64.b64encode(coffee).decode(), "landing_url": "https://shop.example/espresso"}
    r = c.post("/v1/products/from-json", headers=KEY, json=body)
    assert r.status_code == 201 and r.json()["landing_url"] == "https://shop.example/espresso"
    # brief errors list the field; bad base64, non-images, tiny and huge images are refused with 4xx
    r = c.post("/v1/products/from-json", headers=KEY, json={**body, "brief": {"price": -1}})
    assert r.status_code == 422 and "title" in r.json()["error"] and "price" in r.json()["error"]
    assert c.post("/v1/products/from-json", headers=KEY, json={**body, "photo_base64": "not base64!!"}).status_code == 422
    assert c.post("/v1/products/from-json", headers=KEY, json={**body, "photo_base64": "QUJD" * 3 + "="}).status_code == 400
    r = c.post("/v1/products/from-json", headers=KEY, json={**body, "photo_base64": base64.b64encode(b"GIF89a not really").decode()})
    assert r.status_code == 400 and "error" in r.json()
    small = _png(np.zeros((50, 50, 3), np.uint8))
    r = c.post("/v1/products", headers=KEY, files={"photo": ("s.png", small)}, data={"brief": json.dumps(BRIEF)})
    assert r.status_code == 400 and "50" in r.json()["error"]
    huge = _png(np.zeros((7000, 7000), np.uint8))  # 49 MP, compresses to a few kB
    r = c.post("/v1/products", headers=KEY, files={"photo": ("h.png", huge)}, data={"brief": json.dumps(BRIEF)})
    assert r.status_code == 413 and "pixels" in r.json()["error"].lower()
    r = c.post("/v1/products", headers=KEY, files={"photo": ("big.jpg", b"\xff" * (MAX_UPLOAD + 10))}, data={"brief": json.dumps(BRIEF)})
    assert r.status_code == 413 and str(MAX_UPLOAD) in r.json()["error"]
    r = c.post("/v1/products", headers=KEY, files={"photo": ("c.jpg", coffee)}, data={"brief": "{title: nope"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]


def test_api_keys(served):
    c = served["client"]
    assert c.get("/v1/products").status_code == 401
    assert c.get("/v1/products", headers={"X-API-Key": "nope"}).status_code == 403
    assert c.get("/v1/products", headers={"Authorization": "Bearer test-key"}).status_code == 200
    c.cookies.set("adcraft_key", "test-key")
    try:
        assert c.get("/v1/products").status_code == 200
    finally:
        c.cookies.clear()
    for path in ("/v1/health", "/studio/", "/openapi.json"):
        assert c.get(path).status_code == 200, path


def test_edit_rerenders_and_rescored(served):
    c, pid = served["client"], served["product"]
    cid = c.get(f"/v1/products/{pid}/creatives", headers=KEY, params={"size": "1200x628"}).json()[0]["id"]
    before = c.get(f"/v1/creatives/{cid}", headers=KEY).json()
    png_before = c.get(before["image_url"], headers=KEY).content
    head = before["elements"]["headline"]
    r = c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"texts": {"headline": "Fresh roast"}, "colours": {"button": "#ff5500"}, "locked": ["product"]})
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["version"] == before["version"] + 1 and after["texts"]["headline"] == "Fresh roast"
    assert after["colours"]["button"] == "#ff5500" and after["locked"] == ["product"]
    layer = next(x for x in after["document"]["layers"] if x["role"] == "headline")
    assert layer["box"] == list(head) and layer["lines"] and "".join(layer["lines"]).replace(" ", "") == "Freshroast"
    png_after = c.get(after["image_url"], headers=KEY).content
    assert png_after != png_before
    # move the CTA (button and label together) by (-10, +5)
    cta = after["elements"]["cta"]
    moved = [cta[0] - 10, cta[1] + 5, cta[2] - 10, cta[3] + 5]
    r = c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"boxes": {"cta": moved}})
    assert r.status_code == 200 and r.json()["elements"]["cta"] == moved
    label = next(x for x in r.json()["document"]["layers"] if x["role"] == "cta")
    old_label = next(x for x in after["document"]["layers"] if x["role"] == "cta")
    assert label["box"] == [old_label["box"][0] - 10, old_label["box"][1] + 5, old_label["box"][2] - 10, old_label["box"][3] + 5]
    # a text colour equal to what is under it is kept but warned about, and scored down
    bg = after["document"]["background"]["colours"]
    if bg:
        r = c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"colours": {"subline": bg[0]}})
        assert r.status_code == 200 and any("contrast" in w for w in r.json()["warnings"]) and r.json()["terms"]["contrast"] < 1
    # refusals: locked element, off-canvas box, text that cannot fit, unknown role, bad colour
    r = c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"boxes": {"product": [0, 0, 100, 100]}})
    assert r.status_code == 409 and "locked" in r.json()["error"]
    r = c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"boxes": {"headline": [1100, 0, 1300, 50]}})
    assert r.status_code == 400 and "canvas" in r.json()["error"]
    r = c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"texts": {"cta": "Add this wonderful espresso to your basket right now please"}})
    assert r.status_code == 400 and "does not fit" in r.json()["error"]
    assert c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"texts": {"slogan": "x"}}).status_code == 422  # schema: text roles
    r = c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"colours": {"headline": "red"}})
    assert r.status_code == 422 and "#" in r.json()["error"]  # schema: #rrggbb
    assert c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"frobnicate": 1}).status_code == 422
    assert c.patch("/v1/creatives/nope", headers=KEY, json={}).status_code == 404


def test_relayout_keeps_locked_elements(served):
    c, pid = served["client"], served["product"]
    cid = c.get(f"/v1/products/{pid}/creatives", headers=KEY, params={"size": "300x250"}).json()[0]["id"]
    cr = c.patch(f"/v1/creatives/{cid}", headers=KEY, json={"locked": ["product"], "texts": {"headline": "Roasted weekly"}}).json()
    product_box = cr["elements"]["product"]
    r = c.post(f"/v1/creatives/{cid}/relayout", headers=KEY, params={"count": 2})
    assert r.status_code == 202
    job = _wait(c, r.json()["id"])
    assert job["status"] == "done", job
    new = [x for x in c.get(f"/v1/products/{pid}/creatives", headers=KEY, params={"size": "300x250", "documents": True}).json() if x["job_id"] == job["id"]]
    assert new
    for x in new:
        got = c.get(f"/v1/creatives/{x['id']}", headers=KEY).json()["elements"]["product"]  # cut-out or photo panel
        assert max(abs(a - b) for a, b in zip(got, product_box, strict=True)) <= 1  # aspect-fitted into the lock
        assert next(layer for layer in x["document"]["layers"] if layer["role"] == "headline")["text"] == "Roasted weekly"


def test_review_export_decision_beacons_reports_and_restart(served):
    c, pid, settings = served["client"], served["product"], served["settings"]
    listed = c.get(f"/v1/products/{pid}/creatives", headers=KEY, params={"size": "1200x628"}).json()
    assert c.get(f"/v1/products/{pid}/export.zip", headers=KEY).status_code == 404  # nothing approved yet
    assert c.post("/v1/placements", headers=KEY, json={"name": "home-hero", "size": "1200x628"}).status_code == 201
    r = c.get("/v1/decision", params={"placement": "home-hero"})
    assert r.status_code == 404 and "approve" in r.json()["error"]
    for x in listed:
        assert c.post(f"/v1/creatives/{x['id']}/approve", headers=KEY).json()["status"] == "approved"
    z = zipfile.ZipFile(io.BytesIO(c.get(f"/v1/products/{pid}/export.zip", headers=KEY, params={"size": "1200x628"}).content))
    names = sorted(z.namelist())
    assert names == sorted([f"1200x628/{x['id']}.png" for x in listed] + [f"1200x628/{x['id']}.json" for x in listed])
    assert Image.open(io.BytesIO(z.read(names[-1]))).size == (1200, 628)

    served_ids, decisions = set(), []
    for i in range(40):
        d = c.get("/v1/decision", params={"placement": "home-hero", "user": f"u{i}", "segment": "young" if i % 2 else "old"}).json()
        assert d["policy"] == "thompson_sampling" and 0 < d["probability"] <= 1
        served_ids.add(d["creative_id"])
        decisions.append(d)
        img = c.get(d["image_url"])
        assert img.status_code == 200 and img.headers["content-type"] == "image/png"
    assert served_ids <= {x["id"] for x in listed}
    # every impression twice (a retried beacon), every fourth clicked twice, one conversion
    for i, d in enumerate(decisions):
        path = _path(d["impression_url"])
        first, again = c.get(path), c.post(path)
        assert (first.status_code, first.headers["x-adcraft-stored"], again.headers["x-adcraft-stored"]) == (204, "1", "0")
        if i % 4 == 0:
            click = _path(d["click_url"])
            assert c.get(click).headers["x-adcraft-stored"] == "1" and c.get(click).headers["x-adcraft-stored"] == "0"
    conv = _path(decisions[0]["conversion_url"])
    assert c.get(conv + "&value=19").status_code == 204
    # a tampered token is refused
    bad = _path(decisions[1]["impression_url"]).replace("t=ey", "t=ex")
    assert c.get(bad).status_code == 403
    rep = c.get("/v1/reports", headers=KEY, params={"by": "segment"}).json()["rows"]
    assert {r["key"] for r in rep} == {"young", "old"}
    assert sum(r["impressions"] for r in rep) == 40 and sum(r["clicks"] for r in rep) == 10 and sum(r["conversions"] for r in rep) == 1
    for r in rep:
        lo, hi = r["ctr_ci"]
        n, p, z2 = r["impressions"], r["ctr"], 1.959963984540054**2
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) * math.sqrt(z2) / (1 + z2 / n)
        assert lo == pytest.approx(centre - half, abs=1e-4) and hi == pytest.approx(centre + half, abs=1e-4)
    by_creative = c.get("/v1/reports", headers=KEY, params={"by": "creative", "product_id": pid}).json()["rows"]
    assert sum(r["impressions"] for r in by_creative) == 40
    assert c.get("/v1/reports", headers=KEY, params={"by": "placement"}).json()["rows"][0]["key"] == "home-hero"

    # a restart loses nothing: a second app on the same database and folder sees every event
    before = {(x["key"], x["impressions"], x["clicks"]) for x in by_creative}
    with TestClient(create_app(settings)) as c2:
        rows = c2.get("/v1/reports", headers=KEY, params={"by": "creative", "product_id": pid}).json()["rows"]
        assert {(x["key"], x["impressions"], x["clicks"]) for x in rows} == before
        sampler = c2.app.state.service.sampler
        assert sum(sampler.counts(x["id"], s)[0] for x in listed for s in ("young", "old")) == 40
        # the old tokens still work after the restart (same secret), and stay idempotent
        assert c2.get(_path(decisions[0]["impression_url"])).headers["x-adcraft-stored"] == "0"


def test_contextual_bandit_learns_from_attributed_decisions(served):
    c, pid = served["client"], served["product"]
    for x in c.get(f"/v1/products/{pid}/creatives", headers=KEY, params={"size": "300x250"}).json():
        c.post(f"/v1/creatives/{x['id']}/approve", headers=KEY)
    c.post("/v1/placements", headers=KEY, json={"name": "side", "size": "300x250"})
    svc = c.app.state.service
    learned = svc.bandit.learned
    for i in range(12):
        d = c.get("/v1/decision", params={"placement": "side", "user": f"u{i}", "device": "mobile" if i % 2 else "desktop", "country": "de"}).json()
        assert d["policy"] == "contextual_bandit"
        c.get(_path(d["impression_url"]))
        if i % 3 == 0:
            c.get(_path(d["click_url"]))
    deadline = time.monotonic() + 10
    while svc.bandit.learned < learned + 12 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert svc.bandit.learned >= learned + 12


@pytest.mark.parametrize(
    "method,path,kwargs,status",
    [
        ("get", "/v1/decision", {}, 422),
        ("get", "/v1/decision", {"params": {"placement": "nowhere"}}, 404),
        ("get", "/v1/decision", {"params": {"placement": "home-hero", "segment": "a b"}}, 422),
        ("get", "/v1/decision", {"params": {"placement": "home-hero", "Bad-Attr": "x"}}, 400),
        ("get", "/v1/decision", {"params": {"placement": "home-hero", **{f"a{i}": "1" for i in range(17)}}}, 400),
        ("get", "/v1/events/view", {"params": {"t": "x" * 20}}, 422),
        ("get", "/v1/events/click", {"params": {"t": "x" * 20}}, 422),
        ("get", "/v1/events/click", {"params": {"t": "eyJkIjoieCJ9." + "A" * 22}}, 403),
        ("get", "/v1/events/click", {"params": {"t": "ab.cd" * 5}}, 422),
        ("post", "/v1/products/{pid}/jobs", {"json": {"sizes": ["abc"]}}, 422),
        ("post", "/v1/products/{pid}/jobs", {"json": {"count": 500}}, 422),
        ("post", "/v1/products/{pid}/jobs", {"json": {"theme": "gothic"}}, 422),
        ("post", "/v1/products/{pid}/jobs", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
        ("post", "/v1/products/nope/jobs", {"json": {}}, 404),
        ("get", "/v1/jobs/nope", {}, 404),
        ("get", "/v1/creatives/..%2F..%2Fetc%2Fpasswd/image", {}, 404),
        ("get", "/v1/public/creatives/..%2Fadcraft.db.png", {}, 404),
        ("get", "/studio/../settings.py", {}, 404),
        ("get", "/studio/%2e%2e/settings.py", {}, 404),
        ("get", "/v1/reports", {"params": {"by": "colour"}}, 422),
        ("post", "/v1/placements", {"json": {"name": "../x", "size": "300x250"}}, 422),
        ("post", "/v1/placements", {"json": {"name": "ok", "size": "00x00"}}, 422),
        ("post", "/v1/products", {"data": {"brief": "{}"}}, 422),
        ("get", "/v1/products/{pid}/export.zip", {"params": {"size": "1x1x1"}}, 422),
    ],
)
def test_bad_requests_get_4xx_with_a_message(served, method, path, kwargs, status):
    c = served["client"]
    kwargs = {**kwargs, "headers": {**KEY, **kwargs.get("headers", {})}}
    r = getattr(c, method)(path.format(pid=served["product"]), **kwargs)
    assert r.status_code == status, (r.status_code, r.text)
    assert r.json()["error"]


def test_file_store_refuses_names_outside_its_folders(tmp_path):
    from adcraft.errors import InputError
    from adcraft.serve.files import FileStore

    store = FileStore(tmp_path)
    for name in ("../adcraft.db", "a/b.png", ".hidden", "..", "x\\..\\y", "", "a" * 200):
        with pytest.raises(InputError):
            store.path("renders", name)
    with pytest.raises(InputError):
        store.path("../photos", "a.png")
    assert store.path("photos", store.put_bytes("photos", b"abc", "png")).read_bytes() == b"abc"


def test_thompson_sampling_and_tokens():
    from adcraft.errors import InputError
    from adcraft.serve.bandit import ThompsonSampler, TokenCodec

    ts = ThompsonSampler()
    ts.load([("a", "s", 1000, 20), ("b", "s", 1000, 80), ("c", "s", 1000, 50), ("a", "t", 1000, 90), ("b", "t", 1000, 10), ("c", "t", 1000, 30)])
    rng = np.random.default_rng(0)
    picks = [ts.choose(["a", "b", "c"], "s", rng)[0] for _ in range(300)]
    assert picks.count(1) > 280  # b is clearly best in segment s ...
    picks = [ts.choose(["a", "b", "c"], "t", rng)[0] for _ in range(300)]
    assert picks.count(0) > 280  # ... a in segment t
    picks = [ts.choose(["a", "b", "c"], "new", rng)[0] for _ in range(300)]
    assert min(picks.count(i) for i in range(3)) > 60  # an unseen segment explores every arm
    _, prob = ts.choose(["a", "b"], "s", rng)
    assert 0 < prob <= 1
    codec = TokenCodec("secret")
    tok = codec.encode({"d": "x", "c": "y"})
    assert {k: v for k, v in codec.decode(tok).items() if k != "iat"} == {"d": "x", "c": "y"}
    for bad in (tok[:-2] + "AA", "nodot", tok.replace(".", ".."), TokenCodec("other").encode({"d": "x"})):
        with pytest.raises(InputError):
            codec.decode(bad)
