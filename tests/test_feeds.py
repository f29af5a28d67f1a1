"""Product feeds: Merchant Center TSV/CSV/XML and JSON-lines briefs, with good and bad rows;
photo fetching against a loopback HTTP server (timeouts, size limit, content type, retries,
cache)."""

from __future__ import annotations

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from adcraft.errors import InputError
from adcraft.feeds import FetchError, FetchSettings, PhotoFetcher, parse_price, read_feed
from adcraft.feeds.fetch import photo_name
from adcraft.feeds.mapping import category_of, prices_of, subtitle_of
from adcraft.feeds.model import Money

TSV = (
    "id\ttitle\tdescription\tlink\timage_link\tadditional_image_link\tprice\tsale_price\tbrand\t"
    "google_product_category\tproduct_type\tcustom_label_0\tavailability\tgtin\n"
    "SKU-1\tCeramic mug, 350 ml\tA sturdy stoneware mug. Dishwasher safe and microwave safe.\thttps://shop.example/mug\t"
    "mug.jpg\tmug-side.jpg,mug-top.jpg\t18.00 USD\t12.50 USD\tAcme\t536\tKitchen > Mugs\tclearance\tin stock\t0001\n"
    "SKU-2\t\tNo title here.\t\tcup.jpg\t\t9.00 USD\t\t\t\t\t\tin stock\t0002\n"
    "SKU-3\tRunning shoe\t\t\t\t\t59.00 EUR\t\tFleet\tApparel & Accessories > Shoes\t\t\tin stock\t0003\n"
    "SKU-4\tGreen tea, 100 bags\tOrganic sencha.\t\ttea.png\t\t15,00 EUR\t\tLeaf\t\tFood & Drink > Tea\t\tin stock\t0004\n"
    "SKU-1\tSame id again\t\t\tother.jpg\t\t1.00 USD\t\t\t\t\t\t\t\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_tsv_good_and_bad_rows(tmp_path):
    feed = read_feed(_write(tmp_path, "products.tsv", TSV))
    assert feed.format == "tsv"
    assert [i.id for i in feed.items] == ["SKU-1", "SKU-4"]
    mug = feed.items[0]
    assert mug.images == ("mug.jpg", "mug-side.jpg", "mug-top.jpg")
    assert mug.link == "https://shop.example/mug"
    assert mug.labels == ("clearance", "", "", "", "")
    f = mug.fields
    assert (f["price"], f["original_price"], f["currency"]) == (12.5, 18.0, "USD")  # sale price is the price
    assert f["subtitle"] == "A sturdy stoneware mug."
    assert f["brand"] == "Acme" and f["category"] == "furniture_home" and f["lang"] == "en"
    assert "selling_points" not in f  # custom labels are never shown
    brief = mug.to_brief("/photos/mug.jpg")
    assert brief.title == "Ceramic mug, 350 ml" and brief.photo == "/photos/mug.jpg"
    # the bad rows are reported with their line numbers, the run goes on
    problems = {(p.row, p.id): p for p in feed.problems}
    assert problems[(3, "SKU-2")].skipped and "no title" in problems[(3, "SKU-2")].message
    assert problems[(4, "SKU-3")].skipped and "no image_link" in problems[(4, "SKU-3")].message
    price = problems[(5, "SKU-4")]
    assert not price.skipped and "period as the decimal point" in price.message
    assert "price" not in feed.items[1].fields
    assert problems[(6, "SKU-1")].skipped and "duplicate id" in problems[(6, "SKU-1")].message
    # unknown columns: one warning naming them all
    assert feed.warnings == ("ignored 2 attributes adcraft does not use: availability, gtin",)


def test_csv_with_quoted_commas_and_merchant_center_header_names(tmp_path):
    text = (
        '"ID","Title","Description","Image Link","Additional Image Link","g:price","Product Highlight","Product Highlight"\n'
        '42,"Desk lamp, brass","Warm light, dimmable. Solid brass.",lamp.jpg,"a.jpg, b.jpg",49 USD,'
        '"Dimmable LED","A highlight far too long to be a selling point on a banner of any size at all, really"\n'
    )
    feed = read_feed(_write(tmp_path, "lamp.csv", text))
    assert feed.format == "csv" and feed.warnings == () and feed.problems == ()
    (lamp,) = feed.items
    assert lamp.id == "42" and lamp.fields["title"] == "Desk lamp, brass"
    assert lamp.images == ("lamp.jpg", "a.jpg", "b.jpg")
    assert lamp.fields["subtitle"] == "Warm light, dimmable."
    assert lamp.fields["selling_points"] == ("Dimmable LED",)
    assert (lamp.fields["price"], lamp.fields["currency"]) == (49.0, "USD")


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
 <channel>
  <title>Shop</title>
  <item>
   <g:id>A-1</g:id>
   <title>Linen shirt</title>
   <link>https://shop.example/shirt</link>
   <description>&lt;p&gt;Breathable linen.&lt;/p&gt; Made in Portugal.</description>
   <g:image_link>https://cdn.example/shirt.jpg</g:image_link>
   <g:additional_image_link>https://cdn.example/shirt-2.jpg</g:additional_image_link>
   <g:additional_image_link>https://cdn.example/shirt-3.jpg</g:additional_image_link>
   <g:price>80.00 GBP</g:price>
   <g:sale_price>56.00 GBP</g:sale_price>
   <g:brand>Loom</g:brand>
   <g:google_product_category>166</g:google_product_category>
   <g:shipping><g:country>GB</g:country><g:price>0 GBP</g:price></g:shipping>
  </item>
  <item>
   <g:id>A-2</g:id>
   <title>无线蓝牙耳机</title>
   <g:image_link>earbuds.png</g:image_link>
   <g:price>199.00 CNY</g:price>
   <g:sale_price>239.00 CNY</g:sale_price>
  </item>
  <item>
   <g:id>A-3</g:id>
   <g:image_link>x.png</g:image_link>
  </item>
 </channel>
</rss>
"""

ATOM = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
 <title>Shop</title>
 <entry>
  <g:id>T-9</g:id>
  <title>Wooden train set</title>
  <link rel="alternate" href="https://shop.example/train"/>
  <summary>Forty pieces of beech. Ages 3 and up.</summary>
  <g:image_link>file:///photos/train.jpg</g:image_link>
  <g:price>35 USD</g:price>
  <g:product_type>Toys &amp; Games &gt; Trains</g:product_type>
 </entry>
</feed>
"""


def test_rss_with_the_google_namespace(tmp_path):
    feed = read_feed(_write(tmp_path, "feed.xml", RSS))
    assert feed.format == "rss"
    shirt, buds = feed.items
    assert shirt.images == ("https://cdn.example/shirt.jpg", "https://cdn.example/shirt-2.jpg", "https://cdn.example/shirt-3.jpg")
    assert shirt.link == "https://shop.example/shirt"
    assert shirt.fields["subtitle"] == "Breathable linen."  # HTML stripped, first sentence
    assert (shirt.fields["price"], shirt.fields["original_price"], shirt.fields["currency"]) == (56.0, 80.0, "GBP")
    assert shirt.fields["category"] == "apparel"  # taxonomy id 166
    assert buds.fields["lang"] == "zh" and buds.fields["price"] == 239.0 and "original_price" not in buds.fields
    notes = {p.id: p for p in feed.problems}
    assert not notes["A-2"].skipped and "above price" in notes["A-2"].message
    assert notes["A-3"].skipped and notes["A-3"].row == 3 and "no title" in notes["A-3"].message
    assert feed.warnings == ("ignored 1 attribute adcraft does not use: shipping",)


def test_atom_entries(tmp_path):
    feed = read_feed(_write(tmp_path, "feed.atom", ATOM))
    assert feed.format == "atom"
    (train,) = feed.items
    assert train.link == "https://shop.example/train"
    assert train.fields["subtitle"] == "Forty pieces of beech."
    assert train.fields["category"] == "toys"
    assert train.images == ("file:///photos/train.jpg",)


def test_hostile_and_malformed_xml_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>1</g:id><title>&b;</title>'
            '<g:image_link>x.jpg</g:image_link></item></channel></rss>')
    with pytest.raises(InputError, match="not well-formed|EntitiesForbidden|entity"):
        read_feed(_write(tmp_path, "bomb.xml", bomb))
    with pytest.raises(InputError, match="not well-formed XML"):
        read_feed(_write(tmp_path, "broken.xml", RSS[:700]))
    with pytest.raises(InputError, match="RSS 2.0"):
        read_feed(_write(tmp_path, "other.xml", "<catalog><product/></catalog>"))


