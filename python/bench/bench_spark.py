"""Spark extract_events throughput: python bench_spark.py EXECUTORS FILE.jsonl THREADS_PER_WORKER."""
import os, sys, time
from pyspark.sql import SparkSession
import sitrep.spark
n_exec, path, threads = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
os.environ["PYSPARK_PYTHON"] = sys.executable
spark = (SparkSession.builder.master(f"local-cluster[{n_exec},1,1024]")
    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    .config("spark.executor.memory", "768m").config("spark.ui.enabled", "false")
    .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
    .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
docs = sitrep.spark.read_jsonl(spark, path).repartition(8).cache()
ndocs = docs.count()
for run in range(2):
    t = time.perf_counter()
    ev = sitrep.spark.extract_events(docs, lang_col="lang", threads=threads)
    ev.write.mode("overwrite").parquet(f"/tmp/sitrep-bench-spark-{n_exec}.parquet")
    dt = time.perf_counter() - t
    print(f"executors={n_exec} threads/worker={threads} run {run}: {ndocs} docs in {dt:.2f} s = {ndocs/dt:.0f} docs/s")
spark.stop()
