"""extract_batch / extract throughput: python bench_batch.py FILE.jsonl (compare with `sitrep extract FILE -o out`)."""
import sys, time, json
import pyarrow as pa
import sitrep
path = sys.argv[1]
docs = list(sitrep.read_documents(path, quiet=True))
cols = ["id", "text", "lang"]
table = pa.Table.from_pydict({c: [d[c] for d in docs] for c in cols})
ex = sitrep.Extractor()
for bs in (1000, 10000):
    best = None
    for _ in range(2):
        t = time.perf_counter(); events = 0
        for b in table.to_batches(max_chunksize=bs):
            out = ex.extract_batch(b)
            events += sum(1 for v in out.column("event_id").to_pylist() if v is not None)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    print(f"extract_batch batch={bs}: {len(docs)} docs in {best:.2f} s = {len(docs)/best:.0f} docs/s, {events} events")
t = time.perf_counter()
for d in docs[:3000]:
    ex.extract(d["text"], d["lang"], id=d["id"])
dt = time.perf_counter() - t
print(f"extract (one dict per call, 1 thread): 3000 docs in {dt:.2f} s = {3000/dt:.0f} docs/s")
