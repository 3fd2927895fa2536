"""sitrep: conflict news → structured, geolocated ACLED-style events.

The same Rust engine as the ``sitrep`` command line, as a Python extension::

    import sitrep
    record = sitrep.extract(text, published="2018-03-24")
    for event in record["events"]:
        print(event["event_type"], event["location"], event["fatalities"])

``sitrep.extract`` uses one process-wide :class:`Extractor` (embedded gazetteer, every
language), created on first use; build your own ``Extractor`` for another gazetteer, a
language filter or a thread count, and ``Extractor.extract_batch`` for Arrow batches.
``sitrep.spark`` runs the extractor on Spark DataFrames.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Iterator, Optional

from ._native import (
    GAZETTEER_ATTRIBUTION,
    GAZETTEER_VERSION,
    SCHEMA_VERSION,
    SUPPORTED_LANGUAGES,
    DocumentReader,
    Extractor,
    __version__,
    doc_name,
    event_schema,
    read_documents,
)

__all__ = [
    "Extractor",
    "DocumentReader",
    "extract",
    "default_extractor",
    "doc_name",
    "event_schema",
    "read_documents",
    "read_warc",
    "SCHEMA_VERSION",
    "GAZETTEER_VERSION",
    "GAZETTEER_ATTRIBUTION",
    "SUPPORTED_LANGUAGES",
    "__version__",
]

_default: Optional[Extractor] = None
_default_lock = threading.Lock()


def default_extractor() -> Extractor:
    """The process-wide extractor used by :func:`extract`, loaded on first call."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Extractor()
    return _default


def extract(
    text: str,
    lang: Optional[str] = None,
    published: Any = None,
    url: Optional[str] = None,
    *,
    id: Optional[str] = None,
    title: Optional[str] = None,
) -> Dict[str, Any]:
    """Extracts one document with the default extractor; see :meth:`Extractor.extract`."""
    return default_extractor().extract(text, lang, published, url, id=id, title=title)


def read_warc(path: str, *, max_doc_bytes: Optional[int] = None, quiet: bool = False) -> Iterator[Dict[str, Any]]:
    """Documents of a WARC archive (``.warc`` or ``.warc.gz``, CC-NEWS style multi-member gzip).

    Only HTML ``response`` records with status 200 become documents, with their main text
    extracted as ``sitrep extract`` does. Shorthand for ``read_documents(path, "warc")``.
    """
    return read_documents(path, "warc", max_doc_bytes=max_doc_bytes, quiet=quiet)
