-- A GET with the headers the harness passes as BENCH_HEADER_1..n ("name: value").
local i = 1
while os.getenv("BENCH_HEADER_" .. i) do
  local name, value = os.getenv("BENCH_HEADER_" .. i):match("^([^:]+):%s*(.*)$")
  wrk.headers[name] = value
  i = i + 1
end
dofile("benchmarks/load/report.lua")
