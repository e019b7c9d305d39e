-- wrk script of `npm run bench` (bench/wrk.ts): each wrk thread sends the pre-signed raw HTTP requests of its
-- own file, <prefix>.<thread id>, in order, so no two requests of a run share a nonce. A thread that runs out
-- starts over (the server then refuses the replays, which the bench sees as errors and as `wrapped`).
-- File format: "<byte length>\n<raw request>" repeated. At the end one line `WRKJSON {...}` carries the
-- figures bench/wrk.ts reads (latencies in microseconds, CPU in clock ticks of this wrk process).

local threads = {}
local next_id = 0

local function cputicks()
  local f = io.open("/proc/self/stat", "r")
  if not f then return 0 end
  local s = f:read("*a")
  f:close()
  local rest = s:sub(s:match(".*()%)") + 2)
  local fields = {}
  for w in rest:gmatch("%S+") do fields[#fields + 1] = w end
  -- utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
  return tonumber(fields[12]) + tonumber(fields[13])
end

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

local pool, n, i = {}, 0, 0
wrapped = 0
cpu0 = 0

function init(args)
  local f = assert(io.open(args[1] .. "." .. id, "rb"))
  local data = f:read("*a")
  f:close()
  local pos, size = 1, #data
  while pos <= size do
    local nl = data:find("\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    n = n + 1
    pool[n] = data:sub(nl + 1, nl + len)
    pos = nl + len + 1
  end
  cpu0 = cputicks()
end

function request()
  i = i + 1
  if i > n then
    i = 1
    wrapped = wrapped + 1
  end
  return pool[i]
end

function done(summary, latency, requests)
  local w, c0 = 0, 0
  for _, t in ipairs(threads) do
    w = w + (t:get("wrapped") or 0)
    c0 = math.max(c0, t:get("cpu0") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"durationUs":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
      '"p50Us":%d,"p99Us":%d,"meanUs":%.1f,"wrapped":%d,"cpuTicks":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, w, cputicks() - c0))
end
