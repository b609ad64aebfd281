-- Runs the permessage-deflate negotiation vectors (test/vectors/deflate-negotiation.ts, written out
-- as a Lua chunk by test/deflate-lua-vectors.test.ts) through the built plugin's
-- `_core.deflateNegotiation` and prints one JSON line per vector; the test judges them.
--   lua deflate-negotiation.lua <vectors.lua>
require("plugin.websockets") -- which registers plugin.websockets._core
local core = require("plugin.websockets._core")
local negotiation, header = core.deflateNegotiation, core.extensionHeader

local vectorsFile = assert(arg and arg[1], "usage: deflate-negotiation.lua <vectors.lua>")
local folder, name = vectorsFile:match("^(.*)/([^/]+)%.lua$")
package.path = folder .. "/?.lua;" .. package.path
local vectors = require(name)

local function json(v)
  local t = type(v)
  if t == "string" then return '"' .. v:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"' end
  if t == "number" then return string.format("%d", v) end
  if t == "boolean" then return tostring(v) end
  if t == "nil" then return "null" end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = json(k) .. ":" .. json(v[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local function settings(overrides)
  local s = {}
  for k, v in pairs(negotiation.DEFAULT_DEFLATE_SETTINGS) do s[k] = v end
  for k, v in pairs(overrides) do s[k] = v end
  return s
end

local function parsed(text)
  local list = header.parseExtensionHeader({ text })
  assert(list.malformed == nil, list.malformed)
  return list
end

for i, v in ipairs(vectors.offers) do
  print(json({ kind = "offer", index = i, offer = negotiation.buildDeflateOffer(settings(v.settings)) }))
end
for i, v in ipairs(vectors.answers) do
  local result = negotiation.acceptDeflateAnswer(parsed(v.answer), settings(v.settings))
  print(json({ kind = "answer", index = i, problem = result.problem, agreement = result.agreement }))
end
for i, v in ipairs(vectors.server) do
  local result = negotiation.answerDeflateOffers(parsed(v.offers), settings(v.settings))
  print(json({ kind = "server", index = i, answer = result and result.header, agreement = result and result.agreement }))
end
print("DONE")
