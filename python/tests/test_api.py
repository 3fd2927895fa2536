"""The Python API: records equal to the CLI's, batches, and exceptions for bad arguments."""

from __future__ import annotations

import datetime
import json
import threading

import pyarrow as pa
import pytest

import sitrep
from conftest import DOCS, EXAMPLE, normal_rows, rows_from_records, run_cli, sort_rows

PUBLISHED = "2018-03-24"

# Fields that legitimately differ between `sitrep extract FILE` and `sitrep.extract(text)`: a
# string has no file, so no `source.path`, and no detected input `source.format`.
FILE_ONLY = ("path", "format")


@pytest.fixture(scope="module")
def extractor():
    return sitrep.Extractor()


def without_file_fields(record):
    record = json.loads(json.dumps(record))
    for k in FILE_ONLY:
        record["source"].pop(k)
    return record


def test_extract_equals_cli():
    (cli,) = run_cli(str(EXAMPLE), "--published", PUBLISHED)
    text = EXAMPLE.read_text(encoding="utf-8")
    got = sitrep.extract(text, published=PUBLISHED, id=cli["doc_id"])
    assert got["events"], "the sample has events"
    assert without_file_fields(got) == without_file_fields(cli)
    assert cli["source"]["path"] == str(EXAMPLE) and got["source"]["path"] is None


def test_extract_without_id_differs_only_in_ids():
    (cli,) = run_cli(str(EXAMPLE), "--published", PUBLISHED)
    got = sitrep.extract(EXAMPLE.read_text(encoding="utf-8"), published=PUBLISHED)
    assert got["doc_id"] == "doc"
    assert [e["event_id"] for e in got["events"]] == [f"doc-{i + 1}" for i in range(len(got["events"]))]
    strip = lambda r: [{k: v for k, v in e.items() if k != "event_id"} for e in r["events"]]  # noqa: E731
    assert strip(got) == strip(cli)


def test_extract_json_is_the_record(extractor):
    text = EXAMPLE.read_text(encoding="utf-8")
    line = extractor.extract_json(text, published=PUBLISHED)
    assert "\n" not in line
    assert json.loads(line) == extractor.extract(text, published=PUBLISHED)


def test_default_extractor_is_loaded_once():
    assert sitrep.default_extractor() is sitrep.default_extractor()


def test_published_accepts_dates(extractor):
    text = EXAMPLE.read_text(encoding="utf-8")
    as_str = extractor.extract(text, published="2018-03-24")
    as_date = extractor.extract(text, published=datetime.date(2018, 3, 24))
    assert as_date == as_str


def test_url_gives_outlet(extractor):
    r = extractor.extract("Des frappes ont touché Kherson.", url="https://www.lemonde.fr/a/b")
    assert r["source"]["url"] == "https://www.lemonde.fr/a/b"
    assert r["source"]["outlet"] == "lemonde.fr"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "\x00\x01\ufffd\ufffdPK\x03\x04 ÿþ%%%% ###", "ab" * 50_000, "🙂" * 100, "<html><body></body></html>"],
)
def test_any_text_gives_a_record(extractor, text):
    r = extractor.extract(text, published=PUBLISHED)
    assert r["schema_version"] == sitrep.SCHEMA_VERSION
    assert isinstance(r["events"], list)
    if not text.strip():
        assert any(d["code"] == "input.empty" for d in r["diagnostics"])


def test_spans_are_code_point_offsets(extractor):
    text = "🙂🙂 " + EXAMPLE.read_text(encoding="utf-8")
    r = extractor.extract(text, published=PUBLISHED)
    assert r["places"]
    for p in r["places"]:
        assert text[p["start"] : p["end"]] == p["text"]


@pytest.mark.parametrize(
    "text, exc, message",
    [
        (None, TypeError, "text must be str, not NoneType"),
        (b"bytes", TypeError, "decode it first"),
        (bytearray(b"x"), TypeError, "not bytearray"),
        (12, TypeError, "not int"),
        (["a"], TypeError, "not list"),
        ("lone \udcff surrogate", ValueError, "lone surrogates"),
    ],
)
def test_bad_text_raises(extractor, text, exc, message):
    with pytest.raises(exc, match=message):
        extractor.extract(text)
    with pytest.raises(exc, match=message):
        sitrep.extract(text)


@pytest.mark.parametrize("published", ["2018-13-45", "yesterday", "", "24/03/2018x"])
def test_bad_date_raises_value_error(extractor, published):
    with pytest.raises(ValueError, match="is not a date"):
        extractor.extract("text", published=published)