def test_json_lines_of_briefs(tmp_path):
    lines = [
        json.dumps({"id": "b1", "photo": "photos/a.jpg", "additional_photos": ["photos/b.jpg"], "title": "Espresso beans",
                    "price": 19, "original_price": 27, "selling_points": ["Roasted weekly"]}),
        "",
        "# a comment",
        json.dumps({"photo": "c.jpg", "title": "No id here", "lang": "zh"}),
        json.dumps({"photo": "d.jpg", "title": "Bad price", "price": -3}),
        json.dumps({"title": "No photo"}),
        "[1, 2]",
        "{not json",
    ]
    feed = read_feed(_write(tmp_path, "briefs.jsonl", "\n".join(lines) + "\n"))
    assert feed.format == "jsonl"
    first, second = feed.items
    assert first.id == "b1" and first.images == (str(tmp_path / "photos/a.jpg"), str(tmp_path / "photos/b.jpg"))
    assert first.to_brief("x.jpg").selling_points == ("Roasted weekly",)
    assert second.id == "line-4" and second.fields["lang"] == "zh"
    rows = {p.row: p.message for p in feed.problems}
    assert set(rows) == {5, 6, 7, 8}
    assert "price" in rows[5] and "no photo" in rows[6] and "JSON object" in rows[7] and "not a JSON object" in rows[8]


