-- wrk script: audited edits through the API, one edit per request. Each request creates a
-- partnership plan (POST /api/v1/plans) of a one-day period: wrk thread t writes nation
-- NATIONS[t + 1], request k of a thread plan PLANS[k % 5 + 1] on day k // 5 after
-- the first day, so no two requests overlap and every one of them is valid. done() prints how
-- many were created (201) and how many were not.
--
--   wrk -t2 -c4 -d10s -s bench/edits.lua http://HOST:PORT -- TOKEN [FIRST_DAY]
--
-- TOKEN is an API token of an account that may edit (alliance-staff); FIRST_DAY, in days after
-- 1970-01-01 (default 0), lets several runs write the same database. bench/edits_bench.py
-- writes the same rows with the sqlite3 shell.

local NATIONS = {"FIN", "SWE", "CHE", "IRL", "AUT", "ESP", "NOR", "ISL"}
local PLANS = {"ANP", "IPAP", "IPCP", "ITPP", "MAP"}
local DAY_SECONDS = 86400

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[1]}
  first_day = tonumber(args[2] or "0")
  nation = NATIONS[thread_index + 1]
  sent = 0
  created = 0
  refused = 0
end

function request()
  local k = sent
  sent = sent + 1
  local day = first_day + math.floor(k / #PLANS)
  local body = string.format(
    '{"organisation":"NATO","nation":"%s","plan":"%s","from":"%s","to":"%s",' ..
      '"source":"https://example.org/bench","reason":"bench"}',
    nation, PLANS[k % #PLANS + 1], os.date("!%Y-%m-%d", day * DAY_SECONDS),
    os.date("!%Y-%m-%d", (day + 1) * DAY_SECONDS))
  return wrk.format("POST", "/api/v1/plans", headers, body)
end

function response(status, response_headers, body)
  if status == 201 then
    created = created + 1
  else
    refused = refused + 1
    if refused == 1 then io.stderr:write("edits.lua: " .. status .. " " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local total_created, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    total_refused = total_refused + thread:get("refused")
  end
  io.write(string.format("created %d refused %d\n", total_created, total_refused))
end
