"""sitrep: conflict news → structured, geolocated ACLED-style events (type stubs)."""

import datetime
import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pyarrow

__version__: str
SCHEMA_VERSION: str
"""Version of the document record layout (``schema_version`` of every record)."""
GAZETTEER_VERSION: str
"""Version of the embedded gazetteer data."""
GAZETTEER_ATTRIBUTION: str
"""Attribution line for GeoNames data (CC BY 4.0) to include with output."""
SUPPORTED_LANGUAGES: List[str]
"""ISO 639-1 codes the language identifier can return (besides ``und``)."""

Record = Dict[str, Any]
DateLike = Union[str, datetime.date, None]

class Extractor:
    """The extraction engine: gazetteer, lexicons and language models, loaded once.

    Building one takes about a second (gazetteer and language models); keep it and call it
    many times. It is thread-safe, and the GIL is released while it works.

    Args:
        gazetteer: path of a gazetteer image written by ``sitrep gazetteer build``; ``None``
            for the embedded default. A missing file raises ``FileNotFoundError``, a file that
            is not an image (or a ``.tsv`` source table) ``ValueError``.
        languages: process only documents in these languages (ISO 639-1 codes, declared or
            detected); others get a record without places or events and an ``info``
            diagnostic ``lang.not-selected``. ``None``: every language. An unsupported code
            raises ``ValueError``.
        threads: worker threads for :meth:`extract_batch` (default: all cores).
    """

    def __init__(
        self,
        gazetteer: Union[str, os.PathLike[str], None] = None,
        languages: Optional[Sequence[str]] = None,
        threads: Optional[int] = None,
    ) -> None: ...
    def extract(
        self,
        text: str,
        lang: Optional[str] = None,
        published: DateLike = None,
        url: Optional[str] = None,
        *,
        id: Optional[str] = None,
        title: Optional[str] = None,
    ) -> Record:
        """Extracts one document and returns its record: the dict ``sitrep extract`` prints.

        Args:
            text: the document text. Any string works (empty, garbage, any language): problems
                are reported in ``record["diagnostics"]``, never raised. ``bytes`` or other
                types raise ``TypeError``; a string with lone surrogates ``ValueError``.
            lang: declared language (``"fr"``, ``"en-US"``); detected when ``None``.
                Not a language code → ``ValueError``.
            published: publication date, ``YYYY-MM-DD`` or RFC 3339 string or a
                ``datetime.date``; relative dates ("jeudi", "yesterday") are resolved against it.
                Not a date → ``ValueError``.
            url: source URL (gives ``source.outlet`` and each event's ``source``).
            id: document id (``doc_id``, and the prefix of every ``event_id``); default ``"doc"``.
            title: document title, copied into the record.

        Returns:
            ``{"schema_version", "doc_id", "source", "published", "lang", "title", "places",
            "events", "diagnostics", "framing"}`` (each event with its ``claim``: schema 1.1);
            spans are code-point offsets into ``text``.
        """
    def extract_json(
        self,
        text: str,
        lang: Optional[str] = None,
        published: DateLike = None,
        url: Optional[str] = None,
        *,
        id: Optional[str] = None,
        title: Optional[str] = None,
    ) -> str:
        """Like :meth:`extract`, but returns the record as one JSON line (no dict building)."""
    def extract_batch(self, batch: pyarrow.RecordBatch, *, include_empty: bool = True) -> pyarrow.RecordBatch:
        """Extracts every row of a record batch, in parallel, without the GIL.

        Input columns: ``text`` (required; string, or binary holding UTF-8), and optionally
        ``id``, ``published``, ``lang``, ``url``, ``title`` (anything castable to string). A
        missing ``id`` column gives each row its index in the batch as id. A missing column
        ``text`` raises ``ValueError``, a ``text`` column of another type ``TypeError``.

        Output (schema :func:`event_schema`): one row per event, documents in input order;
        with ``include_empty`` one row with null event columns for each document without
        events. A document that cannot be processed (null text, invalid UTF-8, an internal
        error) gives one row with ``error`` set instead of raising. ``attribution``,
        ``evidence`` and ``diagnostics`` are JSON strings; ``lang``, ``published``, ``url``,
        ``outlet`` and ``diagnostics`` describe the document.
        """
    def language(self, text: str, lang: Optional[str] = None) -> str:
        """Detected language code of ``text`` (the declared ``lang`` when given), ``und`` if none."""
    @property
    def gazetteer(self) -> Optional[str]:
        """Path of the gazetteer image, ``None`` for the embedded one."""
    @property
    def languages(self) -> Optional[List[str]]:
        """Languages processed, ``None`` for all."""
    @property
    def threads(self) -> int:
        """Worker threads used by :meth:`extract_batch`."""
    @property
    def gazetteer_size(self) -> int:
        """Number of places in the gazetteer."""

class DocumentReader(Iterator[Record]):
    """Iterator over the documents read by :func:`read_documents`."""

    def __iter__(self) -> "DocumentReader": ...
    def __next__(self) -> Record: ...
    @property
    def issues(self) -> List[Tuple[str, str]]:
        """Input issues met so far, as ``(severity, message)``; severity is ``note``,
        ``warning`` or ``error``, the message names the file and line or record."""

def default_extractor() -> Extractor:
    """The process-wide extractor used by :func:`extract`, created on first call."""

def extract(
    text: str,
    lang: Optional[str] = None,
    published: DateLike = None,
    url: Optional[str] = None,
    *,
    id: Optional[str] = None,
    title: Optional[str] = None,
) -> Record:
    """Extracts one document with the process-wide default extractor.

    Same arguments, result and exceptions as :meth:`Extractor.extract`; the record equals the
    line ``sitrep extract FILE --published DATE`` prints, except ``doc_id``/``event_id``
    (pass ``id=`` to match) and ``source.path``/``source.format``, which only files have.
    """

def event_schema() -> pyarrow.Schema:
    """Schema of :meth:`Extractor.extract_batch`'s output (and of ``sitrep.spark.extract_events``)."""

def read_documents(
    path: Union[str, os.PathLike[str]],
    format: Optional[str] = None,
    *,
    max_doc_bytes: Optional[int] = None,
    quiet: bool = False,
    name: Optional[str] = None,
) -> DocumentReader:
    """Reads a file or directory with the readers of ``sitrep extract``, streaming.

    Formats: ``text``, ``html``, ``jsonl``, ``feed``, ``warc`` (each optionally gzipped),
    detected from the extension and content unless ``format`` is given. Yields dicts with
    ``id``, ``text``, ``title``, ``url``, ``published``, ``lang``, ``path``, ``line``,
    ``record``, ``format`` and ``encoding``. Broken records are skipped and reported (stderr
    unless ``quiet``, and in :attr:`DocumentReader.issues`); a missing path raises
    ``FileNotFoundError``, an unknown format ``ValueError``. Ids derived from the path (a text
    file, a JSONL record without ``id``) use :func:`doc_name` of it, or ``name`` when given.
    """

def doc_name(path: Union[str, os.PathLike[str]]) -> str:
    """The name of a file or directory in document ids, as ``sitrep extract`` gives it: its
    path relative to the working directory when it lies under it (``""`` for the working
    directory itself), else its file name; never an absolute path."""

def read_warc(
    path: Union[str, os.PathLike[str]], *, max_doc_bytes: Optional[int] = None, quiet: bool = False
) -> DocumentReader:
    """Documents of a WARC archive (``.warc``/``.warc.gz``); ``read_documents(path, "warc")``."""
