"""Running sitrep on Spark DataFrames.

``extract_events`` maps a DataFrame of documents to a DataFrame of events with
``mapInArrow``: each Python worker process builds one :class:`sitrep.Extractor` (gazetteer and
language models) the first time it receives a batch and keeps it for every later task (Spark
reuses Python workers by default, ``spark.python.worker.reuse=true``). Inside a batch the
documents are extracted in parallel by Rust threads without the GIL.

``read_jsonl`` and ``read_warc`` read input files with the same Rust readers as ``sitrep
extract`` (same ids, same HTML main-text extraction, same handling of broken records), one Spark
partition per file, streaming: the paths must be readable by every executor (local disk in
local mode, a shared or mounted file system on a cluster). See ``docs/spark.md``.
"""

from __future__ import annotations

import glob
import os
from typing import Iterator, List, Optional, Sequence, Tuple, Union

import pyarrow as pa

import sitrep

__all__ = ["extract_events", "event_spark_schema", "read_documents", "read_jsonl", "read_warc"]

# One extractor per Python worker process, keyed by its configuration.
_EXTRACTORS: dict = {}


def _worker_extractor(gazetteer: Optional[str], languages: Optional[tuple], threads: Optional[int]) -> "sitrep.Extractor":
    key = (gazetteer, languages, threads)
    ex = _EXTRACTORS.get(key)
    if ex is None:
        path = gazetteer
        if path is not None and not os.path.exists(path):
            # Shipped with `spark-submit --files gazetteer.bin`: look in the worker's SparkFiles.
            from pyspark import SparkFiles

            candidate = SparkFiles.get(os.path.basename(path))
            if os.path.exists(candidate):
                path = candidate
        ex = sitrep.Extractor(path, list(languages) if languages else None, threads)
        _EXTRACTORS[key] = ex
    return ex


def _spark_type(t: pa.DataType):
    from pyspark.sql import types as T

    if pa.types.is_list(t):
        return T.ArrayType(_spark_type(t.value_type), True)
    simple = {
        pa.string(): T.StringType(),
        pa.int32(): T.IntegerType(),
        pa.int64(): T.LongType(),
        pa.float32(): T.FloatType(),
        pa.float64(): T.DoubleType(),
    }
    return simple[t]


def event_spark_schema(with_pid: bool = False):
    """The Spark schema of ``extract_events``'s output (from :func:`sitrep.event_schema`).

    Converted here rather than with ``pyspark.sql.pandas.types.from_arrow_schema``, which
    needs pandas.
    """
    from pyspark.sql import types as T

    fields = [T.StructField(f.name, _spark_type(f.type), True) for f in sitrep.event_schema()]
    if with_pid:
        fields.append(T.StructField("worker_pid", T.LongType(), True))
    return T.StructType(fields)


def extract_events(
    df,
    text_col: str = "text",
    id_col: Optional[str] = "id",
    published_col: Optional[str] = None,
    lang_col: Optional[str] = None,
    url_col: Optional[str] = None,
    title_col: Optional[str] = None,
    *,
    gazetteer: Optional[str] = None,
    languages: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
    include_empty: bool = True,
    with_pid: bool = False,
):
    """Extracts the events of every document of ``df``.

    Args:
        df: a DataFrame with one document per row.
        text_col: column holding the text (string, or binary UTF-8).
        id_col: column holding a unique document id; it becomes ``doc_id`` and prefixes every
            ``event_id``. ``None`` numbers the rows with ``monotonically_increasing_id``, which
            depends on the partitioning: pass a real id for reproducible output.
        published_col, lang_col, url_col, title_col: optional columns (publication date,
            declared language, source URL, title); dates are used as the CLI's ``--published``.
        gazetteer: path of a gazetteer image (default: the embedded one). On a cluster ship it
            with ``spark-submit --files gazetteer.bin`` and pass ``"gazetteer.bin"``: a path
            that does not exist on the worker is looked up in ``SparkFiles``.
        languages: process only these languages (see :class:`sitrep.Extractor`).
        threads: Rust threads per Python worker (default: all cores of the machine; set it to
            ``spark.executor.cores`` / ``spark.task.cpus`` terms when executors share machines).
        include_empty: keep one row (null event columns) per document without events.
        with_pid: add a ``worker_pid`` column with the process id of the Python worker.

    Returns:
        A DataFrame with the columns of :func:`sitrep.event_schema` (plus ``worker_pid``): one
        row per event, and one row with ``error`` set for each document that could not be
        processed (null text, invalid UTF-8, internal error): those never fail the job.
    """
    from pyspark.sql import functions as F

    wanted = {
        "text": text_col,
        "id": id_col,
        "published": published_col,
        "lang": lang_col,
        "url": url_col,
        "title": title_col,
    }
    missing = [c for c in wanted.values() if c is not None and c not in df.columns]
    if missing:
        raise ValueError(f"columns {missing} are not in the DataFrame (columns: {df.columns})")
    cols = []
    for name, col in wanted.items():
        if col is not None:
            c = F.col(col)
            if name != "text":
                c = c.cast("string")
            cols.append(c.alias(name))
    if id_col is None:
        cols.append(F.monotonically_increasing_id().cast("string").alias("id"))
    docs = df.select(*cols)

    langs = tuple(languages) if languages else None

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        extractor = _worker_extractor(gazetteer, langs, threads)
        pid = os.getpid()
        for batch in batches:
            out = extractor.extract_batch(batch, include_empty=include_empty)
            if with_pid:
                out = out.append_column("worker_pid", pa.array([pid] * out.num_rows, pa.int64()))
            yield out

    return docs.mapInArrow(run, event_spark_schema(with_pid))