def test_prices():
    assert parse_price("15.00 USD") == Money(15.0, "USD")
    assert parse_price(" usd 15 ") == Money(15.0, "USD")
    assert parse_price("1,299.99 EUR") == Money(1299.99, "EUR")
    for bad in ("15,00 EUR", "fifteen", "15.00", "15.00 DOLLARS"):
        with pytest.raises(InputError, match="15.00 USD"):
            parse_price(bad)
    assert prices_of(Money(10, "USD"), Money(12, "EUR"))[1].startswith("sale_price is in EUR")
    assert prices_of(None, Money(5, "USD"))[0] == {"price": 5, "currency": "USD"}


def test_mapping_choices():
    assert category_of("Apparel & Accessories > Shoes > Sneakers", None) == "shoes"
    assert category_of("1604", "Garden > Planters") == "Planters"  # an id we cannot resolve: the product type
    assert category_of(None, "Steam irons") == "Steam irons"  # "tea" must not match inside a word
    assert subtitle_of("A" * 120 + ". Short.", "x") is None  # a long first sentence is left to the copy writer
    assert subtitle_of("Mug. Nice.", "Mug") is None  # not the title again
    assert subtitle_of("好喝的茶。每天新鲜。", "茶") == "好喝的茶。"


def test_unreadable_feeds_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_feed(tmp_path / "missing.tsv")
    with pytest.raises(InputError, match="empty"):
        read_feed(_write(tmp_path, "empty.tsv", "\n\n"))
    (tmp_path / "latin1.tsv").write_bytes("id\ttitle\n1\tcaf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        read_feed(tmp_path / "latin1.tsv")


# --- photo fetching against a loopback server ---------------------------------------------


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 40)).save(buf, "PNG")
    return buf.getvalue()


