-- wrk script: GET /v1/events with a different page and filter on each request (pages of 100
-- at random offsets, by country, by type, by date range, by bounding box), so that the load
-- is not one cached query.
-- Usage: wrk -t2 -c32 -d20s --latency -s crates/sitrep-serve/bench/events-mix.lua http://127.0.0.1:8080
local queries = {
  function() return "/v1/events?offset=" .. math.random(0, 9900) end,
  function() return "/v1/events?country=SY&offset=" .. math.random(0, 200) end,
  function() return "/v1/events?type=Battles&offset=" .. math.random(0, 500) end,
  function()
    local y = math.random(2012, 2020)
    return "/v1/events?since=" .. y .. "-01-01&until=" .. y .. "-06-30"
  end,
  function() return "/v1/events?bbox=35,29,49,38&offset=" .. math.random(0, 300) end,
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", queries[(n % #queries) + 1]())
end
-- Count non-2xx answers separately (wrk reports them as "Non-2xx or 3xx responses").