def _expand(paths: Union[str, Sequence[str]]) -> List[Tuple[str, str]]:
    """The files to read, each with its name in document ids as ``sitrep extract`` run here
    (on the driver) gives it: executors run elsewhere, in a directory of their own."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [os.fspath(paths)]
    files: List[Tuple[str, str]] = []
    for p in paths:
        matches = sorted(glob.glob(p)) or [p]
        for m in matches:
            base = sitrep.doc_name(m)
            if os.path.isdir(m):
                for root, dirs, names in os.walk(m):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for n in sorted(names):
                        if n.startswith("."):
                            continue
                        rel = os.path.relpath(os.path.join(root, n), m).replace(os.sep, "/")
                        files.append((os.path.join(root, n), f"{base}/{rel}" if base else rel))
            else:
                files.append((m, base))
    if not files:
        raise FileNotFoundError(f"no input files in {paths}")
    return files


_DOC_FIELDS = ["id", "text", "title", "url", "published", "lang", "path", "line", "record"]


def _doc_schema():
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    return StructType(
        [StructField(f, LongType() if f in ("line", "record") else StringType(), True) for f in _DOC_FIELDS]
    )


def read_documents(spark, paths: Union[str, Sequence[str]], format: Optional[str] = None, *, max_doc_bytes: Optional[int] = None):
    """Reads files (paths, globs or directories, listed on the driver) into a DataFrame of
    documents with the Rust readers of ``sitrep extract``, one partition per file.

    Columns: ``id``, ``text``, ``title``, ``url``, ``published``, ``lang``, ``path``, ``line``
    (JSONL), ``record`` (WARC, feeds). Broken records are skipped and reported on the
    executor's stderr, as the CLI does.
    """
    files = _expand(paths)

    def read(it):
        for path, name in it:
            for d in sitrep.read_documents(path, format, max_doc_bytes=max_doc_bytes, name=name):
                yield tuple(d[f] for f in _DOC_FIELDS)

    rdd = spark.sparkContext.parallelize(files, len(files)).mapPartitions(read)
    return spark.createDataFrame(rdd, _doc_schema())


def read_jsonl(spark, paths: Union[str, Sequence[str]], *, max_doc_bytes: Optional[int] = None):
    """JSON Lines files (``.jsonl``, ``.jsonl.gz``) as a DataFrame of documents; a record without
    ``id`` gets ``path:line``, as in the CLI. See :func:`read_documents`."""
    return read_documents(spark, paths, "jsonl", max_doc_bytes=max_doc_bytes)


def read_warc(spark, paths: Union[str, Sequence[str]], *, max_doc_bytes: Optional[int] = None):
    """WARC archives (``.warc``, ``.warc.gz``; CC-NEWS) as a DataFrame of documents, one per
    HTML response with status 200, main text extracted. See :func:`read_documents`."""
    return read_documents(spark, paths, "warc", max_doc_bytes=max_doc_bytes)
