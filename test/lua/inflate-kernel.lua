-- Runs the Huffman decoding table vectors (written out as a Lua chunk by
-- test/inflate-kernel.test.ts) through the hand-written builder of lua/kernels/inflate.lua and prints
-- one line per vector: "error <message>" or "<rootBits> <rootSize> <entries, comma-separated>". With
-- reuse, the vector's table is built into an array that already holds other values (only its first
-- `size` entries are printed: what lies past them is never read).
--   lua inflate-kernel.lua <vectors.lua>
local Inflate = require("lua.kernels.inflate")

local vectorsFile = assert(arg and arg[1], "usage: inflate-kernel.lua <vectors.lua>")
local folder, name = vectorsFile:match("^(.*)/([^/]+)%.lua$")
package.path = folder .. "/?.lua;" .. package.path
local vectors = require(name)

local out = {}
for i, v in ipairs(vectors) do
  local reuse = nil
  if v.reuse then
    reuse = {}
    for k = 1, v.size + 64 do reuse[k] = 12345 end
  end
  local table_ = Inflate.buildDecodeTable(v.lengths, v.count, v.maxRootBits, v.complete, reuse)
  if type(table_) == "string" then
    out[i] = "error " .. table_
  else
    local parts = {}
    for k = 1, v.size do parts[k] = string.format("%d", table_.entries[k]) end
    out[i] = string.format("%d %d %s", table_.rootBits, table_.rootSize, table.concat(parts, ","))
  end
end
io.write(table.concat(out, "\n"), "\n")
