"""Product feeds in: Google Merchant Center product data (TSV, CSV, RSS 2.0 / Atom XML) and
JSON lines of adcraft briefs, read into :class:`FeedItem` s; their photos fetched by
:class:`PhotoFetcher`.

One module per job: ``price`` (``"15.00 USD"``), ``tabular`` (TSV/CSV), ``xmlfeed``
(RSS/Atom), ``briefs`` (JSON lines), ``merchant`` (one product's attributes → item),
``mapping`` (attributes → brief fields, the choices made), ``reader`` (any format → feed),
``fetch`` (local, ``file://`` and HTTP photos).

Example::

    from adcraft.feeds import read_feed
    feed = read_feed("products.tsv")
    for item in feed.items:
        print(item.id, item.images[0], item.to_brief("photo.jpg").title)
    for problem in feed.problems:
        print(problem.row, problem.message)
"""

from adcraft.feeds.fetch import FetchError, FetchSettings, Photo, PhotoFetcher
from adcraft.feeds.model import Feed, FeedItem, FeedProblem, Money
from adcraft.feeds.price import parse_price
from adcraft.feeds.reader import read_feed

__all__ = [
    "FetchError",
    "FetchSettings",
    "Feed",
    "FeedItem",
    "FeedProblem",
    "Money",
    "Photo",
    "PhotoFetcher",
    "parse_price",
    "read_feed",
]