@pytest.mark.parametrize(
    "kwargs, exc, message",
    [
        ({"published": 20180324}, TypeError, "published must be str, datetime.date or None"),
        ({"lang": "french!"}, ValueError, "is not a language code"),
        ({"lang": 5}, TypeError, "lang must be str or None"),
        ({"url": 5}, TypeError, "url must be str or None"),
        ({"id": 5}, TypeError, "id must be str or None"),
    ],
)
def test_bad_arguments_raise(extractor, kwargs, exc, message):
    with pytest.raises(exc, match=message):
        extractor.extract("Des frappes ont touché Kherson.", **kwargs)


def test_declared_lang(extractor):
    r = extractor.extract("Kherson", lang="en-US")
    assert r["lang"] == "en"


def test_gazetteer_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="gazetteer file not found"):
        sitrep.Extractor(gazetteer=str(tmp_path / "missing.bin"))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a gazetteer at all")
    with pytest.raises(ValueError, match="not a sitrep gazetteer image"):
        sitrep.Extractor(gazetteer=junk)
    table = tmp_path / "places.tsv"
    table.write_text("")
    with pytest.raises(ValueError, match="sitrep gazetteer build"):
        sitrep.Extractor(gazetteer=table)
    with pytest.raises(TypeError):
        sitrep.Extractor(gazetteer=12)


def test_languages_filter():
    with pytest.raises(ValueError, match="not supported"):
        sitrep.Extractor(languages=["xx"])
    with pytest.raises(ValueError, match="empty"):
        sitrep.Extractor(languages=[])
    only_en = sitrep.Extractor(languages=["EN"], threads=1)
    assert only_en.languages == ["en"] and only_en.threads == 1
    fr = only_en.extract(EXAMPLE.read_text(encoding="utf-8"), published=PUBLISHED)
    assert fr["lang"] == "fr" and fr["events"] == [] and fr["places"] == []
    assert any(d["code"] == "lang.not-selected" for d in fr["diagnostics"])
    en = only_en.extract("Russian forces shelled Kherson on Friday, killing three civilians.", published=PUBLISHED)
    assert en["events"]


