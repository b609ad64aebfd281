-- Runs the kernel vectors that test/kernels.test.ts generated through the kernels inside the built
-- plugin, with every strategy this runtime can run, and prints one line per answer for the test to
-- compare with the TypeScript twin's answers:
--   DEFAULT <bits> <mask> <utf8> <join>        the strategies chosen at load time
--   AVAILABLE <bits,...> <mask,...> <utf8,...> <join,...>  every strategy this runtime can run
--   BITS <bits> <case> <result>                 an operation of the bit layer, in decimal
--   SHA1 <bits> <case> <hex digest>
--   MASK <mask> <case> <hex>
--   UTF8 <utf8> <case> <whole> <split,...> <bytewise>   answers encoded as "!" (nil) or "=" .. hex
--   JOIN <join> <case> <length> <hex SHA-1 of the joined string>
--
-- usage: kernels-vectors.lua VECTORS.lua [million]
--   VECTORS.lua  a Lua file returning the vectors (see the test); read through `require` because the
--                Node-hosted runtimes have no file system of their own
--   million      also hash one million "a" with the default bit layer (too slow for fengari)
--   narrow       skip the mask cases marked `wide` (fengari)

local vectorsFile, million = arg[1], arg[2] == "million"
local narrow = false -- "narrow": skip the mask cases marked `wide` (only words64 has code for them)
for i = 2, #arg do if arg[i] == "narrow" then narrow = true end end
local folder, moduleName = vectorsFile:match("^(.*)/([^/]+)%.lua$")
package.path = folder .. "/?.lua;" .. package.path
local vectors = require(moduleName)
require("plugin.websockets") -- which registers plugin.websockets._core
local kernels = require("plugin.websockets._core").kernels

local HEX = {}
for b = 0, 255 do HEX[string.char(b)] = string.format("%02x", b) end
local function hex(bytes)
  return (string.gsub(bytes, ".", HEX))
end

local function answer(result)
  if result == nil then return "!" end
  return "=" .. hex(result)
end

local available = kernels._available()
print("DEFAULT " .. kernels.backend .. " " .. kernels.maskStrategy .. " " .. kernels.utf8Strategy .. " "
  .. kernels.joinStrategy)
print("AVAILABLE " .. table.concat(available.bits, ",") .. " " .. table.concat(available.mask, ",") .. " "
  .. table.concat(available.utf8, ",") .. " " .. table.concat(available.join, ","))

for _, name in ipairs(available.bits) do
  local k = kernels._with({ bits = name })
  for index, case in ipairs(vectors.bits) do
    local result = k.bits[case[1]](case[2], case[3])
    print(("BITS %s %d %.0f"):format(name, index, result))
  end
  for index, data in ipairs(vectors.sha1) do
    print(("SHA1 %s %d %s"):format(name, index, hex(k.sha1(data))))
  end
end
if million then
  print(("SHA1-MILLION %s %s"):format(kernels.backend, hex(kernels.sha1(string.rep("a", 1000000)))))
end

local HOST_MASK_CASES_FROM = 1000
for _, name in ipairs(available.mask) do
  local k = kernels._with({ mask = name })
  for index, case in ipairs(vectors.mask) do
    -- "host" hands payloads under 1 KiB to the Lua kernel already tested above: only the rest.
    if (name ~= "host" or #case.data >= HOST_MASK_CASES_FROM) and not (narrow and case.wide) then
      print(("MASK %s %d %s"):format(name, index, hex(k.mask(case.data, case.key))))
    end
  end
end

for _, name in ipairs(available.utf8) do
  local utf8Continue = kernels._with({ utf8 = name }).utf8Continue
  for index, text in ipairs(vectors.utf8) do
    local whole = answer(utf8Continue("", text))
    -- Split in two at every position: what the first part leaves open is carried into the second.
    local splits = {}
    for at = 0, #text do
      local carry = utf8Continue("", text:sub(1, at))
      local rest = carry and utf8Continue(carry, text:sub(at + 1))
      splits[#splits + 1] = answer(carry) .. "/" .. answer(rest)
    end
    -- One byte per call, as a message fragmented as finely as the protocol allows.
    local carry = ""
    for at = 1, #text do
      carry = utf8Continue(carry, text:sub(at, at))
      if carry == nil then break end
    end
    print(("UTF8 %s %d %s %s %s"):format(name, index, whole, table.concat(splits, ","), answer(carry)))
  end
end

-- Each join case is a list made here from its description (see the test's joinList): value i is the
-- byte i % 256 repeated (i * 7) % lengthModulus times, or every 13th value the number i itself.
local function joinList(case)
  local list = {}
  for i = 1, case.values do
    list[i] = i % 13 == 0 and i or string.rep(string.char(i % 256), (i * 7) % case.lengthModulus)
  end
  return list
end
for _, name in ipairs(available.join) do
  local join = kernels._with({ join = name }).join
  for index, case in ipairs(vectors.join) do
    local joined = join(joinList(case), case.count)
    print(("JOIN %s %d %d %s"):format(name, index, #joined, hex(kernels.sha1(joined))))
  end
end