class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    png = _png()

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, code: int, kind: str, body: bytes, length: bool = True) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        n = self.hits[path] = self.hits.get(path, 0) + 1
        if path == "/ok.png":
            self._send(200, "image/png", self.png)
        elif path == "/flaky.png":  # two 503s, then the image
            self._send(503, "text/plain", b"busy") if n <= 2 else self._send(200, "image/png", self.png)
        elif path == "/slow.png":
            time.sleep(1.5)
            self._send(200, "image/png", self.png)
        elif path == "/big.png":
            self._send(200, "image/png", b"\0" * 50_000)
        elif path == "/big-chunked.png":  # no Content-Length: the limit is counted while reading
            self.protocol_version = "HTTP/1.0"
            self._send(200, "image/png", b"\0" * 50_000, length=False)
        elif path == "/page.html":
            self._send(200, "text/html; charset=utf-8", b"<html></html>")
        else:
            self._send(404, "text/plain", b"not found")


@pytest.fixture
def server():
    _Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _fetcher(tmp_path: Path, **settings) -> PhotoFetcher:
    base = {"timeout_s": 5.0, "max_bytes": 20_000, "retries": 2, "backoff_s": 0.05}
    return PhotoFetcher(tmp_path, tmp_path / "cache", FetchSettings(**{**base, **settings}))


def test_download_is_cached_by_url(server, tmp_path):
    with _fetcher(tmp_path) as f:
        first = f.fetch(f"{server}/ok.png")
        again = f.fetch(f"{server}/ok.png")
    assert first.data == again.data == _Handler.png
    assert (first.source, again.source) == ("http", "cache")
    assert _Handler.hits["/ok.png"] == 1
    assert first.name == "ok.png"
    assert [p.name for p in (tmp_path / "cache").iterdir()] and not list((tmp_path / "cache").glob(".part-*"))


def test_retries_with_backoff_then_success(server, tmp_path):
    t = time.perf_counter()
    with _fetcher(tmp_path) as f:
        photo = f.fetch(f"{server}/flaky.png")
    assert photo.data == _Handler.png and _Handler.hits["/flaky.png"] == 3
    assert time.perf_counter() - t >= 0.05 + 0.1  # waited 0.05 s, then 0.1 s


def test_timeout_size_type_and_status_errors(server, tmp_path):
    with _fetcher(tmp_path, timeout_s=0.3, retries=1) as f:
        t = time.perf_counter()
        with pytest.raises(FetchError, match=r"no answer within 0.3 s \(after 2 tries\)"):
            f.fetch(f"{server}/slow.png")
        assert time.perf_counter() - t < 1.4
        with pytest.raises(FetchError, match="over the 20,000 bytes limit"):
            f.fetch(f"{server}/big.png")
        with pytest.raises(FetchError, match="over the 20,000 bytes limit"):
            f.fetch(f"{server}/big-chunked.png")
        with pytest.raises(FetchError, match="text/html, not a JPEG, PNG or WebP"):
            f.fetch(f"{server}/page.html")
        with pytest.raises(FetchError, match="HTTP 404"):
            f.fetch(f"{server}/missing.png")
    assert _Handler.hits["/missing.png"] == 1 and _Handler.hits["/page.html"] == 1  # no retry of what will not pass
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_local_paths_and_file_urls(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "mug shot.png").write_bytes(_Handler.png)
    with _fetcher(tmp_path) as f:
        assert f.fetch("photos/mug shot.png").data == _Handler.png
        url = (tmp_path / "photos" / "mug shot.png").as_uri()
        photo = f.fetch(url)
        assert photo.data == _Handler.png and photo.name == "mug_shot.png" and photo.source == "file"
        with pytest.raises(FetchError, match="cannot read image 'nope.jpg'"):
            f.fetch("nope.jpg")
        with pytest.raises(FetchError, match="scheme 'ftp'"):
            f.fetch("ftp://example.com/a.jpg")
    assert photo_name("https://cdn.example/p/apparel__tee.jpg?w=800") == "apparel__tee.jpg"
