-- wrk script for tests/e2e/concurrent_load_test.cc: GETs the paths given after `--` in turn and,
-- when wrk stops, prints one line counting the answers by class and the socket errors:
--   answers 2xx=N 3xx=N 4xx=N 5xx=N errors connect=N read=N write=N timeout=N
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  sent = 0
  c2, c3, c4, c5 = 0, 0, 0, 0
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent - 1) % #paths + 1])
end

function response(status, headers, body)
  if status >= 500 then
    c5 = c5 + 1
  elseif status >= 400 then
    c4 = c4 + 1
  elseif status >= 300 then
    c3 = c3 + 1
  else
    c2 = c2 + 1
  end
end

function done(summary, latency, requests)
  local n2, n3, n4, n5 = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    n2 = n2 + thread:get("c2")
    n3 = n3 + thread:get("c3")
    n4 = n4 + thread:get("c4")
    n5 = n5 + thread:get("c5")
  end
  local e = summary.errors
  io.write(string.format("answers 2xx=%d 3xx=%d 4xx=%d 5xx=%d errors connect=%d read=%d " ..
                         "write=%d timeout=%d\n", n2, n3, n4, n5, e.connect, e.read, e.write,
                         e.timeout))
end
