-- The base64 codec for Solar2D's HTML5 bridge (ts/plugin/bridge-base64.ts), in the built plugin:
-- RFC 4648 section 10 vectors, round trips of every length 0..300 over every byte value, and a
-- message spanning several chunks. Prints "ok" or raises.
require("plugin.websockets") -- which registers plugin.websockets._core
local b = require("plugin.websockets._core").bridgeBase64
local all = {}
for i = 0, 255 do
  all[#all + 1] = string.char(i)
end
all = table.concat(all)
local vectors = { [""] = "", f = "Zg==", fo = "Zm8=", foo = "Zm9v", foob = "Zm9vYg==", fooba = "Zm9vYmE=", foobar = "Zm9vYmFy" }
for plain, coded in pairs(vectors) do
  assert(b.encodeBase64(plain) == coded, "encode '" .. plain .. "' gave '" .. b.encodeBase64(plain) .. "'")
  assert(b.decodeBase64(coded) == plain, "decode '" .. coded .. "'")
end
assert(b.encodeBase64("\0\0\0\255\255\255") == "AAAA////", "zeros and ones")
for n = 0, 300 do
  local s = (all .. all):sub(1 + n % 7, n + n % 7)
  assert(b.decodeBase64(b.encodeBase64(s)) == s, "round trip of " .. n .. " bytes")
end
local big = string.rep(all, 3 * 64 + 1) .. "xy" -- two 48 KiB chunks to encode and two 64 KiB chunks of base64 to decode, not a multiple of 3
local coded = b.encodeBase64(big)
assert(#coded == 4 * math.ceil(#big / 3), "encoded length")
assert(b.decodeBase64(coded) == big, "several chunks")
print("ok")
