-- wrk script: each request takes the next path of SOAK_PATHS (space-separated), per thread.
local paths = {}
for p in string.gmatch(os.getenv("SOAK_PATHS") or "/", "%S+") do
  paths[#paths + 1] = p
end
local i = 0

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
