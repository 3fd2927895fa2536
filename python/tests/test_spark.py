"""sitrep.spark on a real multi-process cluster.

`local-cluster[2,1,1024]` starts two executor JVMs (each with its own Python workers), so the
test sees separate processes, pickling of the mapped function and one extractor per worker,
as on a real cluster. With SITREP_SPARK_STANDALONE=1 the same checks also run against a
standalone master and two workers started on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import BinaryType, StringType, StructField, StructType  # noqa: E402

import sitrep.spark  # noqa: E402
from conftest import DOCS, normal_rows, rows_from_records, run_cli, sort_rows  # noqa: E402

STANDALONE = os.environ.get("SITREP_SPARK_STANDALONE") == "1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spark_class() -> str:
    home = os.environ.get("SPARK_HOME") or os.path.dirname(pyspark.__file__)
    return os.path.join(home, "bin", "spark-class")


class Standalone:
    """A standalone master and two one-core workers on 127.0.0.1 (processes we started)."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", SPARK_WORKER_DIR=str(tmp / "work"))
        log = open(tmp / "cluster.log", "wb")
        self.procs = [
            subprocess.Popen(
                [spark_class(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                 "--port", str(self.port), "--webui-port", str(free_port())],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        ]
        self._wait_port()
        for _ in range(2):
            self.procs.append(
                subprocess.Popen(
                    [spark_class(), "org.apache.spark.deploy.worker.Worker", self.url, "--host", "127.0.0.1",
                     "--cores", "1", "--memory", "1g", "--webui-port", str(free_port())],
                    env=env, stdout=log, stderr=subprocess.STDOUT,
                )
            )

    def _wait_port(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.5)
        raise RuntimeError("standalone master did not start")

    def stop(self):
        for p in reversed(self.procs):
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


MODES = ["local-cluster"] + (["standalone"] if STANDALONE else [])


def test_standalone_flag():
    if not STANDALONE:
        msg = "standalone master + 2 workers variant skipped: set SITREP_SPARK_STANDALONE=1 to run it"
        print(msg)
        pytest.skip(msg)


@pytest.fixture(scope="module", params=MODES)
def spark(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    cluster = None
    if request.param == "standalone":
        cluster = Standalone(tmp)
        master = cluster.url
    else:
        master = "local-cluster[2,1,1024]"
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master(master)
        .appName(f"sitrep-test-{request.param}")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.memory", "768m")
        .config("spark.driver.memory", "768m")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.executorEnv.PYSPARK_PYTHON", sys.executable)
        # Start only when both executors are there, so the work is spread over two processes.
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if cluster:
        cluster.stop()


def test_events_equal_cli(spark, tmp_path):
    expected = sort_rows(rows_from_records(run_cli(str(DOCS))))
    docs = sitrep.spark.read_jsonl(spark, str(DOCS))
    results = {}
    for n in (1, 4):
        events = sitrep.spark.extract_events(
            docs.repartition(n),
            published_col="published",
            lang_col="lang",
            url_col="url",
            title_col="title",
            with_pid=True,
        )
        out = tmp_path / f"events-{n}.parquet"
        events.write.parquet(str(out))
        table = pq.read_table(str(out))
        # (a) the Parquet events equal the CLI's records on the same input
        assert normal_rows(table) == expected
        results[n] = (normal_rows(table), set(table.column("worker_pid").to_pylist()))
    # (c) 1 and 4 partitions give the same rows
    assert results[1][0] == results[4][0]
    # (b) the work was done by at least two worker processes
    assert len(results[4][1]) >= 2, f"one worker process did everything: {results[4][1]}"


def test_failing_documents_become_error_rows(spark, tmp_path):
    text = "Russian forces shelled the city of Kherson on Friday, killing three civilians."
    schema = StructType([StructField("id", StringType()), StructField("body", BinaryType())])
    df = spark.createDataFrame(
        [("ok", text.encode()), ("null", None), ("binary", b"\xff\xfe not utf-8"), ("ok2", text.encode())], schema
    ).repartition(2)
    out = tmp_path / "errors.parquet"
    sitrep.spark.extract_events(df, text_col="body").write.parquet(str(out))
    rows = {r["doc_id"]: r for r in pq.read_table(str(out)).to_pylist()}
    assert rows["ok"]["error"] is None and rows["ok"]["event_type"] == rows["ok2"]["event_type"] is not None
    assert rows["null"]["error"] == "text is null"
    assert rows["binary"]["error"].startswith("text is not valid UTF-8")


def test_missing_column_is_a_clear_error(spark):
    df = spark.createDataFrame([("a", "x")], ["doc", "text"])
    with pytest.raises(ValueError, match=r"columns \['id'\] are not in the DataFrame"):
        sitrep.spark.extract_events(df)
