#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/seed-* (and
fuzz/engine/corpus/<target>/ for the engine targets).

Seeds are real inputs: the French sample, the HTML fixture and the serve fixture, plus WARC
archives, feeds, gzip streams and encodings generated here from them (so the fuzzer starts from
well-formed records and mutates them into broken ones). Rerun: `python3 fuzz/seeds/make_seeds.py`
from the repository root (with ../shared beside it). The store and gazetteer seeds are written
elsewhere: `store_open` damages a store it builds itself (its seeds, written here, are patch
lists), and the gazetteer seeds are an image of four places and its first 300 bytes:
`sitrep gazetteer build fuzz/seeds/gazetteer-small.tsv --no-default -o
fuzz/engine/corpus/gazetteer/seed-small.bin`.
"""
import gzip, json, os, sys, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "fuzz", "corpus")
SAMPLE_PATH = os.path.join(ROOT, "..", "shared", "samples", "fr-syria-deir-ez-zor.txt")
HTML_PATH = os.path.join(ROOT, "crates", "sitrep-ingest", "tests", "fixtures", "fr_article.html")
JSONL_PATH = os.path.join(ROOT, "crates", "sitrep-serve", "tests", "fixtures", "news.jsonl")

sample = open(SAMPLE_PATH, encoding="utf-8").read()
html = open(HTML_PATH, "rb").read()
jsonl = open(JSONL_PATH, "rb").read()
short = sample[:600]

# Short texts written for these seeds (not from the evaluation data).
EN = "Clashes between the army and rebels near Aleppo left five fighters dead on Monday."
ES = "Enfrentamientos en Mosul entre el ejército y milicianos dejaron dos muertos el lunes."
AR = "قتل ثلاثة مدنيين في غارة جوية على مدينة الرقة يوم الثلاثاء."


def put(target, name, data):
    # The engine targets live in their own fuzz package (fuzz/engine).
    base = os.path.join(ROOT, "fuzz", "engine", "corpus") if target in ("extract", "gazetteer") else OUT
    d = os.path.join(base, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def page(title, body, charset="utf-8", lang="fr"):
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">'
            f'<title>{title}</title><meta property="og:url" content="https://example.org/a">'
            f'<meta property="article:published_time" content="2024-03-05T10:00:00+02:00">'
            f'</head><body><nav>menu</nav><article><h1>{title}</h1>'
            + "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
            + "</article><footer>(c)</footer></body></html>")


# html: the fixture, pages in the four languages, a legacy charset, deep nesting.
put("html", "fixture.html", html)
put("html", "fr.html", page("Deir ez-Zor", short))
put("html", "en.html", page("Aleppo", EN, lang="en"))
put("html", "ar-1256.html", page("الرقة", AR, charset="windows-1256", lang="ar").encode("cp1256"))
put("html", "es-latin1.html", page("Mosul", ES, charset="iso-8859-1", lang="es").encode("latin-1"))
put("html", "nested.html", "<div>" * 300 + "<p>" + EN + "</p>" + "</div>" * 300)
put("html", "jsonld.html", '<html><head><script type="application/ld+json">{"@type":"NewsArticle",'
    '"datePublished":"2024-03-05","headline":"Aleppo"}</script></head><body><p>' + EN + "</p></body></html>")

# charset: the sample and texts in several encodings and byte-order marks.
put("charset", "sample.txt", short)
put("charset", "sample-1252.txt", short.encode("cp1252", "replace"))
put("charset", "sample-utf16le.txt", b"\xff\xfe" + short.encode("utf-16-le"))
put("charset", "sample-utf16be.txt", b"\xfe\xff" + short.encode("utf-16-be"))
put("charset", "sample-bom.txt", b"\xef\xbb\xbf" + short.replace("\n", "\r\n").encode())
put("charset", "ar-1256.txt", AR.encode("cp1256"))
put("charset", "ar-utf8.txt", AR)
put("charset", "es-latin1.txt", ES.encode("latin-1"))
put("charset", "binary.bin", bytes(range(256)))

# feeds: RSS 2.0, Atom, RSS 1.0 (RDF), JSON Feed.
item = lambda i, t: (f"<item><title>Item {i}</title><link>https://example.org/{i}</link>"
                     f"<guid>urn:item:{i}</guid><pubDate>Tue, 05 Mar 2024 10:00:00 +0200</pubDate>"
                     f"<description><![CDATA[<p>{t}</p>]]></description></item>")
put("feed", "rss.xml", '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    "<title>News</title><language>fr</language>" + item(1, short[:300]) + item(2, EN) + "</channel></rss>")
put("feed", "atom.xml", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>N</title>'
    "<entry><id>urn:a:1</id><title>Aleppo</title><updated>2024-03-05T10:00:00Z</updated>"
    '<link href="https://example.org/a"/><content type="html">&lt;p&gt;' + EN + "&lt;/p&gt;</content></entry>"
    '<entry><id>urn:a:2</id><title>Mosul</title><updated>2024-03-05</updated><summary xml:lang="es">'
    + ES + "</summary></entry></feed>")
put("feed", "rdf.xml", '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>N</title></channel>'
    '<item rdf:about="https://example.org/r"><title>R</title><link>https://example.org/r</link>'
    "<description>" + AR + "</description></item></rdf:RDF>")
put("feed", "feed.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "N",
    "language": "en", "items": [{"id": "1", "url": "https://example.org/j", "title": "Aleppo",
    "content_html": "<p>" + EN + "</p>", "date_published": "2024-03-05T10:00:00Z"},
    {"id": 2, "content_text": ES}]}))
put("feed", "rss-1252.xml", ('<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel>'
    + item(3, ES) + "</channel></rss>").encode("cp1252"))


# WARC: warcinfo, request, responses (plain, chunked, gzip content coding, 404, no type).
def warc_record(kind, block, uri="https://example.org/a", extra=""):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{zlib.crc32(block):012d}>\r\n"
            f"WARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n{extra}"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http(body, status="200 OK", headers="Content-Type: text/html; charset=utf-8\r\n"):
    return f"HTTP/1.1 {status}\r\n{headers}\r\n".encode() + body


def chunked(body):
    out = b""
    for i in range(0, len(body), 700):
        c = body[i:i + 700]
        out += f"{len(c):x}\r\n".encode() + c + b"\r\n"
    return out + b"0\r\n\r\n"


fr_page = page("Deir ez-Zor", short).encode()
records = [
    warc_record("warcinfo", b"software: seeds\r\n"),
    warc_record("request", b"GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"),
    warc_record("response", http(fr_page)),
    warc_record("response", http(chunked(page("Aleppo", EN, lang="en").encode()),
                headers="Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n"), uri="https://example.org/b"),
    warc_record("response", http(gzip.compress(page("Mosul", ES, lang="es").encode()),
                headers="Content-Type: text/html\r\nContent-Encoding: gzip\r\n"), uri="https://example.org/c"),
    warc_record("response", http(b"gone", status="404 Not Found"), uri="https://example.org/d"),
    warc_record("response", http(page("الرقة", AR, charset="windows-1256", lang="ar").encode("cp1256"),
                headers="Content-Language: ar\r\n"), uri="https://example.org/e",
                extra="WARC-Identified-Payload-Type: text/html\r\n"),
]
warc = b"".join(records)
put("warc", "archive.warc", warc)
put("warc", "one.warc", records[2])
put("warc", "lying-length.warc", records[2].replace(b"Content-Length: ", b"Content-Length: 9") + records[3])
put("warc", "junk-between.warc", records[2] + b"garbage line\r\n\x00\x01" + records[3])
put("warc", "deflate.warc", warc_record("response", http(zlib.compress(fr_page),
    headers="Content-Type: text/html\r\nContent-Encoding: deflate\r\n")))

# gzip: one member per record (as CC-NEWS), and whole-stream jsonl, html, text.
put("gzip", "warc-members.warc.gz", b"".join(gzip.compress(r) for r in records))
put("gzip", "jsonl.gz", gzip.compress(jsonl))
put("gzip", "html.gz", gzip.compress(fr_page))
put("gzip", "text.gz", gzip.compress(short.encode()))
put("gzip", "two-members-truncated.gz", gzip.compress(jsonl[:400]) + gzip.compress(jsonl)[:60])

# jsonl: the serve fixture and edge records.
put("jsonl", "news.jsonl", jsonl)
put("jsonl", "edge.jsonl", "\n".join([
    json.dumps({"id": 7, "text": EN, "published": "2024-03-05", "lang": "en"}),
    json.dumps({"text": AR, "url": "https://example.org/x", "title": None}),
    "not json",
    json.dumps({"id": "e", "text": ""}),
    json.dumps({"id": "s", "text": ES.replace(" ", "\r\n", 2), "published": 20240305}),
    "",
    "\ufeff" + json.dumps({"id": "bom", "text": short}),
]))

# extract: first byte picks the declared language (0 none, 1 fr, 2 en, 3 ar, 4 es).
put("extract", "sample", b"\x01" + sample.encode())
put("extract", "sample-undeclared", b"\x00" + short.encode())
put("extract", "en", b"\x02" + EN.encode())
put("extract", "ar", b"\x03" + AR.encode())
put("extract", "es", b"\x04" + ES.encode())
print("seeds written under", OUT)

# store_open: patches `[kind][u32 LE offset][len][bytes]` (kind 0xFF truncates) on a valid store.
import struct
patch = lambda at, b, kind=0: bytes([kind]) + struct.pack("<I", at) + bytes([len(b)]) + b
put("store_open", "nothing", b"")
put("store_open", "page-size", patch(16, b"\x00\x01"))
put("store_open", "truncate-4096", patch(4096, b"", 0xFF))
put("store_open", "truncate-mid", patch(20000, b"", 0xFF))
put("store_open", "schema-page", patch(100, b"\x0d\x00\x00\x00\x05"))
put("store_open", "second-page", patch(4096, b"\xff" * 16) + patch(8200, b"\x00" * 32))
put("store_open", "header-magic", patch(0, b"SQLite format 4"))
print("store_open seeds written")
