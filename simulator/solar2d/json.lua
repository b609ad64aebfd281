-- Solar2D's `json` library (require("json")): encode, decode, prettify and the null sentinel, with
-- the calling conventions of the dkjson-based module Solar2D ships:
--
--   json.encode(value[, options])          -> string; options.indent = true for an indented layout
--   json.decode(text[, position[, null]])  -> value, next position | nil, position, message
--   json.prettify(value or text)           -> the indented form
--   json.null                              -> encodes as null; decode gives it back only when passed
--                                             as `null`, otherwise JSON null becomes nil
--
-- Written for every runtime the simulator has (Lua 5.1 to 5.4, LuaJIT, fengari): no integer
-- division, no goto, no utf8 library. Object keys are written sorted, so an encoding is the same in
-- every runtime (Lua's table order is not).

local json = {}

local byte, char, concat, floor, format = string.byte, string.char, table.concat, math.floor, string.format
local huge = math.huge

json.null = setmetatable({}, {
  __tostring = function()
    return "json.null"
  end,
})

---------------------------------------------------------------------------------------------------
-- Encoding (RFC 8259)
---------------------------------------------------------------------------------------------------

local ESCAPES = {
  ['"'] = '\\"',
  ["\\"] = "\\\\",
  ["\b"] = "\\b",
  ["\f"] = "\\f",
  ["\n"] = "\\n",
  ["\r"] = "\\r",
  ["\t"] = "\\t",
}

local function escape_char(c)
  return ESCAPES[c] or format("\\u%04x", byte(c))
end

local function encode_string(s)
  -- Control characters must be escaped (RFC 8259 section 7); other bytes pass through as UTF-8.
  return '"' .. s:gsub('[%c"\\]', escape_char) .. '"'
end

local function encode_number(n)
  if n ~= n or n >= huge or n <= -huge then
    return "null" -- JSON has no NaN or infinity (dkjson writes null as well)
  end
  if n == floor(n) and n > -2 ^ 53 and n < 2 ^ 53 then
    return format("%.0f", n)
  end
  -- The shortest form that reads back as the same number (17 significant digits always do).
  for digits = 14, 16 do
    local text = format("%." .. digits .. "g", n)
    if tonumber(text) == n then
      return text
    end
  end
  return format("%.17g", n)
end

--- "array" with its length for a table whose keys are exactly 1..n (an empty table too, as dkjson
--- does), else "object".
local function table_kind(t)
  local count = 0
  for key in pairs(t) do
    if type(key) ~= "number" or key < 1 or key ~= floor(key) then
      return "object"
    end
    count = count + 1
  end
  for i = 1, count do
    if t[i] == nil then
      return "object"
    end
  end
  return "array", count
end

local encode_value

local function newline(indent, depth)
  if not indent then
    return ""
  end
  return "\n" .. string.rep("  ", depth)
end

local function encode_table(t, indent, depth, seen, out)
  if seen[t] then
    error("json.encode: reference cycle", 0)
  end
  seen[t] = true
  local kind, count = table_kind(t)
  if kind == "array" then
    if count == 0 then
      out[#out + 1] = "[]"
    else
      out[#out + 1] = "["
      for i = 1, count do
        if i > 1 then
          out[#out + 1] = ","
        end
        out[#out + 1] = newline(indent, depth + 1)
        encode_value(t[i], indent, depth + 1, seen, out)
      end
      out[#out + 1] = newline(indent, depth) .. "]"
    end
  else
    local keys = {}
    for key in pairs(t) do
      local kt = type(key)
      if kt ~= "string" and kt ~= "number" then
        error("json.encode: a table key of type " .. kt .. " has no JSON form", 0)
      end
      keys[#keys + 1] = kt == "number" and encode_number(key) or key
    end
    table.sort(keys)
    local by_name = {}
    for key, value in pairs(t) do
      by_name[type(key) == "number" and encode_number(key) or key] = value
    end
    out[#out + 1] = "{"
    for i = 1, #keys do
      if i > 1 then
        out[#out + 1] = ","
      end
      out[#out + 1] = newline(indent, depth + 1) .. encode_string(keys[i]) .. (indent and ": " or ":")
      encode_value(by_name[keys[i]], indent, depth + 1, seen, out)
    end
    out[#out + 1] = newline(indent, depth) .. "}"
  end
  seen[t] = nil
end

function encode_value(value, indent, depth, seen, out)
  local kind = type(value)
  if value == nil or value == json.null then
    out[#out + 1] = "null"
  elseif kind == "boolean" then
    out[#out + 1] = value and "true" or "false"
  elseif kind == "number" then
    out[#out + 1] = encode_number(value)
  elseif kind == "string" then
    out[#out + 1] = encode_string(value)
  elseif kind == "table" then
    encode_table(value, indent, depth, seen, out)
  else
    error("json.encode: type '" .. kind .. "' is not supported by JSON", 0)
  end
end

function json.encode(value, options)
  local indent = type(options) == "table" and options.indent and true or false
  local out = {}
  encode_value(value, indent, 0, {}, out)
  return concat(out)
end

---------------------------------------------------------------------------------------------------
-- Decoding
---------------------------------------------------------------------------------------------------

local decode_value

local function skip_space(text, pos)
  local _, last = text:find("^[ \t\r\n]*", pos)
  return last + 1
end

local function fail(pos, message)
  error({ pos = pos, message = message }, 0)
end

--- Code point `cp` as UTF-8 bytes.
local function utf8_bytes(cp)
  if cp < 0x80 then
    return char(cp)
  elseif cp < 0x800 then
    return char(0xC0 + floor(cp / 0x40), 0x80 + cp % 0x40)
  elseif cp < 0x10000 then
    return char(0xE0 + floor(cp / 0x1000), 0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
  return char(0xF0 + floor(cp / 0x40000), 0x80 + floor(cp / 0x1000) % 0x40, 0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

local SIMPLE_ESCAPES = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }

local function decode_string(text, pos)
  local parts = {}
  local i = pos + 1
  while true do
    local stop = text:find('["\\%c]', i)
    if not stop then
      fail(pos, "unterminated string")
    end
    parts[#parts + 1] = text:sub(i, stop - 1)
    local c = text:sub(stop, stop)
    if c == '"' then
      return concat(parts), stop + 1
    elseif c == "\\" then
      local e = text:sub(stop + 1, stop + 1)
      if SIMPLE_ESCAPES[e] then
        parts[#parts + 1] = SIMPLE_ESCAPES[e]
        i = stop + 2
      elseif e == "u" then
        local hex = text:match("^%x%x%x%x", stop + 2)
        if not hex then
          fail(stop, "bad \\u escape")
        end
        local cp = tonumber(hex, 16)
        i = stop + 6
        if cp >= 0xD800 and cp <= 0xDBFF then
          -- A UTF-16 high surrogate: the low half must follow as another \u escape.
          local low = text:match("^\\u([dD][c-fC-F]%x%x)", i)
          if not low then
            fail(stop, "lone UTF-16 surrogate")
          end
          cp = 0x10000 + (cp - 0xD800) * 0x400 + (tonumber(low, 16) - 0xDC00)
          i = i + 6
        elseif cp >= 0xDC00 and cp <= 0xDFFF then
          fail(stop, "lone UTF-16 surrogate")
        end
        parts[#parts + 1] = utf8_bytes(cp)
      else
        fail(stop, "bad escape")
      end
    else
      fail(stop, "control character in string")
    end
  end
end

--- -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?, matched piece by piece (RFC 8259 section 6).
local function decode_number(text, pos)
  local i = pos
  if text:sub(i, i) == "-" then
    i = i + 1
  end
  local int = text:match("^0", i) or text:match("^[1-9]%d*", i)
  if not int then
    fail(pos, "bad number")
  end
  i = i + #int
  local fraction = text:match("^%.%d+", i)
  if fraction then
    i = i + #fraction
  elseif text:sub(i, i) == "." then
    fail(pos, "bad number")
  end
  local exponent = text:match("^[eE][-+]?%d+", i)
  if exponent then
    i = i + #exponent
  elseif text:match("^[eE]", i) then
    fail(pos, "bad number")
  end
  return tonumber(text:sub(pos, i - 1)), i
end

local LITERALS = { ["true"] = true, ["false"] = false }

local function decode_array(text, pos, null)
  local result, n = {}, 0
  pos = skip_space(text, pos + 1)
  if text:sub(pos, pos) == "]" then
    return result, pos + 1
  end
  while true do
    local value
    value, pos = decode_value(text, pos, null)
    n = n + 1
    result[n] = value
    pos = skip_space(text, pos)
    local c = text:sub(pos, pos)
    if c == "]" then
      return result, pos + 1
    elseif c ~= "," then
      fail(pos, "',' or ']' expected")
    end
    pos = skip_space(text, pos + 1)
  end
end

local function decode_object(text, pos, null)
  local result = {}
  pos = skip_space(text, pos + 1)
  if text:sub(pos, pos) == "}" then
    return result, pos + 1
  end
  while true do
    if text:sub(pos, pos) ~= '"' then
      fail(pos, "string key expected")
    end
    local key
    key, pos = decode_string(text, pos)
    pos = skip_space(text, pos)
    if text:sub(pos, pos) ~= ":" then
      fail(pos, "':' expected")
    end
    local value
    value, pos = decode_value(text, skip_space(text, pos + 1), null)
    result[key] = value
    pos = skip_space(text, pos)
    local c = text:sub(pos, pos)
    if c == "}" then
      return result, pos + 1
    elseif c ~= "," then
      fail(pos, "',' or '}' expected")
    end
    pos = skip_space(text, pos + 1)
  end
end

function decode_value(text, pos, null)
  pos = skip_space(text, pos)
  local c = text:sub(pos, pos)
  if c == "{" then
    return decode_object(text, pos, null)
  elseif c == "[" then
    return decode_array(text, pos, null)
  elseif c == '"' then
    return decode_string(text, pos)
  elseif c == "-" or c:match("%d") then
    return decode_number(text, pos)
  end
  local word = text:match("^%a+", pos)
  if word == "null" then
    return null, pos + 4
  elseif word ~= nil and LITERALS[word] ~= nil then
    return LITERALS[word], pos + #word
  end
  fail(pos, c == "" and "unexpected end of input" or "unexpected character '" .. c .. "'")
end

function json.decode(text, position, null)
  if type(text) ~= "string" then
    error("bad argument #1 to 'decode' (string expected, got " .. type(text) .. ")", 2)
  end
  local ok, value, next_pos = pcall(decode_value, text, position or 1, null)
  if not ok then
    if type(value) == "table" then
      return nil, value.pos, "json.decode: " .. value.message .. " at position " .. value.pos
    end
    error(value, 0)
  end
  return value, next_pos
end

function json.prettify(value)
  if type(value) == "string" then
    local decoded, _, message = json.decode(value, 1, json.null)
    if message then
      return nil, message
    end
    value = decoded
  end
  return json.encode(value, { indent = true })
end

return json
