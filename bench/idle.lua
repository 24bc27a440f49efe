-- wrk script for the idle-poll section of bench/run.sh: requests spread over
-- many terminals, as a fleet would send them.
--
--   wrk ... -s bench/idle.lua URL -- MODE DEVICES [close]
--
-- MODE "poll": GET /iclock/getrequest?SN=... (a terminal asking for commands;
-- nothing is queued, so the answer is "OK"). MODE "handshake": GET
-- /iclock/cdata?SN=...&options=all&pushver=2.4.1 (a terminal's boot, which
-- registers it). The serial numbers are BENCH00001 ... BENCH<DEVICES>, taken in
-- turn. "close" adds "Connection: close" (what firmware sends): wrk then
-- reconnects for every request. At the end one line of figures goes to stdout:
--   wrk-result rps=<requests/s> p50_ms=... p99_ms=... requests=... errors=...
-- where errors counts socket errors, timeouts and non-2xx/3xx answers.

local mode, devices, close = "poll", 1000, false
local next_sn = 0
local threads = 0

-- Runs once per wrk thread, before init, in the main Lua state: numbers them.
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

function init(args)
  mode = args[1] or mode
  devices = tonumber(args[2] or devices)
  close = args[3] == "close"
  -- Each wrk thread starts at a different terminal.
  next_sn = ((thread_index or 0) * 7919) % devices
end

function request()
  next_sn = next_sn % devices + 1
  local sn = string.format("BENCH%05d", next_sn)
  local path
  if mode == "handshake" then
    path = "/iclock/cdata?SN=" .. sn .. "&options=all&pushver=2.4.1&language=69"
  else
    path = "/iclock/getrequest?SN=" .. sn
  end
  local headers = { ["User-Agent"] = "iClock Proxy/1.09" }
  if close then headers["Connection"] = "close" end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("wrk-result rps=%.0f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, errors))
end