def test_threads_share_one_extractor(extractor):
    text = EXAMPLE.read_text(encoding="utf-8")
    expected = extractor.extract_json(text, published=PUBLISHED)
    results = []
    threads = [threading.Thread(target=lambda: results.append(extractor.extract_json(text, published=PUBLISHED))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


# --- batches ---------------------------------------------------------------------------------


def docs_batch():
    """docs.jsonl as a record batch, read with the same reader as the CLI."""
    docs = list(sitrep.read_documents(DOCS, quiet=True))
    cols = ["id", "text", "title", "url", "published", "lang"]
    return pa.RecordBatch.from_pydict({c: [d[c] for d in docs] for c in cols})


def test_extract_batch_equals_cli(extractor):
    expected = rows_from_records(run_cli(str(DOCS)))
    got = extractor.extract_batch(docs_batch())
    assert isinstance(got, pa.RecordBatch)
    assert got.schema == sitrep.event_schema()
    assert normal_rows(got) == sort_rows(expected)
    assert sum(r["event_id"] is not None for r in got.to_pylist()) >= 10


def test_extract_batch_without_empty_rows(extractor):
    got = extractor.extract_batch(docs_batch(), include_empty=False)
    assert all(r["event_id"] is not None for r in got.to_pylist())
    expected = rows_from_records(run_cli(str(DOCS)), include_empty=False)
    assert normal_rows(got) == sort_rows(expected)


def test_extract_batch_error_rows(extractor):
    text = "Russian forces shelled Kherson on Friday, killing three civilians."
    batch = pa.RecordBatch.from_pydict(
        {
            "text": pa.array([text.encode(), None, b"\xff\xfe bad utf-8", b""], pa.binary()),
            "id": ["ok", "null", "binary", "empty"],
        }
    )
    rows = {r["doc_id"]: r for r in extractor.extract_batch(batch).to_pylist()}
    assert rows["ok"]["error"] is None and rows["ok"]["event_type"]
    assert rows["null"]["error"] == "text is null"
    assert rows["binary"]["error"].startswith("text is not valid UTF-8")
    assert rows["empty"]["error"] is None and rows["empty"]["event_id"] is None
    assert "input.empty" in rows["empty"]["diagnostics"]


def test_extract_batch_columns(extractor):
    # No id column: the row index; an integer id and a date32 `published` are cast to strings.
    batch = pa.RecordBatch.from_pydict({"text": ["Des frappes ont touché Kherson.", "Rien."]})
    assert [r["doc_id"] for r in extractor.extract_batch(batch).to_pylist()][-1] == "1"
    batch = pa.RecordBatch.from_pydict(
        {
            "text": pa.array([EXAMPLE.read_text(encoding="utf-8")], pa.large_string()),
            "id": pa.array([7], pa.int64()),
            "published": pa.array([datetime.date(2018, 3, 24)], pa.date32()),
        }
    )
    rows = extractor.extract_batch(batch).to_pylist()
    assert rows[0]["doc_id"] == "7" and rows[0]["event_id"] == "7-1"
    assert rows[0]["published"] == "2018-03-24"
    empty = pa.RecordBatch.from_pydict({"text": pa.array([], pa.string())})
    assert extractor.extract_batch(empty).num_rows == 0


def test_extract_batch_bad_arguments(extractor):
    with pytest.raises(ValueError, match='no "text" column'):
        extractor.extract_batch(pa.RecordBatch.from_pydict({"body": ["x"]}))
    with pytest.raises(TypeError, match='column "text" must be string or binary'):
        extractor.extract_batch(pa.RecordBatch.from_pydict({"text": [1, 2]}))
    with pytest.raises(TypeError, match="batch must be a pyarrow.RecordBatch"):
        extractor.extract_batch({"text": ["x"]})
    with pytest.raises(TypeError, match="not NoneType"):
        extractor.extract_batch(None)


# --- readers ---------------------------------------------------------------------------------


def test_read_documents_like_the_cli():
    reader = sitrep.read_documents(DOCS, quiet=True)
    docs = list(reader)
    ids = [r["doc_id"] for r in run_cli(str(DOCS))]
    assert [d["id"] for d in docs] == ids
    assert [sev for sev, _ in reader.issues] == ["error"]
    assert "docs.jsonl:9" in reader.issues[0][1]
    with pytest.raises(FileNotFoundError):
        sitrep.read_documents("/nonexistent/x.jsonl")
    with pytest.raises(ValueError, match="format"):
        sitrep.read_documents(DOCS, "pdf")


def test_ids_never_hold_absolute_paths(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Clashes in Aleppo killed 3 people.", encoding="utf-8")
    outside = tmp_path / "sub" / "a.txt"
    # Outside the working directory: the file name, or the directory's name and the path in it.
    assert sitrep.doc_name(outside) == "a.txt"
    assert [d["id"] for d in sitrep.read_documents(outside)] == ["a.txt"]
    assert [d["id"] for d in sitrep.read_documents(tmp_path / "sub")] == ["sub/a.txt"]
    # Under it: relative, however the path is written; `name` overrides (Spark executors).
    monkeypatch.chdir(tmp_path)
    assert sitrep.doc_name(outside) == "sub/a.txt"
    assert sitrep.doc_name("./sub/../sub/a.txt") == "sub/a.txt"
    assert sitrep.doc_name(".") == ""
    assert [d["id"] for d in sitrep.read_documents(outside)] == ["sub/a.txt"]
    assert [d["id"] for d in sitrep.read_documents(outside, name="x/y.txt")] == ["x/y.txt"]
    (cli,) = run_cli(str(outside))
    assert cli["doc_id"] == "sub/a.txt" and cli["source"]["path"] == str(outside)


def warc_record(headers: dict, block: bytes) -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"WARC/1.0\r\n{head}Content-Length: {len(block)}\r\n\r\n".encode() + block + b"\r\n\r\n"


def test_read_warc(tmp_path):
    html = (
        "<html lang='en'><head><title>Kherson shelled</title></head><body><article><p>"
        "Russian forces shelled the city of Kherson on Friday, killing three civilians and "
        "wounding seven others, the regional governor said.</p></article></body></html>"
    ).encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    data = warc_record({"WARC-Type": "warcinfo", "WARC-Record-ID": "<urn:uuid:0>"}, b"software: test\r\n")
    data += warc_record(
        {
            "WARC-Type": "response",
            "WARC-Record-ID": "<urn:uuid:1>",
            "WARC-Date": "2023-06-10T12:00:00Z",
            "WARC-Target-URI": "https://example.com/kherson",
            "Content-Type": "application/http; msgtype=response",
        },
        http,
    )
    path = tmp_path / "news.warc"
    path.write_bytes(data)
    docs = list(sitrep.read_warc(path))
    assert len(docs) == 1
    d = docs[0]
    assert d["id"] == "urn:uuid:1" and d["url"] == "https://example.com/kherson"
    assert d["published"] == "2023-06-10" and "Kherson" in d["text"]
    cli = run_cli(str(path))
    assert sitrep.extract(d["text"], d["lang"], d["published"], d["url"], id=d["id"], title=d["title"])["events"] == cli[0]["events"]
