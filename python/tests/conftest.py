"""Shared helpers: the CLI's output as the reference, and a normal form for event rows."""

from __future__ import annotations

import json
import os
import struct
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "examples" / "fr-syria-deir-ez-zor.txt"
DOCS = DATA / "docs.jsonl"

# Columns of the event table that are JSON strings (parsed before comparing).
JSON_COLUMNS = ("attribution", "evidence", "diagnostics", "claim", "framing")


def cli_path() -> Path:
    return Path(os.environ.get("SITREP_CLI", ROOT / "target" / "release" / "sitrep"))


def run_cli(*args: str) -> List[Dict[str, Any]]:
    """Records printed by `sitrep extract ARGS` (one JSON object per line)."""
    exe = cli_path()
    if not exe.exists():
        pytest.fail(f"{exe} not found: build it with `cargo build --release -p sitrep-cli` (or set SITREP_CLI)")
    out = subprocess.run([str(exe), "extract", *args], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def f32(x):
    """A float as the float32 the Arrow column stores."""
    return None if x is None else struct.unpack("f", struct.pack("f", x))[0]


def rows_from_records(records: List[Dict[str, Any]], include_empty: bool = True) -> List[Dict[str, Any]]:
    """The event rows `extract_batch` must produce for these CLI records."""
    rows = []
    for d in records:
        doc = {
            "doc_id": d["doc_id"],
            "lang": d["lang"],
            "published": d["published"],
            "url": d["source"]["url"],
            "outlet": d["source"]["outlet"],
            "diagnostics": d["diagnostics"],
            "framing": d["framing"],
            "error": None,
        }
        for e in d["events"]:
            row = dict(doc)
            for k, v in e.items():
                row[k] = v
            row["confidence"] = f32(e["confidence"])
            rows.append(row)
        if not d["events"] and include_empty:
            rows.append(dict(doc))
    return rows


def normal_rows(table, drop=("worker_pid",)) -> List[Dict[str, Any]]:
    """Rows of an event table (pyarrow Table/RecordBatch) in a comparable form: JSON columns
    parsed, null event columns dropped, sorted by (doc_id, event_id)."""
    out = []
    for r in table.to_pylist():
        for c in JSON_COLUMNS:
            if r.get(c) is not None:
                r[c] = json.loads(r[c])
        if r.get("event_id") is None:
            # A row for a document without events (or an error): keep only document columns.
            r = {k: r[k] for k in ("doc_id", "lang", "published", "url", "outlet", "diagnostics", "framing", "error")}
        for k in drop:
            r.pop(k, None)
        out.append(r)
    return sorted(out, key=lambda r: (r["doc_id"], r.get("event_id") or ""))


def sort_rows(rows):
    return sorted(rows, key=lambda r: (r["doc_id"], r.get("event_id") or ""))
