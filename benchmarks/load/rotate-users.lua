-- Requests on behalf of many users in turn: POSTs, or GETs with BENCH_METHOD=GET. BENCH_USERS is a file with one line
-- per user; each line is either a JWT (sent as a bearer token to the gateway's path) or a uid (appended to the path as
-- ?uid=, for the Node server).
local users = {}
for line in io.lines(os.getenv("BENCH_USERS")) do
  if #line > 0 then users[#users + 1] = line end
end
local as_bearer = os.getenv("BENCH_USERS_ARE") == "jwt"
local method = os.getenv("BENCH_METHOD") or "POST"
local no_body = method == "POST" and { ["content-length"] = "0" } or {}
local next_user = 0

-- Each wrk thread starts at its own place in the list, so threads do not ask for the same user at once.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("first_user", threads * 331)
end

function init(args)
  next_user = (first_user or 0) % #users
end

function request()
  next_user = next_user % #users + 1
  local user = users[next_user]
  if as_bearer then
    local headers = { ["authorization"] = "Bearer " .. user }
    for name, value in pairs(no_body) do headers[name] = value end
    return wrk.format(method, wrk.path, headers)
  end
  return wrk.format(method, wrk.path .. "?uid=" .. user, no_body)
end

dofile("benchmarks/load/report.lua")
