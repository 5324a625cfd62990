-- wrk script for bench/compare.sh: sends pre-made distinct encrypted requests (made by
-- io.obshell.emulator.bench.EncryptedRequests), each thread its own share, cycling if the run
-- outlasts them, and counts answers whose status is not the expected one.
--   wrk -tT ... -s bench/wrk/requests.lua URL -- FILE METHOD PATH EXPECTED_STATUS T
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file, method, path, expected, total = args[1], args[2], args[3], tonumber(args[4]), tonumber(args[5])
  wrk.method = method
  wrk.path = path
  want = expected
  unexpected = 0
  requests = {}
  local n = 0
  local i = 0
  for line in io.lines(file) do
    if i % total == id then
      local header, body = line:match("^([^\t]*)\t(.*)$")
      n = n + 1
      requests[n] = wrk.format(method, path,
        { ["X-OCS-Agent-Header"] = header, ["Content-Type"] = "application/json" }, body)
    end
    i = i + 1
  end
  count = n
  next_index = 1
end

function request()
  local r = requests[next_index]
  next_index = next_index + 1
  if next_index > count then next_index = 1 end
  return r
end

function response(status, headers, body)
  if status ~= want then
    unexpected = unexpected + 1
    if unexpected == 1 then io.stderr:write("unexpected answer " .. status .. ": " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local bad, made = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    made = made + thread:get("count")
  end
  io.write(string.format("distinct_requests=%d unexpected_status=%d\n", made, bad))
end
