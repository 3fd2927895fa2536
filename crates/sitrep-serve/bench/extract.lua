-- wrk script: POST an article to /v1/extract as text/plain.
-- Usage: SITREP_BENCH_BODY=examples/fr-syria-deir-ez-zor.txt \
--   wrk -t2 -c8 -d20s --latency -s crates/sitrep-serve/bench/extract.lua \
--   'http://127.0.0.1:8080/v1/extract?published=2018-03-15'
local path = os.getenv("SITREP_BENCH_BODY") or "examples/fr-syria-deir-ez-zor.txt"
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
