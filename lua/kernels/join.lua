-- Joining strategies of lua/kernels.lua (contract: lua/kernels.d.ts, `join`): the one string made of
-- list[1..n], as table.concat(list, "", 1, n) makes it, with as few copies of the bytes as this
-- runtime allows. All Lua here parses on Lua 5.1.
--
-- PUC Lua 5.1's table.concat gathers into a luaL_Buffer of 8 KiB whose levels merge pairwise as they
-- fill, so joining strings that add up to much more than 8 KiB copies every byte about log2(levels)
-- times and makes as many intermediate strings: 66 ms for 4096 slices of 4 KiB (16 MiB), 1.6 ms for
-- 256 of them (1 MiB), 0.68 ms for the 4096 pieces of 64 bytes that masking 256 KiB makes (measured on
-- lua5.1). One concatenation expression of n values copies each byte twice, whatever n: into the
-- interpreter's buffer, then into the new string (13 ms, 0.25 ms and 0.32 ms for the same).
--   "one-pass"  PUC Lua 5.1: groups of up to GROUP values, each joined by a generated function of that
--               many parameters (`return a1 .. a2 .. ... .. an`); more than GROUP values take one such
--               level more per factor of GROUP.
--   "concat"    table.concat, which grows one buffer in Lua 5.2+ and in LuaJIT.

local concat = table.concat
local unpack = unpack or table.unpack
local Support = require("support")

-- Values per generated concatenation. Lua 5.1's parser nests a level of C calls per `..` and stops
-- at 200; 64 is well inside that, and joins 64 slices of 4 KiB (256 KiB) per call.
local GROUP = 64

local function concatJoin(list, n)
  return concat(list, "", 1, n or #list)
end

-- CATS[n](v1, ..., vn) == v1 .. ... .. vn, each compiled the first time a group of n values occurs.
-- A single value is joined with "" so that a number still comes back as a string, as from
-- table.concat; Lua 5.1 returns a string joined with "" without copying it.
local CATS = Support.builtOnDemand(function(n)
  local names = {}
  for i = 1, n do names[i] = "v" .. i end
  local joined = n == 1 and 'v1 .. ""' or concat(names, " .. ")
  return Support.compile("return function(" .. concat(names, ", ") .. ") return " .. joined .. " end",
    "kernels.join.cat" .. n)
end)

local function onePassJoin(list, n)
  n = n or #list
  while n > GROUP do
    local groups, count = {}, 0
    for first = 1, n, GROUP do
      local last = first + GROUP - 1
      if last > n then last = n end
      count = count + 1
      groups[count] = CATS[last - first + 1](unpack(list, first, last))
    end
    list, n = groups, count
  end
  if n == 0 then return "" end
  return CATS[n](unpack(list, 1, n))
end

-- Where table.concat merges its values pairwise: PUC Lua 5.1 (LuaJIT reports 5.1 too, but has `jit`).
local concatMergesPairwise = _VERSION == "Lua 5.1" and rawget(_G, "jit") == nil

local JOIN_BUILDERS = {
  ["one-pass"] = function()
    return onePassJoin
  end,
  concat = function()
    return concatJoin
  end,
}
local JOIN_PREFERENCE = concatMergesPairwise and { "one-pass", "concat" } or { "concat", "one-pass" }

return {
  BUILDERS = JOIN_BUILDERS,
  PREFERENCE = JOIN_PREFERENCE,
  GROUP = GROUP,
  concatMergesPairwise = concatMergesPairwise,
  -- The strategy in order of preference, for the other kernels (masking joins its pieces with it).
  best = concatMergesPairwise and onePassJoin or concatJoin,
}
