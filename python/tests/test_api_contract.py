"""The HTTP API against its own OpenAPI document (issue 17, item 3), with schemathesis.

`sitrep serve` runs on a store ingested from the serve fixtures, with a token so that writes
are allowed. schemathesis generates requests for every operation of `/v1/openapi.json` (valid
and invalid parameters and bodies, with the token on writes) and checks every response: no
5xx, status codes, content types, headers and bodies as documented. At least 2,000 requests
are sent in all (counted here). Then the probes that a generator does not make: a declared
Content-Length over --max-body answered 413 before the body is sent, and concurrent readers,
extractors and an authenticated writer.

Rerun alone: `SITREP_CLI=target/release/sitrep .venv/bin/python -m pytest -q
python/tests/test_api_contract.py` (figures: RELIABILITY.md).
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from conftest import EXAMPLE, ROOT, cli_path

SPEC = ROOT / "crates" / "sitrep-serve" / "src" / "openapi.json"
NEWS = ROOT / "crates" / "sitrep-serve" / "tests" / "fixtures" / "news.jsonl"
TOKEN = "contract-test-token"
MAX_BODY = 64 * 1024
# Examples per operation (schemathesis adds its coverage cases and unsupported-method probes,
# and stops earlier on operations with few distinct inputs): 300 gave 2,543 requests in all.
EXAMPLES = 250
MIN_REQUESTS = 2000

schema = schemathesis.openapi.from_path(str(SPEC))
sent = {"requests": 0, "by_operation": {}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    db = tmp / "contract.sqlite"
    exe = str(cli_path())
    subprocess.run([exe, "ingest", str(NEWS), str(EXAMPLE), "--db", str(db), "--published", "2018-03-15"],
                   check=True, capture_output=True)
    port = free_port()
    log = open(tmp / "serve.log", "w")
    proc = subprocess.Popen([exe, "serve", "--db", str(db), "--addr", f"127.0.0.1:{port}", "--token", TOKEN,
                             "--max-body", str(MAX_BODY)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/v1/health", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"sitrep serve did not start: {(tmp / 'serve.log').read_text()}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=30)
    log.close()
    text = (tmp / "serve.log").read_text()
    assert "panicked" not in text, text


def test_served_spec_is_the_file(server):
    served = json.loads(urllib.request.urlopen(f"{server}/v1/openapi.json").read())
    assert served == json.loads(SPEC.read_text())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_operation_conforms(case, server):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = case.call(base_url=server, headers=headers, timeout=60)
    sent["requests"] += 1
    op = f"{case.method} {case.path}"
    sent["by_operation"][op] = sent["by_operation"].get(op, 0) + 1
    assert response.status_code < 500, f"{op}: {response.status_code} {response.text[:500]}"
    # Every check but "a schema-valid request is accepted": the API validates what JSON Schema
    # cannot say (`since` <= `until`, bounding-box ranges, dates that exist, FTS5 query syntax,
    # a body with text), and answers those with a documented 400.
    excluded = [positive_data_acceptance]
    if (case.media_type or "").startswith("text/"):
        # Any bytes are a text/plain or text/html body: there is no "wrong type" to reject.
        excluded.append(negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)


def test_enough_requests_were_sent():
    # Runs after the parametrized test (pytest keeps file order).
    print(f"schemathesis: {sent['requests']} requests: {sent['by_operation']}")
    assert sent["requests"] >= MIN_REQUESTS, sent


def test_declared_oversized_body_is_refused_at_once(server):
    """A Content-Length over --max-body gets its 413 before any body byte is sent."""
    host, port = server.removeprefix("http://").split(":")
    for path in ("/v1/extract", "/v1/documents"):
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall((f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                       f"Content-Type: text/plain\r\nContent-Length: {10 * MAX_BODY}\r\n\r\n").encode())
            started = time.time()
            reply = s.recv(4096).decode(errors="replace")
            assert reply.startswith("HTTP/1.1 413"), reply
            assert time.time() - started < 5
            assert '"code":"payload_too_large"' in reply, reply


def _get(url: str, body: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=body, headers=headers or {})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, r.read()


def test_concurrent_readers_extractors_and_a_writer(server):
    """100 clients reading and 20 posting /v1/extract while an authenticated writer posts
    documents: every request succeeds and every document is stored exactly once."""
    status, body = _get(f"{server}/v1/stats")
    before = json.loads(body)
    n_docs = 40
    errors = []

    def reader(i):
        for path in ("/v1/events?limit=20", "/v1/stats", "/v1/events.geojson", "/v1/health"):
            status, _ = _get(f"{server}{path}")
            if status != 200:
                errors.append((path, status))

    def extractor(i):
        text = f"Clashes near Aleppo killed {i + 2} fighters on Monday, a monitor said.".encode()
        status, body = _get(f"{server}/v1/extract", text, {"Content-Type": "text/plain"})
        if status != 200 or not json.loads(body).get("places"):
            errors.append(("/v1/extract", status))

    def writer():
        for i in range(n_docs):
            doc = {"id": f"cw{i}", "url": f"https://concurrent.example/{i}", "published": "2024-03-05",
                   "lang": "en", "text": f"Air strikes hit Idlib on Tuesday, killing {i % 7 + 2} civilians. Report {i}."}
            status, _ = _get(f"{server}/v1/documents", json.dumps(doc).encode(),
                             {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
            if status not in (200, 201):
                errors.append(("/v1/documents", status))

    w = threading.Thread(target=writer)
    w.start()
    with ThreadPoolExecutor(max_workers=120) as pool:
        list(pool.map(reader, range(100)))
        list(pool.map(extractor, range(20)))
    w.join()
    assert not errors, errors[:10]
    # Posting the same documents again stores nothing new.
    for i in (0, n_docs - 1):
        doc = {"id": f"cw{i}", "url": f"https://concurrent.example/{i}", "published": "2024-03-05",
               "lang": "en", "text": f"Air strikes hit Idlib on Tuesday, killing {i % 7 + 2} civilians. Report {i}."}
        _get(f"{server}/v1/documents", json.dumps(doc).encode(),
             {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    status, body = _get(f"{server}/v1/stats")
    after = json.loads(body)
    assert after["documents"] - before["documents"] == n_docs, (before, after)
