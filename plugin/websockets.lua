
local ____modules = {}
local ____moduleCache = {}
local ____originalRequire = require
local function require(file, ...)
    if ____moduleCache[file] then
        return ____moduleCache[file].value
    end
    if ____modules[file] then
        local module = ____modules[file]
        local value = nil
        if (select("#", ...) > 0) then value = module(...) else value = module(file) end
        ____moduleCache[file] = { value = value }
        return value
    else
        if ____originalRequire then
            return ____originalRequire(file)
        else
            error("module '" .. file .. "' not found")
        end
    end
end
____modules = {
["lualib_bundle"] = function(...) 
local function __TS__Class(self)
    local c = {prototype = {}}
    c.prototype.__index = c.prototype
    c.prototype.constructor = c
    return c
end

local function __TS__StringSubstring(self, start, ____end)
    if ____end ~= ____end then
        ____end = 0
    end
    if ____end ~= nil and start > ____end then
        start, ____end = ____end, start
    end
    if start >= 0 then
        start = start + 1
    else
        start = 1
    end
    if ____end ~= nil and ____end < 0 then
        ____end = 0
    end
    return string.sub(self, start, ____end)
end

local function __TS__StringIncludes(self, searchString, position)
    if not position then
        position = 1
    else
        position = position + 1
    end
    local index = string.find(self, searchString, position, true)
    return index ~= nil
end

local function __TS__New(target, ...)
    local instance = setmetatable({}, target.prototype)
    instance:____constructor(...)
    return instance
end

local function __TS__ClassExtends(target, base)
    target.____super = base
    local staticMetatable = setmetatable({__index = base}, base)
    setmetatable(target, staticMetatable)
    local baseMetatable = getmetatable(base)
    if baseMetatable then
        if type(baseMetatable.__index) == "function" then
            staticMetatable.__index = baseMetatable.__index
        end
        if type(baseMetatable.__newindex) == "function" then
            staticMetatable.__newindex = baseMetatable.__newindex
        end
    end
    setmetatable(target.prototype, base.prototype)
    if type(base.prototype.__index) == "function" then
        target.prototype.__index = base.prototype.__index
    end
    if type(base.prototype.__newindex) == "function" then
        target.prototype.__newindex = base.prototype.__newindex
    end
    if type(base.prototype.__tostring) == "function" then
        target.prototype.__tostring = base.prototype.__tostring
    end
end

local Error, RangeError, ReferenceError, SyntaxError, TypeError, URIError
do
    local function getErrorStack(self, constructor)
        if debug == nil then
            return nil
        end
        local level = 1
        while true do
            local info = debug.getinfo(level, "f")
            level = level + 1
            if not info then
                level = 1
                break
            elseif info.func == constructor then
                break
            end
        end
        if __TS__StringIncludes(_VERSION, "Lua 5.0") then
            return debug.traceback(("[Level " .. tostring(level)) .. "]")
        elseif _VERSION == "Lua 5.1" then
            return string.sub(
                debug.traceback("", level),
                2
            )
        else
            return debug.traceback(nil, level)
        end
    end
    local function wrapErrorToString(self, getDescription)
        return function(self)
            local description = getDescription(self)
            local caller = debug.getinfo(3, "f")
            local isClassicLua = __TS__StringIncludes(_VERSION, "Lua 5.0")
            if isClassicLua or caller and caller.func ~= error then
                return description
            else
                return (description .. "\n") .. tostring(self.stack)
            end
        end
    end
    local function initErrorClass(self, Type, name)
        Type.name = name
        return setmetatable(
            Type,
            {__call = function(____, _self, message) return __TS__New(Type, message) end}
        )
    end
    local ____initErrorClass_1 = initErrorClass
    local ____class_0 = __TS__Class()
    ____class_0.name = ""
    function ____class_0.prototype.____constructor(self, message)
        if message == nil then
            message = ""
        end
        self.message = message
        self.name = "Error"
        self.stack = getErrorStack(nil, __TS__New)
        local metatable = getmetatable(self)
        if metatable and not metatable.__errorToStringPatched then
            metatable.__errorToStringPatched = true
            metatable.__tostring = wrapErrorToString(nil, metatable.__tostring)
        end
    end
    function ____class_0.prototype.__tostring(self)
        return self.message ~= "" and (self.name .. ": ") .. self.message or self.name
    end
    Error = ____initErrorClass_1(nil, ____class_0, "Error")
    local function createErrorClass(self, name)
        local ____initErrorClass_3 = initErrorClass
        local ____class_2 = __TS__Class()
        ____class_2.name = ____class_2.name
        __TS__ClassExtends(____class_2, Error)
        function ____class_2.prototype.____constructor(self, ...)
            ____class_2.____super.prototype.____constructor(self, ...)
            self.name = name
        end
        return ____initErrorClass_3(nil, ____class_2, name)
    end
    RangeError = createErrorClass(nil, "RangeError")
    ReferenceError = createErrorClass(nil, "ReferenceError")
    SyntaxError = createErrorClass(nil, "SyntaxError")
    TypeError = createErrorClass(nil, "TypeError")
    URIError = createErrorClass(nil, "URIError")
end

local function __TS__StringCharAt(self, pos)
    if pos ~= pos then
        pos = 0
    end
    if pos < 0 then
        return ""
    end
    return string.sub(self, pos + 1, pos + 1)
end

local function __TS__StringCharCodeAt(self, index)
    if index ~= index then
        index = 0
    end
    if index < 0 then
        return 0 / 0
    end
    return string.byte(self, index + 1) or 0 / 0
end

local function __TS__ArraySlice(self, first, last)
    local len = #self
    first = first or 0
    if first < 0 then
        first = len + first
        if first < 0 then
            first = 0
        end
    else
        if first > len then
            first = len
        end
    end
    last = last or len
    if last < 0 then
        last = len + last
        if last < 0 then
            last = 0
        end
    else
        if last > len then
            last = len
        end
    end
    local out = {}
    first = first + 1
    last = last + 1
    local n = 1
    while first < last do
        out[n] = self[first]
        first = first + 1
        n = n + 1
    end
    return out
end

local __TS__StringSplit
do
    local sub = string.sub
    local find = string.find
    function __TS__StringSplit(source, separator, limit)
        if limit == nil then
            limit = 4294967295
        end
        if limit == 0 then
            return {}
        end
        local result = {}
        local resultIndex = 1
        if separator == nil or separator == "" then
            for i = 1, #source do
                result[resultIndex] = sub(source, i, i)
                resultIndex = resultIndex + 1
            end
        else
            local currentPos = 1
            while resultIndex <= limit do
                local startPos, endPos = find(source, separator, currentPos, true)
                if not startPos then
                    break
                end
                result[resultIndex] = sub(source, currentPos, startPos - 1)
                resultIndex = resultIndex + 1
                currentPos = endPos + 1
            end
            if resultIndex <= limit then
                result[resultIndex] = sub(source, currentPos)
            end
        end
        return result
    end
end

local function __TS__ArrayPush(self, ...)
    local items = {...}
    local len = #self
    for i = 1, #items do
        len = len + 1
        self[len] = items[i]
    end
    return len
end

local function __TS__ArrayIndexOf(self, searchElement, fromIndex)
    if fromIndex == nil then
        fromIndex = 0
    end
    local len = #self
    if len == 0 then
        return -1
    end
    if fromIndex >= len then
        return -1
    end
    if fromIndex < 0 then
        fromIndex = len + fromIndex
        if fromIndex < 0 then
            fromIndex = 0
        end
    end
    for i = fromIndex + 1, len do
        if self[i] == searchElement then
            return i - 1
        end
    end
    return -1
end

local function __TS__Number(value)
    local valueType = type(value)
    if valueType == "number" then
        return value
    elseif valueType == "string" then
        local numberValue = tonumber(value)
        if numberValue then
            return numberValue
        end
        if value == "Infinity" then
            return math.huge
        end
        if value == "-Infinity" then
            return -math.huge
        end
        local stringWithoutSpaces = string.gsub(value, "%s", "")
        if stringWithoutSpaces == "" then
            return 0
        end
        return 0 / 0
    elseif valueType == "boolean" then
        return value and 1 or 0
    else
        return 0 / 0
    end
end

local function __TS__ObjectAssign(target, ...)
    local sources = {...}
    for i = 1, #sources do
        local source = sources[i]
        if type(source) == "table" then
            for key in pairs(source) do
                target[key] = source[key]
            end
        end
    end
    return target
end

local __TS__Unpack = table.unpack or unpack

local function __TS__ArrayFilter(self, callbackfn, thisArg)
    local result = {}
    local len = 0
    for i = 1, #self do
        if callbackfn(thisArg, self[i], i - 1, self) then
            len = len + 1
            result[len] = self[i]
        end
    end
    return result
end

local function __TS__ArraySetLength(self, length)
    if length < 0 or length ~= length or length == math.huge or math.floor(length) ~= length then
        error(
            "invalid array length: " .. tostring(length),
            0
        )
    end
    for i = length + 1, #self do
        self[i] = nil
    end
    return length
end

local function __TS__CountVarargs(...)
    return select("#", ...)
end

local function __TS__ArraySplice(self, ...)
    local args = {...}
    local len = #self
    local actualArgumentCount = __TS__CountVarargs(...)
    local start = args[1]
    local deleteCount = args[2]
    if start < 0 then
        start = len + start
        if start < 0 then
            start = 0
        end
    elseif start > len then
        start = len
    end
    local itemCount = actualArgumentCount - 2
    if itemCount < 0 then
        itemCount = 0
    end
    local actualDeleteCount
    if actualArgumentCount == 0 then
        actualDeleteCount = 0
    elseif actualArgumentCount == 1 then
        actualDeleteCount = len - start
    else
        actualDeleteCount = deleteCount or 0
        if actualDeleteCount < 0 then
            actualDeleteCount = 0
        end
        if actualDeleteCount > len - start then
            actualDeleteCount = len - start
        end
    end
    local out = {}
    for k = 1, actualDeleteCount do
        local from = start + k
        if self[from] ~= nil then
            out[k] = self[from]
        end
    end
    if itemCount < actualDeleteCount then
        for k = start + 1, len - actualDeleteCount do
            local from = k + actualDeleteCount
            local to = k + itemCount
            if self[from] then
                self[to] = self[from]
            else
                self[to] = nil
            end
        end
        for k = len - actualDeleteCount + itemCount + 1, len do
            self[k] = nil
        end
    elseif itemCount > actualDeleteCount then
        for k = len - actualDeleteCount, start + 1, -1 do
            local from = k + actualDeleteCount
            local to = k + itemCount
            if self[from] then
                self[to] = self[from]
            else
                self[to] = nil
            end
        end
    end
    local j = start + 1
    for i = 3, actualArgumentCount do
        self[j] = args[i]
        j = j + 1
    end
    for k = #self, len - actualDeleteCount + itemCount + 1, -1 do
        self[k] = nil
    end
    return out
end

local function __TS__ObjectGetOwnPropertyDescriptors(object)
    local metatable = getmetatable(object)
    if not metatable then
        return {}
    end
    return rawget(metatable, "_descriptors") or ({})
end

local function __TS__Delete(target, key)
    local descriptors = __TS__ObjectGetOwnPropertyDescriptors(target)
    local descriptor = descriptors[key]
    if descriptor then
        if not descriptor.configurable then
            error(
                __TS__New(
                    TypeError,
                    ((("Cannot delete property " .. tostring(key)) .. " of ") .. tostring(target)) .. "."
                ),
                0
            )
        end
        descriptors[key] = nil
        return true
    end
    target[key] = nil
    return true
end

local __TS__Symbol, Symbol
do
    local symbolMetatable = {__tostring = function(self)
        return ("Symbol(" .. (self.description or "")) .. ")"
    end}
    function __TS__Symbol(description)
        return setmetatable({description = description}, symbolMetatable)
    end
    Symbol = {
        asyncDispose = __TS__Symbol("Symbol.asyncDispose"),
        dispose = __TS__Symbol("Symbol.dispose"),
        iterator = __TS__Symbol("Symbol.iterator"),
        hasInstance = __TS__Symbol("Symbol.hasInstance"),
        species = __TS__Symbol("Symbol.species"),
        toStringTag = __TS__Symbol("Symbol.toStringTag")
    }
end

local function __TS__InstanceOf(obj, classTbl)
    if type(classTbl) ~= "table" then
        error("Right-hand side of 'instanceof' is not an object", 0)
    end
    if classTbl[Symbol.hasInstance] ~= nil then
        return not not classTbl[Symbol.hasInstance](classTbl, obj)
    end
    if type(obj) == "table" then
        local luaClass = obj.constructor
        while luaClass ~= nil do
            if luaClass == classTbl then
                return true
            end
            luaClass = luaClass.____super
        end
    end
    return false
end

return {
  __TS__Class = __TS__Class,
  __TS__StringSubstring = __TS__StringSubstring,
  Error = Error,
  RangeError = RangeError,
  ReferenceError = ReferenceError,
  SyntaxError = SyntaxError,
  TypeError = TypeError,
  URIError = URIError,
  __TS__New = __TS__New,
  __TS__StringCharAt = __TS__StringCharAt,
  __TS__StringCharCodeAt = __TS__StringCharCodeAt,
  __TS__ArraySlice = __TS__ArraySlice,
  __TS__StringSplit = __TS__StringSplit,
  __TS__ArrayPush = __TS__ArrayPush,
  __TS__ArrayIndexOf = __TS__ArrayIndexOf,
  __TS__Number = __TS__Number,
  __TS__ClassExtends = __TS__ClassExtends,
  __TS__ObjectAssign = __TS__ObjectAssign,
  __TS__Unpack = __TS__Unpack,
  __TS__ArrayFilter = __TS__ArrayFilter,
  __TS__ArraySetLength = __TS__ArraySetLength,
  __TS__ArraySplice = __TS__ArraySplice,
  __TS__Delete = __TS__Delete,
  __TS__InstanceOf = __TS__InstanceOf
}
 end,
["ts.codec.codec"] = function(...) 
local ____exports = {}
return ____exports
 end,
["ts.codec.deflate-format"] = function(...) 
local ____exports = {}
--- POW2[n] == 2^n for n = 0..32.
____exports.POW2 = {}
do
    local n = 0
    while n <= 32 do
        ____exports.POW2[n + 1] = 2 ^ n
        n = n + 1
    end
end
--- Length codes 257..285: base lengths and extra bits (section 3.2.5), indexed by code - 257.
____exports.LENGTH_BASE = {
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    13,
    15,
    17,
    19,
    23,
    27,
    31,
    35,
    43,
    51,
    59,
    67,
    83,
    99,
    115,
    131,
    163,
    195,
    227,
    258
}
____exports.LENGTH_EXTRA = {
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    1,
    1,
    1,
    2,
    2,
    2,
    2,
    3,
    3,
    3,
    3,
    4,
    4,
    4,
    4,
    5,
    5,
    5,
    5,
    0
}
--- Distance codes 0..29: base distances and extra bits (section 3.2.5).
____exports.DIST_BASE = {
    1,
    2,
    3,
    4,
    5,
    7,
    9,
    13,
    17,
    25,
    33,
    49,
    65,
    97,
    129,
    193,
    257,
    385,
    513,
    769,
    1025,
    1537,
    2049,
    3073,
    4097,
    6145,
    8193,
    12289,
    16385,
    24577
}
____exports.DIST_EXTRA = {
    0,
    0,
    0,
    0,
    1,
    1,
    2,
    2,
    3,
    3,
    4,
    4,
    5,
    5,
    6,
    6,
    7,
    7,
    8,
    8,
    9,
    9,
    10,
    10,
    11,
    11,
    12,
    12,
    13,
    13
}
--- The order in which code length code lengths are sent (section 3.2.7).
____exports.CODE_LENGTH_ORDER = {
    16,
    17,
    18,
    0,
    8,
    7,
    9,
    6,
    10,
    5,
    11,
    4,
    12,
    3,
    13,
    2,
    14,
    1,
    15
}
____exports.END_OF_BLOCK = 256
____exports.MAX_MATCH = 258
--- The fixed literal/length code lengths (section 3.2.6): 0-143 8 bits, 144-255 9, 256-279 7, 280-287 8.
function ____exports.fixedLiteralLengths()
    local lengths = {}
    do
        local s = 0
        while s < 288 do
            lengths[s + 1] = s < 144 and 8 or (s < 256 and 9 or (s < 280 and 7 or 8))
            s = s + 1
        end
    end
    return lengths
end
--- The fixed distance code lengths: 30 codes (and the two unused 30, 31) of 5 bits.
function ____exports.fixedDistanceLengths()
    local lengths = {}
    do
        local s = 0
        while s < 32 do
            lengths[s + 1] = 5
            s = s + 1
        end
    end
    return lengths
end
--- REVERSED_BYTE[b]: the 8 bits of b in reverse order.
____exports.REVERSED_BYTE = {}
do
    local b = 0
    while b < 256 do
        local reversed = 0
        local rest = b
        do
            local i = 0
            while i < 8 do
                local low = rest % 2
                reversed = reversed * 2 + low
                rest = (rest - low) / 2
                i = i + 1
            end
        end
        ____exports.REVERSED_BYTE[b + 1] = reversed
        b = b + 1
    end
end
--- `code` (of `length` bits, at most 16) with its bits in reverse order: Huffman codes are sent most significant bit first (section 3.1.1).
function ____exports.reverseBits(code, length)
    local low = code % 256
    return (____exports.REVERSED_BYTE[low + 1] * 256 + ____exports.REVERSED_BYTE[(code - low) / 256 + 1]) / ____exports.POW2[16 - length + 1]
end
return ____exports
 end,
["ts.codec.huffman-encode"] = function(...) 
local ____exports = {}
local codecKernels = require("lua.codec-kernels")
local ____deflate_2Dformat = require("ts.codec.deflate-format")
local reverseBits = ____deflate_2Dformat.reverseBits
local sortNumbers = codecKernels.sortNumbers
--- Symbols are below this: a sort key is frequency * SYMBOL_UNIT + symbol.
local SYMBOL_UNIT = 512
--- Code lengths for `frequencies[0 .. count - 1]`, none above `maxBits`. At least two symbols get a
-- code (two of length 1 if only one or none is used), so the code is always complete: every
-- decoder, zlib's included, accepts it.
function ____exports.buildCodeLengths(frequencies, count, maxBits)
    local lengths = {}
    local used = {}
    local n = 0
    do
        local s = 0
        while s < count do
            lengths[s + 1] = 0
            if frequencies[s + 1] > 0 then
                used[n + 1] = frequencies[s + 1] * SYMBOL_UNIT + s
                n = n + 1
            end
            s = s + 1
        end
    end
    if n < 2 then
        local first = n == 1 and used[1] % SYMBOL_UNIT or 0
        local second = first == 0 and 1 or 0
        lengths[first + 1] = 1
        lengths[second + 1] = 1
        return lengths
    end
    sortNumbers(used)
    local weight = {}
    local parent = {}
    do
        local i = 0
        while i < n do
            local symbol = used[i + 1] % SYMBOL_UNIT
            weight[i + 1] = (used[i + 1] - symbol) / SYMBOL_UNIT
            used[i + 1] = symbol
            i = i + 1
        end
    end
    local leaf = 0
    local inner = n
    local created = n
    do
        local k = 0
        while k < n - 1 do
            local pick1
            local pick2
            if leaf < n and (inner >= created or weight[leaf + 1] <= weight[inner + 1]) then
                local ____leaf_0 = leaf
                leaf = ____leaf_0 + 1
                pick1 = ____leaf_0
            else
                local ____inner_1 = inner
                inner = ____inner_1 + 1
                pick1 = ____inner_1
            end
            if leaf < n and (inner >= created or weight[leaf + 1] <= weight[inner + 1]) then
                local ____leaf_2 = leaf
                leaf = ____leaf_2 + 1
                pick2 = ____leaf_2
            else
                local ____inner_3 = inner
                inner = ____inner_3 + 1
                pick2 = ____inner_3
            end
            weight[created + 1] = weight[pick1 + 1] + weight[pick2 + 1]
            parent[pick1 + 1] = created
            parent[pick2 + 1] = created
            created = created + 1
            k = k + 1
        end
    end
    local depth = {}
    depth[created] = 0
    do
        local i = created - 2
        while i >= 0 do
            depth[i + 1] = depth[parent[i + 1] + 1] + 1
            i = i - 1
        end
    end
    local countOfLength = {}
    do
        local l = 0
        while l <= maxBits do
            countOfLength[l + 1] = 0
            l = l + 1
        end
    end
    local overflow = 0
    do
        local i = 0
        while i < n do
            local d = depth[i + 1]
            if d > maxBits then
                d = maxBits
                overflow = overflow + 1
            end
            local ____countOfLength_4, ____temp_5 = countOfLength, d + 1
            ____countOfLength_4[____temp_5] = ____countOfLength_4[____temp_5] + 1
            i = i + 1
        end
    end
    while overflow > 0 do
        local bits = maxBits - 1
        while countOfLength[bits + 1] == 0 do
            bits = bits - 1
        end
        local ____countOfLength_6, ____temp_7 = countOfLength, bits + 1
        ____countOfLength_6[____temp_7] = ____countOfLength_6[____temp_7] - 1
        local ____countOfLength_8, ____temp_9 = countOfLength, bits + 1 + 1
        ____countOfLength_8[____temp_9] = ____countOfLength_8[____temp_9] + 2
        local ____countOfLength_10, ____temp_11 = countOfLength, maxBits + 1
        ____countOfLength_10[____temp_11] = ____countOfLength_10[____temp_11] - 1
        overflow = overflow - 2
    end
    local i = 0
    do
        local l = maxBits
        while l >= 1 do
            do
                local k = 0
                while k < countOfLength[l + 1] do
                    lengths[used[i + 1] + 1] = l
                    i = i + 1
                    k = k + 1
                end
            end
            l = l - 1
        end
    end
    return lengths
end
--- The canonical codes (section 3.2.2) of `lengths`, bit-reversed for sending least significant bit first.
function ____exports.canonicalCodes(lengths, count)
    local lengthCount = {}
    do
        local l = 0
        while l <= 15 do
            lengthCount[l + 1] = 0
            l = l + 1
        end
    end
    do
        local s = 0
        while s < count do
            local ____lengthCount_12, ____temp_13 = lengthCount, lengths[s + 1] + 1
            ____lengthCount_12[____temp_13] = ____lengthCount_12[____temp_13] + 1
            s = s + 1
        end
    end
    lengthCount[1] = 0
    local nextCode = {0}
    local code = 0
    do
        local l = 1
        while l <= 15 do
            nextCode[l + 1] = code
            code = (code + lengthCount[l + 1]) * 2
            l = l + 1
        end
    end
    local codes = {}
    do
        local s = 0
        while s < count do
            local l = lengths[s + 1]
            if l > 0 then
                codes[s + 1] = reverseBits(nextCode[l + 1], l)
                local ____nextCode_14, ____temp_15 = nextCode, l + 1
                ____nextCode_14[____temp_15] = ____nextCode_14[____temp_15] + 1
            else
                codes[s + 1] = 0
            end
            s = s + 1
        end
    end
    return codes
end
return ____exports
 end,
["lua.codec-kernels"] = function(...) 
-- The byte primitives of the DEFLATE codec (contract: lua/codec-kernels.d.ts). Arrays come from the
-- compiled TypeScript, so TypeScript index k is Lua index k + 1. Parses and runs on Lua 5.1 to 5.4,
-- LuaJIT, wasmoon and fengari: no bit operations at all.

local char, byte, sub = string.char, string.byte, string.sub
local concat = table.concat
local unpack = table.unpack or unpack

-- Values per string.char(unpack(...)) call: well inside Lua 5.1's C stack limit (about 8000).
local BLOCK = 4096

local function chars(values, first, stop)
  local count = stop - first
  if count <= 0 then return "" end
  if count <= BLOCK then return char(unpack(values, first + 1, stop)) end
  local parts, n = {}, 0
  for i = first + 1, stop, BLOCK do
    local j = i + BLOCK - 1
    if j > stop then j = stop end
    n = n + 1
    parts[n] = char(unpack(values, i, j))
  end
  return concat(parts)
end

-- LuaJIT with its compiler on: string.char(unpack(...)) is not compiled and was 11-13% of
-- inflating there; a compiled loop into an FFI buffer and one ffi.string cost a fraction of it.
local function ffiChars()
  if type(jit) ~= "table" or not jit.status() then return nil end
  local ok, ffi = pcall(require, "ffi")
  if not ok then return nil end
  local bytesOf = ffi.typeof("uint8_t[?]")
  local size = BLOCK
  local buffer = bytesOf(size)
  return function(values, first, stop)
    local count = stop - first
    if count <= 0 then return "" end
    if count > size then
      size = count
      buffer = bytesOf(size)
    end
    for k = 0, count - 1 do
      buffer[k] = values[first + 1 + k]
    end
    return ffi.string(buffer, count)
  end
end
chars = ffiChars() or chars

local function copyBack(values, first, distance, length)
  for i = first + 1, first + length do
    values[i] = values[i - distance]
  end
end

-- Eight bytes per string.byte call, the last eight possibly past `count` (values beyond first + count
-- are not output yet, so the caller leaves room for 7 more): a call per byte costs more than the
-- stores, and most matches are short.
local function copyFromString(values, first, s, from, count)
  local i, stop = first + 1, first + count
  local k = from - i
  -- One store a statement: a multiple assignment moves every value to a register first.
  repeat
    local b1, b2, b3, b4, b5, b6, b7, b8 = byte(s, i + k, i + k + 7)
    values[i] = b1
    values[i + 1] = b2
    values[i + 2] = b3
    values[i + 3] = b4
    values[i + 4] = b5
    values[i + 5] = b6
    values[i + 6] = b7
    values[i + 7] = b8
    i = i + 8
  until i > stop
end

-- values[i] = value for i = first, first + step, ... below stop (TypeScript indices): the strided
-- fill of a Huffman decoding table, as a numeric for loop.
local function fill(values, first, step, stop, value)
  for i = first + 1, stop, step do
    values[i] = value
  end
end

-- Lua 5.3+ (and wasmoon, fengari) move ranges of a table in C: a long match that does not overlap
-- itself (measured: no faster than the loop below 64 values on Lua 5.4).
local move = table.move
if move then
  local loopCopy = copyBack
  copyBack = function(values, first, distance, length)
    if length >= 64 and distance >= length then
      move(values, first + 1 - distance, first + length - distance, first + 1)
    else
      loopCopy(values, first, distance, length)
    end
  end
end

-- Matches shorter than this are copied by the inflater's own loop rather than by copyBack. On PUC
-- Lua that is only the empty rest of a match that came whole from the history: a call to copyBack's
-- numeric for loop costs less than the while loop TypeScript's for compiles to. On LuaJIT it is
-- every match up to 16 bytes: the short loop compiles inline into the decoding trace, where a call
-- to a function with a loop of its own would leave that trace for another.
local inlineCopyBelow = rawget(_G, "jit") ~= nil and 17 or 1

-- LuaJIT's jit.off(fn): the inflater's careful loop (decodeCodes) and the call around the kernel
-- (decodeFast) have traces that LuaJIT aborts over and over ("register coalescing too complex",
-- and the side traces from the kernel's return into them); recording each attempt cost more than
-- interpreting the few symbols per call that loop decodes.
local function leaveUncompiled(fn)
  local jit = rawget(_G, "jit")
  if type(jit) == "table" and type(jit.off) == "function" then jit.off(fn) end
end

-- How many bytes from a and b (a < b) agree, up to limit: the deflate kernel's own comparison.
local matchLength = require("lua.kernels.deflate").agreeing

-- The inflater's inner loop, hand-written (lua/kernels/inflate.lua says why).
local Inflate = require("lua.kernels.inflate")
local inflateFast, buildDecodeTable = Inflate.inflateFast, Inflate.buildDecodeTable

-- table.sort without a comparator compares numbers in C.
local sort = table.sort
local function sortNumbers(values)
  sort(values)
end

-- The deflater's LZ77 scan and Huffman encoding, hand-written (lua/kernels/deflate.lua says why).
local Deflate = require("lua.kernels.deflate")

return {
  byte = byte, bytes = byte, sub = sub, chars = chars, copyBack = copyBack, copyFromString = copyFromString, fill = fill, inlineCopyBelow = inlineCopyBelow,
  matchLength = matchLength, sortNumbers = sortNumbers, deflateScan = Deflate.scan, deflateEncode = Deflate.encode,
  inflateFast = inflateFast, buildDecodeTable = buildDecodeTable, leaveUncompiled = leaveUncompiled,
}
 end,
["lua.kernels.deflate"] = function(...) 
-- The deflater's two hot loops (contract: deflateScan and deflateEncode in lua/codec-kernels.d.ts),
-- hand-written in Lua:
--   scan     LZ77 over a slice of the message: trigrams looked up, the longest match taken, the
--            block's symbols and frequencies counted
--   encode   a block's symbols in its Huffman codes, appended to the bit stream
--
-- ts/codec/deflate.ts's scanPositions and encodeSymbols are the reference: these give the same
-- symbols, frequencies and bytes for every input (test/codec-lua-vectors.test.ts compares every
-- level's and window's payloads from each runtime, byte for byte, with the reference's under Node).
-- They are written by hand because what makes them cheaper cannot be said in TypeScript: all state
-- in locals, numeric for loops (TypeScript's for becomes a while loop), the match comparison inline
-- rather than a call per candidate, a position's trigram and the 8 bytes after it read by one
-- string.byte call (a C call costs a few hundred machine instructions on PUC Lua) and used again for
-- the comparisons, the byte a longer candidate must agree at (zlib's scan_end) and a short match's
-- inserted trigrams, and a bit buffer kept with its power of two. No bit operations: they run as they are on Lua 5.1 to 5.4, LuaJIT, wasmoon and
-- fengari (every integer here stays far below 2^31, the bit buffer below 2^44).
--
-- Index conventions: the arrays are the TypeScript deflater's (index k there is k + 1 here), except
-- `head`, which only this scan reads and writes on Lua runtimes: it is keyed by the trigram itself.

local byte, char = string.byte, string.char
local unpack = table.unpack or unpack

local MAX_MATCH = 258
-- A match's symbol is 256 + length + distance * MATCH_DISTANCE_UNIT (as in ts/codec/deflate.ts).
local MATCH_DISTANCE_UNIT = 1024
-- Below level 2, only the positions of matches up to this long go into the index (zlib's level 1).
local MAX_INSERT_LENGTH = 4

-- RFC 1951 section 3.2.5: the base and extra bits of the length codes 257..285 and distance codes 0..29.
local LENGTH_BASE = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 }
local LENGTH_EXTRA = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 }
local DIST_BASE = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 }
local DIST_EXTRA = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 }

-- LENGTH_SLOT[length]: the index of its length code's frequency (257 + code, plus one). DIST_SLOT_SMALL
-- [distance] for distances up to 256, DIST_SLOT_LARGE[(distance - 1) / 128, floored] above: the index
-- of its distance code's frequency (code plus one).
local LENGTH_SLOT, DIST_SLOT_SMALL, DIST_SLOT_LARGE = {}, {}, {}
for c = 1, 29 do
  for length = LENGTH_BASE[c], LENGTH_BASE[c] + 2 ^ LENGTH_EXTRA[c] - 1 do LENGTH_SLOT[length] = 257 + c end
end
LENGTH_SLOT[258] = 286
-- Codes above 256 cover whole 128-distance steps: a loop over steps, not over 32 K distances (load time).
for c = 1, 30 do
  local base, count = DIST_BASE[c], 2 ^ DIST_EXTRA[c]
  if base <= 256 then
    for d = base, base + count - 1 do DIST_SLOT_SMALL[d] = c end
  else
    for step = (base - 1) / 128, (base - 1 + count) / 128 - 1 do DIST_SLOT_LARGE[step] = c end
  end
end

-- How many bytes from a and b agree, up to limit: 8 at a time while they do (for the rare long match).
-- Also lua/codec-kernels.lua's matchLength, for the TypeScript reference of the scan.
local function agreeing(s, a, b, limit)
  local n = 0
  while n + 8 <= limit do
    local a1, a2, a3, a4, a5, a6, a7, a8 = byte(s, a + n, a + n + 7)
    local b1, b2, b3, b4, b5, b6, b7, b8 = byte(s, b + n, b + n + 7)
    if a1 ~= b1 then return n end
    if a2 ~= b2 then return n + 1 end
    if a3 ~= b3 then return n + 2 end
    if a4 ~= b4 then return n + 3 end
    if a5 ~= b5 then return n + 4 end
    if a6 ~= b6 then return n + 5 end
    if a7 ~= b7 then return n + 6 end
    if a8 ~= b8 then return n + 7 end
    n = n + 8
  end
  while n < limit and byte(s, a + n) == byte(s, b + n) do n = n + 1 end
  return n
end

local function scan(s, i, sliceEnd, offset, lowest, head, previous, chainSpan, chainLength, niceLength, maxDistance, insertAll,
                    symbols, symbolCount, symbolLimit, literalFrequencies, distanceFrequencies, progress)
  local stop = #s
  -- Positions up to here have a trigram; the last two bytes of the message are literals.
  local lastTrigram = stop - 2
  local trigrams = 0
  -- The positions with a trigram in one loop, the message's last two bytes (literals) after it: no
  -- test for the end of the message per position.
  local trigramEnd = sliceEnd
  if trigramEnd > lastTrigram then trigramEnd = lastTrigram end
  while i <= trigramEnd and symbolCount < symbolLimit do
    -- The trigram and the 8 bytes after it in one call: the comparisons and the short match's
    -- insertions below read them (past the message they are nil, which the limit cuts off).
    local b1, b2, b3, c1, c2, c3, c4, c5, c6, c7, c8 = byte(s, i, i + 10)
    local key = (b1 * 256 + b2) * 256 + b3
    local position = i + offset
    local candidate = head[key]
    head[key] = position
    -- A first occurrence writes its slot too (with nothing): see scanPositions.
    previous[position % chainSpan + 1] = candidate
    local bestLength, bestDistance = 0, 0
    if candidate == nil then
      trigrams = trigrams + 1
    else
      local floor = position - maxDistance
      if floor < lowest then floor = lowest end
      local room = stop - i + 1
      if room > MAX_MATCH then room = MAX_MATCH end
      -- Bytes past the first three that a match may take.
      local limit = room - 3
      local scanEnd
      local chain = chainLength
      local spanFloor = position - chainSpan
      while candidate >= floor do
        local from = candidate - offset
        if bestLength == 0 or byte(s, from + bestLength) == scanEnd then
          local d1, d2, d3, d4, d5, d6, d7, d8 = byte(s, from + 3, from + 10)
          -- n, and the byte of this position just past the match when it is in hand (c1 .. c8): a
          -- better match's scan_end without a string.byte call.
          local n, past
          if d1 ~= c1 then n, past = 0, c1
          elseif d2 ~= c2 then n, past = 1, c2
          elseif d3 ~= c3 then n, past = 2, c3
          elseif d4 ~= c4 then n, past = 3, c4
          elseif d5 ~= c5 then n, past = 4, c5
          elseif d6 ~= c6 then n, past = 5, c6
          elseif d7 ~= c7 then n, past = 6, c7
          elseif d8 ~= c8 then n, past = 7, c8
          elseif limit > 8 then n = 8 + agreeing(s, from + 11, i + 11, limit - 8)
          else n = 8 end
          -- Bytes past the message (nil) may have "agreed": the limit cuts them off.
          if n > limit then n = limit end
          local length = 3 + n
          if length > bestLength then
            bestLength = length
            bestDistance = position - candidate
            if length >= niceLength or length >= room then break end
            if n < 8 then scanEnd = past else scanEnd = byte(s, i + length) end
          end
        end
        chain = chain - 1
        -- Past the span (at or below spanFloor), the candidate's slot may hold a newer position's link.
        if chain <= 0 or candidate <= spanFloor then break end
        local older = previous[candidate % chainSpan + 1]
        if older == nil or older >= candidate then break end
        candidate = older
      end
    end
    if bestLength >= 3 then
      symbolCount = symbolCount + 1
      symbols[symbolCount] = 256 + bestLength + bestDistance * MATCH_DISTANCE_UNIT
      local slot = LENGTH_SLOT[bestLength]
      literalFrequencies[slot] = literalFrequencies[slot] + 1
      if bestDistance <= 256 then
        slot = DIST_SLOT_SMALL[bestDistance]
      else
        slot = DIST_SLOT_LARGE[(bestDistance - 1 - (bestDistance - 1) % 128) / 128]
      end
      distanceFrequencies[slot] = distanceFrequencies[slot] + 1
      if insertAll or bestLength <= MAX_INSERT_LENGTH then
        local last = i + bestLength - 1
        if last > lastTrigram then last = lastTrigram end
        -- The first three positions' trigrams are in hand (b2 .. c3): no string.byte call for a
        -- short match (level 1 inserts only matches up to 4 long, so up to these three).
        if last >= i + 1 then
          local p = i + 1 + offset
          local k = (b2 * 256 + b3) * 256 + c1
          local older = head[k]
          if older == nil then trigrams = trigrams + 1 end
          previous[p % chainSpan + 1] = older
          head[k] = p
          if last >= i + 2 then
            p = p + 1
            k = (b3 * 256 + c1) * 256 + c2
            older = head[k]
            if older == nil then trigrams = trigrams + 1 end
            previous[p % chainSpan + 1] = older
            head[k] = p
            if last >= i + 3 then
              p = p + 1
              k = (c1 * 256 + c2) * 256 + c3
              older = head[k]
              if older == nil then trigrams = trigrams + 1 end
              previous[p % chainSpan + 1] = older
              head[k] = p
            end
          end
        end
        for j = i + 4, last do
          local x1, x2, x3 = byte(s, j, j + 2)
          local k = (x1 * 256 + x2) * 256 + x3
          local p = j + offset
          local older = head[k]
          if older == nil then trigrams = trigrams + 1 end
          previous[p % chainSpan + 1] = older
          head[k] = p
        end
      end
      i = i + bestLength
    else
      symbolCount = symbolCount + 1
      symbols[symbolCount] = b1
      literalFrequencies[b1 + 1] = literalFrequencies[b1 + 1] + 1
      i = i + 1
    end
  end
  while i <= sliceEnd and symbolCount < symbolLimit do
    local literal = byte(s, i)
    symbolCount = symbolCount + 1
    symbols[symbolCount] = literal
    literalFrequencies[literal + 1] = literalFrequencies[literal + 1] + 1
    i = i + 1
  end
  progress[1], progress[2], progress[3] = i, symbolCount, trigrams
end

-- Output bytes gathered before they become a string: a run of ENCODE_RUN symbols adds at most
-- 6 bytes each, so a run starts with at most OUTPUT_CHUNK - 6 * ENCODE_RUN of them and the array stays
-- within 4096 values (one string.char call).
local OUTPUT_CHUNK = 4080
local ENCODE_RUN = 256
local POWERS = {}
for n = 0, 15 do POWERS[n] = 2 ^ n end

-- 2 ^ (bits of each literal, length and distance) of a block's codes, by the same indices except
-- that a length's (and its value, copied) are keyed by a match symbol's length part itself (256 +
-- length, one addition fewer per match): built once per codes table (the fixed code's once in all,
-- a dynamic block's once) and kept in it, as its field `scales` (which the TypeScript never reads):
-- it lives and goes with the table.
local function scales(codes)
  local found = codes.scales
  if found then return found[1], found[2], found[3], found[4] end
  local literalScale, lengthValue, lengthScale, distanceScale = {}, {}, {}, {}
  local literalLengths, lengthBits, distanceBits = codes.literalLengths, codes.lengthBits, codes.distanceBits
  for s = 1, 257 do literalScale[s] = POWERS[literalLengths[s]] end
  for length = 3, MAX_MATCH do
    lengthValue[256 + length] = codes.lengthValue[257 + length]
    lengthScale[256 + length] = 2 ^ lengthBits[257 + length]
  end
  for c = 1, 30 do distanceScale[c] = 2 ^ distanceBits[c] end
  codes.scales = { literalScale, lengthValue, lengthScale, distanceScale }
  return literalScale, lengthValue, lengthScale, distanceScale
end

-- The encoding of ts/codec/deflate.ts's encodeSymbols, byte for byte, with the bit buffer kept with
-- its power of two (2 ^ bits held) rather than its bit count, which spares a look-up per code;
-- whole bytes leave it two at a time once 16 bits are held (at most 43 are: far below the 53 bits
-- a float holds exactly); the check for a full output array once per run of symbols.
local function encode(symbols, count, codes, bytes, byteCount, bitBuffer, bitCount, parts, progress)
  local literalCodes = codes.literalCodes
  local distanceOffset, distanceScale = codes.distanceOffset, codes.distanceScale
  local literalScale, lengthValue, lengthScale, distanceBitsScale = scales(codes)
  local power = POWERS[bitCount]
  for first = 1, count, ENCODE_RUN do
    if byteCount > OUTPUT_CHUNK - 6 * ENCODE_RUN then
      parts[#parts + 1] = char(unpack(bytes, 1, byteCount))
      byteCount = 0
    end
    local last = first + ENCODE_RUN - 1
    if last > count then last = count end
    for k = first, last do
      local symbol = symbols[k]
      if symbol < 256 then
        local s = symbol + 1
        bitBuffer = bitBuffer + literalCodes[s] * power
        power = power * literalScale[s]
      else
        local lengthPart = symbol % MATCH_DISTANCE_UNIT
        local distance = (symbol - lengthPart) / MATCH_DISTANCE_UNIT
        bitBuffer = bitBuffer + lengthValue[lengthPart] * power
        power = power * lengthScale[lengthPart]
        -- Under 16 bits again before the distance: at most 15 + 28 are then held.
        if power >= 65536 then
          local word = bitBuffer % 65536
          local low = word % 256
          bytes[byteCount + 1] = low
          bytes[byteCount + 2] = (word - low) / 256
          byteCount = byteCount + 2
          bitBuffer = (bitBuffer - word) / 65536
          power = power / 65536
        end
        local code
        if distance <= 256 then
          code = DIST_SLOT_SMALL[distance]
        else
          code = DIST_SLOT_LARGE[(distance - 1 - (distance - 1) % 128) / 128]
        end
        bitBuffer = bitBuffer + (distanceOffset[code] + distance * distanceScale[code]) * power
        power = power * distanceBitsScale[code]
      end
      while power >= 65536 do
        local word = bitBuffer % 65536
        local low = word % 256
        bytes[byteCount + 1] = low
        bytes[byteCount + 2] = (word - low) / 256
        byteCount = byteCount + 2
        bitBuffer = (bitBuffer - word) / 65536
        power = power / 65536
      end
    end
  end
  bitBuffer = bitBuffer + literalCodes[257] * power
  power = power * literalScale[257]
  while power >= 256 do
    local low = bitBuffer % 256
    byteCount = byteCount + 1
    bytes[byteCount] = low
    bitBuffer = (bitBuffer - low) / 256
    power = power / 256
  end
  bitCount = 0
  while POWERS[bitCount] < power do bitCount = bitCount + 1 end
  progress[1], progress[2], progress[3] = byteCount, bitBuffer, bitCount
end

return { scan = scan, encode = encode, agreeing = agreeing }
 end,
["lua.kernels.inflate"] = function(...) 
-- The inner loop of the pure inflater (ts/codec/inflate.ts, decodeFast; contract:
-- lua/codec-kernels.d.ts, `inflateFast`): the literal/length and distance codes of a compressed
-- block (RFC 1951 section 3.2.5) while at least FAST_INPUT (7) bytes of input and room for a longest
-- match (258) are left, so that no symbol can run past either.
--
-- Why it is hand-written rather than compiled from TypeScript: inflating spends most of its time in
-- this loop, and the Lua that TypeScriptToLua emits for it costs VM instructions that hand-written
-- Lua avoids:
--   - a numeric `for` copies a match (4 VM instructions a byte) inline, where TypeScript's `for`
--     compiles to a `while` loop of 8 or a call to a kernel (lua/codec-kernels.lua, copyBack);
--   - the output index is kept 1-based (no `+ 1` on every store), and so are the tables below,
--     indexed by the decoding table's entry itself (huffman-decode.ts: symbol * 16 + code length):
--     the power of two to divide by, the literal, the length base and the power of two of its extra
--     bits, without the `% 16`, `/ 16` and POW2 look-ups per code of the TypeScript loop;
--   - the bit buffer is kept with its power of two (2^bits buffered) instead of its count, so that a
--     refill multiplies by it and consuming a code divides it: no POW2 look-up per refill.
-- It is plain arithmetic (no bit operations), so it runs unchanged on Lua 5.1 to 5.4, LuaJIT,
-- wasmoon and fengari: every value stays below 2^53 and every product that may pass 2^31 has a float
-- operand (fengari's integers are 32-bit). The careful loop for the end of the input or the output
-- stays in TypeScript, with the tables' building and everything else: this loop only ever runs with
-- its bounds checked once per symbol pair.
-- All Lua here parses on Lua 5.1.

local byte = string.byte

-- The stops decodeFast returns (ts/codec/inflate.ts).
local STOP_END_OF_BLOCK = 0
local STOP_ERROR = 3

-- POW[n + 1] = 2^n as a float (1-based: LuaJIT compiles no look-up in a table with a key 0 or
-- keys in its hash part).
local POW = {}
for n = 0, 64 do
  POW[n + 1] = 2.0 ^ n
end
local log, floor = math.log, math.floor
local LOG_2 = log(2)

-- A distance no window allows (windows are at most 2^15): the base of the distance codes 30 and 31,
-- which RFC 1951 section 3.2.6 says never occur, so that one test catches them and distances too far.
local INVALID_DISTANCE = POW[41]

local LENGTH_BASE = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 }
local LENGTH_EXTRA = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 }
local DISTANCE_BASE = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 }
local DISTANCE_EXTRA = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 }

-- By literal/length entry (symbol * 16 + length, symbols 0-287, lengths 1-15; every key from 1 on is
-- filled, so that the tables stay in their array parts):
--   CODE_DIVISOR    2^length, what consuming the code divides the bit buffer by
--   LITERAL         the byte of a literal (symbols 0-255)
--   MATCH_BASE      a length code's base length (symbols 257-285); 0 for the end of the block (256)
--                   and -1 for the symbols 286 and 287, which never occur in valid data
--   MATCH_DIVISOR   2^(the length's extra bits)
-- Built on the first inflate rather than when the plugin loads (about 10 million machine
-- instructions on lua5.1, and a connection that never compresses never needs them).
local CODE_DIVISOR, LITERAL, MATCH_BASE, MATCH_DIVISOR = {}, {}, {}, {}
local DISTANCE_CODE_DIVISOR, DISTANCE_BASE_OF, DISTANCE_FIELD_DIVISOR = {}, {}, {}
local tablesBuilt = false

local function buildTables()
  tablesBuilt = true
  for entry = 1, 288 * 16 - 1 do
    local length = entry % 16
    local symbol = (entry - length) / 16
    CODE_DIVISOR[entry] = POW[length + 1]
    LITERAL[entry] = symbol < 256 and symbol or 0
    if symbol < 256 then
      MATCH_BASE[entry], MATCH_DIVISOR[entry] = -1, 1
    elseif symbol == 256 then
      MATCH_BASE[entry], MATCH_DIVISOR[entry] = 0, 1
    elseif symbol <= 285 then
      MATCH_BASE[entry], MATCH_DIVISOR[entry] = LENGTH_BASE[symbol - 256], POW[LENGTH_EXTRA[symbol - 256] + 1]
    else
      MATCH_BASE[entry], MATCH_DIVISOR[entry] = -1, 1
    end
  end

  -- By distance entry (code * 16 + length, codes 0-31): 2^length, the distance's base (codes 30 and 31:
  -- INVALID_DISTANCE) and 2^(length + its extra bits), the field the code and its extra bits make.
  for entry = 1, 32 * 16 - 1 do
    local length = entry % 16
    local code = (entry - length) / 16
    DISTANCE_CODE_DIVISOR[entry] = POW[length + 1]
    if code < 30 then
      DISTANCE_BASE_OF[entry], DISTANCE_FIELD_DIVISOR[entry] = DISTANCE_BASE[code + 1], POW[length + DISTANCE_EXTRA[code + 1] + 1]
    else
      DISTANCE_BASE_OF[entry], DISTANCE_FIELD_DIVISOR[entry] = INVALID_DISTANCE, POW[length + 1]
    end
  end
end

-- window: the output array (TypeScript index k at Lua index k + 1), out: how many values it holds;
-- input, nextByte (1-based), bits, bitCount: the input and the bit buffer; limit: where the output
-- must stop (a TypeScript index); the decoding tables' entries and root sizes; windowSize, history:
-- the window and its bytes before window[1]. Returns the stop, then out, nextByte, bits and bitCount,
-- then the message of an error.
local function inflateFast(window, out, input, nextByte, bits, bitCount, limit, literals, literalRoot,
    distances, distanceRoot, windowSize, history)
  if not tablesBuilt then buildTables() end
  local byte = byte
  -- The tables in locals: an upvalue costs a VM instruction per use, a local none.
  local codeDivisor, literal, matchBase, matchDivisor = CODE_DIVISOR, LITERAL, MATCH_BASE, MATCH_DIVISOR
  local distanceCodeDivisor, distanceBase, distanceFieldDivisor = DISTANCE_CODE_DIVISOR, DISTANCE_BASE_OF, DISTANCE_FIELD_DIVISOR
  local pow = POW
  local fastInputEnd = #input - 6
  local at = out + 1
  -- out <= limit - 258, as a 1-based index.
  local fastLimit = limit - 257
  local historyLength = #history
  local power = POW[bitCount + 1]
  local stop, message = -1, nil -- STOP_CAREFUL
  while nextByte <= fastInputEnd and at <= fastLimit do
    -- At least 21 bits: a length code (15) and its extra bits (5); at most 52 after four bytes.
    if power < 2097152 then -- 2^21
      local b0, b1, b2, b3 = byte(input, nextByte, nextByte + 3)
      bits = bits + (b0 + b1 * 256 + b2 * 65536 + b3 * 16777216.0) * power
      nextByte = nextByte + 4
      power = power * 4294967296.0
    end
    local entry = literals[bits % literalRoot + 1]
    if entry < 0 then
      if entry ~= -1 then -- EMPTY
        entry = -entry
        local subBits = entry % 16
        entry = literals[(entry - subBits) / 16 + ((bits - bits % literalRoot) / literalRoot) % pow[subBits + 1] + 1]
      end
      if entry <= 0 then
        stop, message = STOP_ERROR, "invalid literal/length code"
        break
      end
    end
    local divisor = codeDivisor[entry]
    bits = (bits - bits % divisor) / divisor
    power = power / divisor
    if entry < 4096 then
      window[at] = literal[entry]
      at = at + 1
    else
      local length = matchBase[entry]
      if length <= 0 then
        if length == 0 then
          stop = STOP_END_OF_BLOCK
        else
          stop, message = STOP_ERROR, "invalid literal/length code"
        end
        break
      end
      divisor = matchDivisor[entry]
      if divisor > 1 then
        local extra = bits % divisor
        length = length + extra
        bits = (bits - extra) / divisor
        power = power / divisor
      end
      -- At least 28 bits: a distance code (15) and its extra bits (13); at most 51 after three bytes.
      if power < 268435456 then -- 2^28
        local b0, b1, b2 = byte(input, nextByte, nextByte + 2)
        bits = bits + (b0 + b1 * 256 + b2 * 65536) * power
        nextByte = nextByte + 3
        power = power * 16777216.0
      end
      entry = distances[bits % distanceRoot + 1]
      if entry < 0 then
        if entry ~= -1 then -- EMPTY
          entry = -entry
          local subBits = entry % 16
          entry = distances[(entry - subBits) / 16 + ((bits - bits % distanceRoot) / distanceRoot) % pow[subBits + 1] + 1]
        end
        if entry <= 0 then
          stop, message = STOP_ERROR, "invalid distance code"
          break
        end
      end
      -- The code and its extra bits (nearly every distance has some) consumed as one field: the
      -- extra bits are the field's bits above the code's.
      divisor = distanceFieldDivisor[entry]
      local field = bits % divisor
      bits = (bits - field) / divisor
      power = power / divisor
      divisor = distanceCodeDivisor[entry]
      local distance = distanceBase[entry] + (field - field % divisor) / divisor
      if distance > windowSize then
        stop = STOP_ERROR
        message = distance == INVALID_DISTANCE and "invalid distance code" or "invalid distance too far back"
        break
      end
      local from = at - distance
      if from < 1 then
        -- The match starts in the history string (at its byte historyLength + from), and may run on
        -- into the array: eight bytes per string.byte call, the last ones possibly past the match
        -- (the array has room for 7 more, which the copy below or later output overwrites).
        local first = historyLength + from
        if first < 1 then
          stop, message = STOP_ERROR, "invalid distance too far back"
          break
        end
        local count = 1 - from
        if count > length then count = length end
        local stopAt = at + count
        -- One store a statement: a multiple assignment moves every value to a register first.
        repeat
          local v1, v2, v3, v4, v5, v6, v7, v8 = byte(history, first, first + 7)
          window[at] = v1
          window[at + 1] = v2
          window[at + 2] = v3
          window[at + 3] = v4
          window[at + 4] = v5
          window[at + 5] = v6
          window[at + 6] = v7
          window[at + 7] = v8
          at = at + 8
          first = first + 8
        until at >= stopAt
        at = stopAt
        length = length - count
      end
      for i = at, at + length - 1 do
        window[i] = window[i - distance]
      end
      at = at + length
    end
  end
  -- The bit count back from its power of two (exact: log rounds to the nearest integer).
  return stop, at - 1, nextByte, bits, floor(log(power) / LOG_2 + 0.5), message
end

-- REVERSED[b + 1]: the 8 bits of b in reverse order. POW1[n + 1] = 2^n (1-based, array part only).
local REVERSED, POW1 = {}, {}
for b = 0, 255 do
  local reversed, rest = 0, b
  for _ = 1, 8 do
    local low = rest % 2
    reversed = reversed * 2 + low
    rest = (rest - low) / 2
  end
  REVERSED[b + 1] = reversed
end
for n = 0, 31 do POW1[n + 1] = 2 ^ n end

-- buildDecodeTable of ts/codec/huffman-decode.ts, entry for entry the same table (its comments say
-- what each step is for), with numeric for loops and the strided fills inline: every dynamic block
-- builds two tables, a fifth of the small messages carry one, and TypeScript's loops compile to
-- while loops of twice the VM instructions. lengths is a TypeScript array (lengths[s + 1] here).
local function buildDecodeTable(lengths, count, maxRootBits, complete, reuse)
  local lengthCount = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
  local longest = 0
  for s = 1, count do
    local l = lengths[s]
    if l > 0 then
      lengthCount[l + 1] = lengthCount[l + 1] + 1
      if l > longest then longest = l end
    end
  end
  local left, codes = 1, 0
  for l = 2, 16 do
    left = left * 2 - lengthCount[l]
    codes = codes + lengthCount[l]
    if left < 0 then return "over-subscribed Huffman code" end
  end
  if left > 0 and (complete or (codes > 0 and not (codes == 1 and lengthCount[2] == 1))) then
    return "incomplete Huffman code"
  end
  local rootBits = longest == 0 and 1 or (longest < maxRootBits and longest or maxRootBits)
  local rootSize = POW1[rootBits + 1]
  local entries = reuse or {}
  if left > 0 or reuse == nil then
    for i = 1, rootSize do entries[i] = -1 end
  end
  local nextCode = {}
  local code = 0
  for l = 1, 15 do
    nextCode[l] = code
    code = (code + lengthCount[l + 1]) * 2
  end
  local reversedByte, pow = REVERSED, POW1
  local reversed = {}
  local anyLong = false
  for s = 1, count do
    local l = lengths[s]
    if l > 0 then
      local c = nextCode[l]
      nextCode[l] = c + 1
      local low = c % 256
      local r = (reversedByte[low + 1] * 256 + reversedByte[(c - low) / 256 + 1]) / pow[17 - l]
      reversed[s] = r
      if l <= rootBits then
        local value = (s - 1) * 16 + l
        for i = r + 1, rootSize, pow[l + 1] do entries[i] = value end
      else
        anyLong = true
      end
    end
  end
  if not anyLong then return { entries = entries, rootBits = rootBits, rootSize = rootSize } end
  local deepest = {}
  for s = 1, count do
    local l = lengths[s]
    if l > rootBits then
      local prefix = reversed[s] % rootSize + 1
      local d = deepest[prefix]
      if d == nil or l > d then deepest[prefix] = l end
    end
  end
  local offsetOf = {}
  local size = rootSize
  for prefix = 1, rootSize do
    local d = deepest[prefix]
    if d ~= nil then
      local subBits = d - rootBits
      offsetOf[prefix] = size
      entries[prefix] = -(size * 16 + subBits)
      local subSize = pow[subBits + 1]
      if left > 0 then
        for i = size + 1, size + subSize do entries[i] = 0 end
      end
      size = size + subSize
    end
  end
  for s = 1, count do
    local l = lengths[s]
    if l > rootBits then
      local r = reversed[s]
      local prefix = r % rootSize
      local high = (r - prefix) / rootSize
      local subSize = pow[deepest[prefix + 1] - rootBits + 1]
      local offset = offsetOf[prefix + 1]
      local value = (s - 1) * 16 + l
      for i = offset + high + 1, offset + subSize, pow[l - rootBits + 1] do entries[i] = value end
    end
  end
  return { entries = entries, rootBits = rootBits, rootSize = rootSize }
end

return { inflateFast = inflateFast, buildDecodeTable = buildDecodeTable }
 end,
["ts.codec.deflate"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local codecKernels = require("lua.codec-kernels")
local ____deflate_2Dformat = require("ts.codec.deflate-format")
local CODE_LENGTH_ORDER = ____deflate_2Dformat.CODE_LENGTH_ORDER
local DIST_BASE = ____deflate_2Dformat.DIST_BASE
local DIST_EXTRA = ____deflate_2Dformat.DIST_EXTRA
local END_OF_BLOCK = ____deflate_2Dformat.END_OF_BLOCK
local fixedDistanceLengths = ____deflate_2Dformat.fixedDistanceLengths
local fixedLiteralLengths = ____deflate_2Dformat.fixedLiteralLengths
local LENGTH_BASE = ____deflate_2Dformat.LENGTH_BASE
local LENGTH_EXTRA = ____deflate_2Dformat.LENGTH_EXTRA
local MAX_MATCH = ____deflate_2Dformat.MAX_MATCH
local POW2 = ____deflate_2Dformat.POW2
local ____huffman_2Dencode = require("ts.codec.huffman-encode")
local buildCodeLengths = ____huffman_2Dencode.buildCodeLengths
local canonicalCodes = ____huffman_2Dencode.canonicalCodes
local byte = codecKernels.byte
local sub = codecKernels.sub
local chars = codecKernels.chars
local bytes = codecKernels.bytes
local matchLength = codecKernels.matchLength
local fill = codecKernels.fill
--- Symbols per block at most: a new block adapts its codes to the data (zlib's default is 16384; half of it costs 0.1% of size here and halves that array).
local BLOCK_SYMBOLS = 8192
--- A match's symbol is 256 + length + distance * MATCH_DISTANCE_UNIT: one array for the block's symbols.
local MATCH_DISTANCE_UNIT = 1024
--- Distinct trigrams kept before the index starts afresh (bounds its memory on binary data).
local MAX_TRIGRAMS = 32768
--- Hash chain lengths per level (0 unused: level 0 stores).
local CHAIN_LENGTH = {
    0,
    4,
    4,
    8,
    16,
    32,
    64,
    128,
    256,
    1024
}
--- A match this long ends the search (zlib's nice_length, by level).
local NICE_LENGTH = {
    0,
    8,
    32,
    64,
    128,
    128,
    128,
    258,
    258,
    258
}
--- Matches up to this long have every position indexed (zlib's max_insert_length at level 1); longer ones only their first, below level 2.
local INSERT_ALL_BELOW_LEVEL = 2
local MAX_INSERT_LENGTH = 4
--- How far back chains reach at levels 1-3 (the head of each chain still reaches the whole window):
-- the chain index is an array of numbers, 16 bytes per entry on PUC Lua, so a 32 KiB window's would
-- hold 512 KiB per deflater. Levels 4 and up chain over the whole window.
local SHORT_CHAIN_SPAN = 8192
local SHORT_CHAIN_BELOW_LEVEL = 4
--- Blocks of fewer symbols than this take fixed or stored coding without their dynamic code being
-- built: a dynamic header costs some 30-60 bytes, which so few symbols rarely win back. On the
-- benchmark's corpus (400 small updates) the dynamic code is the shortest for 162 of its 399 blocks
-- below 100 symbols and saves 589 bytes in all (0.4% of the output), while building it is a fifth
-- of deflating's work.
local SMALL_BLOCK_SYMBOLS = 100
--- Output bytes gathered as numbers before they become a string: a symbol adds at most 6, so the array stays within 4096 entries.
local OUTPUT_CHUNK = 4080
--- LENGTH_CODE[length] for lengths 3..258: the index of its length code (code - 257).
local LENGTH_CODE = {}
--- Distance codes of distances 1..256, and of 257..32768 by (distance - 1) / 128.
local DIST_CODE_SMALL = {}
local DIST_CODE_LARGE = {}
do
    local c = 0
    while c < 29 do
        do
            local l = LENGTH_BASE[c + 1]
            while l < LENGTH_BASE[c + 1] + POW2[LENGTH_EXTRA[c + 1] + 1] do
                LENGTH_CODE[l + 1] = c
                l = l + 1
            end
        end
        c = c + 1
    end
end
LENGTH_CODE[259] = 28
do
    local c = 0
    while c < 30 do
        local base = DIST_BASE[c + 1]
        local count = POW2[DIST_EXTRA[c + 1] + 1]
        if base <= 256 then
            do
                local d = base
                while d < base + count do
                    DIST_CODE_SMALL[d + 1] = c
                    d = d + 1
                end
            end
        else
            do
                local step = (base - 1) / 128
                while step < (base - 1 + count) / 128 do
                    DIST_CODE_LARGE[step + 1] = c
                    step = step + 1
                end
            end
        end
        c = c + 1
    end
end
local FIXED_LITERAL_LENGTHS = fixedLiteralLengths()
local FIXED_LITERAL_CODES = canonicalCodes(FIXED_LITERAL_LENGTHS, 288)
local FIXED_DISTANCE_LENGTHS = fixedDistanceLengths()
local FIXED_DISTANCE_CODES = canonicalCodes(FIXED_DISTANCE_LENGTHS, 30)
local function zeros(count)
    local values = {}
    do
        local i = 0
        while i < count do
            values[i + 1] = 0
            i = i + 1
        end
    end
    return values
end
local function symbolCodes(literalCodes, literalLengths, distanceCodes, distanceLengths)
    local lengthValue = {}
    local lengthBits = {}
    do
        local length = 3
        while length <= MAX_MATCH do
            local c = LENGTH_CODE[length + 1]
            local codeLength = literalLengths[257 + c + 1]
            lengthValue[256 + length + 1] = literalCodes[257 + c + 1] + (length - LENGTH_BASE[c + 1]) * POW2[codeLength + 1]
            lengthBits[256 + length + 1] = codeLength + LENGTH_EXTRA[c + 1]
            length = length + 1
        end
    end
    local distanceOffset = {}
    local distanceScale = {}
    local distanceBits = {}
    do
        local c = 0
        while c < 30 do
            local scale = POW2[distanceLengths[c + 1] + 1]
            distanceOffset[c + 1] = distanceCodes[c + 1] - DIST_BASE[c + 1] * scale
            distanceScale[c + 1] = scale
            distanceBits[c + 1] = distanceLengths[c + 1] + DIST_EXTRA[c + 1]
            c = c + 1
        end
    end
    return {
        literalCodes = literalCodes,
        literalLengths = literalLengths,
        lengthValue = lengthValue,
        lengthBits = lengthBits,
        distanceOffset = distanceOffset,
        distanceScale = distanceScale,
        distanceBits = distanceBits
    }
end
local FIXED_CODES = symbolCodes(FIXED_LITERAL_CODES, FIXED_LITERAL_LENGTHS, FIXED_DISTANCE_CODES, FIXED_DISTANCE_LENGTHS)
--- Where an encoding stopped: the output bytes gathered, the bit buffer and its bit count. Reused: one encoding at a time.
local ENCODE_PROGRESS = {0, 0, 0}
--- Huffman codes (section 3.2.5) for symbols[0 .. count - 1] and the end-of-block code, appended to
-- the bit stream: bits first into bitBuffer (bitCount of them, the oldest lowest), whole bytes into
-- bytes[byteCount ..], which become a string in `parts` whenever OUTPUT_CHUNK are gathered. Writes
-- the writer's state afterwards (fewer than 8 bits left in the buffer) into `progress`.
-- 
-- This is the reference: lua/kernels/deflate.lua's encode writes the same bytes where present.
local function encodeSymbols(symbols, count, codes, bytes, byteCount, bitBuffer, bitCount, parts, progress)
    local pow2 = POW2
    local literalCodes = codes.literalCodes
    local literalLengths = codes.literalLengths
    local lengthValue = codes.lengthValue
    local lengthBits = codes.lengthBits
    local distanceOffset = codes.distanceOffset
    local distanceScale = codes.distanceScale
    local distanceBits = codes.distanceBits
    do
        local k = 0
        while k < count do
            if byteCount >= OUTPUT_CHUNK then
                parts[#parts + 1] = chars(bytes, 0, byteCount)
                byteCount = 0
            end
            local symbol = symbols[k + 1]
            if symbol < END_OF_BLOCK then
                bitBuffer = bitBuffer + literalCodes[symbol + 1] * pow2[bitCount + 1]
                bitCount = bitCount + literalLengths[symbol + 1]
            else
                local lengthPart = symbol % MATCH_DISTANCE_UNIT
                local distance = (symbol - lengthPart) / MATCH_DISTANCE_UNIT
                bitBuffer = bitBuffer + lengthValue[lengthPart + 1] * pow2[bitCount + 1]
                bitCount = bitCount + lengthBits[lengthPart + 1]
                while bitCount >= 8 do
                    local low = bitBuffer % 256
                    bytes[byteCount + 1] = low
                    byteCount = byteCount + 1
                    bitBuffer = (bitBuffer - low) / 256
                    bitCount = bitCount - 8
                end
                local code = distance <= 256 and DIST_CODE_SMALL[distance + 1] or DIST_CODE_LARGE[(distance - 1 - (distance - 1) % 128) / 128 + 1]
                bitBuffer = bitBuffer + (distanceOffset[code + 1] + distance * distanceScale[code + 1]) * pow2[bitCount + 1]
                bitCount = bitCount + distanceBits[code + 1]
            end
            while bitCount >= 8 do
                local low = bitBuffer % 256
                bytes[byteCount + 1] = low
                byteCount = byteCount + 1
                bitBuffer = (bitBuffer - low) / 256
                bitCount = bitCount - 8
            end
            k = k + 1
        end
    end
    bitBuffer = bitBuffer + literalCodes[END_OF_BLOCK + 1] * pow2[bitCount + 1]
    bitCount = bitCount + literalLengths[END_OF_BLOCK + 1]
    while bitCount >= 8 do
        local low = bitBuffer % 256
        bytes[byteCount + 1] = low
        byteCount = byteCount + 1
        bitBuffer = (bitBuffer - low) / 256
        bitCount = bitCount - 8
    end
    progress[1] = byteCount
    progress[2] = bitBuffer
    progress[3] = bitCount
end
--- The hand-written encoding where the runtime has it (lua/kernels/deflate.lua), else the reference.
local encode = codecKernels.deflateEncode or encodeSymbols
--- The bits of a block's symbols (extra bits included, header excluded) under the given code lengths.
function ____exports.codedBits(literalFrequencies, literalLengths, distanceFrequencies, distanceLengths)
    local bits = 0
    do
        local s = 0
        while s < 286 do
            local f = literalFrequencies[s + 1]
            if f > 0 then
                bits = bits + f * (literalLengths[s + 1] + (s > 256 and LENGTH_EXTRA[s - 257 + 1] or 0))
            end
            s = s + 1
        end
    end
    do
        local s = 0
        while s < 30 do
            local f = distanceFrequencies[s + 1]
            if f > 0 then
                bits = bits + f * (distanceLengths[s + 1] + DIST_EXTRA[s + 1])
            end
            s = s + 1
        end
    end
    return bits
end
--- codedBits under the fixed code, from the symbols themselves (the end-of-block code included):
-- for a small block a pass over its few symbols instead of over all 316 frequencies.
function ____exports.fixedCodedBits(symbols, count)
    local literalLengths = FIXED_LITERAL_LENGTHS
    local lengthBits = FIXED_CODES.lengthBits
    local distanceBits = FIXED_CODES.distanceBits
    local bits = literalLengths[END_OF_BLOCK + 1]
    do
        local k = 0
        while k < count do
            local symbol = symbols[k + 1]
            if symbol < END_OF_BLOCK then
                bits = bits + literalLengths[symbol + 1]
            else
                local lengthPart = symbol % MATCH_DISTANCE_UNIT
                local distance = (symbol - lengthPart) / MATCH_DISTANCE_UNIT
                local code = distance <= 256 and DIST_CODE_SMALL[distance + 1] or DIST_CODE_LARGE[(distance - 1 - (distance - 1) % 128) / 128 + 1]
                bits = bits + (lengthBits[lengthPart + 1] + distanceBits[code + 1])
            end
            k = k + 1
        end
    end
    return bits
end
--- Where a scan stopped: the next buffer index, the block's symbol count, how many trigrams it saw first. Reused: one scan at a time.
local SCAN_PROGRESS = {0, 0, 0}
--- LZ77 (the module comment) over buffer[i .. sliceEnd], until that is done or the block holds
-- symbolLimit symbols: each position's trigram looked up in `head` (its last position) and
-- `previous` (older ones, by position % chainSpan), the longest match within the window taken
-- (greedy), its symbol and frequencies counted. Writes where it stopped into `progress`.
-- 
-- This is the reference: lua/kernels/deflate.lua is the same scan hand-written in Lua, which the
-- codec runs where the kernel is present (every Lua runtime), and which must give the same symbols.
local function scanPositions(buffer, i, sliceEnd, offset, lowest, head, previous, chainSpan, chainLength, niceLength, maxDistance, insertAll, symbols, symbolCount, symbolLimit, literalFrequencies, distanceFrequencies, progress)
    local ____end = #buffer
    local trigrams = 0
    while i <= sliceEnd and symbolCount < symbolLimit do
        if i + 2 > ____end then
            local literal = byte(buffer, i)
            symbols[symbolCount + 1] = literal
            symbolCount = symbolCount + 1
            local ____literalFrequencies_0, ____temp_1 = literalFrequencies, literal + 1
            ____literalFrequencies_0[____temp_1] = ____literalFrequencies_0[____temp_1] + 1
            i = i + 1
        else
            local first, second, third = bytes(buffer, i, i + 2)
            local key = (first * 256 + second) * 256 + third
            local position = i + offset
            local candidate = head[key + 1]
            head[key + 1] = position
            if candidate == nil then
                trigrams = trigrams + 1
            end
            previous[position % chainSpan + 1] = candidate
            local bestLength = 0
            local bestDistance = 0
            if candidate ~= nil then
                local floor = position - maxDistance > lowest and position - maxDistance or lowest
                local room = ____end - i + 1 < MAX_MATCH and ____end - i + 1 or MAX_MATCH
                local chain = chainLength
                while candidate >= floor do
                    local from = candidate - offset
                    local length = (bestLength == 0 or byte(buffer, from + bestLength) == byte(buffer, i + bestLength)) and 3 + matchLength(buffer, from + 3, i + 3, room - 3) or 0
                    if length > bestLength then
                        bestLength = length
                        bestDistance = position - candidate
                        if length >= niceLength or length >= room then
                            break
                        end
                    end
                    chain = chain - 1
                    if chain <= 0 or position - candidate >= chainSpan then
                        break
                    end
                    local older = previous[candidate % chainSpan + 1]
                    if older == nil or older >= candidate then
                        break
                    end
                    candidate = older
                end
            end
            if bestLength >= 3 then
                symbols[symbolCount + 1] = 256 + bestLength + bestDistance * MATCH_DISTANCE_UNIT
                symbolCount = symbolCount + 1
                local ____literalFrequencies_2, ____temp_3 = literalFrequencies, 257 + LENGTH_CODE[bestLength + 1] + 1
                ____literalFrequencies_2[____temp_3] = ____literalFrequencies_2[____temp_3] + 1
                local code = bestDistance <= 256 and DIST_CODE_SMALL[bestDistance + 1] or DIST_CODE_LARGE[(bestDistance - 1 - (bestDistance - 1) % 128) / 128 + 1]
                local ____distanceFrequencies_4, ____temp_5 = distanceFrequencies, code + 1
                ____distanceFrequencies_4[____temp_5] = ____distanceFrequencies_4[____temp_5] + 1
                if insertAll or bestLength <= MAX_INSERT_LENGTH then
                    local stop = i + bestLength - 1 < ____end - 2 and i + bestLength - 1 or ____end - 2
                    do
                        local j = i + 1
                        while j <= stop do
                            local b0, b1, b2 = bytes(buffer, j, j + 2)
                            local k = (b0 * 256 + b1) * 256 + b2
                            local p = j + offset
                            local older = head[k + 1]
                            if older == nil then
                                trigrams = trigrams + 1
                            end
                            previous[p % chainSpan + 1] = older
                            head[k + 1] = p
                            j = j + 1
                        end
                    end
                end
                i = i + bestLength
            else
                symbols[symbolCount + 1] = first
                symbolCount = symbolCount + 1
                local ____literalFrequencies_6, ____temp_7 = literalFrequencies, first + 1
                ____literalFrequencies_6[____temp_7] = ____literalFrequencies_6[____temp_7] + 1
                i = i + 1
            end
        end
    end
    progress[1] = i
    progress[2] = symbolCount
    progress[3] = trigrams
end
--- The hand-written scan where the runtime has it (lua/kernels/deflate.lua), else the reference.
local scan = codecKernels.deflateScan or scanPositions
____exports.PureDeflater = __TS__Class()
local PureDeflater = ____exports.PureDeflater
PureDeflater.name = "PureDeflater"
function PureDeflater.prototype.____constructor(self, options)
    self.implementation = "lua"
    self.buffer = ""
    self.offset = 0
    self.messageStart = 1
    self.next = 1
    self.pending = false
    self.head = {}
    self.trigrams = 0
    self.previous = {}
    self.previousSized = false
    self.symbols = {}
    self.symbolCount = 0
    self.literalFrequencies = zeros(286)
    self.distanceFrequencies = zeros(30)
    self.blockStart = 1
    self.parts = {}
    self.bytes = {}
    self.byteCount = 0
    self.bitBuffer = 0
    self.bitCount = 0
    self.maxDistance = POW2[options.windowBits + 1]
    self.noContextTakeover = options.noContextTakeover
    self.level = options.level
    self.chainLength = CHAIN_LENGTH[options.level + 1]
    self.niceLength = NICE_LENGTH[options.level + 1]
    self.chainSpan = options.level < SHORT_CHAIN_BELOW_LEVEL and math.min(SHORT_CHAIN_SPAN, self.maxDistance) or self.maxDistance
end
function PureDeflater.prototype.write(self, message)
    local ____end = #self.buffer
    local absoluteEnd = ____end + self.offset
    if self.noContextTakeover or ____end == 0 then
        self.buffer = message
        self.offset = absoluteEnd
        self.messageStart = 1
    else
        local keep = math.min(____end, self.maxDistance)
        self.buffer = sub(self.buffer, ____end - keep + 1) .. message
        self.offset = absoluteEnd - keep
        self.messageStart = keep + 1
    end
    self.next = self.messageStart
    self.blockStart = self.next
    self.pending = true
end
function PureDeflater.prototype.read(self, budget)
    if not self.pending then
        return {status = "done", data = ""}
    end
    local ____end = #self.buffer
    local sliceEnd = math.min(
        ____end,
        self.next + math.max(budget, 1) - 1
    )
    if self.level == 0 then
        self:store(sliceEnd)
    else
        self:compress(sliceEnd)
    end
    if self.symbolCount > 0 or self.blockStart <= sliceEnd then
        self:endBlock()
    end
    local status = "more"
    if self.next > ____end then
        self:putBits(0, 3)
        if self.bitCount > 0 then
            self:putBits(0, 8 - self.bitCount)
        end
        status = "done"
        self.pending = false
    end
    return {
        status = status,
        data = self:takeOutput()
    }
end
function PureDeflater.prototype.close(self)
    self.buffer = ""
    self.head = {}
    self.previous = {}
    self.previousSized = false
    self.pending = false
end
function PureDeflater.prototype.takeOutput(self)
    local ____self_parts_8 = self.parts
    ____self_parts_8[#____self_parts_8 + 1] = chars(self.bytes, 0, self.byteCount)
    self.byteCount = 0
    local data = #self.parts == 1 and self.parts[1] or table.concat(self.parts, "")
    self.parts = {}
    return data
end
function PureDeflater.prototype.putBits(self, value, count)
    self.bitBuffer = self.bitBuffer + value * POW2[self.bitCount + 1]
    self.bitCount = self.bitCount + count
    while self.bitCount >= 8 do
        local low = self.bitBuffer % 256
        self.bytes[self.byteCount + 1] = low
        self.byteCount = self.byteCount + 1
        self.bitBuffer = (self.bitBuffer - low) / 256
        self.bitCount = self.bitCount - 8
    end
end
function PureDeflater.prototype.store(self, sliceEnd)
    self.next = sliceEnd + 1
end
function PureDeflater.prototype.compress(self, sliceEnd)
    if not self.previousSized then
        fill(
            self.previous,
            0,
            1,
            self.chainSpan,
            0
        )
        self.previousSized = true
    end
    local buffer = self.buffer
    local offset = self.offset
    local lowest = self.noContextTakeover and self.messageStart + offset or offset + 1
    local insertAll = self.level >= INSERT_ALL_BELOW_LEVEL
    local progress = SCAN_PROGRESS
    local symbolCount = self.symbolCount
    local i = self.next
    while i <= sliceEnd do
        if symbolCount >= BLOCK_SYMBOLS then
            self.symbolCount = symbolCount
            self.next = i
            self:endBlock()
            symbolCount = 0
        end
        scan(
            buffer,
            i,
            sliceEnd,
            offset,
            lowest,
            self.head,
            self.previous,
            self.chainSpan,
            self.chainLength,
            self.niceLength,
            self.maxDistance,
            insertAll,
            self.symbols,
            symbolCount,
            BLOCK_SYMBOLS,
            self.literalFrequencies,
            self.distanceFrequencies,
            progress
        )
        i = progress[1]
        symbolCount = progress[2]
        self.trigrams = self.trigrams + progress[3]
    end
    self.symbolCount = symbolCount
    self.next = i
    if self.trigrams > MAX_TRIGRAMS then
        self.head = {}
        self.previous = {}
        self.previousSized = false
        self.trigrams = 0
    end
end
function PureDeflater.prototype.endBlock(self)
    local blockEnd = self.next
    local storedBytes = blockEnd - self.blockStart
    if self.level == 0 then
        self:emitStored(self.blockStart, blockEnd)
        self.blockStart = blockEnd
        return
    end
    local literalFrequencies = self.literalFrequencies
    local distanceFrequencies = self.distanceFrequencies
    literalFrequencies[END_OF_BLOCK + 1] = 1
    local small = self.symbolCount < SMALL_BLOCK_SYMBOLS
    local fixedBits = small and ____exports.fixedCodedBits(self.symbols, self.symbolCount) or ____exports.codedBits(literalFrequencies, FIXED_LITERAL_LENGTHS, distanceFrequencies, FIXED_DISTANCE_LENGTHS)
    local storedChunks = math.max(
        1,
        math.ceil(storedBytes / 65535)
    )
    local storedBits = storedBytes * 8 + storedChunks * (3 + 7 + 32)
    local literalLengths = FIXED_LITERAL_LENGTHS
    local distanceLengths = FIXED_DISTANCE_LENGTHS
    local header
    local dynamicBits = fixedBits
    if not small then
        literalLengths = buildCodeLengths(literalFrequencies, 286, 15)
        distanceLengths = buildCodeLengths(distanceFrequencies, 30, 15)
        header = self:dynamicHeader(literalLengths, distanceLengths)
        dynamicBits = header.bits + ____exports.codedBits(literalFrequencies, literalLengths, distanceFrequencies, distanceLengths)
    end
    if storedBits < fixedBits and storedBits < dynamicBits then
        self:emitStored(self.blockStart, blockEnd)
    elseif header == nil or fixedBits <= dynamicBits then
        self:putBits(2, 3)
        self:emitSymbols(FIXED_CODES)
    else
        self:putBits(4, 3)
        self:emitHeader(header)
        self:emitSymbols(symbolCodes(
            canonicalCodes(literalLengths, 286),
            literalLengths,
            canonicalCodes(distanceLengths, 30),
            distanceLengths
        ))
    end
    self.symbolCount = 0
    fill(
        literalFrequencies,
        0,
        1,
        286,
        0
    )
    fill(
        distanceFrequencies,
        0,
        1,
        30,
        0
    )
    self.blockStart = blockEnd
end
function PureDeflater.prototype.emitStored(self, first, stop)
    local at = first
    repeat
        do
            local length = math.min(65535, stop - at)
            self:putBits(0, 3)
            if self.bitCount > 0 then
                self:putBits(0, 8 - self.bitCount)
            end
            local complement = 65535 - length
            self:putBits(length, 16)
            self:putBits(complement, 16)
            local ____self_parts_9 = self.parts
            ____self_parts_9[#____self_parts_9 + 1] = chars(self.bytes, 0, self.byteCount)
            self.byteCount = 0
            local ____self_parts_10 = self.parts
            ____self_parts_10[#____self_parts_10 + 1] = sub(self.buffer, at, at + length - 1)
            at = at + length
        end
    until not (at < stop)
end
function PureDeflater.prototype.dynamicHeader(self, literalLengths, distanceLengths)
    local literalCount = 286
    while literalCount > 257 and literalLengths[literalCount] == 0 do
        literalCount = literalCount - 1
    end
    local distanceCount = 30
    while distanceCount > 1 and distanceLengths[distanceCount] == 0 do
        distanceCount = distanceCount - 1
    end
    local all = {}
    do
        local s = 0
        while s < literalCount do
            all[s + 1] = literalLengths[s + 1]
            s = s + 1
        end
    end
    do
        local s = 0
        while s < distanceCount do
            all[literalCount + s + 1] = distanceLengths[s + 1]
            s = s + 1
        end
    end
    local total = literalCount + distanceCount
    local codes = {}
    local extras = {}
    local codeCount = 0
    local frequencies = zeros(19)
    local i = 0
    while i < total do
        local value = all[i + 1]
        local run = 1
        while i + run < total and all[i + run + 1] == value do
            run = run + 1
        end
        i = i + run
        if value == 0 then
            while run >= 11 do
                local n = run < 138 and run or 138
                codes[codeCount + 1] = 18
                extras[codeCount + 1] = n - 11
                codeCount = codeCount + 1
                frequencies[19] = frequencies[19] + 1
                run = run - n
            end
            if run >= 3 then
                codes[codeCount + 1] = 17
                extras[codeCount + 1] = run - 3
                codeCount = codeCount + 1
                frequencies[18] = frequencies[18] + 1
                run = 0
            end
        else
            codes[codeCount + 1] = value
            extras[codeCount + 1] = 0
            codeCount = codeCount + 1
            local ____frequencies_11, ____temp_12 = frequencies, value + 1
            ____frequencies_11[____temp_12] = ____frequencies_11[____temp_12] + 1
            run = run - 1
            while run >= 3 do
                local n = run < 6 and run or 6
                codes[codeCount + 1] = 16
                extras[codeCount + 1] = n - 3
                codeCount = codeCount + 1
                frequencies[17] = frequencies[17] + 1
                run = run - n
            end
        end
        do
            local k = 0
            while k < run do
                codes[codeCount + 1] = value
                extras[codeCount + 1] = 0
                codeCount = codeCount + 1
                local ____frequencies_13, ____temp_14 = frequencies, value + 1
                ____frequencies_13[____temp_14] = ____frequencies_13[____temp_14] + 1
                k = k + 1
            end
        end
    end
    local lengths = buildCodeLengths(frequencies, 19, 7)
    local lengthCount = 19
    while lengthCount > 4 and lengths[CODE_LENGTH_ORDER[lengthCount] + 1] == 0 do
        lengthCount = lengthCount - 1
    end
    local bits = 5 + 5 + 4 + 3 * lengthCount
    do
        local s = 0
        while s < 19 do
            bits = bits + frequencies[s + 1] * lengths[s + 1]
            s = s + 1
        end
    end
    bits = bits + (frequencies[17] * 2 + frequencies[18] * 3 + frequencies[19] * 7)
    return {
        bits = bits,
        literalCount = literalCount,
        distanceCount = distanceCount,
        lengthCount = lengthCount,
        lengths = lengths,
        codes = codes,
        extras = extras
    }
end
function PureDeflater.prototype.emitHeader(self, header)
    self:putBits(header.literalCount - 257, 5)
    self:putBits(header.distanceCount - 1, 5)
    self:putBits(header.lengthCount - 4, 4)
    do
        local i = 0
        while i < header.lengthCount do
            self:putBits(header.lengths[CODE_LENGTH_ORDER[i + 1] + 1], 3)
            i = i + 1
        end
    end
    local codes = canonicalCodes(header.lengths, 19)
    do
        local i = 0
        while i < #header.codes do
            local symbol = header.codes[i + 1]
            self:putBits(codes[symbol + 1], header.lengths[symbol + 1])
            if symbol == 16 then
                self:putBits(header.extras[i + 1], 2)
            elseif symbol == 17 then
                self:putBits(header.extras[i + 1], 3)
            elseif symbol == 18 then
                self:putBits(header.extras[i + 1], 7)
            end
            i = i + 1
        end
    end
end
function PureDeflater.prototype.emitSymbols(self, codes)
    local progress = ENCODE_PROGRESS
    encode(
        self.symbols,
        self.symbolCount,
        codes,
        self.bytes,
        self.byteCount,
        self.bitBuffer,
        self.bitCount,
        self.parts,
        progress
    )
    self.byteCount = progress[1]
    self.bitBuffer = progress[2]
    self.bitCount = progress[3]
end
return ____exports
 end,
["ts.codec.huffman-decode"] = function(...) 
local ____exports = {}
local fill
local codecKernels = require("lua.codec-kernels")
local ____deflate_2Dformat = require("ts.codec.deflate-format")
local POW2 = ____deflate_2Dformat.POW2
local REVERSED_BYTE = ____deflate_2Dformat.REVERSED_BYTE
--- buildDecodeTable in TypeScript: the reference, and what runs under Node.
function ____exports.buildDecodeTableHere(lengths, count, maxRootBits, complete, reuse)
    if complete == nil then
        complete = false
    end
    local lengthCount = {}
    do
        local l = 0
        while l <= 15 do
            lengthCount[l + 1] = 0
            l = l + 1
        end
    end
    local longest = 0
    do
        local s = 0
        while s < count do
            local l = lengths[s + 1]
            if l > 0 then
                local ____lengthCount_0, ____temp_1 = lengthCount, l + 1
                ____lengthCount_0[____temp_1] = ____lengthCount_0[____temp_1] + 1
                if l > longest then
                    longest = l
                end
            end
            s = s + 1
        end
    end
    local left = 1
    local codes = 0
    do
        local l = 1
        while l <= 15 do
            left = left * 2 - lengthCount[l + 1]
            codes = codes + lengthCount[l + 1]
            if left < 0 then
                return "over-subscribed Huffman code"
            end
            l = l + 1
        end
    end
    if left > 0 and (complete or codes > 0 and not (codes == 1 and lengthCount[2] == 1)) then
        return "incomplete Huffman code"
    end
    local rootBits = longest == 0 and 1 or math.min(longest, maxRootBits)
    local rootSize = POW2[rootBits + 1]
    local entries = reuse or ({})
    if left > 0 or reuse == nil then
        fill(
            entries,
            0,
            1,
            rootSize,
            ____exports.EMPTY
        )
    end
    local nextCode = {0}
    local code = 0
    do
        local l = 1
        while l <= 15 do
            nextCode[l + 1] = code
            code = (code + lengthCount[l + 1]) * 2
            l = l + 1
        end
    end
    local reversed = {}
    local reversedByte = REVERSED_BYTE
    local anyLong = false
    do
        local s = 0
        while s < count do
            local l = lengths[s + 1]
            if l > 0 then
                local c = nextCode[l + 1]
                nextCode[l + 1] = c + 1
                local low = c % 256
                local r = (reversedByte[low + 1] * 256 + reversedByte[(c - low) / 256 + 1]) / POW2[16 - l + 1]
                reversed[s + 1] = r
                if l <= rootBits then
                    fill(
                        entries,
                        r,
                        POW2[l + 1],
                        rootSize,
                        s * 16 + l
                    )
                else
                    anyLong = true
                end
            end
            s = s + 1
        end
    end
    if not anyLong then
        return {entries = entries, rootBits = rootBits, rootSize = rootSize}
    end
    local deepest = {}
    do
        local s = 0
        while s < count do
            local l = lengths[s + 1]
            if l > rootBits then
                local prefix = reversed[s + 1] % rootSize
                if deepest[prefix + 1] == nil or l > deepest[prefix + 1] then
                    deepest[prefix + 1] = l
                end
            end
            s = s + 1
        end
    end
    local offsetOf = {}
    local size = rootSize
    do
        local prefix = 0
        while prefix < rootSize do
            local d = deepest[prefix + 1]
            if d ~= nil then
                local subBits = d - rootBits
                offsetOf[prefix + 1] = size
                entries[prefix + 1] = -(size * 16 + subBits)
                local subSize = POW2[subBits + 1]
                if left > 0 then
                    fill(
                        entries,
                        size,
                        1,
                        size + subSize,
                        0
                    )
                end
                size = size + subSize
            end
            prefix = prefix + 1
        end
    end
    do
        local s = 0
        while s < count do
            local l = lengths[s + 1]
            if l > rootBits then
                local r = reversed[s + 1]
                local prefix = r % rootSize
                local high = (r - prefix) / rootSize
                local subSize = POW2[deepest[prefix + 1] - rootBits + 1]
                local offset = offsetOf[prefix + 1]
                fill(
                    entries,
                    offset + high,
                    POW2[l - rootBits + 1],
                    offset + subSize,
                    s * 16 + l
                )
            end
            s = s + 1
        end
    end
    return {entries = entries, rootBits = rootBits, rootSize = rootSize}
end
fill = codecKernels.fill
local buildInLua = codecKernels.buildDecodeTable
--- A root slot no code reaches (see the module comment).
____exports.EMPTY = -1
--- Builds the table for the code lengths `lengths[0 .. count - 1]` (0 = symbol unused), with a root of
-- at most `maxRootBits` bits. Returns an error message for an over-subscribed set of lengths, or an
-- incomplete one other than a single code of one bit (which zlib accepts, and RFC 1951 section 3.2.7
-- implies for a lone distance code). No codes at all is accepted: such a table only holds zeros.
-- With `complete`, every incomplete set is refused (zlib's rule for the code lengths code). With
-- `reuse`, the entries are written into that array (whatever it held past them is never read).
function ____exports.buildDecodeTable(lengths, count, maxRootBits, complete, reuse)
    if complete == nil then
        complete = false
    end
    if buildInLua ~= nil then
        return buildInLua(
            lengths,
            count,
            maxRootBits,
            complete,
            reuse
        )
    end
    return ____exports.buildDecodeTableHere(
        lengths,
        count,
        maxRootBits,
        complete,
        reuse
    )
end
return ____exports
 end,
["ts.codec.inflate"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local codecKernels = require("lua.codec-kernels")
local ____deflate_2Dformat = require("ts.codec.deflate-format")
local CODE_LENGTH_ORDER = ____deflate_2Dformat.CODE_LENGTH_ORDER
local DIST_BASE = ____deflate_2Dformat.DIST_BASE
local DIST_EXTRA = ____deflate_2Dformat.DIST_EXTRA
local fixedDistanceLengths = ____deflate_2Dformat.fixedDistanceLengths
local fixedLiteralLengths = ____deflate_2Dformat.fixedLiteralLengths
local LENGTH_BASE = ____deflate_2Dformat.LENGTH_BASE
local LENGTH_EXTRA = ____deflate_2Dformat.LENGTH_EXTRA
local POW2 = ____deflate_2Dformat.POW2
local ____huffman_2Ddecode = require("ts.codec.huffman-decode")
local buildDecodeTable = ____huffman_2Ddecode.buildDecodeTable
local EMPTY = ____huffman_2Ddecode.EMPTY
local byte = codecKernels.byte
local bytes = codecKernels.bytes
local sub = codecKernels.sub
local chars = codecKernels.chars
local copyBack = codecKernels.copyBack
local copyFromString = codecKernels.copyFromString
local inlineCopyBelow = codecKernels.inlineCopyBelow
local inflateFast = codecKernels.inflateFast
local fill = codecKernels.fill
local leaveUncompiled = codecKernels.leaveUncompiled
--- Copies a match of `length` bytes from `distance` back to window[out..] and returns the new `out`:
-- from the history string first where the match starts before the array (it may run on into the
-- array), then from the array itself. On PUC Lua a call to the kernel's numeric for loop costs less
-- than the while loop a TypeScript for compiles to, whatever the length; on LuaJIT short matches are
-- copied here, in the trace (lua/codec-kernels.lua, inlineCopyBelow). Both the fast and the careful
-- loop copy with it (in Lua the fast loop is lua/kernels/inflate.lua's own).
local function copyMatch(window, out, distance, length, history, historyLength)
    if distance > out then
        local fromHistory = distance - out < length and distance - out or length
        copyFromString(
            window,
            out,
            history,
            historyLength - (distance - out) + 1,
            fromHistory
        )
        out = out + fromHistory
        length = length - fromHistory
    end
    if length >= inlineCopyBelow then
        copyBack(window, out, distance, length)
        return out + length
    end
    local ____end = out + length
    do
        local at = out
        while at < ____end do
            window[at + 1] = window[at - distance + 1]
            at = at + 1
        end
    end
    return ____end
end
local SYNC_FLUSH_TAIL = string.char(0, 0, 255, 255)
local LITERAL_ROOT_BITS = 9
local DISTANCE_ROOT_BITS = 7
--- What decoding a block's codes stopped at.
local STOP_END_OF_BLOCK = 0
local STOP_LIMIT = 1
local STOP_INPUT = 2
local STOP_ERROR = 3
--- What decodeFast returns when the careful loop of decodeCodes must go on from where it stopped.
local STOP_CAREFUL = -1
--- decodeFast runs while this many input bytes are left: the most one symbol pair reads (a refill of
-- four bytes and one of three).
local FAST_INPUT = 7
--- 2^24 as a float (`2 ** 24` compiles to `2 ^ 24`): a byte times it may pass 2^31, where fengari's integers wrap.
local TWO_24 = 2 ^ 24
--- Between blocks, in a stored block's data, in a compressed block's codes, or past a final block.
local MODE_HEADER = 0
local MODE_STORED = 1
local MODE_CODES = 2
local MODE_ENDED = 3
--- A budget below the longest match could never fit one.
local MIN_BUDGET = 258
--- Output bytes held as numbers at most (the rest of the window is the history string): 128 KiB of
-- PUC Lua heap, with the 7 entries past the end that copyFromString may write. Flushing costs a copy of the window string every ARRAY_CAP bytes, which is small next
-- to decoding them.
local ARRAY_CAP = 8192 - 8
--- At the start of a read, an array this full is flushed first (all of it has been delivered). Each
-- flush copies the window's string, so the later the fewer; where the array then fills within a read,
-- it flushes as soon as the fast loop lacks room (decodeCodes), so a late flush costs no careful loop.
local FLUSH_AT = 6144
--- LENGTH_BASE and LENGTH_EXTRA indexed by the length code itself (257-285): one subtraction less per
-- match. Zeros below 257 keep every index in the table's array part (a Lua table with keys only
-- from 258 on would keep them in its slower hash part).
local LENGTH_BASE_BY_SYMBOL = {}
local LENGTH_EXTRA_BY_SYMBOL = {}
do
    local code = 0
    while code <= 285 do
        LENGTH_BASE_BY_SYMBOL[code + 1] = code < 257 and 0 or LENGTH_BASE[code - 257 + 1]
        LENGTH_EXTRA_BY_SYMBOL[code + 1] = code < 257 and 0 or LENGTH_EXTRA[code - 257 + 1]
        code = code + 1
    end
end
local fixedLiterals
local fixedDistances
local function fixedTables()
    if fixedLiterals == nil or fixedDistances == nil then
        fixedLiterals = buildDecodeTable(
            fixedLiteralLengths(),
            288,
            LITERAL_ROOT_BITS
        )
        fixedDistances = buildDecodeTable(
            fixedDistanceLengths(),
            32,
            DISTANCE_ROOT_BITS
        )
    end
    return {fixedLiterals, fixedDistances}
end
____exports.PureInflater = __TS__Class()
local PureInflater = ____exports.PureInflater
PureInflater.name = "PureInflater"
function PureInflater.prototype.____constructor(self, options)
    self.implementation = "lua"
    self.useKernel = true
    self.finalBlocks = 0
    self.window = {}
    self.out = 0
    self.history = ""
    self.delivered = {}
    self.deliveredEnd = 0
    self.input = ""
    self.next = 1
    self.bits = 0
    self.bitCount = 0
    self.mode = MODE_HEADER
    self.finalBlock = false
    self.storedLeft = 0
    self.literalScratch = {}
    self.distanceScratch = {}
    self.codeLengthScratch = {}
    self.lastPiece = false
    self.produced = 0
    self.failureStatus = "error"
    self.windowSize = POW2[(options.exactWindow == true and options.windowBits or math.max(options.windowBits, 9)) + 1]
    self.noContextTakeover = options.noContextTakeover
    self.maxMessageSize = options.maxMessageSize
end
function PureInflater.prototype.write(self, data, last)
    if self.next > #self.input then
        self.input = data
    else
        self.input = sub(self.input, self.next) .. data
    end
    self.next = 1
    if last then
        self.input = self.input .. SYNC_FLUSH_TAIL
        self.lastPiece = true
    end
end
function PureInflater.prototype.read(self, budget)
    if self.failure ~= nil then
        return {status = self.failureStatus, data = "", error = self.failure}
    end
    if self.out >= FLUSH_AT then
        self:flush(0)
    end
    local start = self.out
    local allowed = self.maxMessageSize - self.produced
    local slice = math.max(budget, MIN_BUDGET)
    local sizeBound = allowed <= slice
    --- Where this read's output ends, as an index of the array (moved down when the array flushes).
    local readLimit = start + (sizeBound and allowed or slice)
    --- The output of this read that left the array before its end.
    local pieces
    while true do
        do
            local __continue19
            repeat
                local limit = readLimit < ARRAY_CAP and readLimit or ARRAY_CAP
                local stop
                if self.mode == MODE_CODES then
                    stop = self:decodeCodes(limit, limit < readLimit)
                    if stop == STOP_END_OF_BLOCK then
                        self:endBlock()
                    end
                elseif self.mode == MODE_HEADER then
                    if self.lastPiece and self.next > #self.input and self.bitCount == 0 then
                        return self:endMessage(start, pieces)
                    end
                    stop = self:readHeader()
                elseif self.mode == MODE_STORED then
                    stop = self:copyStored(limit)
                else
                    self.next = #self.input + 1
                    self.bits = 0
                    self.bitCount = 0
                    if self.lastPiece then
                        self.mode = MODE_HEADER
                        return self:endMessage(start, pieces)
                    end
                    stop = STOP_INPUT
                end
                if stop == STOP_ERROR then
                    return self:fail(self.failure or "invalid compressed data")
                end
                if stop == STOP_INPUT then
                    if self.lastPiece then
                        return self:fail("compressed data truncated")
                    end
                    return self:deliver(start, "input", pieces)
                end
                if stop == STOP_LIMIT then
                    if limit < readLimit then
                        readLimit = readLimit - self.out
                        if pieces == nil then
                            pieces = {}
                        end
                        local fresh = self:flush(start)
                        self.produced = self.produced + #fresh
                        pieces[#pieces + 1] = fresh
                        start = 0
                        __continue19 = true
                        break
                    end
                    if sizeBound then
                        return self:fail("message too big", "too-big")
                    end
                    return self:deliver(start, "more", pieces)
                end
                __continue19 = true
            until true
            if not __continue19 then
                break
            end
        end
    end
end
function PureInflater.prototype.close(self)
    self:fail("inflater closed")
end
function PureInflater.prototype.deliver(self, start, status, pieces)
    local data = chars(self.window, start, self.out)
    if start == self.deliveredEnd then
        self.delivered[#self.delivered + 1] = data
        self.deliveredEnd = self.out
    end
    self.produced = self.produced + #data
    if pieces ~= nil then
        pieces[#pieces + 1] = data
        data = table.concat(pieces, "")
    end
    return {status = status, data = data}
end
function PureInflater.prototype.flush(self, start)
    local fresh = chars(self.window, self.deliveredEnd, self.out)
    local fromDelivered = start == self.deliveredEnd
    local whole = fresh
    if self.deliveredEnd > 0 then
        self.delivered[#self.delivered + 1] = fresh
        whole = table.concat(self.delivered, "")
    end
    self.delivered = {}
    self.deliveredEnd = 0
    local keep = self.windowSize
    if #whole >= keep then
        self.history = sub(whole, #whole - keep + 1)
    else
        local fromHistory = keep - #whole
        local history = self.history
        self.history = (#history > fromHistory and sub(history, #history - fromHistory + 1) or history) .. whole
    end
    self.out = 0
    if fromDelivered then
        return fresh
    end
    return start == 0 and whole or sub(whole, start + 1)
end
function PureInflater.prototype.endMessage(self, start, pieces)
    local step = self:deliver(start, "done", pieces)
    self.lastPiece = false
    self.produced = 0
    self.input = ""
    self.next = 1
    if self.noContextTakeover then
        self.out = 0
        self.history = ""
        self.delivered = {}
        self.deliveredEnd = 0
    end
    return step
end
function PureInflater.prototype.fail(self, message, status)
    if status == nil then
        status = "error"
    end
    self.failure = message
    self.failureStatus = status
    self.window = {}
    self.history = ""
    self.delivered = {}
    self.deliveredEnd = 0
    self.input = ""
    return {status = status, data = "", error = message}
end
function PureInflater.prototype.endBlock(self)
    if self.finalBlock then
        self.finalBlocks = self.finalBlocks + 1
    end
    self.mode = self.finalBlock and MODE_ENDED or MODE_HEADER
end
function PureInflater.prototype.need(self, count)
    while self.bitCount < count do
        if self.next > #self.input then
            return false
        end
        self.bits = self.bits + byte(self.input, self.next) * POW2[self.bitCount + 1]
        self.next = self.next + 1
        self.bitCount = self.bitCount + 8
    end
    return true
end
function PureInflater.prototype.take(self, count)
    local value = self.bits % POW2[count + 1]
    self.bits = (self.bits - value) / POW2[count + 1]
    self.bitCount = self.bitCount - count
    return value
end
function PureInflater.prototype.readHeader(self)
    local savedNext = self.next
    local savedBits = self.bits
    local savedCount = self.bitCount
    local stop = self:tryHeader()
    if stop == STOP_INPUT then
        self.next = savedNext
        self.bits = savedBits
        self.bitCount = savedCount
    end
    return stop
end
function PureInflater.prototype.tryHeader(self)
    if not self:need(3) then
        return STOP_INPUT
    end
    self.finalBlock = self:take(1) == 1
    local ____type = self:take(2)
    if ____type == 0 then
        self:take(self.bitCount % 8)
        if not self:need(32) then
            return STOP_INPUT
        end
        local length = self:take(16)
        local complement = self:take(16)
        if length + complement ~= 65535 then
            return self:error("invalid stored block lengths")
        end
        self.storedLeft = length
        self.mode = MODE_STORED
        return -1
    end
    if ____type == 1 then
        local ____fixedTables_result_0 = fixedTables()
        self.literals = ____fixedTables_result_0[1]
        self.distances = ____fixedTables_result_0[2]
        self.mode = MODE_CODES
        return -1
    end
    if ____type == 2 then
        return self:readDynamicTables()
    end
    return self:error("invalid block type")
end
function PureInflater.prototype.error(self, message)
    self.failure = message
    return STOP_ERROR
end
function PureInflater.prototype.readDynamicTables(self)
    local input = self.input
    local inputEnd = #input
    local pow2 = POW2
    local next = self.next
    local bits = self.bits
    local bitCount = self.bitCount
    while bitCount < 14 do
        if next > inputEnd then
            return STOP_INPUT
        end
        bits = bits + byte(input, next) * pow2[bitCount + 1]
        next = next + 1
        bitCount = bitCount + 8
    end
    local field = bits % 32
    local literalCount = field + 257
    bits = (bits - field) / 32
    field = bits % 32
    local distanceCount = field + 1
    bits = (bits - field) / 32
    field = bits % 16
    local codeLengthCount = field + 4
    bits = (bits - field) / 16
    bitCount = bitCount - 14
    if literalCount > 286 or distanceCount > 30 then
        return self:error("too many length or distance codes")
    end
    local codeLengthLengths = {}
    do
        local i = 0
        while i < 19 do
            codeLengthLengths[i + 1] = 0
            i = i + 1
        end
    end
    do
        local i = 0
        while i < codeLengthCount do
            while bitCount < 3 do
                if next > inputEnd then
                    return STOP_INPUT
                end
                bits = bits + byte(input, next) * pow2[bitCount + 1]
                next = next + 1
                bitCount = bitCount + 8
            end
            field = bits % 8
            codeLengthLengths[CODE_LENGTH_ORDER[i + 1] + 1] = field
            bits = (bits - field) / 8
            bitCount = bitCount - 3
            i = i + 1
        end
    end
    local codeLengthTable = buildDecodeTable(
        codeLengthLengths,
        19,
        7,
        true,
        self.codeLengthScratch
    )
    if type(codeLengthTable) == "string" then
        return self:error("bad code lengths code: " .. codeLengthTable)
    end
    local lengths = {}
    local total = literalCount + distanceCount
    local count = 0
    local entries = codeLengthTable.entries
    local rootSize = codeLengthTable.rootSize
    while count < total do
        while bitCount < 14 and next <= inputEnd do
            bits = bits + byte(input, next) * pow2[bitCount + 1]
            next = next + 1
            bitCount = bitCount + 8
        end
        local entry = entries[bits % rootSize + 1]
        local length = entry % 16
        if entry == 0 or length > bitCount then
            if bitCount >= 7 then
                return self:error("invalid code lengths code")
            end
            return STOP_INPUT
        end
        local divisor = pow2[length + 1]
        bits = (bits - bits % divisor) / divisor
        bitCount = bitCount - length
        local symbol = (entry - length) / 16
        if symbol < 16 then
            lengths[count + 1] = symbol
            count = count + 1
        else
            local ____repeat
            local value = 0
            local extraBits
            if symbol == 16 then
                if count == 0 then
                    return self:error("repeated code length with no previous length")
                end
                extraBits = 2
                ____repeat = 3
                value = lengths[count]
            elseif symbol == 17 then
                extraBits = 3
                ____repeat = 3
            else
                extraBits = 7
                ____repeat = 11
            end
            if bitCount < extraBits then
                return STOP_INPUT
            end
            local extraDivisor = pow2[extraBits + 1]
            field = bits % extraDivisor
            ____repeat = ____repeat + field
            bits = (bits - field) / extraDivisor
            bitCount = bitCount - extraBits
            if count + ____repeat > total then
                return self:error("code lengths repeat past the last code")
            end
            fill(
                lengths,
                count,
                1,
                count + ____repeat,
                value
            )
            count = count + ____repeat
        end
    end
    self.next = next
    self.bits = bits
    self.bitCount = bitCount
    if lengths[257] == 0 then
        return self:error("no end-of-block code")
    end
    local literals = buildDecodeTable(
        lengths,
        literalCount,
        LITERAL_ROOT_BITS,
        false,
        self.literalScratch
    )
    if type(literals) == "string" then
        return self:error("bad literal/length code lengths: " .. literals)
    end
    local distanceLengths = {}
    do
        local i = 0
        while i < distanceCount do
            distanceLengths[i + 1] = lengths[literalCount + i + 1]
            i = i + 1
        end
    end
    local distances = buildDecodeTable(
        distanceLengths,
        distanceCount,
        DISTANCE_ROOT_BITS,
        false,
        self.distanceScratch
    )
    if type(distances) == "string" then
        return self:error("bad distance code lengths: " .. distances)
    end
    self.literals = literals
    self.distances = distances
    self.mode = MODE_CODES
    return -1
end
function PureInflater.prototype.copyStored(self, limit)
    local window = self.window
    local out = self.out
    local left = self.storedLeft
    while left > 0 and self.bitCount >= 8 and out < limit do
        window[out + 1] = self:take(8)
        out = out + 1
        left = left - 1
    end
    local input = self.input
    local next = self.next
    local count = math.min(left, limit - out, #input - next + 1)
    left = left - count
    while count > 0 do
        window[out + 1] = byte(input, next)
        out = out + 1
        next = next + 1
        count = count - 1
    end
    self.next = next
    self.out = out
    self.storedLeft = left
    if left == 0 then
        self:endBlock()
        return -1
    end
    return out >= limit and STOP_LIMIT or STOP_INPUT
end
function PureInflater.prototype.decodeFast(self, limit)
    if inflateFast ~= nil and self.useKernel then
        local stop, out, next, bits, bitCount, message = inflateFast(
            self.window,
            self.out,
            self.input,
            self.next,
            self.bits,
            self.bitCount,
            limit,
            self.literals.entries,
            self.literals.rootSize,
            self.distances.entries,
            self.distances.rootSize,
            self.windowSize,
            self.history
        )
        self.out = out
        self.next = next
        self.bits = bits
        self.bitCount = bitCount
        if message ~= nil then
            self.failure = message
        end
        return stop
    end
    local window = self.window
    local input = self.input
    local fastInputEnd = #self.input - FAST_INPUT + 1
    local fastLimit = limit - MIN_BUDGET
    local literalEntries = self.literals.entries
    local literalRoot = self.literals.rootSize
    local distanceEntries = self.distances.entries
    local distanceRoot = self.distances.rootSize
    local windowSize = self.windowSize
    local history = self.history
    local historyLength = #history
    local pow2 = POW2
    local lengthBase = LENGTH_BASE_BY_SYMBOL
    local lengthExtraBits = LENGTH_EXTRA_BY_SYMBOL
    local distanceBase = DIST_BASE
    local distanceExtraBits = DIST_EXTRA
    local out = self.out
    local next = self.next
    local bits = self.bits
    local bitCount = self.bitCount
    local stop = STOP_CAREFUL
    while next <= fastInputEnd and out <= fastLimit do
        if bitCount < 21 then
            local b0, b1, b2, b3 = bytes(input, next, next + 3)
            bits = bits + (b0 + b1 * 256 + b2 * 65536 + b3 * TWO_24) * pow2[bitCount + 1]
            next = next + 4
            bitCount = bitCount + 32
        end
        local entry = literalEntries[bits % literalRoot + 1]
        if entry < 0 then
            if entry ~= EMPTY then
                entry = -entry
                local subBits = entry % 16
                entry = literalEntries[(entry - subBits) / 16 + (bits - bits % literalRoot) / literalRoot % pow2[subBits + 1] + 1]
            end
            if entry <= 0 then
                stop = self:error("invalid literal/length code")
                break
            end
        end
        local length = entry % 16
        local divisor = pow2[length + 1]
        if entry < 4096 then
            bits = (bits - bits % divisor) / divisor
            bitCount = bitCount - length
            window[out + 1] = (entry - length) / 16
            out = out + 1
        else
            local symbol = (entry - length) / 16
            if symbol > 285 then
                stop = self:error("invalid literal/length code")
                break
            end
            bits = (bits - bits % divisor) / divisor
            bitCount = bitCount - length
            if symbol == 256 then
                stop = STOP_END_OF_BLOCK
                break
            end
            local matchLength = lengthBase[symbol + 1]
            local lengthExtra = lengthExtraBits[symbol + 1]
            if lengthExtra > 0 then
                divisor = pow2[lengthExtra + 1]
                local extra = bits % divisor
                matchLength = matchLength + extra
                bits = (bits - extra) / divisor
                bitCount = bitCount - lengthExtra
            end
            if bitCount < 28 then
                local b0, b1, b2 = bytes(input, next, next + 2)
                bits = bits + (b0 + b1 * 256 + b2 * 65536) * pow2[bitCount + 1]
                next = next + 3
                bitCount = bitCount + 24
            end
            entry = distanceEntries[bits % distanceRoot + 1]
            if entry < 0 then
                if entry ~= EMPTY then
                    entry = -entry
                    local subBits = entry % 16
                    entry = distanceEntries[(entry - subBits) / 16 + (bits - bits % distanceRoot) / distanceRoot % pow2[subBits + 1] + 1]
                end
                if entry <= 0 then
                    stop = self:error("invalid distance code")
                    break
                end
            end
            length = entry % 16
            local distanceCode = (entry - length) / 16
            if distanceCode > 29 then
                stop = self:error("invalid distance code")
                break
            end
            divisor = pow2[length + 1]
            bits = (bits - bits % divisor) / divisor
            bitCount = bitCount - length
            local distance = distanceBase[distanceCode + 1]
            local distanceExtra = distanceExtraBits[distanceCode + 1]
            if distanceExtra > 0 then
                divisor = pow2[distanceExtra + 1]
                local extra = bits % divisor
                distance = distance + extra
                bits = (bits - extra) / divisor
                bitCount = bitCount - distanceExtra
            end
            if distance > windowSize or distance > out + historyLength then
                stop = self:error("invalid distance too far back")
                break
            end
            out = copyMatch(
                window,
                out,
                distance,
                matchLength,
                history,
                historyLength
            )
        end
    end
    self.out = out
    self.next = next
    self.bits = bits
    self.bitCount = bitCount
    return stop
end
function PureInflater.prototype.decodeCodes(self, limit, arrayBound)
    local fast = self:decodeFast(limit)
    if fast ~= STOP_CAREFUL then
        return fast
    end
    if arrayBound and self.out > limit - MIN_BUDGET then
        return STOP_LIMIT
    end
    local window = self.window
    local input = self.input
    local inputEnd = #self.input
    local literalEntries = self.literals.entries
    local literalRoot = self.literals.rootSize
    local distanceEntries = self.distances.entries
    local distanceRoot = self.distances.rootSize
    local windowSize = self.windowSize
    local history = self.history
    local historyLength = #history
    local pow2 = POW2
    local out = self.out
    local next = self.next
    local bits = self.bits
    local bitCount = self.bitCount
    local stop = STOP_END_OF_BLOCK
    while true do
        if bitCount < 25 then
            if next + 2 <= inputEnd then
                local b0, b1, b2 = bytes(input, next, next + 2)
                bits = bits + (b0 + b1 * 256 + b2 * 65536) * pow2[bitCount + 1]
                next = next + 3
                bitCount = bitCount + 24
            else
                while bitCount < 25 and next <= inputEnd do
                    bits = bits + byte(input, next) * pow2[bitCount + 1]
                    next = next + 1
                    bitCount = bitCount + 8
                end
            end
        end
        local entry = literalEntries[bits % literalRoot + 1]
        if entry == EMPTY then
            entry = 0
        elseif entry < 0 then
            entry = -entry
            local subBits = entry % 16
            entry = literalEntries[(entry - subBits) / 16 + (bits - bits % literalRoot) / literalRoot % pow2[subBits + 1] + 1]
        end
        local length = entry % 16
        if entry == 0 or length > bitCount then
            if entry == 0 and bitCount >= 15 then
                self.failure = "invalid literal/length code"
                stop = STOP_ERROR
            else
                stop = STOP_INPUT
            end
            break
        end
        if entry < 4096 then
            if out >= limit then
                stop = STOP_LIMIT
                break
            end
            local divisor = pow2[length + 1]
            bits = (bits - bits % divisor) / divisor
            bitCount = bitCount - length
            window[out + 1] = (entry - length) / 16
            out = out + 1
        else
            local symbol = (entry - length) / 16
            if symbol == 256 then
                local divisor = pow2[length + 1]
                bits = (bits - bits % divisor) / divisor
                bitCount = bitCount - length
                break
            end
            if symbol > 285 then
                self.failure = "invalid literal/length code"
                stop = STOP_ERROR
                break
            end
            local symbolNext = next
            local symbolBits = bits
            local symbolCount = bitCount
            local divisor = pow2[length + 1]
            bits = (bits - bits % divisor) / divisor
            bitCount = bitCount - length
            local matchLength = LENGTH_BASE[symbol - 257 + 1]
            local lengthExtra = LENGTH_EXTRA[symbol - 257 + 1]
            if lengthExtra > 0 then
                if bitCount < lengthExtra then
                    next = symbolNext
                    bits = symbolBits
                    bitCount = symbolCount
                    stop = STOP_INPUT
                    break
                end
                local extra = bits % pow2[lengthExtra + 1]
                matchLength = matchLength + extra
                bits = (bits - extra) / pow2[lengthExtra + 1]
                bitCount = bitCount - lengthExtra
            end
            if bitCount < 28 then
                if next + 2 <= inputEnd then
                    local b0, b1, b2 = bytes(input, next, next + 2)
                    bits = bits + (b0 + b1 * 256 + b2 * 65536) * pow2[bitCount + 1]
                    next = next + 3
                    bitCount = bitCount + 24
                else
                    while bitCount < 28 and next <= inputEnd do
                        bits = bits + byte(input, next) * pow2[bitCount + 1]
                        next = next + 1
                        bitCount = bitCount + 8
                    end
                end
            end
            entry = distanceEntries[bits % distanceRoot + 1]
            if entry == EMPTY then
                entry = 0
            elseif entry < 0 then
                entry = -entry
                local subBits = entry % 16
                entry = distanceEntries[(entry - subBits) / 16 + (bits - bits % distanceRoot) / distanceRoot % pow2[subBits + 1] + 1]
            end
            length = entry % 16
            if entry == 0 or length > bitCount then
                if entry == 0 and bitCount >= 15 then
                    self.failure = "invalid distance code"
                    stop = STOP_ERROR
                else
                    stop = STOP_INPUT
                end
                next = symbolNext
                bits = symbolBits
                bitCount = symbolCount
                break
            end
            local distanceCode = (entry - length) / 16
            divisor = pow2[length + 1]
            bits = (bits - bits % divisor) / divisor
            bitCount = bitCount - length
            if distanceCode > 29 then
                self.failure = "invalid distance code"
                stop = STOP_ERROR
                break
            end
            local distance = DIST_BASE[distanceCode + 1]
            local distanceExtra = DIST_EXTRA[distanceCode + 1]
            if distanceExtra > 0 then
                if bitCount < distanceExtra then
                    next = symbolNext
                    bits = symbolBits
                    bitCount = symbolCount
                    stop = STOP_INPUT
                    break
                end
                local extra = bits % pow2[distanceExtra + 1]
                distance = distance + extra
                bits = (bits - extra) / pow2[distanceExtra + 1]
                bitCount = bitCount - distanceExtra
            end
            if distance > windowSize or distance > out + historyLength then
                self.failure = "invalid distance too far back"
                stop = STOP_ERROR
                break
            end
            if out + matchLength > limit then
                next = symbolNext
                bits = symbolBits
                bitCount = symbolCount
                stop = STOP_LIMIT
                break
            end
            out = copyMatch(
                window,
                out,
                distance,
                matchLength,
                history,
                historyLength
            )
        end
    end
    self.out = out
    self.next = next
    self.bits = bits
    self.bitCount = bitCount
    return stop
end
leaveUncompiled(____exports.PureInflater.prototype.decodeCodes)
leaveUncompiled(____exports.PureInflater.prototype.decodeFast)
return ____exports
 end,
["ts.codec.native"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local Error = ____lualib.Error
local RangeError = ____lualib.RangeError
local ReferenceError = ____lualib.ReferenceError
local SyntaxError = ____lualib.SyntaxError
local TypeError = ____lualib.TypeError
local URIError = ____lualib.URIError
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local SYNC_FLUSH_TAIL = string.char(0, 0, 255, 255)
local EMPTY_MESSAGE = string.char(0)
local MIN_BUDGET = 258
____exports.NativeInflater = __TS__Class()
local NativeInflater = ____exports.NativeInflater
NativeInflater.name = "NativeInflater"
function NativeInflater.prototype.____constructor(self, codec, options)
    self.produced = 0
    self.lastPiece = false
    self.failureStatus = "error"
    self.implementation = codec.name
    self.stream = codec.newInflateStream(options.windowBits)
    self.noContextTakeover = options.noContextTakeover
    self.maxMessageSize = options.maxMessageSize
end
function NativeInflater.prototype.write(self, data, last)
    if self.failure ~= nil then
        return
    end
    self.stream:push(last and data .. SYNC_FLUSH_TAIL or data)
    self.lastPiece = last
end
function NativeInflater.prototype.read(self, budget)
    if self.failure ~= nil then
        return {status = self.failureStatus, data = "", error = self.failure}
    end
    local allowed = self.maxMessageSize - self.produced
    local slice = math.max(budget, MIN_BUDGET)
    local sizeBound = allowed < slice
    local data, state = self.stream:pull(sizeBound and allowed + 1 or slice)
    if data == nil then
        return self:fail(state or "invalid compressed data", "error")
    end
    if #data > allowed then
        return self:fail("message too big", "too-big")
    end
    self.produced = self.produced + #data
    if state == "full" then
        return {status = "more", data = data}
    end
    if not self.lastPiece and state == "drained" then
        return {status = "input", data = data}
    end
    self.produced = 0
    self.lastPiece = false
    if self.noContextTakeover or state == "ended" then
        self.stream:reset()
    end
    return {status = "done", data = data}
end
function NativeInflater.prototype.close(self)
    if self.failure == nil then
        self:fail("inflater closed", "error")
    end
end
function NativeInflater.prototype.fail(self, message, status)
    self.failure = message
    self.failureStatus = status
    self.stream:close()
    return {status = status, data = "", error = message}
end
____exports.NativeDeflater = __TS__Class()
local NativeDeflater = ____exports.NativeDeflater
NativeDeflater.name = "NativeDeflater"
function NativeDeflater.prototype.____constructor(self, codec, stream, options)
    self.message = ""
    self.next = 0
    self.written = 0
    self.pending = false
    self.implementation = codec.name
    self.stream = stream
    self.noContextTakeover = options.noContextTakeover
end
function NativeDeflater.prototype.write(self, message)
    self.message = message
    self.next = 0
    self.written = 0
    self.pending = true
end
function NativeDeflater.prototype.read(self, budget)
    if not self.pending then
        return {status = "done", data = ""}
    end
    local ____end = math.min(
        #self.message,
        self.next + math.max(budget, 1)
    )
    local last = ____end >= #self.message
    local compressed, problem = self.stream:deflate(
        __TS__StringSubstring(self.message, self.next, ____end),
        last
    )
    if compressed == nil then
        error(
            __TS__New(Error, "deflate failed: " .. problem),
            0
        )
    end
    self.next = ____end
    if not last then
        self.written = self.written + #compressed
        return {status = "more", data = compressed}
    end
    self.pending = false
    self.message = ""
    if self.noContextTakeover then
        self.stream:reset()
    end
    local data = __TS__StringSubstring(compressed, 0, #compressed - 4)
    if self.written == 0 and #data == 0 then
        data = EMPTY_MESSAGE
    end
    return {status = "done", data = data}
end
function NativeDeflater.prototype.close(self)
    self.pending = false
    self.stream:close()
end
--- The native deflater, or undefined where the library cannot keep to `options.windowBits`.
function ____exports.newNativeDeflater(codec, options)
    local stream = codec.newDeflateStream(options.windowBits, options.level)
    local ____temp_0
    if stream == nil then
        ____temp_0 = nil
    else
        ____temp_0 = __TS__New(____exports.NativeDeflater, codec, stream, options)
    end
    return ____temp_0
end
return ____exports
 end,
["ts.codec.index"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____deflate = require("ts.codec.deflate")
local PureDeflater = ____deflate.PureDeflater
local ____inflate = require("ts.codec.inflate")
local PureInflater = ____inflate.PureInflater
local ____native = require("ts.codec.native")
local NativeInflater = ____native.NativeInflater
local newNativeDeflater = ____native.newNativeDeflater
--- The pure codec, whatever the platform offers.
function ____exports.newPureInflater(options)
    return __TS__New(PureInflater, options)
end
function ____exports.newPureDeflater(options)
    return __TS__New(PureDeflater, options)
end
____exports.pureCodec = {name = "lua", newInflater = ____exports.newPureInflater, newDeflater = ____exports.newPureDeflater}
--- The codec of a native library offered in the NativeCodec shape.
function ____exports.nativeCodec(codec)
    return {
        name = codec.name,
        newInflater = function(options) return __TS__New(NativeInflater, codec, options) end,
        newDeflater = function(options) return newNativeDeflater(codec, options) or __TS__New(PureDeflater, options) end
    }
end
--- The native codec the transport module offers (its `codec` field), else the pure one.
function ____exports.selectCodec(transport)
    local ____temp_0
    if type(transport) == "table" and transport ~= nil then
        ____temp_0 = transport.codec
    else
        ____temp_0 = nil
    end
    local offered = ____temp_0
    if offered ~= nil and type(offered) == "table" then
        return ____exports.nativeCodec(offered)
    end
    return ____exports.pureCodec
end
return ____exports
 end,
["ts.core.base64"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__StringCharAt = ____lualib.__TS__StringCharAt
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local ____exports = {}
--- Base64 (RFC 4648 section 4) of byte strings, for Sec-WebSocket-Key, Sec-WebSocket-Accept and Basic
-- authentication. Inputs are a few dozen bytes, so clarity wins over speed.
local ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function digit(value)
    return __TS__StringCharAt(ALPHABET, value)
end
function ____exports.base64Encode(bytes)
    local parts = {}
    local whole = #bytes - #bytes % 3
    do
        local i = 0
        while i < whole do
            local n = __TS__StringCharCodeAt(bytes, i) * 65536 + __TS__StringCharCodeAt(bytes, i + 1) * 256 + __TS__StringCharCodeAt(bytes, i + 2)
            parts[#parts + 1] = ((digit(math.floor(n / 262144)) .. digit(math.floor(n / 4096) % 64)) .. digit(math.floor(n / 64) % 64)) .. digit(n % 64)
            i = i + 3
        end
    end
    local left = #bytes - whole
    if left == 1 then
        local n = __TS__StringCharCodeAt(bytes, whole) * 65536
        parts[#parts + 1] = (digit(math.floor(n / 262144)) .. digit(math.floor(n / 4096) % 64)) .. "=="
    elseif left == 2 then
        local n = __TS__StringCharCodeAt(bytes, whole) * 65536 + __TS__StringCharCodeAt(bytes, whole + 1) * 256
        parts[#parts + 1] = ((digit(math.floor(n / 262144)) .. digit(math.floor(n / 4096) % 64)) .. digit(math.floor(n / 64) % 64)) .. "="
    end
    return table.concat(parts, "")
end
--- True when `text` is padded base64 (RFC 4648 section 4) of exactly `count` bytes: a server's check of
-- Sec-WebSocket-Key ("a base64-encoded value that, when decoded, is 16 bytes in length").
function ____exports.isBase64OfLength(text, count)
    local left = count % 3
    local digits = math.floor(count / 3) * 4 + (left == 0 and 0 or left + 1)
    local padding = left == 0 and 0 or 3 - left
    if #text ~= digits + padding then
        return false
    end
    do
        local i = 0
        while i < digits do
            if (string.find(
                ALPHABET,
                __TS__StringCharAt(text, i),
                nil,
                true
            ) or 0) - 1 < 0 then
                return false
            end
            i = i + 1
        end
    end
    do
        local i = digits
        while i < #text do
            if __TS__StringCharAt(text, i) ~= "=" then
                return false
            end
            i = i + 1
        end
    end
    return true
end
return ____exports
 end,
["ts.core.events"] = function(...) 
local ____exports = {}
return ____exports
 end,
["ts.core.protocol-error"] = function(...) 
local ____exports = {}
--- The peer broke RFC 6455: close code 1002 (protocol error).
function ____exports.protocolViolation(reason)
    return {type = "failure", code = 1002, reason = reason, errorType = "protocol"}
end
--- A text message or close reason that is not UTF-8: close code 1007 (section 8.1).
function ____exports.invalidPayload(reason)
    return {type = "failure", code = 1007, reason = reason, errorType = "protocol"}
end
--- A message larger than the client accepts: close code 1009.
function ____exports.messageTooBig(reason)
    return {type = "failure", code = 1009, reason = reason, errorType = "limit"}
end
--- The server's answer to the opening handshake was not a valid upgrade (section 4.1): there is no
-- WebSocket connection to close, so the code is 1006.
function ____exports.handshakeFailure(reason)
    return {type = "failure", code = 1006, reason = reason, errorType = "handshake"}
end
return ____exports
 end,
["ts.core.close-codes"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local ____exports = {}
local ____kernels = require("lua.kernels")
local utf8Continue = ____kernels.utf8Continue
local ____protocol_2Derror = require("ts.core.protocol-error")
local invalidPayload = ____protocol_2Derror.invalidPayload
local protocolViolation = ____protocol_2Derror.protocolViolation
--- "Status codes in the range 3000-3999 are reserved for use by libraries, frameworks, and
-- applications"; "4000-4999 are reserved for private use".
local FIRST_APPLICATION_CODE = 3000
local LAST_PRIVATE_CODE = 4999
--- Whether a code may appear in a close frame from the peer. Codes below 1000 are unused, 1004-1006 and
-- 1015 are reserved and "MUST NOT be set as a status code in a Close control frame", 1016-2999 are
-- reserved for future revisions of the protocol, and nothing above 4999 is defined.
function ____exports.isValidWireCloseCode(code)
    if code >= 1000 and code <= 1003 then
        return true
    end
    if code >= 1007 and code <= 1014 then
        return true
    end
    return code >= FIRST_APPLICATION_CODE and code <= LAST_PRIVATE_CODE
end
--- The codes game code may close with (SPEC: 1000 or 3000-4999).
function ____exports.isValidApplicationCloseCode(code)
    return code == 1000 or code >= FIRST_APPLICATION_CODE and code <= LAST_PRIVATE_CODE and code == math.floor(code)
end
--- Reads the body of a close frame the server sent.
function ____exports.parseClosePayload(payload)
    if #payload == 0 then
        return {type = "close", code = 1005, reason = ""}
    end
    if #payload == 1 then
        return protocolViolation("close frame with a 1-byte payload (a status code needs 2)")
    end
    local code = (string.byte(payload, 1) or 0 / 0) * 256 + (string.byte(payload, 2) or 0 / 0)
    if not ____exports.isValidWireCloseCode(code) then
        return protocolViolation("close frame with invalid status code " .. tostring(code))
    end
    local reason = __TS__StringSubstring(payload, 2)
    if utf8Continue("", reason) ~= "" then
        return invalidPayload("close frame reason is not valid UTF-8")
    end
    return {type = "close", code = code, reason = reason}
end
--- The body of a close frame we send: the code in network byte order, then the reason. No code, no body.
function ____exports.encodeClosePayload(code, reason)
    if code == nil then
        return ""
    end
    return string.char(
        math.floor(code / 256),
        code % 256
    ) .. reason
end
--- Codes that may be sent in a close frame at all; 1005, 1006 and 1015 only exist in reports.
function ____exports.isSendableCloseCode(code)
    return code ~= 1005 and code ~= 1006 and code ~= 1015
end
return ____exports
 end,
["lua.kernels"] = function(...) 
-- The hot byte kernels of the protocol core (contract: lua/kernels.d.ts):
--   mask(data, key)            XOR masking of client frames (RFC 6455 section 5.3)
--   utf8Continue(carry, chunk) incremental UTF-8 validation of text messages (RFC 3629, as RFC 6455
--                              section 8.1 requires)
--   sha1(data)                 Sec-WebSocket-Accept (RFC 6455 section 4.2.2; SHA-1 per RFC 3174)
--
-- They are written in Lua, not TypeScript, because the fastest form differs per runtime and none of
-- the fast forms can be expressed portably. Each kernel picks its strategy once, at load time, from
-- the ones the runtime can run (fastest first; figures in docs/benchmarks.md):
--   masking   "ffi"      LuaJIT: 32-bit words in an FFI buffer
--             "host"     wasmoon and fengari in the Node host: its native XOR from 1 KiB on (the
--                        words kernels below that), offered by the preloaded plugin.websockets_host
--             "words64"  Lua 5.3/5.4, wasmoon: string.unpack/pack of 8-byte words and native `~`
--             "words32"  fengari (32-bit integers): the same on 4-byte words
--             "lookup"   plain Lua 5.1 (Solar2D): 64 bytes per string.byte call, each XORed through a
--                        per-key-byte table, 64 values per string.char call; needs no bit operations
--   UTF-8     "utf8.len" where the runtime's utf8.len is exactly RFC 3629 (probed at load time; Lua
--                        5.3's and fengari's accept surrogates, so those are rejected with a pattern)
--             "dfa-jit"  LuaJIT with its compiler on: the automaton below, skipping ASCII with a loop
--                        of 8 bytes per string.byte call (LuaJIT cannot compile a pattern search)
--             "dfa"      elsewhere: a table-driven automaton, 64 bytes per string.byte call
--   all skip runs of ASCII (with one anchored string.find, which runs at C speed, but for
--   "dfa-jit"); a chunk that is all ASCII is answered by that skip alone.
--   Masking a payload of up to a block (64 to 512 bytes), or the rest of a longer one, takes one
--   call for all of it, so short messages cost few calls and allocate nothing but the result.
--   SHA-1     on the portable bit layer (lua/bits.lua); only ever hashes a handshake key.
--   joining   "one-pass" plain Lua 5.1: generated concatenations of up to 64 values, since its
--                        table.concat copies big joins about log2(values) times
--             "concat"   elsewhere: table.concat
--
-- Every other combination the runtime can run stays reachable through `_with` so that the tests
-- cover the fallbacks (the arithmetic bit layer, the lookup masking, the automaton) everywhere.
-- All Lua here parses on Lua 5.1: code that needs newer syntax is compiled from strings.
--
-- One file per concern, each with its strategies: lua/kernels/mask.lua, lua/kernels/utf8.lua,
-- lua/kernels/sha1.lua, lua/kernels/join.lua (what they share: lua/kernels/support.lua). This file
-- only assembles them; a new kernel (inflate, deflate) gets a file of its own beside them.


local Bits = require("lua.bits")
local Mask = require("lua.kernels.mask")
local Utf8 = require("lua.kernels.utf8")
local Sha1 = require("lua.kernels.sha1")
local Join = require("lua.kernels.join")

local MASK_BUILDERS, MASK_PREFERENCE = Mask.BUILDERS, Mask.PREFERENCE
local UTF8_BUILDERS, UTF8_PREFERENCE = Utf8.BUILDERS, Utf8.PREFERENCE
local JOIN_BUILDERS, JOIN_PREFERENCE = Join.BUILDERS, Join.PREFERENCE
local makeUtf8Continue, makeSha1 = Utf8.makeContinue, Sha1.make

---------------------------------------------------------------------------------------------------
-- Assembly: one kernels table per choice of bit layer, masking and UTF-8 strategy.
---------------------------------------------------------------------------------------------------

local function buildOnce(builders)
  local cache = {}
  return function(name)
    if cache[name] == nil then
      local builder = builders[name]
      if not builder then return nil end
      cache[name] = builder() or false
    end
    return cache[name] or nil
  end
end

local maskStrategy = buildOnce(MASK_BUILDERS)
local utf8Strategy = buildOnce(UTF8_BUILDERS)
local joinStrategy = buildOnce(JOIN_BUILDERS)

local function available(preference, build)
  local names = {}
  for _, name in ipairs(preference) do
    if build(name) then names[#names + 1] = name end
  end
  return names
end

-- The first strategy in order of preference that this runtime can run; builds no other.
local function firstAvailable(preference, build)
  for _, name in ipairs(preference) do
    if build(name) then return name end
  end
end

-- A kernels table with the named strategies (each defaults to this runtime's fastest); raises an
-- error naming a strategy this runtime cannot run. For tests and benchmarks.
local function with(choice)
  choice = choice or {}
  local bitsName = choice.bits or Bits.best().backend
  local maskName = choice.mask or firstAvailable(MASK_PREFERENCE, maskStrategy)
  local utf8Name = choice.utf8 or firstAvailable(UTF8_PREFERENCE, utf8Strategy)
  local joinName = choice.join or firstAvailable(JOIN_PREFERENCE, joinStrategy)
  local ops = Bits.build(bitsName)
  local maskFunction = maskStrategy(maskName)
  local utf8Functions = utf8Strategy(utf8Name)
  local joinFunction = joinStrategy(joinName)
  if not (ops and maskFunction and utf8Functions and joinFunction) then
    error(("this runtime cannot run bits=%s mask=%s utf8=%s join=%s"):format(tostring(bitsName),
      tostring(maskName), tostring(utf8Name), tostring(joinName)), 2)
  end
  return {
    backend = bitsName,
    maskStrategy = maskName,
    utf8Strategy = utf8Name,
    joinStrategy = joinName,
    bits = ops,
    mask = maskFunction,
    utf8Continue = makeUtf8Continue(utf8Functions),
    sha1 = makeSha1(ops),
    byte = string.byte,
    sub = string.sub,
    join = joinFunction,
    joinGroup = Join.GROUP,
    -- PUC Lua 5.1's table.concat merges the values on its stack pairwise (luaL_Buffer's levels), so
    -- joining thousands of slices copies everything about log2(slices) times; 5.2+ and LuaJIT grow
    -- one buffer instead. ts/core/piece-joiner.ts joins big messages as they arrive only where needed.
    concatMergesPairwise = Join.concatMergesPairwise,
    _with = with,
    _available = function()
      return {
        bits = Bits.available(),
        mask = available(MASK_PREFERENCE, maskStrategy),
        utf8 = available(UTF8_PREFERENCE, utf8Strategy),
        join = available(JOIN_PREFERENCE, joinStrategy),
      }
    end,
  }
end

return with()
 end,
["lua.kernels.join"] = function(...) 
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
local Support = require("lua.kernels.support")

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
 end,
["lua.kernels.support"] = function(...) 
-- What the kernels share (lua/kernels.lua assembles them): compiling generated Lua, tables built on
-- demand, and the scan that skips runs of ASCII. All Lua here parses on Lua 5.1.

local load = loadstring or load

-- Compiles generated Lua; returns nil where this runtime cannot parse or run it.
local function compile(source, name, ...)
  local chunk = load(source, "=" .. name)
  if not chunk then return nil end
  local ok, result = pcall(chunk, ...)
  if ok then return result end
  return nil
end

-- Matches the run of ASCII bytes (0x00-0x7F) that starts at the init position of string.find. An
-- anchored `*` run is the fastest scan Lua patterns offer: over 200 MiB/s even on Lua 5.1.
local ASCII_RUN = "^[^\128-\255]*"

local find, byte = string.find, string.byte

-- The last position of the run of ASCII bytes of s that starts at i (i - 1 when s[i] is not ASCII).
local function asciiEndByPattern(s, i)
  local _, runEnd = find(s, ASCII_RUN, i)
  return runEnd
end

-- The same by a loop over eight bytes at a time. LuaJIT's compiler cannot compile a pattern
-- search, and leaving compiled code for one costs more than the search: on LuaJIT this loop
-- is about 9 times faster on 1 MiB of ASCII and 3 to 10 times on a 32-byte message; on every
-- interpreter the pattern is faster.
local function asciiEndByLoop(s, i)
  local n = #s
  while i + 7 <= n do
    local a, b, c, d, e, f, g, h = byte(s, i, i + 7)
    if a > 127 or b > 127 or c > 127 or d > 127 or e > 127 or f > 127 or g > 127 or h > 127 then break end
    i = i + 8
  end
  while i <= n and byte(s, i) < 128 do i = i + 1 end
  return i - 1
end

-- A table whose entry n is made by make(n) the first time it is used: the spans of the kernels are
-- compiled for the lengths that occur, not for every length up to a block.
local function builtOnDemand(make)
  return setmetatable({}, {
    __index = function(built, n)
      local value = make(n)
      built[n] = value
      return value
    end,
  })
end

return {
  compile = compile,
  ASCII_RUN = ASCII_RUN,
  asciiEndByLoop = asciiEndByLoop,
  asciiEndByPattern = asciiEndByPattern,
  builtOnDemand = builtOnDemand,
}
 end,
["lua.kernels.sha1"] = function(...) 
-- SHA-1 of lua/kernels.lua (contract: lua/kernels.d.ts, `sha1`), on the portable bit layer
-- (lua/bits.lua). All Lua here parses on Lua 5.1.

local Support = require("lua.kernels.support")

local byte, char, sub, find, rep = string.byte, string.char, string.sub, string.find, string.rep
local concat = table.concat
local floor = math.floor
local compile, builtOnDemand = Support.compile, Support.builtOnDemand

---------------------------------------------------------------------------------------------------
-- SHA-1 (RFC 3174), on 32-bit words held as unsigned numbers. Sums are taken modulo 2^32 with `%`
-- on floats, which is exact far beyond the five terms added here.
---------------------------------------------------------------------------------------------------

local TWO32, TWO24, TWO16 = 2 ^ 32, 2 ^ 24, 2 ^ 16
-- Written in decimal: a hexadecimal literal >= 2^31 wraps to a negative integer on fengari.
local H0, H1, H2, H3, H4 = 1732584193, 4023233417, 2562383102, 271733878, 3285377520
local K1, K2, K3, K4 = 1518500249, 1859775393, 2400959708, 3395469782

local function bigEndian32(word)
  return char(floor(word / TWO24) % 256, floor(word / TWO16) % 256, floor(word / 256) % 256, word % 256)
end

local function makeSha1(ops)
  local band, bor, bxor, bnot, lrotate = ops.band, ops.bor, ops.bxor, ops.bnot, ops.lrotate
  return function(data)
    local length = #data
    -- Section 4: append 1 bit, zeros up to 448 mod 512 bits, then the bit length in 64 bits.
    local bitLength = length * 8
    local message = data .. "\128" .. rep("\0", (55 - length) % 64)
      .. bigEndian32(floor(bitLength / TWO32)) .. bigEndian32(bitLength % TWO32)
    local h0, h1, h2, h3, h4 = H0, H1, H2, H3, H4
    local w = {}
    for block = 1, #message, 64 do
      for t = 0, 15 do
        local b1, b2, b3, b4 = byte(message, block + t * 4, block + t * 4 + 3)
        w[t] = b1 * TWO24 + b2 * TWO16 + b3 * 256 + b4
      end
      for t = 16, 79 do
        w[t] = lrotate(bxor(bxor(w[t - 3], w[t - 8]), bxor(w[t - 14], w[t - 16])), 1)
      end
      local a, b, c, d, e = h0, h1, h2, h3, h4
      for t = 0, 79 do
        local f, k
        if t < 20 then
          f, k = bor(band(b, c), band(bnot(b), d)), K1
        elseif t < 40 then
          f, k = bxor(bxor(b, c), d), K2
        elseif t < 60 then
          f, k = bor(bor(band(b, c), band(b, d)), band(c, d)), K3
        else
          f, k = bxor(bxor(b, c), d), K4
        end
        local temp = (lrotate(a, 5) + f + e + k + w[t]) % TWO32
        e, d, c, b, a = d, c, lrotate(b, 30), a, temp
      end
      h0, h1, h2 = (h0 + a) % TWO32, (h1 + b) % TWO32, (h2 + c) % TWO32
      h3, h4 = (h3 + d) % TWO32, (h4 + e) % TWO32
    end
    return bigEndian32(h0) .. bigEndian32(h1) .. bigEndian32(h2) .. bigEndian32(h3) .. bigEndian32(h4)
  end
end

return { make = makeSha1 }
 end,
["lua.kernels.utf8"] = function(...) 
-- UTF-8 validation strategies of lua/kernels.lua (contract: lua/kernels.d.ts, `utf8Continue`); see
-- that file for how a strategy is chosen. All Lua here parses on Lua 5.1.

local Support = require("lua.kernels.support")

local byte, char, sub, find, rep = string.byte, string.char, string.sub, string.find, string.rep
local concat = table.concat
local floor = math.floor
local compile, builtOnDemand = Support.compile, Support.builtOnDemand
local asciiEndByPattern, asciiEndByLoop = Support.asciiEndByPattern, Support.asciiEndByLoop

---------------------------------------------------------------------------------------------------
-- UTF-8 (RFC 3629 section 4): the well-formed byte sequences are
--   00-7F | C2-DF 80-BF | E0 A0-BF 80-BF | E1-EC 80-BF 80-BF | ED 80-9F 80-BF | EE-EF 80-BF 80-BF
--   | F0 90-BF 80-BF 80-BF | F1-F3 80-BF 80-BF 80-BF | F4 80-8F 80-BF 80-BF
-- which excludes overlong forms (C0, C1, E0 80-9F, F0 80-8F), surrogates (ED A0-BF), code points
-- above U+10FFFF (F4 90-BF, F5-FF) and continuation bytes (80-BF) without a lead.
---------------------------------------------------------------------------------------------------

-- The automaton of that grammar. A state is a table from the next byte to the next state, so one
-- step is one table index. ACCEPT is "between sequences"; REJECT absorbs every byte.
local ACCEPT, REJECT = {}, {}
local NEED_1, NEED_2, NEED_3 = {}, {}, {} -- continuation bytes 80-BF still to come
local NEED_2_AFTER_E0, NEED_2_AFTER_ED = {}, {} -- the second byte is restricted (overlong, surrogate)
local NEED_3_AFTER_F0, NEED_3_AFTER_F4 = {}, {} -- the second byte is restricted (overlong, > U+10FFFF)

local function transitions(state, first, last, nextState)
  for b = first, last do state[b] = nextState end
end

for _, state in ipairs({ ACCEPT, REJECT, NEED_1, NEED_2, NEED_3, NEED_2_AFTER_E0, NEED_2_AFTER_ED,
  NEED_3_AFTER_F0, NEED_3_AFTER_F4 }) do
  transitions(state, 0, 255, REJECT)
end
transitions(ACCEPT, 0x00, 0x7F, ACCEPT)
transitions(ACCEPT, 0xC2, 0xDF, NEED_1)
transitions(ACCEPT, 0xE0, 0xE0, NEED_2_AFTER_E0)
transitions(ACCEPT, 0xE1, 0xEC, NEED_2)
transitions(ACCEPT, 0xED, 0xED, NEED_2_AFTER_ED)
transitions(ACCEPT, 0xEE, 0xEF, NEED_2)
transitions(ACCEPT, 0xF0, 0xF0, NEED_3_AFTER_F0)
transitions(ACCEPT, 0xF1, 0xF3, NEED_3)
transitions(ACCEPT, 0xF4, 0xF4, NEED_3_AFTER_F4)
transitions(NEED_1, 0x80, 0xBF, ACCEPT)
transitions(NEED_2, 0x80, 0xBF, NEED_1)
transitions(NEED_3, 0x80, 0xBF, NEED_2)
transitions(NEED_2_AFTER_E0, 0xA0, 0xBF, NEED_1)
transitions(NEED_2_AFTER_ED, 0x80, 0x9F, NEED_1)
transitions(NEED_3_AFTER_F0, 0x90, 0xBF, NEED_2)
transitions(NEED_3_AFTER_F4, 0x80, 0x8F, NEED_2)

-- The state after the bytes first..last of s, starting from `state`.
local function stepBytes(state, s, first, last)
  for p = first, last do state = state[byte(s, p)] end
  return state
end

-- Where the last sequence of chunk[from..n] starts when that sequence is incomplete: at the last
-- byte that is not a continuation byte. An incomplete sequence has at most 3 bytes, so the search
-- stops at n - 2.
local function incompleteTailStart(chunk, from)
  local n = #chunk
  local p = n
  while p > from and p > n - 2 do
    local b = byte(chunk, p)
    if b < 0x80 or b > 0xBF then break end
    p = p - 1
  end
  return p
end

local UTF8_BLOCK = 64

-- Runs the automaton over chunk[i..n] from ACCEPT, 64 bytes per string.byte call; checks for REJECT
-- once per block (fail-fast within 64 bytes) and skips ASCII runs whenever a block ends between
-- sequences. Returns the final state.
local function automatonSource(block)
  local names, steps = {}, {}
  for j = 1, block do
    names[j] = "b" .. j
    steps[j] = "s = s[b" .. j .. "]"
  end
  return concat({
    "local byte, asciiEnd, ACCEPT, REJECT = ...",
    "return function(chunk, i)",
    "  local n, s = #chunk, ACCEPT",
    "  local lastBlock = n - " .. (block - 1),
    "  while i <= lastBlock do",
    "    local " .. concat(names, ", ") .. " = byte(chunk, i, i + " .. (block - 1) .. ")",
    "    " .. concat(steps, " "),
    "    if s == REJECT then return REJECT end",
    "    i = i + " .. block,
    "    if s == ACCEPT then",
    "      i = asciiEnd(chunk, i) + 1",
    "    end",
    "  end",
    "  for p = i, n do s = s[byte(chunk, p)] end",
    "  return s",
    "end",
  }, "\n")
end

-- A strategy is { scan = scanner, asciiEnd = how it skips ASCII runs }. Each scanner validates
-- chunk[i..] starting between sequences (utf8Continue calls it at the first byte that is not ASCII),
-- and answers as utf8Continue does.
local function automatonStrategy(asciiEnd)
  local run = compile(automatonSource(UTF8_BLOCK), "kernels.utf8.dfa", byte, asciiEnd, ACCEPT, REJECT)
  local function scan(chunk, i)
    local state = run(chunk, i)
    if state == ACCEPT then return "" end
    if state == REJECT then return nil end
    return sub(chunk, incompleteTailStart(chunk, i))
  end
  return { scan = scan, asciiEnd = asciiEnd }
end

-- The automaton skipping ASCII with a loop where LuaJIT compiles code (see Support.asciiEndByLoop).
local function compiledAutomatonStrategy()
  local compiling = type(jit) == "table" and type(jit.status) == "function" and jit.status() == true
  if not compiling then return nil end
  return automatonStrategy(asciiEndByLoop)
end

-- Sequences utf8.len must accept, with their lengths in characters, and must reject.
local UTF8_LEN_PROBE_VALID = {
  { "\0\127", 2 }, { "\194\128\223\191", 2 }, { "\224\160\128\237\159\191\238\128\128\239\191\191", 4 },
  { "\240\144\128\128\244\143\191\191", 2 },
}
local UTF8_LEN_PROBE_INVALID = {
  "\128", "\191", "\192\128", "\193\191", "\194", "\194\127", "\224\159\191", "\224\160", "\240\143\191\191",
  "\244\144\128\128", "\245\128\128\128", "\248\136\128\128\128", "\254", "\255", "\194\128\128",
}
local SURROGATE = "\237[\160-\191]" -- ED A0-BF: U+D800-DFFF, reserved for UTF-16

-- What the runtime's utf8.len gets right: nil when it cannot be used, else whether it also rejects
-- surrogates by itself (Lua 5.4 and wasmoon do; Lua 5.3 and fengari accept them).
local function probeUtf8Len()
  if type(utf8) ~= "table" or type(utf8.len) ~= "function" then return nil end
  local len = utf8.len
  for _, case in ipairs(UTF8_LEN_PROBE_VALID) do
    local ok, count = pcall(len, case[1])
    if not ok or count ~= case[2] then return nil end
  end
  for _, bytes in ipairs(UTF8_LEN_PROBE_INVALID) do
    local ok, count = pcall(len, bytes)
    if not ok or count ~= nil then return nil end
  end
  local ok, count = pcall(len, "\237\160\128")
  if not ok then return nil end
  return { rejectsSurrogates = count == nil }
end

-- The lead byte's sequence length, 0 when it cannot lead one.
local function sequenceLength(lead)
  if lead < 0x80 then return 1 end
  if lead >= 0xC2 and lead <= 0xDF then return 2 end
  if lead >= 0xE0 and lead <= 0xEF then return 3 end
  if lead >= 0xF0 and lead <= 0xF4 then return 4 end
  return 0
end

local function utf8LenStrategy()
  local probe = probeUtf8Len()
  if not probe then return nil end
  local len = utf8.len
  local checkSurrogates = not probe.rejectsSurrogates
  local function scan(chunk, i)
    local n = #chunk
    -- Split off an incomplete last sequence: utf8.len would call it invalid.
    local tail = incompleteTailStart(chunk, i)
    if sequenceLength(byte(chunk, tail)) <= n - tail + 1 then tail = n + 1 end
    if checkSurrogates and find(chunk, SURROGATE, i) then return nil end
    -- A sequence of the body that runs into the tail meets its lead byte and is rejected.
    if tail > i and not len(chunk, i, tail - 1) then return nil end
    if tail > n then return "" end
    if stepBytes(ACCEPT, chunk, tail, n) == REJECT then return nil end
    return sub(chunk, tail)
  end
  return { scan = scan, asciiEnd = asciiEndByPattern }
end

local UTF8_BUILDERS = {
  ["utf8.len"] = utf8LenStrategy,
  ["dfa-jit"] = compiledAutomatonStrategy,
  dfa = function() return automatonStrategy(asciiEndByPattern) end,
}
local UTF8_PREFERENCE = { "utf8.len", "dfa-jit", "dfa" }

local function makeUtf8Continue(strategy)
  local scan, asciiEnd = strategy.scan, strategy.asciiEnd
  return function(carry, chunk)
    local i = 1
    if carry ~= "" then
      -- Finish the sequence the previous chunk left open, byte by byte (at most 3 bytes).
      local state = stepBytes(ACCEPT, carry, 1, #carry)
      local n = #chunk
      while state ~= ACCEPT and state ~= REJECT and i <= n do
        state = state[byte(chunk, i)]
        i = i + 1
      end
      if state == REJECT then return nil end
      if state ~= ACCEPT then return carry .. chunk end
    end
    -- Most text is ASCII, and short game messages are mostly nothing else: one anchored find
    -- answers for those, before any strategy's set-up.
    local runEnd = asciiEnd(chunk, i)
    if runEnd == #chunk then return "" end
    return scan(chunk, runEnd + 1)
  end
end

return { BUILDERS = UTF8_BUILDERS, PREFERENCE = UTF8_PREFERENCE, makeContinue = makeUtf8Continue }
 end,
["lua.kernels.mask"] = function(...) 
-- Masking strategies of lua/kernels.lua (contract: lua/kernels.d.ts, `mask`); see that file for how
-- a strategy is chosen. All Lua here parses on Lua 5.1.

local Support = require("lua.kernels.support")
local join = require("lua.kernels.join").best

local byte, char, sub, find, rep = string.byte, string.char, string.sub, string.find, string.rep
local concat = table.concat
local floor = math.floor
local compile, builtOnDemand = Support.compile, Support.builtOnDemand

---------------------------------------------------------------------------------------------------
-- Masking (RFC 6455 section 5.3): octet i of the masked data is octet i of the data XOR octet
-- (i MOD 4) of the masking key. Every strategy below works on blocks whose size is a multiple of 4,
-- so the key's phase is the same at the start of every block and of the remainder.
---------------------------------------------------------------------------------------------------

-- Payloads of up to this many bytes are masked into buffers and tables reused from call to call,
-- not into new ones: game messages are mostly far shorter, and there the allocations of a call would
-- cost more than its masking (about half of a 32-byte call on Lua 5.1, measured).
local SCRATCH_BYTES = 4096

-- Masks the pieces of a long payload into `pieces`, then joins them (with the joining kernel: on Lua
-- 5.1 table.concat would copy a 256 KiB payload's 4096 pieces about five times): the block loop fills
-- pieces[1..count], `span` masks what remains from position i. Tables of short payloads are the
-- reused `scratch`, emptied again so that it holds on to no payload.
local function joinMasked(data, n, scratch, maskBlocks, maskRest, ...)
  local pieces = n <= SCRATCH_BYTES and scratch or {}
  local count, i = maskBlocks(data, pieces, ...)
  if i <= n then
    count = count + 1
    pieces[count] = maskRest(data, i, n, ...)
  end
  local masked = join(pieces, count)
  if pieces == scratch then
    for j = 1, count do pieces[j] = nil end
  end
  return masked
end

-- Words of `wordSize` bytes XORed with the key repeated to the word's width, read and written with
-- string.unpack/string.pack: `wordsPerBlock` of them per call in the loop over whole blocks, and
-- for what remains (or a payload shorter than a block) one call for all of it, padded with zeros
-- to whole words; the padding is cut off again after masking.
local function wordsBlocksSource(wordSize, wordsPerBlock)
  local blockBytes = wordSize * wordsPerBlock
  local names, masked = {}, {}
  for j = 1, wordsPerBlock do
    names[j] = "w" .. j
    masked[j] = "w" .. j .. " ~ k"
  end
  local keyWord = wordSize == 8 and "(k & 0xFFFFFFFF) | (k << 32)" or "k"
  return concat({
    "local pack, unpack, rep = string.pack, string.unpack, string.rep",
    "local BLOCK = '<' .. rep('i" .. wordSize .. "', " .. wordsPerBlock .. ")",
    "local function keyWord(key)",
    "  local k = unpack('<i4', key)",
    "  return " .. keyWord,
    "end",
    "local function maskBlocks(data, out, k)",
    "  local count, i, lastBlock = 0, 1, #data - " .. (blockBytes - 1),
    "  while i <= lastBlock do",
    "    local " .. concat(names, ", ") .. " = unpack(BLOCK, data, i)",
    "    count = count + 1",
    "    out[count] = pack(BLOCK, " .. concat(masked, ", ") .. ")",
    "    i = i + " .. blockBytes,
    "  end",
    "  return count, i",
    "end",
    "return { keyWord = keyWord, maskBlocks = maskBlocks }",
  }, "\n")
end

-- Masks data[i..n], which fits in `words` words, with one unpack and one pack.
local function wordsSpanSource(wordSize, words)
  local names, masked = {}, {}
  for j = 1, words do
    names[j] = "w" .. j
    masked[j] = "w" .. j .. " ~ k"
  end
  local spanBytes = wordSize * words
  return concat({
    "local pack, unpack, sub, rep = string.pack, string.unpack, string.sub, string.rep",
    "local FORMAT = '<' .. rep('i" .. wordSize .. "', " .. words .. ")",
    "return function(data, i, n, k)",
    "  local length = n - i + 1",
    "  if length < " .. spanBytes .. " then",
    "    data, i = sub(data, i, n) .. rep('\\0', " .. spanBytes .. " - length), 1",
    "  end",
    "  local " .. concat(names, ", ") .. " = unpack(FORMAT, data, i)",
    "  local masked = pack(FORMAT, " .. concat(masked, ", ") .. ")",
    "  if length < " .. spanBytes .. " then return sub(masked, 1, length) end",
    "  return masked",
    "end",
  }, "\n")
end

local function hasStringPack()
  return type(string.pack) == "function" and type(string.unpack) == "function"
end

local function wordsMask(wordSize, wordsPerBlock)
  local name = "kernels.mask.words" .. (wordSize * 8)
  local blocks = compile(wordsBlocksSource(wordSize, wordsPerBlock), name)
  if not blocks then return nil end
  local keyWord, maskBlocks = blocks.keyWord, blocks.maskBlocks
  local blockBytes = wordSize * wordsPerBlock
  local spans = builtOnDemand(function(words)
    return compile(wordsSpanSource(wordSize, words), name .. ".span" .. words)
  end)
  local function maskRest(data, i, n, k)
    return spans[floor((n - i + wordSize) / wordSize)](data, i, n, k)
  end
  local scratch = {}
  return function(data, key)
    local n = #data
    if n == 0 then return "" end
    local k = keyWord(key)
    -- maskRest(data, 1, n, k) without its call: most game messages are this short.
    if n <= blockBytes then return spans[floor((n - 1 + wordSize) / wordSize)](data, 1, n, k) end
    return joinMasked(data, n, scratch, maskBlocks, maskRest, k)
  end
end

-- The XOR of two nibbles (0-15), by arithmetic: the lookup strategy must not depend on any bit
-- library. Only ever called to fill NIBBLE_XOR.
local function xorNibbles(a, b)
  local result, place = 0, 1
  for _ = 1, 4 do
    local bitA, bitB = a % 2, b % 2
    if bitA ~= bitB then result = result + place end
    a, b, place = (a - bitA) / 2, (b - bitB) / 2, place * 2
  end
  return result
end

-- NIBBLE_XOR[a * 16 + b] == a XOR b for nibbles a and b: 256 entries, filled with the first row.
local NIBBLE_XOR

-- XOR_ROWS[k][b] == b XOR k, each row built the first time a key contains the byte k (a key uses at
-- most 4 of the 256 rows; a client that sends many frames soon meets all of them). A row is
-- assembled from the nibble table, high nibble and low nibble apart: about 7 VM instructions per
-- entry, where working out each XOR bit by bit cost about 125 (every row built that way was 8
-- million instructions, a tenth of a second on Lua 5.1, paid in the first few hundred sends).
local XOR_ROWS = builtOnDemand(function(k)
  if not NIBBLE_XOR then
    NIBBLE_XOR = {}
    for a = 0, 15 do
      for b = 0, 15 do NIBBLE_XOR[a * 16 + b] = xorNibbles(a, b) end
    end
  end
  local kLow = k % 16
  local kHigh = (k - kLow) / 16
  local row = {}
  for high = 0, 15 do
    local highPart = NIBBLE_XOR[kHigh * 16 + high] * 16
    local at = high * 16
    for low = 0, 15 do
      row[at + low] = highPart + NIBBLE_XOR[kLow * 16 + low]
    end
  end
  return row
end)

-- 64 values per string.byte / string.char call: measured fastest on Lua 5.1 while well inside its
-- limits on registers and C stack.
local LOOKUP_BLOCK = 64

-- The locals b1..bn of n bytes, and each XORed through the table of its key byte: k1[b1], k2[b2], ...
local function lookupTerms(n)
  local names, masked = {}, {}
  for j = 1, n do
    names[j] = "b" .. j
    masked[j] = "k" .. ((j - 1) % 4 + 1) .. "[b" .. j .. "]"
  end
  return names, masked
end

-- `block` bytes per string.byte call, each XORed through the table of its key byte (k1..k4), and as
-- many per string.char call. Every block starts at the key's first byte, as 64 is a multiple of 4.
local function lookupBlocksSource(block)
  local names, masked = lookupTerms(block)
  return concat({
    "local byte, char = ...",
    "return function(data, out, k1, k2, k3, k4)",
    "  local count, i, lastBlock = 0, 1, #data - " .. (block - 1),
    "  while i <= lastBlock do",
    "    local " .. concat(names, ", ") .. " = byte(data, i, i + " .. (block - 1) .. ")",
    "    count = count + 1",
    "    out[count] = char(" .. concat(masked, ", ") .. ")",
    "    i = i + " .. block,
    "  end",
    "  return count, i",
    "end",
  }, "\n")
end

-- Masks the `length` bytes from position i (at the key's first byte) with one string.byte and one
-- string.char call: a payload shorter than a block, or the rest of a longer one.
local function lookupSpanSource(length)
  local names, masked = lookupTerms(length)
  return concat({
    "local byte, char = ...",
    "return function(data, i, k1, k2, k3, k4)",
    "  local " .. concat(names, ", ") .. " = byte(data, i, i + " .. (length - 1) .. ")",
    "  return char(" .. concat(masked, ", ") .. ")",
    "end",
  }, "\n")
end

local function lookupMask()
  local maskBlocks = compile(lookupBlocksSource(LOOKUP_BLOCK), "kernels.mask.lookup", byte, char)
  local spans = builtOnDemand(function(length)
    return compile(lookupSpanSource(length), "kernels.mask.lookup.span" .. length, byte, char)
  end)
  local function maskRest(data, i, n, k1, k2, k3, k4)
    return spans[n - i + 1](data, i, k1, k2, k3, k4)
  end
  local scratch = {}
  return function(data, key)
    local n = #data
    if n == 0 then return "" end
    local k1, k2, k3, k4 = byte(key, 1, 4)
    k1, k2, k3, k4 = XOR_ROWS[k1], XOR_ROWS[k2], XOR_ROWS[k3], XOR_ROWS[k4]
    if n <= LOOKUP_BLOCK then return spans[n](data, 1, k1, k2, k3, k4) end
    return joinMasked(data, n, scratch, maskBlocks, maskRest, k1, k2, k3, k4)
  end
end

local function ffiMask()
  if type(jit) ~= "table" then return nil end
  local okFfi, ffi = pcall(require, "ffi")
  local okBit, bitop = pcall(require, "bit")
  if not (okFfi and okBit) then return nil end
  local bxor = bitop.bxor
  local bytesOf = ffi.typeof("uint8_t[?]")
  local wordsOf = ffi.typeof("uint32_t *")
  -- Reused by every call (short payloads also use `scratch`); ffi.new memory is suitably aligned
  -- for uint32_t.
  local keyBytes = bytesOf(4)
  local keyWord = ffi.cast(wordsOf, keyBytes)
  local scratch = bytesOf(SCRATCH_BYTES + 4)
  return function(data, key)
    local n = #data
    if n == 0 then return "" end
    -- The key and the data are read as words in the same (native) byte order, so each byte of a
    -- word meets the key byte of its position whatever that order is.
    ffi.copy(keyBytes, key, 4)
    local k = keyWord[0]
    local buffer = n <= SCRATCH_BYTES and scratch or bytesOf(n + 4)
    ffi.copy(buffer, data, n)
    local words = ffi.cast(wordsOf, buffer)
    local wholeWords = floor(n / 4)
    for w = 0, wholeWords - 1 do words[w] = bxor(words[w], k) end
    for p = wholeWords * 4, n - 1 do buffer[p] = bxor(buffer[p], keyBytes[p % 4]) end
    return ffi.string(buffer, n)
  end
end

-- Payloads shorter than this are masked in Lua even where the host offers a native kernel: below
-- it, the call into the host and the two copies across cost more than the Lua loop saves.
local HOST_MASK_FROM = 1024

-- The Node host's native masking (wasmoon, fengari), offered by the transport it preloads as
-- `plugin.websockets_host` (host/transport-natives.mjs): XOR in JavaScript, 15-30 times the speed of
-- the pure-Lua kernels there, so a service writes its whole budget in a fraction of its time. Only a
-- preloaded module counts: nothing is searched for elsewhere (a device has no such module).
local function hostMask(smallMask)
  local preload = package.preload and package.preload["plugin.websockets_host"]
  local host = package.loaded["plugin.websockets_host"]
  if host == nil and preload ~= nil then
    local ok, loaded = pcall(require, "plugin.websockets_host")
    if ok then host = loaded end
  end
  if type(host) ~= "table" or type(host.mask) ~= "function" or not smallMask then return nil end
  local native = host.mask
  return function(data, key)
    if #data < HOST_MASK_FROM then return smallMask(data, key) end
    return native(data, key)
  end
end

local MASK_BUILDERS
MASK_BUILDERS = {
  ffi = ffiMask,
  host = function()
    return hostMask(MASK_BUILDERS.words64() or MASK_BUILDERS.words32() or lookupMask())
  end,
  words64 = function()
    -- 64 words (512 bytes) per call: 4-9% faster than 32 on 1 MiB in Lua 5.4 and wasmoon, the same
    -- on a 32-byte message; 128 is slower (measured, bench/kernels.lua).
    if hasStringPack() and (math.maxinteger or 0) > 2 ^ 53 then return wordsMask(8, 64) end
  end,
  words32 = function()
    if hasStringPack() then return wordsMask(4, 32) end
  end,
  lookup = lookupMask,
}
local MASK_PREFERENCE = { "ffi", "host", "words64", "words32", "lookup" }

return { BUILDERS = MASK_BUILDERS, PREFERENCE = MASK_PREFERENCE }
 end,
["lua.bits"] = function(...) 
-- The portable 32-bit bit layer that the kernels build on (SHA-1 above all).
--
-- Every runtime the plugin runs on offers bit operations differently, or not at all:
--   "native-ops"        Lua 5.3/5.4 and wasmoon: the operators & | ~ << >> on 64-bit integers. 5.1
--                       cannot even parse them, so their code is compiled from a string at load time.
--   "native-ops-int32"  fengari: the same operators, but its integers are 32-bit and wrap silently
--                       (0xFFFFFFFF == -1), so operands are folded into int32 first.
--   "bitop"             LuaBitOp: LuaJIT's builtin `bit`, `require "bit"` (lua-bitop on PUC Lua 5.1),
--                       Solar2D's `require "plugin.bit"`. Results are signed int32, brought back.
--   "bit32"             Lua 5.2's library (and 5.3 built with 5.2 compatibility).
--   "arith"             plain arithmetic on nibbles, for a Lua 5.1 that has none of the above.
--
-- Whatever the backend, every function takes operands in [-2^31, 2^32) (a negative operand stands
-- for its two's complement, so -1 is 0xFFFFFFFF), shift counts in [0, 31], and returns an unsigned
-- 32-bit result in [0, 2^32). The choice is made once, at load time (see `Bits.available`).

local Bits = {}

local floor = math.floor
local load = loadstring or load
local TWO32 = 2 ^ 32 -- a float on every runtime, so sums never wrap on fengari's 32-bit integers

-- The operations every backend provides, for tests and for readers.
Bits.OPERATIONS = { "band", "bor", "bxor", "bnot", "lshift", "rshift", "lrotate", "rrotate" }

-- True when the integer type is at least 64 bits wide (Lua 5.3/5.4, wasmoon; not fengari).
local function hasWideIntegers()
  local maxinteger = math.maxinteger
  return maxinteger ~= nil and maxinteger > 2 ^ 53
end

-- True when the integer type is 32 bits wide (fengari).
local function hasInt32Integers()
  return math.maxinteger == 2147483647
end

-- Compiles Lua source that Lua 5.1 could not parse; nil where the operators do not exist.
local function compile(source, name)
  local chunk = load(source, "=" .. name)
  if not chunk then return nil end
  local ok, result = pcall(chunk)
  if ok then return result end
  return nil
end

local NATIVE_SOURCE = [[
local M = 0xFFFFFFFF
return {
  band = function(a, b) return (a & b) & M end,
  bor = function(a, b) return (a | b) & M end,
  bxor = function(a, b) return (a ~ b) & M end,
  bnot = function(a) return (a ~ M) & M end,
  lshift = function(a, n) return (a << n) & M end,
  rshift = function(a, n) return (a & M) >> n end,
  lrotate = function(a, n) a = a & M; return ((a << n) | (a >> (32 - n))) & M end,
  rrotate = function(a, n) a = a & M; return ((a >> n) | (a << (32 - n))) & M end,
}
]]

-- fengari: every operand is folded into int32 (an unsigned value >= 2^31 has no int32 form and the
-- operators would raise), and a negative int32 result is unfolded to its unsigned value as a float.
local NATIVE_INT32_SOURCE = [[
local TWO31, TWO32 = 2147483648.0, 4294967296.0
local function fold(a) if a >= TWO31 then return a - TWO32 end return a end
local function unfold(r) if r < 0 then return r + TWO32 end return r end
return {
  band = function(a, b) return unfold(fold(a) & fold(b)) end,
  bor = function(a, b) return unfold(fold(a) | fold(b)) end,
  bxor = function(a, b) return unfold(fold(a) ~ fold(b)) end,
  bnot = function(a) return unfold(fold(a) ~ -1) end, -- fengari's unary ~ raises on floats
  lshift = function(a, n) return unfold(fold(a) << n) end,
  rshift = function(a, n) return unfold(fold(a) >> n) end,
  lrotate = function(a, n) a = fold(a); return unfold((a << n) | (a >> (32 - n))) end,
  rrotate = function(a, n) a = fold(a); return unfold((a >> n) | (a << (32 - n))) end,
}
]]

-- LuaBitOp, wherever it lives: LuaJIT's global, the lua-bitop module, Solar2D's plugin.
local function findBitOp()
  if type(bit) == "table" and bit.bxor then return bit end
  for _, name in ipairs({ "bit", "plugin.bit" }) do
    local ok, library = pcall(require, name)
    if ok and type(library) == "table" and library.bxor then return library end
  end
  return nil
end

local function findBit32()
  if type(bit32) == "table" and bit32.bxor then return bit32 end
  return nil
end

local function fromBitOp(library)
  local band, bor, bxor, bnot = library.band, library.bor, library.bxor, library.bnot
  local lshift, rshift, rol, ror = library.lshift, library.rshift, library.rol, library.ror
  -- LuaBitOp answers in signed int32; `%` (floored) brings every answer into [0, 2^32).
  return {
    band = function(a, b) return band(a, b) % TWO32 end,
    bor = function(a, b) return bor(a, b) % TWO32 end,
    bxor = function(a, b) return bxor(a, b) % TWO32 end,
    bnot = function(a) return bnot(a) % TWO32 end,
    lshift = function(a, n) return lshift(a, n) % TWO32 end,
    rshift = function(a, n) return rshift(a, n) % TWO32 end,
    lrotate = function(a, n) return rol(a, n) % TWO32 end,
    rrotate = function(a, n) return ror(a, n) % TWO32 end,
  }
end

local function fromBit32(library)
  -- bit32 already answers in [0, 2^32); only the names differ.
  return {
    band = library.band,
    bor = library.bor,
    bxor = library.bxor,
    bnot = library.bnot,
    lshift = library.lshift,
    rshift = library.rshift,
    lrotate = library.lrotate,
    rrotate = library.rrotate,
  }
end

-- The arithmetic fallback: 8 nibbles per operation, each answered by a 16x16 table.
local function nibbleTable(combine)
  local t = {}
  for a = 0, 15 do
    for b = 0, 15 do
      local r, p = 0, 1
      for _ = 1, 4 do
        local x, y = a % (p * 2) >= p, b % (p * 2) >= p
        if combine(x, y) then r = r + p end
        p = p * 2
      end
      t[a * 16 + b] = r
    end
  end
  return t
end

local function arithmetic()
  local AND = nibbleTable(function(x, y) return x and y end)
  local OR = nibbleTable(function(x, y) return x or y end)
  local XOR = nibbleTable(function(x, y) return x ~= y end)
  local function nibbleWise(t, a, b)
    a, b = a % TWO32, b % TWO32
    local r, p = 0, 1.0 -- a float: 15 * 16^7 overflows fengari's 32-bit integers
    for _ = 1, 8 do
      local na, nb = a % 16, b % 16
      r = r + t[na * 16 + nb] * p
      a, b, p = (a - na) / 16, (b - nb) / 16, p * 16
    end
    return r
  end
  local function lshift(a, n) return (a % TWO32) * 2 ^ n % TWO32 end
  local function rshift(a, n) return floor((a % TWO32) / 2 ^ n) end
  return {
    band = function(a, b) return nibbleWise(AND, a, b) end,
    bor = function(a, b) return nibbleWise(OR, a, b) end,
    bxor = function(a, b) return nibbleWise(XOR, a, b) end,
    bnot = function(a) return TWO32 - 1 - a % TWO32 end,
    lshift = lshift,
    rshift = rshift,
    -- The two halves of a rotation share no bit, so adding them is or-ing them.
    lrotate = function(a, n) return lshift(a, n) + rshift(a, 32 - n) end,
    rrotate = function(a, n) return rshift(a, n) + lshift(a, 32 - n) end,
  }
end

-- Each backend: a function that builds its operations table, or returns nil where it cannot run.
local BUILDERS = {
  ["native-ops"] = function()
    if hasWideIntegers() then return compile(NATIVE_SOURCE, "bits.native-ops") end
  end,
  ["native-ops-int32"] = function()
    if hasInt32Integers() then return compile(NATIVE_INT32_SOURCE, "bits.native-ops-int32") end
  end,
  ["bitop"] = function()
    local library = findBitOp()
    if library then return fromBitOp(library) end
  end,
  ["bit32"] = function()
    local library = findBit32()
    if library then return fromBit32(library) end
  end,
  ["arith"] = arithmetic,
}

-- Fastest first (see docs/benchmarks.md and the runtime notes on bit operations).
Bits.PREFERENCE = { "native-ops", "native-ops-int32", "bitop", "bit32", "arith" }

local built = {}

-- The operations table of backend `name` (with `name` as its field `backend`), or nil when this
-- runtime cannot run that backend.
function Bits.build(name)
  if built[name] == nil then
    local builder = BUILDERS[name]
    if not builder then error("unknown bit backend '" .. tostring(name) .. "'", 2) end
    local ops = builder()
    if ops then ops.backend = name end
    built[name] = ops or false
  end
  return built[name] or nil
end

-- The names of the backends this runtime can run, fastest first.
function Bits.available()
  local names = {}
  for _, name in ipairs(Bits.PREFERENCE) do
    if Bits.build(name) then names[#names + 1] = name end
  end
  return names
end

-- The fastest backend this runtime can run ("arith" runs everywhere).
function Bits.best()
  for _, name in ipairs(Bits.PREFERENCE) do
    local ops = Bits.build(name)
    if ops then return ops end
  end
end

return Bits
 end,
["ts.core.extension"] = function(...) 
local ____exports = {}
--- The most bytes the connection pulls from an extension at once.
____exports.EXTENSION_SLICE = 64 * 1024
return ____exports
 end,
["ts.core.frame"] = function(...) 
local ____exports = {}
--- First header byte: FIN is its top bit.
____exports.FIN_BIT = 128
--- First header byte: RSV1..RSV3 are the three bits below FIN and the opcode is the low nibble, so
-- with FIN removed a value of 16 or more has an RSV bit set, and a smaller one is the opcode.
____exports.OPCODE_VALUES = 16
--- First header byte: the place values of RSV1, RSV2 and RSV3.
____exports.RSV1_BIT = 64
____exports.RSV2_BIT = 32
____exports.RSV3_BIT = 16
--- Second header byte: MASK is its top bit; the 7-bit payload length is byte % 128.
____exports.MASK_BIT = 128
--- "If 126, the following 2 bytes interpreted as a 16-bit unsigned integer are the payload length."
____exports.PAYLOAD_LENGTH_16 = 126
--- "If 127, the following 8 bytes interpreted as a 64-bit unsigned integer (the most significant bit
-- MUST be 0) are the payload length."
____exports.PAYLOAD_LENGTH_64 = 127
--- The largest length the 7-bit field carries directly.
____exports.MAX_PAYLOAD_7 = 125
--- The largest length the 16-bit field carries.
____exports.MAX_PAYLOAD_16 = 65535
--- "All control frames MUST have a payload length of 125 bytes or less" (section 5.5).
____exports.MAX_CONTROL_PAYLOAD = 125
--- The longest frame header: 2 bytes, a 64-bit extended length, a masking key (section 5.2).
____exports.MAX_HEADER_SIZE = 14
--- Bytes in a masking key (section 5.3).
____exports.MASK_KEY_LENGTH = 4
--- Place values as floats, so 64-bit lengths stay exact on fengari's 32-bit integers.
____exports.TWO_POW_8 = 2 ^ 8
____exports.TWO_POW_16 = 2 ^ 16
____exports.TWO_POW_24 = 2 ^ 24
____exports.TWO_POW_32 = 2 ^ 32
--- The most significant bit of the 64-bit length is set when the high 32-bit word reaches this.
____exports.TWO_POW_31 = 2 ^ 31
--- Control frames have the top bit of the opcode set (section 5.5).
function ____exports.isControlOpcode(opcode)
    return opcode >= 8
end
--- Opcodes %x3-7 and %xB-F are reserved (section 5.2): receiving one fails the connection.
function ____exports.isKnownOpcode(opcode)
    return opcode <= 2 or opcode >= 8 and opcode <= 10
end
return ____exports
 end,
["ts.core.frame-encoder"] = function(...) 
local ____exports = {}
local ____kernels = require("lua.kernels")
local mask = ____kernels.mask
local ____frame = require("ts.core.frame")
local FIN_BIT = ____frame.FIN_BIT
local MASK_BIT = ____frame.MASK_BIT
local MAX_PAYLOAD_16 = ____frame.MAX_PAYLOAD_16
local MAX_PAYLOAD_7 = ____frame.MAX_PAYLOAD_7
local PAYLOAD_LENGTH_16 = ____frame.PAYLOAD_LENGTH_16
local PAYLOAD_LENGTH_64 = ____frame.PAYLOAD_LENGTH_64
local TWO_POW_16 = ____frame.TWO_POW_16
local TWO_POW_24 = ____frame.TWO_POW_24
local TWO_POW_32 = ____frame.TWO_POW_32
local TWO_POW_8 = ____frame.TWO_POW_8
--- The header of a frame: the first two bytes, the extended length when needed ("the minimal number of
-- bytes MUST be used to encode the length", section 5.2) and the masking key ("" for an unmasked
-- frame). `rsv` is the sum of the RSV bits an extension sets (RSV1_BIT .. RSV3_BIT), 0 without one.
-- `length` may be any payload length up to 2^53; it is split into bytes with float arithmetic, so it
-- is exact on every runtime, fengari's 32-bit integers included.
function ____exports.encodeFrameHeader(opcode, fin, length, maskKey, rsv)
    if rsv == nil then
        rsv = 0
    end
    local first = (fin and FIN_BIT or 0) + rsv + opcode
    local maskBit = maskKey == "" and 0 or MASK_BIT
    if length <= MAX_PAYLOAD_7 then
        return string.char(first, maskBit + length) .. maskKey
    end
    if length <= MAX_PAYLOAD_16 then
        return string.char(
            first,
            maskBit + PAYLOAD_LENGTH_16,
            math.floor(length / TWO_POW_8),
            length % TWO_POW_8
        ) .. maskKey
    end
    local high = math.floor(length / TWO_POW_32)
    local low = length % TWO_POW_32
    return string.char(
        first,
        maskBit + PAYLOAD_LENGTH_64,
        math.floor(high / TWO_POW_24),
        math.floor(high / TWO_POW_16) % TWO_POW_8,
        math.floor(high / TWO_POW_8) % TWO_POW_8,
        high % TWO_POW_8,
        math.floor(low / TWO_POW_24),
        math.floor(low / TWO_POW_16) % TWO_POW_8,
        math.floor(low / TWO_POW_8) % TWO_POW_8,
        low % TWO_POW_8
    ) .. maskKey
end
--- A whole frame: header, then the payload XORed with `maskKey` (4 bytes), or as it is when the key
-- is "" (a server's frame).
function ____exports.encodeFrame(opcode, fin, payload, maskKey, rsv)
    if rsv == nil then
        rsv = 0
    end
    local header = ____exports.encodeFrameHeader(
        opcode,
        fin,
        #payload,
        maskKey,
        rsv
    )
    if #payload == 0 then
        return header
    end
    return header .. (maskKey == "" and payload or mask(payload, maskKey))
end
return ____exports
 end,
["ts.core.outgoing-queue"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local rotated
local ____kernels = require("lua.kernels")
local join = ____kernels.join
local mask = ____kernels.mask
local sub = ____kernels.sub
local ____frame = require("ts.core.frame")
local MASK_KEY_LENGTH = ____frame.MASK_KEY_LENGTH
function rotated(key, turn)
    return turn == 0 and key or sub(key, turn + 1) .. sub(key, 1, turn)
end
____exports.OutgoingQueue = __TS__Class()
local OutgoingQueue = ____exports.OutgoingQueue
OutgoingQueue.name = "OutgoingQueue"
function OutgoingQueue.prototype.____constructor(self)
    self.size = 0
    self.sourceCount = 0
    self.sources = {}
    self.headers = {}
    self.payloads = {}
    self.keys = {}
    self.head = 0
    self.tail = 0
    self.offset = 0
end
function OutgoingQueue.prototype.push(self, header, payload, maskKey)
    local tail = self.tail
    self.headers[tail + 1] = header
    self.payloads[tail + 1] = payload
    self.keys[tail + 1] = maskKey
    self.tail = tail + 1
    self.size = self.size + (#header + #payload)
end
function OutgoingQueue.prototype.pushSource(self, source)
    local tail = self.tail
    self.headers[tail + 1] = ""
    self.payloads[tail + 1] = ""
    self.keys[tail + 1] = ""
    self.sources[tail + 1] = source
    self.tail = tail + 1
    self.size = self.size + source.pending
    self.sourceCount = self.sourceCount + 1
end
function OutgoingQueue.prototype.atFrameBoundary(self)
    return self.offset == 0
end
function OutgoingQueue.prototype.take(self, maxBytes)
    local size = self.size
    if size == 0 then
        return ""
    end
    local head = self.head
    if head + 1 == self.tail and self.offset == 0 and self.sourceCount == 0 and (maxBytes == nil or maxBytes >= size) then
        local header = self.headers[head + 1]
        local payload = self.payloads[head + 1]
        local key = self.keys[head + 1]
        self.payloads[head + 1] = ""
        self.head = 0
        self.tail = 0
        self.size = 0
        if payload == "" then
            return header
        end
        return header .. (key == "" and payload or mask(payload, key))
    end
    local budget = (maxBytes == nil or maxBytes > size) and size or maxBytes
    local parts = {}
    local input = budget
    local sources = self.sourceCount > 0
    while budget > 0 do
        do
            local __continue10
            repeat
                local head = self.head
                if sources then
                    if head >= self.tail then
                        break
                    end
                    local source = self.sources[head + 1]
                    if source ~= nil and self.headers[head + 1] == "" then
                        if input <= 0 then
                            break
                        end
                        local before = source.pending
                        source:produce()
                        local used = before - source.pending
                        input = input - used
                        self.headers[head + 1] = source.header
                        self.payloads[head + 1] = source.payload
                        self.keys[head + 1] = source.key
                        self.size = self.size + (#source.header + #source.payload - used)
                        source.header = ""
                        source.payload = ""
                    end
                end
                local header = self.headers[head + 1]
                local payload = self.payloads[head + 1]
                local key = self.keys[head + 1]
                local total = #header + #payload
                local offset = self.offset
                if offset == 0 and total <= budget then
                    parts[#parts + 1] = header
                    if #payload > 0 then
                        parts[#parts + 1] = key == "" and payload or mask(payload, key)
                    end
                    budget = budget - total
                    self:dropHead()
                    __continue10 = true
                    break
                end
                local ____end = offset + budget < total and offset + budget or total
                if offset < #header then
                    parts[#parts + 1] = sub(header, offset + 1, ____end < #header and ____end or #header)
                end
                if ____end > #header then
                    local from = offset > #header and offset - #header or 0
                    local slice = sub(payload, from + 1, ____end - #header)
                    parts[#parts + 1] = key == "" and slice or mask(
                        slice,
                        rotated(key, from % MASK_KEY_LENGTH)
                    )
                end
                budget = budget - (____end - offset)
                if ____end == total then
                    self:dropHead()
                else
                    self.offset = ____end
                end
                __continue10 = true
            until true
            if not __continue10 then
                break
            end
        end
    end
    local taken = #parts == 1 and parts[1] or (#parts == 0 and "" or join(parts))
    self.size = self.size - #taken
    return taken
end
function OutgoingQueue.prototype.clear(self)
    self.headers = {}
    self.payloads = {}
    self.keys = {}
    self.sources = {}
    self.sourceCount = 0
    self.head = 0
    self.tail = 0
    self.offset = 0
    self.size = 0
end
function OutgoingQueue.prototype.dropHead(self)
    local head = self.head
    self.payloads[head + 1] = ""
    self.offset = 0
    if self.sourceCount > 0 then
        local source = self.sources[head + 1]
        if source ~= nil then
            if source.pending > 0 then
                self.headers[head + 1] = ""
                return
            end
            self.sources[head + 1] = nil
            self.sourceCount = self.sourceCount - 1
        end
    end
    if head + 1 >= self.tail then
        self.head = 0
        self.tail = 0
    else
        self.head = head + 1
    end
end
return ____exports
 end,
["ts.core.deferred-frames"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local ____frame = require("ts.core.frame")
local MASK_KEY_LENGTH = ____frame.MASK_KEY_LENGTH
local ____frame_2Dencoder = require("ts.core.frame-encoder")
local encodeFrameHeader = ____frame_2Dencoder.encodeFrameHeader
local ____kernels = require("lua.kernels")
local sub = ____kernels.sub
--- Messages of at least this many bytes that go compressed are deflated as they are taken.
____exports.DEFERRED_DEFLATE_BYTES = 64 * 1024
--- Bytes of such a message deflated into each of its frames.
____exports.DEFERRED_FRAME_INPUT = 32 * 1024
____exports.DeferredFrames = __TS__Class()
local DeferredFrames = ____exports.DeferredFrames
DeferredFrames.name = "DeferredFrames"
function DeferredFrames.prototype.____constructor(self, extension, kind, opcode, frameOpcode, data, first, fin, compress, random)
    self.extension = extension
    self.kind = kind
    self.opcode = opcode
    self.frameOpcode = frameOpcode
    self.data = data
    self.first = first
    self.fin = fin
    self.compress = compress
    self.random = random
    self.header = ""
    self.payload = ""
    self.key = ""
    self.made = 0
    self.pending = #data + 2
end
function DeferredFrames.prototype.produce(self)
    local extension = self.extension
    local data = self.data
    local encoded
    local opcode
    local fin
    local kind = self.kind
    if kind == 0 then
        local from = self.made
        local to = from + ____exports.DEFERRED_FRAME_INPUT < #data and from + ____exports.DEFERRED_FRAME_INPUT or #data
        fin = to >= #data
        encoded = extension:encodePiece(
            sub(data, from + 1, to),
            from == 0,
            fin
        )
        opcode = from == 0 and self.opcode or 0
        self.made = to
        self.pending = fin and 0 or #data - to + 2
    else
        if kind == 1 then
            encoded = extension:encodeMessage(self.opcode, data, self.compress)
            opcode = self.opcode
            fin = true
        else
            encoded = extension:encodeFragment(
                self.opcode,
                data,
                self.first,
                self.fin,
                self.compress
            )
            opcode = self.frameOpcode
            fin = self.fin
        end
        self.pending = 0
    end
    if self.pending == 0 then
        self.data = ""
    end
    local key = self.random ~= nil and self.random(MASK_KEY_LENGTH) or ""
    self.header = encodeFrameHeader(
        opcode,
        fin,
        #encoded.payload,
        key,
        encoded.rsv
    )
    self.payload = encoded.payload
    self.key = key
end
return ____exports
 end,
["ts.core.frame-decoder"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local ____frame = require("ts.core.frame")
local FIN_BIT = ____frame.FIN_BIT
local isKnownOpcode = ____frame.isKnownOpcode
local MASK_BIT = ____frame.MASK_BIT
local MASK_KEY_LENGTH = ____frame.MASK_KEY_LENGTH
local MAX_CONTROL_PAYLOAD = ____frame.MAX_CONTROL_PAYLOAD
local MAX_HEADER_SIZE = ____frame.MAX_HEADER_SIZE
local OPCODE_VALUES = ____frame.OPCODE_VALUES
local PAYLOAD_LENGTH_16 = ____frame.PAYLOAD_LENGTH_16
local PAYLOAD_LENGTH_64 = ____frame.PAYLOAD_LENGTH_64
local RSV1_BIT = ____frame.RSV1_BIT
local RSV2_BIT = ____frame.RSV2_BIT
local RSV3_BIT = ____frame.RSV3_BIT
local TWO_POW_16 = ____frame.TWO_POW_16
local TWO_POW_24 = ____frame.TWO_POW_24
local TWO_POW_31 = ____frame.TWO_POW_31
local TWO_POW_32 = ____frame.TWO_POW_32
local TWO_POW_8 = ____frame.TWO_POW_8
local ____protocol_2Derror = require("ts.core.protocol-error")
local protocolViolation = ____protocol_2Derror.protocolViolation
local ____kernels = require("lua.kernels")
local byte = ____kernels.byte
local mask = ____kernels.mask
local sub = ____kernels.sub
____exports.FrameDecoder = __TS__Class()
local FrameDecoder = ____exports.FrameDecoder
FrameDecoder.name = "FrameDecoder"
function FrameDecoder.prototype.____constructor(self, options)
    if options == nil then
        options = {}
    end
    self.fin = false
    self.rsv1 = false
    self.rsv2 = false
    self.rsv3 = false
    self.opcode = 0
    self.length = 0
    self.payload = ""
    self.frameComplete = false
    self.input = ""
    self.position = 0
    self.queued = {}
    self.queuedHead = 0
    self.queuedTail = 0
    self.rsvSeen = false
    self.state = 0
    self.remaining = 0
    self.maskKey = ""
    self.unmasked = 0
    self.masked = options.role == 1
    self.allowRsv1 = options.allowRsv1 == true
    self.allowRsv2 = options.allowRsv2 == true
    self.allowRsv3 = options.allowRsv3 == true
end
function FrameDecoder.prototype.push(self, chunk)
    if #chunk == 0 or self.state == 2 then
        return
    end
    if self.position >= #self.input and self.queuedHead == self.queuedTail then
        self.input = chunk
        self.position = 0
        return
    end
    self.queued[self.queuedTail + 1] = chunk
    self.queuedTail = self.queuedTail + 1
end
function FrameDecoder.prototype.bufferedSize(self)
    local size = #self.input - self.position
    do
        local i = self.queuedHead
        while i < self.queuedTail do
            size = size + #self.queued[i + 1]
            i = i + 1
        end
    end
    return size
end
function FrameDecoder.prototype.payloadAhead(self)
    if self.state ~= 1 then
        return 0
    end
    local ahead = self.remaining - self:bufferedSize()
    return ahead > 0 and ahead or 0
end
function FrameDecoder.prototype.next(self)
    if self.state == 0 then
        return self:readHeader()
    end
    if self.state == 1 then
        return self:readPayload()
    end
    return nil
end
function FrameDecoder.prototype.fail(self, reason)
    self.state = 2
    self.input = ""
    self.position = 0
    self.queued = {}
    self.queuedHead = 0
    self.queuedTail = 0
    self.payload = ""
    return protocolViolation(reason)
end
function FrameDecoder.prototype.advanceInput(self)
    if self.queuedHead == self.queuedTail then
        return false
    end
    local chunk = self.queued[self.queuedHead + 1]
    self.queued[self.queuedHead + 1] = nil
    self.queuedHead = self.queuedHead + 1
    if self.queuedHead == self.queuedTail then
        self.queued = {}
        self.queuedHead = 0
        self.queuedTail = 0
    end
    self.input = self.position < #self.input and sub(self.input, self.position + 1) .. chunk or chunk
    self.position = 0
    return true
end
function FrameDecoder.prototype.readHeader(self)
    local input = self.input
    local at = self.position
    local available = #input - at
    while available < MAX_HEADER_SIZE and self.queuedHead ~= self.queuedTail do
        self:advanceInput()
        input = self.input
        at = 0
        available = #input
    end
    if available < 2 then
        return nil
    end
    local first = byte(input, at + 1)
    local second = byte(input, at + 2)
    local fin = first >= FIN_BIT
    local rest = fin and first - FIN_BIT or first
    if rest >= OPCODE_VALUES then
        local rsv1 = rest >= RSV1_BIT
        if rsv1 then
            rest = rest - RSV1_BIT
        end
        local rsv2 = rest >= RSV2_BIT
        if rsv2 then
            rest = rest - RSV2_BIT
        end
        local rsv3 = rest >= RSV3_BIT
        if rsv3 then
            rest = rest - RSV3_BIT
        end
        if rsv1 and not self.allowRsv1 or rsv2 and not self.allowRsv2 or rsv3 and not self.allowRsv3 then
            return self:fail("frame with reserved bits (RSV1-3) set that no extension defines")
        end
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.rsvSeen = true
    elseif self.rsvSeen then
        self.rsv1 = false
        self.rsv2 = false
        self.rsv3 = false
        self.rsvSeen = false
    end
    local opcode = rest
    local isMasked = second >= MASK_BIT
    if isMasked ~= self.masked then
        return self:fail(self.masked and "unmasked frame from the client" or "masked frame from the server")
    end
    local length7 = isMasked and second - MASK_BIT or second
    if opcode > 2 then
        if not isKnownOpcode(opcode) then
            return self:fail("frame with reserved opcode " .. tostring(opcode))
        end
        if not fin then
            return self:fail(("fragmented control frame (opcode " .. tostring(opcode)) .. ")")
        end
        if length7 > MAX_CONTROL_PAYLOAD then
            return self:fail(("control frame (opcode " .. tostring(opcode)) .. ") longer than 125 bytes")
        end
    end
    local length = length7
    local headerSize = 2
    if length7 == PAYLOAD_LENGTH_16 then
        if available < 4 then
            return nil
        end
        length = byte(input, at + 3) * TWO_POW_8 + byte(input, at + 4)
        headerSize = 4
    elseif length7 == PAYLOAD_LENGTH_64 then
        if available < 10 then
            return nil
        end
        local high = byte(input, at + 3) * TWO_POW_24 + byte(input, at + 4) * TWO_POW_16 + byte(input, at + 5) * TWO_POW_8 + byte(input, at + 6)
        if high >= TWO_POW_31 then
            return self:fail("64-bit payload length with the most significant bit set")
        end
        local low = byte(input, at + 7) * TWO_POW_24 + byte(input, at + 8) * TWO_POW_16 + byte(input, at + 9) * TWO_POW_8 + byte(input, at + 10)
        length = high * TWO_POW_32 + low
        headerSize = 10
    end
    if isMasked then
        if available < headerSize + MASK_KEY_LENGTH then
            return nil
        end
        self.maskKey = sub(input, at + headerSize + 1, at + headerSize + MASK_KEY_LENGTH)
        self.unmasked = 0
        headerSize = headerSize + MASK_KEY_LENGTH
    end
    self.fin = fin
    self.opcode = opcode
    self.length = length
    local start = at + headerSize
    local ____end = start + length
    if ____end <= #input then
        local payload = sub(input, start + 1, ____end)
        self.payload = isMasked and self:unmask(payload) or payload
        self.position = ____end
        self.frameComplete = true
        return 1
    end
    self.payload = start < #input and self:unmask(sub(input, start + 1)) or ""
    self.position = #input
    self.remaining = ____end - #input
    self.frameComplete = false
    self.state = 1
    return 1
end
function FrameDecoder.prototype.readPayload(self)
    if self.position >= #self.input and not self:advanceInput() then
        return nil
    end
    local input = self.input
    local at = self.position
    local available = #input - at
    if available < self.remaining then
        self.payload = self:unmask(at == 0 and input or sub(input, at + 1))
        self.position = #input
        self.remaining = self.remaining - available
        self.frameComplete = false
        return 2
    end
    local ____end = at + self.remaining
    self.payload = self:unmask(at == 0 and ____end == #input and input or sub(input, at + 1, ____end))
    self.position = ____end
    self.remaining = 0
    self.frameComplete = true
    self.state = 0
    return 2
end
function FrameDecoder.prototype.unmask(self, slice)
    if not self.masked or #slice == 0 then
        return slice
    end
    local turn = self.unmasked % MASK_KEY_LENGTH
    self.unmasked = self.unmasked + #slice
    local key = self.maskKey
    return mask(
        slice,
        turn == 0 and key or sub(key, turn + 1) .. sub(key, 1, turn)
    )
end
return ____exports
 end,
["ts.core.piece-joiner"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local ____kernels = require("lua.kernels")
local concatMergesPairwise = ____kernels.concatMergesPairwise
local join = ____kernels.join
local joinGroup = ____kernels.joinGroup
--- A run of slices is joined once it holds this many bytes (or `joinGroup` slices).
local RUN_BYTES = 256 * 1024
____exports.PieceJoiner = __TS__Class()
local PieceJoiner = ____exports.PieceJoiner
PieceJoiner.name = "PieceJoiner"
function PieceJoiner.prototype.____constructor(self)
    self.count = 0
    self.run = {}
    self.runBytes = 0
    self.parts = {}
end
function PieceJoiner.prototype.add(self, slice)
    self.count = self.count + 1
    local run = self.run
    run[#run + 1] = slice
    if not concatMergesPairwise then
        return
    end
    self.runBytes = self.runBytes + #slice
    if self.runBytes >= RUN_BYTES or #run >= joinGroup then
        local ____self_parts_0 = self.parts
        ____self_parts_0[#____self_parts_0 + 1] = join(run)
        self.run = {}
        self.runBytes = 0
    end
end
function PieceJoiner.prototype.join(self)
    local parts = self.parts
    local run = self.run
    local joined
    if #parts == 0 then
        joined = #run == 1 and run[1] or join(run)
    else
        if #run > 0 then
            parts[#parts + 1] = join(run)
        end
        joined = #parts == 1 and parts[1] or join(parts)
        self.parts = {}
    end
    self.run = {}
    self.runBytes = 0
    self.count = 0
    return joined
end
return ____exports
 end,
["ts.core.message-assembler"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____kernels = require("lua.kernels")
local sub = ____kernels.sub
local utf8Continue = ____kernels.utf8Continue
local ____frame = require("ts.core.frame")
local isControlOpcode = ____frame.isControlOpcode
local ____piece_2Djoiner = require("ts.core.piece-joiner")
local PieceJoiner = ____piece_2Djoiner.PieceJoiner
local ____protocol_2Derror = require("ts.core.protocol-error")
local invalidPayload = ____protocol_2Derror.invalidPayload
local messageTooBig = ____protocol_2Derror.messageTooBig
local protocolViolation = ____protocol_2Derror.protocolViolation
____exports.MessageAssembler = __TS__Class()
local MessageAssembler = ____exports.MessageAssembler
MessageAssembler.name = "MessageAssembler"
function MessageAssembler.prototype.____constructor(self, maxMessageSize)
    self.maxMessageSize = maxMessageSize
    self.frameOpcode = 0
    self.frameFin = false
    self.frameIsControl = false
    self.controlPayload = ""
    self.messageOpcode = 0
    self.pieces = __TS__New(PieceJoiner)
    self.size = 0
    self.utf8Carry = ""
    self.deliveredSize = 0
end
function MessageAssembler.prototype.beginFrame(self, fin, opcode, length)
    self.frameOpcode = opcode
    self.frameFin = fin
    self.frameIsControl = isControlOpcode(opcode)
    if self.frameIsControl then
        return nil
    end
    if opcode == 0 then
        if self.messageOpcode == 0 then
            return protocolViolation("continuation frame without a message to continue")
        end
    else
        if self.messageOpcode ~= 0 then
            return protocolViolation("new data frame before the fragmented message ended")
        end
        self.messageOpcode = opcode
        self.size = 0
        self.deliveredSize = 0
        self.utf8Carry = ""
    end
    if self.size + length > self.maxMessageSize then
        return self:tooBig()
    end
    return nil
end
function MessageAssembler.prototype.tooBig(self)
    return messageTooBig(("message larger than maxMessageSize (" .. tostring(self.maxMessageSize)) .. " bytes)")
end
function MessageAssembler.prototype.receivingBinary(self)
    return self.messageOpcode == 2
end
function MessageAssembler.prototype.wholeFrame(self, fin, opcode, payload)
    if not fin or opcode ~= 1 and opcode ~= 2 or self.messageOpcode ~= 0 then
        local refused = self:beginFrame(fin, opcode, #payload)
        if refused ~= nil then
            return refused
        end
        return self:addPayload(payload, true)
    end
    if #payload > self.maxMessageSize then
        return self:tooBig()
    end
    local text = opcode == 1
    if text and #payload > 0 then
        local carry = utf8Continue("", payload)
        if carry == nil then
            return invalidPayload("text message is not valid UTF-8")
        end
        if carry ~= "" then
            return invalidPayload("text message ends inside a UTF-8 sequence")
        end
    end
    return {type = "message", data = payload, binary = not text}
end
function MessageAssembler.prototype.addTransformedPayload(self, slice, frameComplete)
    if self.size + #slice > self.maxMessageSize then
        return self:tooBig()
    end
    return self:addPayload(slice, frameComplete)
end
function MessageAssembler.prototype.addPayload(self, slice, frameComplete)
    if self.frameIsControl then
        return self:addControlPayload(slice, frameComplete)
    end
    local text = self.messageOpcode == 1
    if #slice > 0 then
        if text then
            local carry = utf8Continue(self.utf8Carry, slice)
            if carry == nil then
                return invalidPayload("text message is not valid UTF-8")
            end
            self.utf8Carry = carry
        end
        self.size = self.size + #slice
    end
    if not frameComplete or not self.frameFin then
        if #slice > 0 then
            self.pieces:add(slice)
        end
        return nil
    end
    if text and self.utf8Carry ~= "" then
        return invalidPayload("text message ends inside a UTF-8 sequence")
    end
    local data = slice
    if self.pieces.count > 0 then
        self.pieces:add(slice)
        data = self.pieces:join()
    end
    self.messageOpcode = 0
    return {type = "message", data = data, binary = not text}
end
function MessageAssembler.prototype.heldBytes(self)
    return self.messageOpcode == 0 and 0 or self.size - self.deliveredSize
end
function MessageAssembler.prototype.takePiece(self)
    if self.messageOpcode == 0 or self.pieces.count == 0 then
        return nil
    end
    local data = self.pieces:join()
    local carry = self.utf8Carry
    if carry ~= "" then
        self.pieces:add(#data == #carry and data or carry)
        if #data == #carry then
            return nil
        end
        data = sub(data, 1, #data - #carry)
    end
    self.deliveredSize = self.deliveredSize + #data
    return {type = "message", data = data, binary = self.messageOpcode ~= 1, partial = true}
end
function MessageAssembler.prototype.addControlPayload(self, slice, frameComplete)
    if not frameComplete then
        self.controlPayload = self.controlPayload .. slice
        return nil
    end
    local payload = slice
    if self.controlPayload ~= "" then
        payload = self.controlPayload .. slice
        self.controlPayload = ""
    end
    return {type = "control", opcode = self.frameOpcode, payload = payload}
end
return ____exports
 end,
["ts.core.outgoing-stream"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local ____kernels = require("lua.kernels")
local utf8Continue = ____kernels.utf8Continue
____exports.OutgoingStream = __TS__Class()
local OutgoingStream = ____exports.OutgoingStream
OutgoingStream.name = "OutgoingStream"
function OutgoingStream.prototype.____constructor(self)
    self.opcode = 0
    self.carry = ""
    self.judgedCarry = ""
end
function OutgoingStream.prototype.isOpen(self)
    return self.opcode ~= 0
end
function OutgoingStream.prototype.judge(self, data, binary, fin)
    local open = self.opcode
    if open ~= 0 and open == 2 ~= binary then
        return 2
    end
    if binary then
        return 0
    end
    local carry = utf8Continue(open == 0 and "" or self.carry, data)
    if carry == nil then
        return 3
    end
    if fin and carry ~= "" then
        return 4
    end
    self.judgedCarry = carry
    return 0
end
function OutgoingStream.prototype.advance(self, binary, fin)
    local first = self.opcode == 0
    local frameOpcode = first and (binary and 2 or 1) or 0
    if fin then
        self.opcode = 0
        self.carry = ""
    else
        if first then
            self.opcode = frameOpcode
        end
        self.carry = binary and "" or self.judgedCarry
    end
    return frameOpcode
end
function OutgoingStream.prototype.unfinishedSequence(self)
    return self.carry
end
function OutgoingStream.prototype.reset(self)
    self.opcode = 0
    self.carry = ""
end
return ____exports
 end,
["ts.core.connection"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local __TS__ArraySlice = ____lualib.__TS__ArraySlice
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local ____exports = {}
local ____close_2Dcodes = require("ts.core.close-codes")
local encodeClosePayload = ____close_2Dcodes.encodeClosePayload
local isSendableCloseCode = ____close_2Dcodes.isSendableCloseCode
local parseClosePayload = ____close_2Dcodes.parseClosePayload
local ____deferred_2Dframes = require("ts.core.deferred-frames")
local DEFERRED_DEFLATE_BYTES = ____deferred_2Dframes.DEFERRED_DEFLATE_BYTES
local DeferredFrames = ____deferred_2Dframes.DeferredFrames
local ____extension = require("ts.core.extension")
local EXTENSION_SLICE = ____extension.EXTENSION_SLICE
local ____frame = require("ts.core.frame")
local MASK_KEY_LENGTH = ____frame.MASK_KEY_LENGTH
local ____frame_2Ddecoder = require("ts.core.frame-decoder")
local FrameDecoder = ____frame_2Ddecoder.FrameDecoder
local ____frame_2Dencoder = require("ts.core.frame-encoder")
local encodeFrameHeader = ____frame_2Dencoder.encodeFrameHeader
local ____message_2Dassembler = require("ts.core.message-assembler")
local MessageAssembler = ____message_2Dassembler.MessageAssembler
local ____outgoing_2Dqueue = require("ts.core.outgoing-queue")
local OutgoingQueue = ____outgoing_2Dqueue.OutgoingQueue
local ____outgoing_2Dstream = require("ts.core.outgoing-stream")
local OutgoingStream = ____outgoing_2Dstream.OutgoingStream
local ____kernels = require("lua.kernels")
local mask = ____kernels.mask
--- The longest close reason that fits a control frame: 125 bytes less the 2-byte code.
local MAX_CLOSE_REASON = 123
--- Decoding stops while this many events wait to be taken ...
local QUEUED_EVENTS_BOUND = 256
--- ... or while the messages waiting hold this many bytes (a single bigger message still passes).
local QUEUED_BYTES_BOUND = 1024 * 1024
--- wantsInput() is false while this many bytes read from the transport wait to be decoded.
local BUFFERED_INPUT_BOUND = 256 * 1024
--- Frames decoded by one call of receive(), nextEvent() or decode() at most, whatever they are (a
-- flood of pings queues no events, yet costs work).
local DECODE_STEPS = 4096
____exports.MAX_QUEUED_EVENTS = QUEUED_EVENTS_BOUND
____exports.MAX_QUEUED_BYTES = QUEUED_BYTES_BOUND
____exports.MAX_BUFFERED_INPUT = BUFFERED_INPUT_BOUND
____exports.DECODE_STEPS_PER_CALL = DECODE_STEPS
--- Pongs waiting to be taken at most; see `pongs`.
____exports.MAX_PENDING_PONGS = 16
--- How long a client waits for the server's FIN once it is CLOSED (writing its last bytes, reading
-- and dropping what arrives meanwhile) before it closes anyway: the "reasonable time period" of
-- section 7.1.1. Long enough for a server across the world to answer a close frame with its FIN,
-- short enough that a server that never closes holds a descriptor only briefly.
____exports.CLIENT_FIN_WAIT_SECONDS = 2
--- How long a server may take to write its last bytes once it is CLOSED (the echo the game sent, the
-- close frame, a refusal) before it closes anyway: its FIN can only follow them, and a client that
-- does not read must not hold the descriptor for long.
____exports.SERVER_DRAIN_SECONDS = 2
--- How long a server that has shut its sending side (its FIN: it closes first, section 7.1.1) keeps
-- reading and dropping what the client still sends, until the client's FIN, before it closes
-- anyway: closing with the client's bytes unread would reset the connection (see above).
____exports.SERVER_FIN_WAIT_SECONDS = 2
____exports.Connection = __TS__Class()
local Connection = ____exports.Connection
Connection.name = "Connection"
function Connection.prototype.____constructor(self, options)
    self.state = 0
    self.pongsReceived = 0
    self.closeReceived = false
    self.transforming = false
    self.transformAllowance = math.huge
    self.transformHeld = false
    self.heldFrameComplete = false
    self.transformedBytes = 0
    self.closeSent = false
    self.eofReceived = false
    self.eofPending = false
    self.eofReason = "the peer closed the connection"
    self.streamFailed = false
    self.early = ""
    self.stop = 0
    self.stopPayload = ""
    self.events = {}
    self.eventsHead = 0
    self.eventsTail = 0
    self.queuedBytes = 0
    self.outgoing = __TS__New(OutgoingQueue)
    self.outgoingStream = __TS__New(OutgoingStream)
    self.pongs = {}
    self.pongBytes = 0
    self.role = options.role
    self.random = options.random
    self.maxMessageSize = options.maxMessageSize
    self.assembler = __TS__New(MessageAssembler, options.maxMessageSize)
    self.receivePieces = options.receiveFragments == true
    self.decoder = __TS__New(FrameDecoder, {role = options.role})
end
function Connection.prototype.open(self, protocol, extensions, extension)
    if self.state ~= 0 then
        return
    end
    self.state = 1
    self.extension = extension
    if extension ~= nil then
        self.decoder = __TS__New(FrameDecoder, {role = self.role, allowRsv1 = extension.claimsRsv1, allowRsv2 = extension.claimsRsv2, allowRsv3 = extension.claimsRsv3})
    end
    self:queueEvent({type = "open", protocol = protocol, extensions = extensions})
    if self.early ~= "" then
        local early = self.early
        self.early = ""
        self:receive(early)
    end
end
function Connection.prototype.receive(self, bytes)
    if self.state == 3 or #bytes == 0 then
        return
    end
    if self.state == 0 then
        self:receiveHandshake(bytes)
        return
    end
    self.decoder:push(bytes)
    self:pump(DECODE_STEPS)
end
function Connection.prototype.receiveEof(self, reason)
    self.eofReceived = true
    if reason ~= nil then
        self.eofReason = reason
    end
    if self.state == 3 then
        return
    end
    if self.state ~= 0 and (self.stop ~= 0 or self.decoder:bufferedSize() > 0 or self.transformHeld) then
        self.eofPending = true
        self:pump(DECODE_STEPS)
        return
    end
    self:endOfInput()
end
function Connection.prototype.wantsInput(self)
    if self.state == 3 then
        return false
    end
    return self.eventsTail - self.eventsHead < QUEUED_EVENTS_BOUND and self.queuedBytes < QUEUED_BYTES_BOUND and self.decoder:bufferedSize() < BUFFERED_INPUT_BOUND
end
function Connection.prototype.payloadAhead(self)
    if self.transforming or self.stop ~= 0 then
        return 0
    end
    return self.decoder:payloadAhead()
end
function Connection.prototype.payloadAheadIsFree(self)
    return self.role == 0 and self.assembler:receivingBinary()
end
function Connection.prototype.allowTransformOutput(self, bytes)
    self.transformAllowance = bytes
end
function Connection.prototype.holdsTransformed(self)
    return self.transformHeld and self.state ~= 3
end
function Connection.prototype.bufferedInput(self)
    return self.decoder:bufferedSize() + #self.early
end
function Connection.prototype.decode(self, maxFrames)
    self:pump(maxFrames)
end
function Connection.prototype.send(self, data, binary, compress)
    if self.state ~= 1 then
        return false
    end
    if self.outgoingStream:isOpen() then
        return self:sendPiece(data, binary, true, compress) == 0
    end
    local opcode = binary and 2 or 1
    local extension = self.extension
    if extension == nil then
        self:queueFrame(opcode, data, 0, true)
        return true
    end
    local big = #data >= DEFERRED_DEFLATE_BYTES and extension.encodePiece ~= nil and extension:wouldEncode(data, compress)
    if big or self.outgoing.sourceCount > 0 then
        local kind = big and 0 or 1
        self.outgoing:pushSource(__TS__New(
            DeferredFrames,
            extension,
            kind,
            opcode,
            opcode,
            data,
            true,
            true,
            compress,
            self:keySource()
        ))
    else
        local encoded = extension:encodeMessage(opcode, data, compress)
        self:queueFrame(opcode, encoded.payload, encoded.rsv, true)
    end
    return true
end
function Connection.prototype.sendPiece(self, data, binary, fin, compress)
    if self.state ~= 1 then
        return 1
    end
    local stream = self.outgoingStream
    local verdict = stream:judge(data, binary, fin)
    if verdict ~= 0 then
        return verdict
    end
    local first = not stream:isOpen()
    local opcode = stream:advance(binary, fin)
    local extension = self.extension
    if extension == nil or extension.encodeFragment == nil then
        self:queueFrame(opcode, data, 0, fin)
    elseif self.outgoing.sourceCount > 0 then
        local ____type = binary and 2 or 1
        self.outgoing:pushSource(__TS__New(
            DeferredFrames,
            extension,
            2,
            ____type,
            opcode,
            data,
            first,
            fin,
            compress,
            self:keySource()
        ))
    else
        local encoded = extension:encodeFragment(
            binary and 2 or 1,
            data,
            first,
            fin,
            compress
        )
        self:queueFrame(opcode, encoded.payload, encoded.rsv, fin)
    end
    return 0
end
function Connection.prototype.isSendingPieces(self)
    return self.outgoingStream:isOpen()
end
function Connection.prototype.ping(self, payload)
    if self.state ~= 1 then
        return false
    end
    self:queueFrame(9, payload, 0, true)
    return true
end
function Connection.prototype.close(self, code, reason)
    if self.state == 0 then
        self:abort("connection attempt cancelled")
        return
    end
    if self.state ~= 1 then
        return
    end
    self:sendClose(code, reason or "")
    self.state = 2
end
function Connection.prototype.fail(self, errorType, code, reason)
    self:failWith({type = "failure", code = code, reason = reason, errorType = errorType})
end
function Connection.prototype.abort(self, reason)
    if self.state == 3 then
        return
    end
    self:finish(1006, reason, false)
end
function Connection.prototype.connectionLost(self, errorType, reason)
    self.streamFailed = true
    if self.state == 3 then
        return
    end
    self:failWith({type = "failure", code = 1006, reason = reason, errorType = errorType})
end
function Connection.prototype.takeOutgoing(self, maxBytes)
    if #self.pongs > 0 and self.outgoing:atFrameBoundary() then
        local frames = {}
        local room = maxBytes == nil and math.huge or maxBytes
        local answered = 0
        for ____, pong in ipairs(self.pongs) do
            local size = #pong + self:headerSize()
            if size > room then
                break
            end
            local key = self:maskKey()
            frames[#frames + 1] = encodeFrameHeader(10, true, #pong, key) .. ((key == "" or pong == "") and pong or mask(pong, key))
            room = room - size
            self.pongBytes = self.pongBytes - #pong
            answered = answered + 1
        end
        if answered > 0 then
            self.pongs = answered == #self.pongs and ({}) or __TS__ArraySlice(self.pongs, answered)
            local ____self_takeQueued_1 = self.takeQueued
            local ____temp_0
            if maxBytes == nil then
                ____temp_0 = nil
            else
                ____temp_0 = room
            end
            frames[#frames + 1] = ____self_takeQueued_1(self, ____temp_0)
            return table.concat(frames, "")
        end
    end
    return self:takeQueued(maxBytes)
end
function Connection.prototype.takeQueued(self, maxBytes)
    local taken = self.outgoing:take(maxBytes)
    if self.extensionToClose ~= nil and self.outgoing.sourceCount == 0 then
        self:closeExtension()
    end
    return taken
end
function Connection.prototype.outgoingSize(self)
    local pongs = #self.pongs
    if pongs == 0 then
        return self.outgoing.size
    end
    return self.outgoing.size + self.pongBytes + pongs * self:headerSize()
end
function Connection.prototype.hasEvents(self)
    if self.eventsHead >= self.eventsTail then
        self:pump(DECODE_STEPS)
        if self.receivePieces and self.eventsHead >= self.eventsTail then
            self:flushPiece()
        end
    end
    return self.eventsHead < self.eventsTail
end
function Connection.prototype.nextEvent(self)
    if self.eventsHead >= self.eventsTail then
        self:pump(DECODE_STEPS)
        if self.receivePieces and self.eventsHead >= self.eventsTail then
            self:flushPiece()
        end
        if self.eventsHead >= self.eventsTail then
            return nil
        end
    end
    local head = self.eventsHead
    local event = self.events[head + 1]
    if head + 1 >= self.eventsTail then
        self.events = {}
        self.eventsHead = 0
        self.eventsTail = 0
        self.queuedBytes = 0
    else
        self.eventsHead = head + 1
    end
    return event
end
function Connection.prototype.wantsTransportClosed(self)
    return self.state == 3
end
function Connection.prototype.transportEnd(self)
    if self.state ~= 3 then
        return 0
    end
    if self.eofReceived or self.streamFailed then
        return 1
    end
    return self.role == 1 and 3 or 2
end
function Connection.prototype.drainTimeout(self)
    return self.role == 1 and ____exports.SERVER_DRAIN_SECONDS or 0
end
function Connection.prototype.peerFinTimeout(self)
    local ____end = self:transportEnd()
    if ____end == 2 then
        return ____exports.CLIENT_FIN_WAIT_SECONDS
    end
    if ____end == 3 then
        return ____exports.SERVER_FIN_WAIT_SECONDS
    end
    return 0
end
function Connection.prototype.receiveHandshake(self, bytes)
    self.early = self.early .. bytes
end
function Connection.prototype.endOfInput(self)
    self:connectionLost("closed", self.eofReason)
end
function Connection.prototype.queueRaw(self, bytes)
    self.outgoing:push(bytes, "", "")
end
function Connection.prototype.failWith(self, failure)
    if self.state == 3 then
        return
    end
    if self.state ~= 0 and isSendableCloseCode(failure.code) then
        self:sendClose(failure.code, "")
    end
    local event = {type = "error", errorType = failure.errorType, code = failure.code, reason = failure.reason}
    if failure.status ~= nil then
        event.status = failure.status
        event.headers = failure.headers
        event.body = failure.body
    end
    self:queueEvent(event)
    self:finish(failure.code, failure.reason, false)
end
function Connection.prototype.queueEvent(self, event)
    self.events[self.eventsTail + 1] = event
    self.eventsTail = self.eventsTail + 1
end
function Connection.prototype.pump(self, steps)
    if self.stop ~= 0 then
        if self.eventsHead < self.eventsTail then
            return
        end
        self:applyStop()
    end
    if self.state ~= 1 and self.state ~= 2 then
        return
    end
    if self.eventsTail - self.eventsHead >= QUEUED_EVENTS_BOUND or self.queuedBytes >= QUEUED_BYTES_BOUND then
        return
    end
    local decoder = self.decoder
    local assembler = self.assembler
    local extension = self.extension
    do
        while true do
            local result
            if self.transformHeld then
                if self.transformAllowance <= 0 then
                    return
                end
                result = self:pullTransformed(self.heldFrameComplete)
            else
                local step = decoder:next()
                if step == nil then
                    if self.eofPending then
                        self.eofPending = false
                        self:endOfInput()
                    end
                    return
                end
                if step == 1 and extension == nil and decoder.frameComplete then
                    steps = steps - 1
                    result = assembler:wholeFrame(decoder.fin, decoder.opcode, decoder.payload)
                else
                    if step == 1 then
                        steps = steps - 1
                        local length = decoder.length
                        if extension ~= nil then
                            local verdict = self:beginExtensionFrame()
                            if verdict ~= nil then
                                self:stopWith(verdict)
                                return
                            end
                            if self.transforming then
                                length = 0
                            end
                        end
                        local refused = assembler:beginFrame(decoder.fin, decoder.opcode, length)
                        if refused ~= nil then
                            self:stopWith(refused)
                            return
                        end
                    elseif step ~= 2 then
                        self:stopWith(step)
                        return
                    end
                    local ____temp_2
                    if extension == nil or not self.transforming then
                        ____temp_2 = assembler:addPayload(decoder.payload, decoder.frameComplete)
                    else
                        ____temp_2 = self:transformPayload(decoder.payload, decoder.frameComplete)
                    end
                    result = ____temp_2
                end
            end
            if result ~= nil then
                if result.type == "message" then
                    local tail = self.eventsTail
                    self.events[tail + 1] = result
                    self.eventsTail = tail + 1
                    local bytes = self.queuedBytes + #result.data
                    self.queuedBytes = bytes
                    if tail + 1 - self.eventsHead >= QUEUED_EVENTS_BOUND or bytes >= QUEUED_BYTES_BOUND then
                        return
                    end
                elseif result.type == "control" then
                    if result.opcode == 8 then
                        self.closeReceived = true
                        self.stopPayload = result.payload
                        self.stop = 2
                        if self.eventsHead < self.eventsTail then
                            return
                        end
                        self:applyStop()
                        return
                    end
                    self:handleControl(result.opcode, result.payload)
                    if self.eventsTail - self.eventsHead >= QUEUED_EVENTS_BOUND then
                        return
                    end
                else
                    self:stopWith(result)
                    return
                end
            elseif self.receivePieces and assembler:heldBytes() >= QUEUED_BYTES_BOUND then
                self:flushPiece()
                if self.queuedBytes >= QUEUED_BYTES_BOUND then
                    return
                end
            end
            if steps <= 0 then
                return
            end
        end
    end
end
function Connection.prototype.stopWith(self, failure)
    self.stop = 1
    self.stopFailure = failure
    if self.eventsHead < self.eventsTail then
        return
    end
    self:applyStop()
end
function Connection.prototype.applyStop(self)
    local stop = self.stop
    self.stop = 0
    if stop == 1 then
        local failure = self.stopFailure
        self.stopFailure = nil
        self:failWith(failure)
    elseif stop == 2 then
        local payload = self.stopPayload
        self.stopPayload = ""
        self:handleClose(payload)
    end
end
function Connection.prototype.beginExtensionFrame(self)
    local decoder = self.decoder
    local verdict = self.extension:decodeFrame({
        fin = decoder.fin,
        rsv1 = decoder.rsv1,
        rsv2 = decoder.rsv2,
        rsv3 = decoder.rsv3,
        opcode = decoder.opcode,
        length = decoder.length
    })
    if verdict == 1 then
        self.transforming = false
        return nil
    end
    if verdict == 2 then
        self.transforming = true
        return nil
    end
    return verdict
end
function Connection.prototype.transformPayload(self, slice, frameComplete)
    self.extension:decodePush(slice, frameComplete)
    return self:pullTransformed(frameComplete)
end
function Connection.prototype.pullTransformed(self, frameComplete)
    local extension = self.extension
    local assembler = self.assembler
    do
        while true do
            local allowance = self.transformAllowance
            if allowance <= 0 then
                self.transformHeld = true
                self.heldFrameComplete = frameComplete
                return nil
            end
            local output = extension:decodePull(allowance < EXTENSION_SLICE and allowance or EXTENSION_SLICE)
            if type(output) ~= "string" then
                self.transformHeld = false
                return output
            end
            if output == "" then
                break
            end
            self.transformAllowance = allowance - #output
            self.transformedBytes = self.transformedBytes + #output
            local result = assembler:addTransformedPayload(output, false)
            if result ~= nil then
                self.transformHeld = false
                return result
            end
        end
    end
    self.transformHeld = false
    if not frameComplete then
        return nil
    end
    self.transforming = false
    return assembler:addTransformedPayload("", true)
end
function Connection.prototype.handleControl(self, opcode, payload)
    if opcode == 9 then
        if self.closeSent then
            return
        end
        local pongs = self.pongs
        if #pongs < ____exports.MAX_PENDING_PONGS then
            pongs[#pongs + 1] = payload
        else
            self.pongBytes = self.pongBytes - #pongs[#pongs]
            pongs[#pongs] = payload
        end
        self.pongBytes = self.pongBytes + #payload
        return
    end
    if self.receivePieces then
        self:flushPiece()
    end
    self.pongsReceived = self.pongsReceived + 1
    self:queueEvent({type = "pong", data = payload})
end
function Connection.prototype.handleClose(self, payload)
    local close = parseClosePayload(payload)
    if close.type == "failure" then
        self:failWith(close)
        return
    end
    if not self.closeSent then
        local ____self_sendClose_4 = self.sendClose
        local ____temp_3
        if close.code == 1005 then
            ____temp_3 = nil
        else
            ____temp_3 = close.code
        end
        ____self_sendClose_4(self, ____temp_3, "")
    end
    self:finish(close.code, close.reason, true)
end
function Connection.prototype.flushPiece(self)
    if self.state ~= 1 and self.state ~= 2 then
        return
    end
    if self.stop ~= 0 then
        return
    end
    local piece = self.assembler:takePiece()
    if piece == nil then
        return
    end
    self.queuedBytes = self.queuedBytes + #piece.data
    self:queueEvent(piece)
end
function Connection.prototype.finish(self, code, reason, wasClean)
    self.state = 3
    local extension = self.extension
    if extension ~= nil then
        self.extension = nil
        self.extensionToClose = extension
        if self.outgoing.sourceCount == 0 then
            self:closeExtension()
        end
    end
    self.early = ""
    self.outgoingStream:reset()
    self.stop = 0
    self.stopFailure = nil
    self:queueEvent({type = "close", code = code, reason = reason, wasClean = wasClean})
end
function Connection.prototype.sendClose(self, code, reason)
    if self.closeSent then
        return
    end
    for ____, pong in ipairs(self.pongs) do
        self:queueFrame(10, pong, 0, true)
    end
    self.pongs = {}
    self.pongBytes = 0
    self.closeSent = true
    local cut = #reason > MAX_CLOSE_REASON and __TS__StringSubstring(reason, 0, MAX_CLOSE_REASON) or reason
    self:queueFrame(
        8,
        encodeClosePayload(code, cut),
        0,
        true
    )
end
function Connection.prototype.closeExtension(self)
    local extension = self.extensionToClose
    self.extensionToClose = nil
    if extension.close ~= nil then
        extension:close()
    end
end
function Connection.prototype.keySource(self)
    local ____temp_5
    if self.role == 0 then
        ____temp_5 = self.random
    else
        ____temp_5 = nil
    end
    return ____temp_5
end
function Connection.prototype.headerSize(self)
    return self.role == 0 and 2 + MASK_KEY_LENGTH or 2
end
function Connection.prototype.maskKey(self)
    return self.role == 0 and self.random(MASK_KEY_LENGTH) or ""
end
function Connection.prototype.queueFrame(self, opcode, payload, rsv, fin)
    local key = self.role == 0 and self.random(MASK_KEY_LENGTH) or ""
    self.outgoing:push(
        encodeFrameHeader(
            opcode,
            fin,
            #payload,
            key,
            rsv
        ),
        payload,
        key
    )
end
return ____exports
 end,
["ts.core.http-head"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringSplit = ____lualib.__TS__StringSplit
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local __TS__ArrayPush = ____lualib.__TS__ArrayPush
local ____exports = {}
____exports.CRLF = "\r\n"
____exports.HEAD_END = "\r\n\r\n"
--- The largest head (request or status line + header fields) accepted; SPEC section 7 answers a
-- larger request with 431.
____exports.MAX_HEAD_SIZE = 16384
--- tchar (RFC 9110 section 5.6.2): "!#$%&'*+-.^_`|~", digits and letters.
function ____exports.isTokenChar(c)
    if c >= 48 and c <= 57 or c >= 65 and c <= 90 or c >= 97 and c <= 122 then
        return true
    end
    return (string.find(
        "!#$%&'*+-.^_`|~",
        string.char(c),
        nil,
        true
    ) or 0) - 1 >= 0
end
--- True when `text` is a non-empty HTTP token: a valid header name or subprotocol name.
function ____exports.isToken(text)
    if #text == 0 then
        return false
    end
    do
        local i = 0
        while i < #text do
            if not ____exports.isTokenChar(__TS__StringCharCodeAt(text, i)) then
                return false
            end
            i = i + 1
        end
    end
    return true
end
--- A header value may hold visible characters, spaces and tabs, but no CR, LF, NUL or other control
-- characters: they would let a value end the header line and inject fields of its own.
function ____exports.isFieldValue(text)
    do
        local i = 0
        while i < #text do
            local c = __TS__StringCharCodeAt(text, i)
            if c < 32 and c ~= 9 or c == 127 then
                return false
            end
            i = i + 1
        end
    end
    return true
end
function ____exports.isSpaceOrTab(c)
    return c == 32 or c == 9
end
--- Strips optional whitespace (spaces and tabs) around a field value. Not String.trim: its notion of
-- whitespace is Unicode's, which a byte string must not be judged by.
function ____exports.trimOws(text)
    local start = 0
    local finish = #text
    while start < finish and ____exports.isSpaceOrTab(__TS__StringCharCodeAt(text, start)) do
        start = start + 1
    end
    while finish > start and ____exports.isSpaceOrTab(__TS__StringCharCodeAt(text, finish - 1)) do
        finish = finish - 1
    end
    return __TS__StringSubstring(text, start, finish)
end
--- Splits a comma-separated field value into its non-empty, trimmed elements.
function ____exports.listElements(value)
    local elements = {}
    for ____, piece in ipairs(__TS__StringSplit(value, ",")) do
        local element = ____exports.trimOws(piece)
        if #element > 0 then
            elements[#elements + 1] = element
        end
    end
    return elements
end
--- True when the comma-separated `values` contain `token`, compared case-insensitively.
function ____exports.listHasToken(values, token)
    for ____, element in ipairs(____exports.listElements(table.concat(values, ","))) do
        if string.lower(element) == token then
            return true
        end
    end
    return false
end
--- The header fields of a head, by lower-cased name. A list, not an object keyed by name: a peer must
-- not be able to name a field "__proto__" or "constructor" and reach JavaScript's prototypes.
____exports.HeaderFields = __TS__Class()
local HeaderFields = ____exports.HeaderFields
HeaderFields.name = "HeaderFields"
function HeaderFields.prototype.____constructor(self)
    self.list = {}
end
function HeaderFields.prototype.add(self, name, value)
    local ____self_list_0 = self.list
    ____self_list_0[#____self_list_0 + 1] = {name = name, value = value}
end
function HeaderFields.prototype.get(self, name)
    local found
    for ____, field in ipairs(self.list) do
        if field.name == name then
            found = found or ({})
            found[#found + 1] = field.value
        end
    end
    return found
end
--- The header lines of a head (`lines[first]` on) as fields; the malformed line when there is one.
-- Header field names are case-insensitive; a field may repeat (RFC 9110 section 5.3). Obsolete line
-- folding (a line starting with whitespace) is malformed here, as RFC 9112 section 5.2 allows.
function ____exports.parseHeaderLines(lines, first)
    local fields = __TS__New(____exports.HeaderFields)
    do
        local i = first
        while i < #lines do
            local line = lines[i + 1]
            local colon = (string.find(line, ":", nil, true) or 0) - 1
            if colon <= 0 or not ____exports.isToken(__TS__StringSubstring(line, 0, colon)) then
                return {malformed = line}
            end
            fields:add(
                string.lower(__TS__StringSubstring(line, 0, colon)),
                ____exports.trimOws(__TS__StringSubstring(line, colon + 1))
            )
            i = i + 1
        end
    end
    return fields
end
--- Where a head ends in `buffer`: the index just after the blank line, or -1 while it has not
-- arrived. `searchFrom` lets a caller that appends bytes skip what it already searched.
function ____exports.findHeadEnd(buffer, searchFrom)
    local at = (string.find(
        buffer,
        ____exports.HEAD_END,
        math.max((searchFrom > 3 and searchFrom - 3 or 0) + 1, 1),
        true
    ) or 0) - 1
    return at < 0 and -1 or at + #____exports.HEAD_END
end
--- Peer text quoted in a reason: bounded, and with control bytes replaced so a reason stays one line.
function ____exports.printable(text)
    local limited = #text > 200 and __TS__StringSubstring(text, 0, 200) .. "..." or text
    local parts = {}
    local start = 0
    do
        local i = 0
        while i < #limited do
            local c = __TS__StringCharCodeAt(limited, i)
            if c < 32 or c == 127 then
                __TS__ArrayPush(
                    parts,
                    __TS__StringSubstring(limited, start, i),
                    "?"
                )
                start = i + 1
            end
            i = i + 1
        end
    end
    parts[#parts + 1] = __TS__StringSubstring(limited, start)
    return table.concat(parts, "")
end
return ____exports
 end,
["ts.core.url"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__ArrayPush = ____lualib.__TS__ArrayPush
local __TS__StringCharAt = ____lualib.__TS__StringCharAt
local ____exports = {}
____exports.DEFAULT_PORT_WS = 80
____exports.DEFAULT_PORT_WSS = 443
local MAX_PORT = 65535
local HEX_DIGITS = "0123456789abcdef"
local function failure(text, why)
    return {error = (("invalid WebSocket URL \"" .. text) .. "\": ") .. why}
end
local function isDigit(c)
    return c >= 48 and c <= 57
end
local function isHexDigit(c)
    return isDigit(c) or c >= 65 and c <= 70 or c >= 97 and c <= 102
end
local function hexValue(c)
    if c <= 57 then
        return c - 48
    end
    if c <= 70 then
        return c - 55
    end
    return c - 87
end
--- Letters, digits and "-._~": the unreserved characters (RFC 3986 section 2.3), all a host name needs.
local function isHostNameChar(c)
    return isDigit(c) or c >= 65 and c <= 90 or c >= 97 and c <= 122 or c == 45 or c == 46 or c == 95 or c == 126
end
--- Decodes %XX escapes; undefined when an escape is malformed.
local function percentDecode(text)
    if (string.find(text, "%", nil, true) or 0) - 1 < 0 then
        return text
    end
    local parts = {}
    local start = 0
    local i = (string.find(text, "%", nil, true) or 0) - 1
    while i >= 0 do
        local hi = __TS__StringCharCodeAt(text, i + 1)
        local lo = __TS__StringCharCodeAt(text, i + 2)
        if not (isHexDigit(hi) and isHexDigit(lo)) then
            return nil
        end
        __TS__ArrayPush(
            parts,
            __TS__StringSubstring(text, start, i),
            string.char(hexValue(hi) * 16 + hexValue(lo))
        )
        start = i + 3
        i = (string.find(
            text,
            "%",
            math.max(start + 1, 1),
            true
        ) or 0) - 1
    end
    parts[#parts + 1] = __TS__StringSubstring(text, start)
    return table.concat(parts, "")
end
--- The request target, with spaces, control characters and non-ASCII bytes percent-encoded so the
-- request line stays one valid line whatever the game passed.
local function encodeResource(resource)
    local parts = {}
    local start = 0
    do
        local i = 0
        while i < #resource do
            local c = __TS__StringCharCodeAt(resource, i)
            if c <= 32 or c >= 127 then
                __TS__ArrayPush(
                    parts,
                    __TS__StringSubstring(resource, start, i),
                    "%",
                    string.upper(__TS__StringCharAt(
                        HEX_DIGITS,
                        math.floor(c / 16)
                    )),
                    string.upper(__TS__StringCharAt(HEX_DIGITS, c % 16))
                )
                start = i + 1
            end
            i = i + 1
        end
    end
    if start == 0 then
        return resource
    end
    parts[#parts + 1] = __TS__StringSubstring(resource, start)
    return table.concat(parts, "")
end
--- Parses a ws:// or wss:// URL; returns `{ url }` or `{ error }` with a message naming the problem.
function ____exports.parseWebSocketUrl(text)
    local schemeEnd = (string.find(text, "://", nil, true) or 0) - 1
    if schemeEnd < 0 then
        return failure(text, "expected ws:// or wss://")
    end
    local scheme = string.lower(__TS__StringSubstring(text, 0, schemeEnd))
    if scheme ~= "ws" and scheme ~= "wss" then
        return failure(text, ("unsupported scheme \"" .. scheme) .. "\" (use ws:// or wss://)")
    end
    local secure = scheme == "wss"
    if (string.find(text, "#", nil, true) or 0) - 1 >= 0 then
        return failure(text, "a WebSocket URL must not have a fragment (#)")
    end
    local rest = __TS__StringSubstring(text, schemeEnd + 3)
    local authorityEnd = #rest
    local slash = (string.find(rest, "/", nil, true) or 0) - 1
    local question = (string.find(rest, "?", nil, true) or 0) - 1
    if slash >= 0 then
        authorityEnd = slash
    end
    if question >= 0 and question < authorityEnd then
        authorityEnd = question
    end
    local authority = __TS__StringSubstring(rest, 0, authorityEnd)
    local pathAndQuery = __TS__StringSubstring(rest, authorityEnd)
    local username
    local password
    local at = -1
    do
        local next = (string.find(authority, "@", nil, true) or 0) - 1
        while next >= 0 do
            at = next
            next = (string.find(
                authority,
                "@",
                math.max(next + 1 + 1, 1),
                true
            ) or 0) - 1
        end
    end
    if at >= 0 then
        local userInfo = __TS__StringSubstring(authority, 0, at)
        authority = __TS__StringSubstring(authority, at + 1)
        local colon = (string.find(userInfo, ":", nil, true) or 0) - 1
        local rawUser = colon >= 0 and __TS__StringSubstring(userInfo, 0, colon) or userInfo
        username = percentDecode(rawUser)
        if colon >= 0 then
            password = percentDecode(__TS__StringSubstring(userInfo, colon + 1))
            if password == nil then
                return failure(text, "malformed percent-escape in the password")
            end
        end
        if username == nil then
            return failure(text, "malformed percent-escape in the user name")
        end
    end
    local host
    local ipv6 = false
    local portText
    if (string.byte(authority, 1) or 0 / 0) == 91 then
        local close = (string.find(authority, "]", nil, true) or 0) - 1
        if close < 0 then
            return failure(text, "unterminated IPv6 address")
        end
        host = string.lower(__TS__StringSubstring(authority, 1, close))
        ipv6 = true
        do
            local i = 0
            while i < #host do
                local c = __TS__StringCharCodeAt(host, i)
                if not (isHexDigit(c) or c == 58 or c == 46) then
                    return failure(text, "malformed IPv6 address")
                end
                i = i + 1
            end
        end
        if (string.find(host, ":", nil, true) or 0) - 1 < 0 then
            return failure(text, "malformed IPv6 address")
        end
        local after = __TS__StringSubstring(authority, close + 1)
        if #after > 0 then
            if (string.byte(after, 1) or 0 / 0) ~= 58 then
                return failure(text, "unexpected characters after the IPv6 address")
            end
            portText = __TS__StringSubstring(after, 1)
        end
    else
        local colon = (string.find(authority, ":", nil, true) or 0) - 1
        host = string.lower(colon >= 0 and __TS__StringSubstring(authority, 0, colon) or authority)
        if colon >= 0 then
            portText = __TS__StringSubstring(authority, colon + 1)
        end
        do
            local i = 0
            while i < #host do
                if not isHostNameChar(__TS__StringCharCodeAt(host, i)) then
                    return failure(text, "invalid character in the host name")
                end
                i = i + 1
            end
        end
    end
    if #host == 0 then
        return failure(text, "missing host")
    end
    local port = secure and ____exports.DEFAULT_PORT_WSS or ____exports.DEFAULT_PORT_WS
    if portText ~= nil and #portText > 0 then
        if #portText > 5 then
            return failure(text, "port out of range")
        end
        port = 0
        do
            local i = 0
            while i < #portText do
                local c = __TS__StringCharCodeAt(portText, i)
                if not isDigit(c) then
                    return failure(text, "the port must be a number")
                end
                port = port * 10 + (c - 48)
                i = i + 1
            end
        end
        if port < 1 or port > MAX_PORT then
            return failure(text, "port out of range")
        end
    end
    local resource = pathAndQuery
    if #resource == 0 or (string.byte(resource, 1) or 0 / 0) == 63 then
        resource = "/" .. resource
    end
    local url = {
        secure = secure,
        host = host,
        ipv6 = ipv6,
        port = port,
        resource = encodeResource(resource)
    }
    if username ~= nil then
        url.username = username
    end
    if password ~= nil then
        url.password = password
    end
    return {url = url}
end
--- The value of the Host header: the host (IPv6 in brackets), with the port unless it is the default.
function ____exports.hostHeaderValue(url)
    local host = url.ipv6 and ("[" .. url.host) .. "]" or url.host
    local defaultPort = url.secure and ____exports.DEFAULT_PORT_WSS or ____exports.DEFAULT_PORT_WS
    return url.port == defaultPort and host or (host .. ":") .. tostring(url.port)
end
return ____exports
 end,
["ts.core.client-handshake"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local __TS__StringSplit = ____lualib.__TS__StringSplit
local __TS__Number = ____lualib.__TS__Number
local ____exports = {}
local ____kernels = require("lua.kernels")
local sha1 = ____kernels.sha1
local ____base64 = require("ts.core.base64")
local base64Encode = ____base64.base64Encode
local ____http_2Dhead = require("ts.core.http-head")
local CRLF = ____http_2Dhead.CRLF
local HEAD_END = ____http_2Dhead.HEAD_END
local isFieldValue = ____http_2Dhead.isFieldValue
local isToken = ____http_2Dhead.isToken
local listElements = ____http_2Dhead.listElements
local listHasToken = ____http_2Dhead.listHasToken
local MAX_HEAD_SIZE = ____http_2Dhead.MAX_HEAD_SIZE
local parseHeaderLines = ____http_2Dhead.parseHeaderLines
local printable = ____http_2Dhead.printable
local ____protocol_2Derror = require("ts.core.protocol-error")
local handshakeFailure = ____protocol_2Derror.handshakeFailure
local ____url = require("ts.core.url")
local hostHeaderValue = ____url.hostHeaderValue
do
    local ____http_2Dhead = require("ts.core.http-head")
    ____exports.findHeadEnd = ____http_2Dhead.findHeadEnd
    ____exports.isToken = ____http_2Dhead.isToken
end
--- "The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of this
-- header field MUST be 13."
____exports.WEBSOCKET_VERSION = "13"
--- The GUID appended to the key before hashing (section 1.3).
____exports.ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
--- "The request MUST include a header field with the name |Sec-WebSocket-Key|. The value of this header
-- field MUST be a nonce consisting of a randomly selected 16-byte value that has been base64-encoded."
____exports.KEY_BYTES = 16
--- The largest response head (status line + header fields) accepted; a server that sends more before
-- the blank line is not a WebSocket server worth waiting for.
____exports.MAX_RESPONSE_HEAD = MAX_HEAD_SIZE
--- How much of a refused answer's body an ErrorEvent carries (SPEC section 2, ONERROR "handshake").
____exports.MAX_REFUSAL_BODY = 4096
--- Header fields the handshake itself writes; game code cannot set or override them.
local RESERVED_HEADERS = {
    "host",
    "upgrade",
    "connection",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-accept",
    "sec-websocket-extensions",
    "sec-websocket-protocol",
    "content-length",
    "transfer-encoding"
}
--- Checks one extra header field from game code; returns why it cannot be sent, or undefined.
function ____exports.checkHeaderField(name, value)
    if not isToken(name) then
        return ("invalid header name \"" .. name) .. "\""
    end
    if __TS__ArrayIndexOf(
        RESERVED_HEADERS,
        string.lower(name)
    ) >= 0 then
        return ("header \"" .. name) .. "\" is set by the WebSocket handshake itself"
    end
    if not isFieldValue(value) then
        return ("invalid value for header \"" .. name) .. "\" (control characters such as CR or LF are not allowed)"
    end
    return nil
end
--- Checks everything game code puts into the request; returns the first problem, or undefined.
function ____exports.checkHandshakeOptions(options)
    for ____, protocol in ipairs(options.protocols) do
        if not isToken(protocol) then
            return ("invalid subprotocol name \"" .. protocol) .. "\""
        end
    end
    for ____, ____value in ipairs(options.headers) do
        local name = ____value[1]
        local value = ____value[2]
        local values = type(value) == "string" and ({value}) or value
        for ____, one in ipairs(values) do
            local problem = ____exports.checkHeaderField(name, one)
            if problem ~= nil then
                return problem
            end
        end
    end
    if options.origin ~= nil and not isFieldValue(options.origin) then
        return "invalid origin (control characters are not allowed)"
    end
    if options.username ~= nil and (string.find(options.username, ":", nil, true) or 0) - 1 >= 0 then
        return "the user name must not contain ':'"
    end
    return nil
end
--- The Sec-WebSocket-Key for 16 random bytes.
function ____exports.makeKey(randomBytes)
    return base64Encode(randomBytes)
end
--- The Sec-WebSocket-Accept a server must answer `key` with (section 4.2.2).
function ____exports.expectedAccept(key)
    return base64Encode(sha1(key .. ____exports.ACCEPT_GUID))
end
--- The opening handshake request (section 4.1), head and blank line.
function ____exports.buildHandshakeRequest(options, key)
    local url = options.url
    local lines = {
        ("GET " .. url.resource) .. " HTTP/1.1",
        "Host: " .. hostHeaderValue(url),
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: " .. key,
        "Sec-WebSocket-Version: " .. ____exports.WEBSOCKET_VERSION
    }
    if options.origin ~= nil then
        lines[#lines + 1] = "Origin: " .. options.origin
    end
    if #options.protocols > 0 then
        lines[#lines + 1] = "Sec-WebSocket-Protocol: " .. table.concat(options.protocols, ", ")
    end
    if options.extensions ~= nil then
        lines[#lines + 1] = "Sec-WebSocket-Extensions: " .. options.extensions
    end
    for ____, ____value in ipairs(options.headers) do
        local name = ____value[1]
        local value = ____value[2]
        if type(value) == "string" then
            lines[#lines + 1] = (name .. ": ") .. value
        else
            for ____, one in ipairs(value) do
                lines[#lines + 1] = (name .. ": ") .. one
            end
        end
    end
    local username = options.username or url.username
    if username ~= nil then
        local ____temp_0
        if options.username ~= nil then
            ____temp_0 = options.password
        else
            ____temp_0 = url.password
        end
        local password = ____temp_0
        lines[#lines + 1] = "Authorization: Basic " .. base64Encode((username .. ":") .. (password or ""))
    end
    return table.concat(lines, CRLF or ",") .. HEAD_END
end
--- "101" from "HTTP/1.1 101 Switching Protocols"; undefined when the line is not an HTTP status line.
local function statusCode(statusLine)
    if __TS__StringSubstring(statusLine, 0, 5) ~= "HTTP/" then
        return nil
    end
    local space = (string.find(statusLine, " ", nil, true) or 0) - 1
    if space < 0 then
        return nil
    end
    local code = __TS__StringSubstring(statusLine, space + 1, space + 4)
    if #code ~= 3 then
        return nil
    end
    do
        local i = 0
        while i < 3 do
            local c = __TS__StringCharCodeAt(code, i)
            if c < 48 or c > 57 then
                return nil
            end
            i = i + 1
        end
    end
    if #statusLine > space + 4 and __TS__StringCharCodeAt(statusLine, space + 4) ~= 32 then
        return nil
    end
    return code
end
--- Validates the server's response head (everything up to and including the blank line) against the
-- request (section 4.1, "the client MUST validate the server's response as follows").
function ____exports.validateHandshakeResponse(head, key, protocols, offeredExtensions)
    if offeredExtensions == nil then
        offeredExtensions = false
    end
    local lines = __TS__StringSplit(
        __TS__StringSubstring(head, 0, #head - #HEAD_END),
        CRLF
    )
    local statusLine = lines[1]
    local code = statusCode(statusLine)
    if code == nil then
        return handshakeFailure(("not an HTTP response: \"" .. printable(statusLine)) .. "\"")
    end
    local fields = parseHeaderLines(lines, 1)
    if code ~= "101" then
        local refused = handshakeFailure(("server answered \"" .. printable(statusLine)) .. "\" instead of 101 Switching Protocols")
        refused.status = __TS__Number(code)
        refused.headers = fields.malformed ~= nil and ({}) or fields.list
        refused.body = ""
        return refused
    end
    if fields.malformed ~= nil then
        return handshakeFailure(("malformed header line in the response: \"" .. printable(fields.malformed)) .. "\"")
    end
    local upgrade = fields:get("upgrade")
    if upgrade == nil then
        return handshakeFailure("the response has no Upgrade header")
    end
    if #upgrade ~= 1 or string.lower(upgrade[1]) ~= "websocket" then
        return handshakeFailure(("the response has \"Upgrade: " .. printable(table.concat(upgrade, ", "))) .. "\" instead of websocket")
    end
    local connection = fields:get("connection")
    if connection == nil then
        return handshakeFailure("the response has no Connection header")
    end
    if not listHasToken(connection, "upgrade") then
        return handshakeFailure(("the response has \"Connection: " .. printable(table.concat(connection, ", "))) .. "\" without the upgrade token")
    end
    local accept = fields:get("sec-websocket-accept")
    if accept == nil then
        return handshakeFailure("the response has no Sec-WebSocket-Accept header")
    end
    if #accept ~= 1 or accept[1] ~= ____exports.expectedAccept(key) then
        return handshakeFailure(("wrong Sec-WebSocket-Accept \"" .. printable(table.concat(accept, ", "))) .. "\"")
    end
    local extensions = fields:get("sec-websocket-extensions") or ({})
    if not offeredExtensions and #listElements(table.concat(extensions, ",")) > 0 then
        return handshakeFailure(("the server uses extensions that were not offered: \"" .. printable(table.concat(extensions, ", "))) .. "\"")
    end
    local protocol = ""
    local chosen = fields:get("sec-websocket-protocol")
    if chosen ~= nil then
        if #protocols == 0 then
            return handshakeFailure(("the server chose subprotocol \"" .. printable(table.concat(chosen, ", "))) .. "\" although none was offered")
        end
        if #chosen ~= 1 or __TS__ArrayIndexOf(protocols, chosen[1]) < 0 then
            return handshakeFailure(("the server chose subprotocol \"" .. printable(table.concat(chosen, ", "))) .. "\", which was not offered")
        end
        protocol = chosen[1]
    end
    return {type = "accepted", protocol = protocol, extensions = extensions}
end
return ____exports
 end,
["ts.core.extension-header"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__New = ____lualib.__TS__New
local __TS__Class = ____lualib.__TS__Class
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringCharAt = ____lualib.__TS__StringCharAt
local ____exports = {}
local COMMA, SEMICOLON, EQUALS, QUOTE, Scanner
local ____http_2Dhead = require("ts.core.http-head")
local isSpaceOrTab = ____http_2Dhead.isSpaceOrTab
local isToken = ____http_2Dhead.isToken
local isTokenChar = ____http_2Dhead.isTokenChar
local printable = ____http_2Dhead.printable
--- The list in `values` (the field values, in order), or the reason it is malformed.
function ____exports.parseExtensionHeader(values)
    local text = table.concat(values, ",")
    local offers = {}
    local scanner = __TS__New(Scanner, text)
    do
        while true do
            do
                local __continue4
                repeat
                    scanner:skipSpace()
                    if scanner:atEnd() then
                        break
                    end
                    if scanner:peek() == COMMA then
                        scanner.position = scanner.position + 1
                        __continue4 = true
                        break
                    end
                    local name = scanner:token()
                    if name == nil then
                        return scanner:malformed("an extension name")
                    end
                    local params = {}
                    scanner:skipSpace()
                    while scanner:peek() == SEMICOLON do
                        scanner.position = scanner.position + 1
                        scanner:skipSpace()
                        local paramName = scanner:token()
                        if paramName == nil then
                            return scanner:malformed("a parameter name")
                        end
                        scanner:skipSpace()
                        if scanner:peek() == EQUALS then
                            scanner.position = scanner.position + 1
                            scanner:skipSpace()
                            local ____temp_0
                            if scanner:peek() == QUOTE then
                                ____temp_0 = scanner:quotedString()
                            else
                                ____temp_0 = scanner:token()
                            end
                            local value = ____temp_0
                            if value == nil or not isToken(value) then
                                return scanner:malformed(("a token value for \"" .. paramName) .. "\"")
                            end
                            params[#params + 1] = {name = paramName, value = value}
                            scanner:skipSpace()
                        else
                            params[#params + 1] = {name = paramName}
                        end
                    end
                    offers[#offers + 1] = {name = name, params = params}
                    if scanner:atEnd() then
                        break
                    end
                    if scanner:peek() ~= COMMA then
                        return scanner:malformed("\";\" or \",\"")
                    end
                    scanner.position = scanner.position + 1
                    __continue4 = true
                until true
                if not __continue4 then
                    break
                end
            end
        end
    end
    return offers
end
--- The header value for `offers`: "name; param; param=value, name2". Names and values must be
-- tokens (the caller's own constants), which need no quoting.
function ____exports.buildExtensionHeader(offers)
    local parts = {}
    for ____, offer in ipairs(offers) do
        local part = offer.name
        for ____, param in ipairs(offer.params) do
            part = part .. (param.value == nil and "; " .. param.name or (("; " .. param.name) .. "=") .. param.value)
        end
        parts[#parts + 1] = part
    end
    return table.concat(parts, ", ")
end
COMMA = 44
SEMICOLON = 59
EQUALS = 61
QUOTE = 34
local BACKSLASH = 92
Scanner = __TS__Class()
Scanner.name = "Scanner"
function Scanner.prototype.____constructor(self, text)
    self.text = text
    self.position = 0
end
function Scanner.prototype.atEnd(self)
    return self.position >= #self.text
end
function Scanner.prototype.peek(self)
    return self.position < #self.text and __TS__StringCharCodeAt(self.text, self.position) or -1
end
function Scanner.prototype.skipSpace(self)
    while self.position < #self.text and isSpaceOrTab(__TS__StringCharCodeAt(self.text, self.position)) do
        self.position = self.position + 1
    end
end
function Scanner.prototype.token(self)
    local start = self.position
    while self.position < #self.text and isTokenChar(__TS__StringCharCodeAt(self.text, self.position)) do
        self.position = self.position + 1
    end
    return self.position > start and __TS__StringSubstring(self.text, start, self.position) or nil
end
function Scanner.prototype.quotedString(self)
    self.position = self.position + 1
    local parts = {}
    while self.position < #self.text do
        local c = __TS__StringCharCodeAt(self.text, self.position)
        if c == QUOTE then
            self.position = self.position + 1
            return table.concat(parts, "")
        end
        if c == BACKSLASH then
            self.position = self.position + 1
            if self.position >= #self.text then
                return nil
            end
        elseif c < 32 and c ~= 9 or c == 127 then
            return nil
        end
        parts[#parts + 1] = __TS__StringCharAt(self.text, self.position)
        self.position = self.position + 1
    end
    return nil
end
function Scanner.prototype.malformed(self, expected)
    return {malformed = ((((("expected " .. expected) .. " at byte ") .. tostring(self.position + 1)) .. " of \"") .. printable(self.text)) .. "\""}
end
return ____exports
 end,
["ts.core.permessage-deflate"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local ____frame = require("ts.core.frame")
local RSV1_BIT = ____frame.RSV1_BIT
local ____protocol_2Derror = require("ts.core.protocol-error")
local invalidPayload = ____protocol_2Derror.invalidPayload
local messageTooBig = ____protocol_2Derror.messageTooBig
local protocolViolation = ____protocol_2Derror.protocolViolation
____exports.PERMESSAGE_DEFLATE = "permessage-deflate"
--- The four bytes that end a sync flush (an empty stored block's LEN and NLEN), which the codec
-- removes from every deflated message (RFC 7692 section 7.2.1).
local SYNC_FLUSH_TAIL = string.char(0, 0, 255, 255)
--- A non-final stored block's header bits, padded to the byte: what a stripped sync flush of no data
-- is, at a byte boundary.
local EMPTY_STORED_BLOCK_HEAD = string.char(0)
____exports.PerMessageDeflate = __TS__Class()
local PerMessageDeflate = ____exports.PerMessageDeflate
PerMessageDeflate.name = "PerMessageDeflate"
function PerMessageDeflate.prototype.____constructor(self, codec, agreement, sending, maxMessageSize)
    self.codec = codec
    self.agreement = agreement
    self.sending = sending
    self.name = ____exports.PERMESSAGE_DEFLATE
    self.claimsRsv1 = true
    self.claimsRsv2 = false
    self.claimsRsv3 = false
    self.compressedMessage = false
    self.finalFrame = false
    self.inflating = false
    self.streamCompressed = false
    self.inflater = codec.newInflater({windowBits = agreement.peerWindowBits, noContextTakeover = agreement.peerNoContextTakeover, maxMessageSize = maxMessageSize})
end
function PerMessageDeflate.prototype.decodeFrame(self, header)
    local opcode = header.opcode
    if opcode >= 8 then
        if header.rsv1 then
            return protocolViolation("RSV1 set on a control frame")
        end
        return 1
    end
    if opcode == 0 then
        if header.rsv1 then
            return protocolViolation("RSV1 set on a continuation frame")
        end
    else
        self.compressedMessage = header.rsv1
    end
    if not self.compressedMessage then
        return 1
    end
    self.finalFrame = header.fin
    if header.fin then
        self.compressedMessage = false
    end
    return 2
end
function PerMessageDeflate.prototype.decodePush(self, bytes, frameComplete)
    local last = frameComplete and self.finalFrame
    if bytes == "" and not last then
        return
    end
    self.inflater:write(bytes, last)
    self.inflating = true
end
function PerMessageDeflate.prototype.decodePull(self, maxBytes)
    while self.inflating do
        local step = self.inflater:read(maxBytes)
        local status = step.status
        if status == "too-big" then
            return messageTooBig(("a compressed message inflates past maxMessageSize (" .. (step.error or "too big")) .. ")")
        end
        if status == "error" then
            return invalidPayload("invalid compressed data: " .. (step.error or "inflate failed"))
        end
        if status ~= "more" then
            self.inflating = false
        end
        if step.data ~= "" then
            return step.data
        end
    end
    return ""
end
function PerMessageDeflate.prototype.encodeMessage(self, _opcode, payload, compress)
    if not self:compresses(payload, compress) then
        return {payload = payload, rsv = 0}
    end
    return {
        payload = self:deflate(payload),
        rsv = RSV1_BIT
    }
end
function PerMessageDeflate.prototype.encodeFragment(self, _opcode, payload, first, fin, compress)
    if first then
        self.streamCompressed = self:compresses(payload, compress)
    end
    if not self.streamCompressed then
        return {payload = payload, rsv = 0}
    end
    return self:encodePiece(payload, first, fin)
end
function PerMessageDeflate.prototype.wouldEncode(self, payload, compress)
    return self:compresses(payload, compress)
end
function PerMessageDeflate.prototype.encodePiece(self, payload, first, fin)
    local rsv = first and RSV1_BIT or 0
    if payload == "" then
        return {payload = fin and EMPTY_STORED_BLOCK_HEAD or "", rsv = rsv}
    end
    local deflated = self:deflate(payload)
    return {payload = fin and deflated or deflated .. SYNC_FLUSH_TAIL, rsv = rsv}
end
function PerMessageDeflate.prototype.compresses(self, payload, compress)
    local sending = self.sending
    return not (compress == false or sending.level == 0 or #payload < sending.threshold)
end
function PerMessageDeflate.prototype.deflate(self, payload)
    local deflater = self.deflater
    if deflater == nil then
        local agreement = self.agreement
        deflater = self.codec.newDeflater({windowBits = agreement.ownWindowBits, noContextTakeover = agreement.ownNoContextTakeover, level = self.sending.level})
        self.deflater = deflater
    end
    deflater:write(payload)
    local parts = {}
    do
        while true do
            local step = deflater:read(#payload + 1024)
            parts[#parts + 1] = step.data
            if step.status == "done" then
                break
            end
        end
    end
    return table.concat(parts, "")
end
function PerMessageDeflate.prototype.close(self)
    self.inflater:close()
    if self.deflater ~= nil then
        self.deflater:close()
    end
    self.deflater = nil
end
return ____exports
 end,
["ts.core.deflate-negotiation"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local ____exports = {}
local ____extension_2Dheader = require("ts.core.extension-header")
local buildExtensionHeader = ____extension_2Dheader.buildExtensionHeader
local ____permessage_2Ddeflate = require("ts.core.permessage-deflate")
local PERMESSAGE_DEFLATE = ____permessage_2Ddeflate.PERMESSAGE_DEFLATE
____exports.DEFAULT_DEFLATE_SETTINGS = {
    threshold = 1024,
    level = 1,
    clientNoContextTakeover = false,
    serverNoContextTakeover = false,
    clientMaxWindowBits = 15,
    serverMaxWindowBits = 15
}
local SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover"
local CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover"
local SERVER_MAX_WINDOW_BITS = "server_max_window_bits"
local CLIENT_MAX_WINDOW_BITS = "client_max_window_bits"
--- The texts of the window sizes 8-15 (section 7.1.2: 1*DIGIT, no leading zero); written out so
-- that Lua 5.3's floats never print as "12.0".
local WINDOW_BITS_TEXT = {
    "8",
    "9",
    "10",
    "11",
    "12",
    "13",
    "14",
    "15"
}
local function bitsText(bits)
    return WINDOW_BITS_TEXT[bits - 8 + 1]
end
--- "8" .. "15" as a number, else undefined.
local function windowBits(value)
    if value == nil then
        return nil
    end
    local index = __TS__ArrayIndexOf(WINDOW_BITS_TEXT, value)
    local ____temp_0
    if index < 0 then
        ____temp_0 = nil
    else
        ____temp_0 = index + 8
    end
    return ____temp_0
end
--- The client's offer: `permessage-deflate; client_max_window_bits` with the defaults, as browsers
-- send it (the bare client_max_window_bits lets the server ask for a smaller window).
function ____exports.buildDeflateOffer(settings)
    local params = {}
    if settings.clientNoContextTakeover then
        params[#params + 1] = {name = CLIENT_NO_CONTEXT_TAKEOVER}
    end
    if settings.serverNoContextTakeover then
        params[#params + 1] = {name = SERVER_NO_CONTEXT_TAKEOVER}
    end
    if settings.serverMaxWindowBits < 15 then
        params[#params + 1] = {
            name = SERVER_MAX_WINDOW_BITS,
            value = bitsText(settings.serverMaxWindowBits)
        }
    end
    params[#params + 1] = settings.clientMaxWindowBits < 15 and ({
        name = CLIENT_MAX_WINDOW_BITS,
        value = bitsText(settings.clientMaxWindowBits)
    }) or ({name = CLIENT_MAX_WINDOW_BITS})
    return buildExtensionHeader({{name = PERMESSAGE_DEFLATE, params = params}})
end
local function parseParams(params, isOffer)
    local parsed = {serverNoContextTakeover = false, clientNoContextTakeover = false}
    local seen = {}
    for ____, param in ipairs(params) do
        local name = param.name
        if __TS__ArrayIndexOf(seen, name) >= 0 then
            return ("parameter " .. name) .. " appears twice"
        end
        seen[#seen + 1] = name
        if name == SERVER_NO_CONTEXT_TAKEOVER or name == CLIENT_NO_CONTEXT_TAKEOVER then
            if param.value ~= nil then
                return ("parameter " .. name) .. " takes no value"
            end
            if name == SERVER_NO_CONTEXT_TAKEOVER then
                parsed.serverNoContextTakeover = true
            else
                parsed.clientNoContextTakeover = true
            end
        elseif name == SERVER_MAX_WINDOW_BITS then
            local bits = windowBits(param.value)
            if bits == nil then
                return ("parameter " .. name) .. " needs a value from 8 to 15"
            end
            parsed.serverMaxWindowBits = bits
        elseif name == CLIENT_MAX_WINDOW_BITS then
            if param.value == nil and isOffer then
                parsed.clientMaxWindowBits = 0
            else
                local bits = windowBits(param.value)
                if bits == nil then
                    return ("parameter " .. name) .. " needs a value from 8 to 15"
                end
                parsed.clientMaxWindowBits = bits
            end
        else
            return "unknown parameter " .. name
        end
    end
    return parsed
end
--- The client's check of the server's Sec-WebSocket-Extensions answer (parsed) to our offer of
-- `settings`. No element: an uncompressed connection. One valid permessage-deflate: its agreement.
function ____exports.acceptDeflateAnswer(answer, settings)
    if #answer == 0 then
        return {}
    end
    local names = {}
    for ____, element in ipairs(answer) do
        names[#names + 1] = element.name
    end
    if #answer > 1 or answer[1].name ~= PERMESSAGE_DEFLATE then
        return {problem = "the server uses extensions that were not offered: " .. table.concat(names, ", ")}
    end
    local parsed = parseParams(answer[1].params, false)
    if type(parsed) == "string" then
        return {problem = "invalid permessage-deflate answer: " .. parsed}
    end
    if settings.serverNoContextTakeover and not parsed.serverNoContextTakeover then
        return {problem = "invalid permessage-deflate answer: server_no_context_takeover was offered and not answered"}
    end
    local serverBits = parsed.serverMaxWindowBits or 15
    if settings.serverMaxWindowBits < 15 then
        if parsed.serverMaxWindowBits == nil or serverBits > settings.serverMaxWindowBits then
            return {problem = "invalid permessage-deflate answer: server_max_window_bits must be at most " .. tostring(settings.serverMaxWindowBits)}
        end
    end
    local clientBits = settings.clientMaxWindowBits
    if parsed.clientMaxWindowBits ~= nil then
        if parsed.clientMaxWindowBits > settings.clientMaxWindowBits then
            return {problem = "invalid permessage-deflate answer: client_max_window_bits must be at most " .. tostring(settings.clientMaxWindowBits)}
        end
        clientBits = parsed.clientMaxWindowBits
    end
    if serverBits < 8 then
        serverBits = 8
    end
    return {agreement = {peerNoContextTakeover = parsed.serverNoContextTakeover, ownNoContextTakeover = parsed.clientNoContextTakeover or settings.clientNoContextTakeover, peerWindowBits = serverBits, ownWindowBits = clientBits}}
end
--- The server's choice among the client's offers (in the client's order of preference, section
-- 5): the first valid permessage-deflate offer, answered with the parameters in force. An invalid
-- offer is declined (section 7.1: "a server MUST decline an extension negotiation offer" with
-- unknown, duplicate or invalid parameters) and the next one considered.
function ____exports.answerDeflateOffers(offers, settings)
    for ____, offer in ipairs(offers) do
        do
            local __continue37
            repeat
                if offer.name ~= PERMESSAGE_DEFLATE then
                    __continue37 = true
                    break
                end
                local parsed = parseParams(offer.params, true)
                if type(parsed) == "string" then
                    __continue37 = true
                    break
                end
                local params = {}
                local serverNoContextTakeover = parsed.serverNoContextTakeover or settings.serverNoContextTakeover
                local clientNoContextTakeover = parsed.clientNoContextTakeover or settings.clientNoContextTakeover
                if serverNoContextTakeover then
                    params[#params + 1] = {name = SERVER_NO_CONTEXT_TAKEOVER}
                end
                if clientNoContextTakeover then
                    params[#params + 1] = {name = CLIENT_NO_CONTEXT_TAKEOVER}
                end
                local serverBits = settings.serverMaxWindowBits
                if parsed.serverMaxWindowBits ~= nil and parsed.serverMaxWindowBits < serverBits then
                    serverBits = parsed.serverMaxWindowBits
                end
                if serverBits < 15 or parsed.serverMaxWindowBits ~= nil then
                    params[#params + 1] = {
                        name = SERVER_MAX_WINDOW_BITS,
                        value = bitsText(serverBits)
                    }
                end
                local clientBits = 15
                if parsed.clientMaxWindowBits ~= nil then
                    clientBits = settings.clientMaxWindowBits
                    if parsed.clientMaxWindowBits ~= 0 and parsed.clientMaxWindowBits < clientBits then
                        clientBits = parsed.clientMaxWindowBits
                    end
                    if clientBits < 15 then
                        params[#params + 1] = {
                            name = CLIENT_MAX_WINDOW_BITS,
                            value = bitsText(clientBits)
                        }
                    end
                end
                return {
                    header = buildExtensionHeader({{name = PERMESSAGE_DEFLATE, params = params}}),
                    agreement = {peerNoContextTakeover = clientNoContextTakeover, ownNoContextTakeover = serverNoContextTakeover, peerWindowBits = clientBits, ownWindowBits = serverBits}
                }
            until true
            if not __continue37 then
                break
            end
        end
    end
    return nil
end
return ____exports
 end,
["ts.core.client-connection"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__ClassExtends = ____lualib.__TS__ClassExtends
local __TS__ObjectAssign = ____lualib.__TS__ObjectAssign
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__New = ____lualib.__TS__New
local __TS__Number = ____lualib.__TS__Number
local ____exports = {}
local refusalBodySize
local ____connection = require("ts.core.connection")
local Connection = ____connection.Connection
local ____client_2Dhandshake = require("ts.core.client-handshake")
local buildHandshakeRequest = ____client_2Dhandshake.buildHandshakeRequest
local KEY_BYTES = ____client_2Dhandshake.KEY_BYTES
local makeKey = ____client_2Dhandshake.makeKey
local MAX_REFUSAL_BODY = ____client_2Dhandshake.MAX_REFUSAL_BODY
local MAX_RESPONSE_HEAD = ____client_2Dhandshake.MAX_RESPONSE_HEAD
local validateHandshakeResponse = ____client_2Dhandshake.validateHandshakeResponse
local ____http_2Dhead = require("ts.core.http-head")
local findHeadEnd = ____http_2Dhead.findHeadEnd
local ____protocol_2Derror = require("ts.core.protocol-error")
local handshakeFailure = ____protocol_2Derror.handshakeFailure
local ____deflate_2Dnegotiation = require("ts.core.deflate-negotiation")
local acceptDeflateAnswer = ____deflate_2Dnegotiation.acceptDeflateAnswer
local buildDeflateOffer = ____deflate_2Dnegotiation.buildDeflateOffer
local ____extension_2Dheader = require("ts.core.extension-header")
local parseExtensionHeader = ____extension_2Dheader.parseExtensionHeader
local ____permessage_2Ddeflate = require("ts.core.permessage-deflate")
local PerMessageDeflate = ____permessage_2Ddeflate.PerMessageDeflate
function refusalBodySize(refusal)
    for ____, field in ipairs(refusal.headers) do
        if field.name == "content-length" then
            local length = __TS__Number(field.value)
            if length == length and length >= 0 then
                return length < MAX_REFUSAL_BODY and length or MAX_REFUSAL_BODY
            end
        end
    end
    return MAX_REFUSAL_BODY
end
____exports.ClientConnection = __TS__Class()
local ClientConnection = ____exports.ClientConnection
ClientConnection.name = "ClientConnection"
__TS__ClassExtends(ClientConnection, Connection)
function ClientConnection.prototype.____constructor(self, options)
    Connection.prototype.____constructor(self, {role = 0, maxMessageSize = options.maxMessageSize, random = options.random, receiveFragments = options.receiveFragments})
    self.handshakeBuffer = ""
    self.refusalBodyWanted = 0
    self.protocols = options.protocols
    self.key = makeKey(options.random(KEY_BYTES))
    self.inflateLimit = options.maxMessageSize
    local ____temp_0
    if options.codec ~= nil then
        ____temp_0 = options.compression
    else
        ____temp_0 = nil
    end
    local compression = ____temp_0
    self.compression = compression
    self.codec = options.codec
    if compression ~= nil then
        options = __TS__ObjectAssign(
            {},
            options,
            {extensions = buildDeflateOffer(compression)}
        )
    end
    self:queueRaw(buildHandshakeRequest(options, self.key))
end
function ClientConnection.prototype.fail(self, errorType, code, reason)
    if self.refusal ~= nil then
        self:failRefused()
        return
    end
    Connection.prototype.fail(self, errorType, code, reason)
end
function ClientConnection.prototype.connectionLost(self, errorType, reason)
    if self.refusal ~= nil then
        self.streamFailed = true
        self:failRefused()
        return
    end
    Connection.prototype.connectionLost(self, errorType, reason)
end
function ClientConnection.prototype.endOfInput(self)
    if self.refusal ~= nil then
        self:failRefused()
        return
    end
    Connection.prototype.endOfInput(self)
end
function ClientConnection.prototype.receiveHandshake(self, bytes)
    if self.refusal ~= nil then
        self:addRefusalBody(bytes)
        return
    end
    local searchFrom = #self.handshakeBuffer
    local buffer = self.handshakeBuffer .. bytes
    local ____end = findHeadEnd(buffer, searchFrom)
    if ____end < 0 then
        if #buffer > MAX_RESPONSE_HEAD then
            self.handshakeBuffer = ""
            self:failWith(handshakeFailure(("the response head is larger than " .. tostring(MAX_RESPONSE_HEAD)) .. " bytes"))
        else
            self.handshakeBuffer = buffer
        end
        return
    end
    self.handshakeBuffer = ""
    if ____end > MAX_RESPONSE_HEAD then
        self:failWith(handshakeFailure(("the response head is larger than " .. tostring(MAX_RESPONSE_HEAD)) .. " bytes"))
        return
    end
    local compression = self.compression
    local verdict = validateHandshakeResponse(
        __TS__StringSubstring(buffer, 0, ____end),
        self.key,
        self.protocols,
        compression ~= nil
    )
    if verdict.type == "failure" then
        if verdict.status == nil then
            self:failWith(verdict)
            return
        end
        self.refusal = verdict
        self.refusalBodyWanted = refusalBodySize(verdict)
        self:addRefusalBody(__TS__StringSubstring(buffer, ____end))
        return
    end
    local extension
    local extensions = ""
    if compression ~= nil and #verdict.extensions > 0 then
        local answer = parseExtensionHeader(verdict.extensions)
        if answer.malformed ~= nil then
            self:failWith(handshakeFailure("malformed Sec-WebSocket-Extensions answer: " .. answer.malformed))
            return
        end
        local negotiated = acceptDeflateAnswer(answer, compression)
        if negotiated.problem ~= nil then
            self:failWith(handshakeFailure(negotiated.problem))
            return
        end
        if negotiated.agreement ~= nil then
            extension = __TS__New(
                PerMessageDeflate,
                self.codec,
                negotiated.agreement,
                compression,
                self.inflateLimit
            )
            extensions = table.concat(verdict.extensions, ", ")
        end
    end
    self:open(verdict.protocol, extensions, extension)
    local rest = __TS__StringSubstring(buffer, ____end)
    if #rest > 0 then
        self:receive(rest)
    end
end
function ClientConnection.prototype.addRefusalBody(self, bytes)
    local refusal = self.refusal
    local body = refusal.body .. bytes
    refusal.body = #body > self.refusalBodyWanted and __TS__StringSubstring(body, 0, self.refusalBodyWanted) or body
    if #refusal.body >= self.refusalBodyWanted then
        self:failRefused()
    end
end
function ClientConnection.prototype.failRefused(self)
    local refusal = self.refusal
    self.refusal = nil
    if self.state == 0 then
        self:failWith(refusal)
    end
end
return ____exports
 end,
["ts.core.server-handshake"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringSplit = ____lualib.__TS__StringSplit
local __TS__Unpack = ____lualib.__TS__Unpack
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
local ____base64 = require("ts.core.base64")
local isBase64OfLength = ____base64.isBase64OfLength
local ____client_2Dhandshake = require("ts.core.client-handshake")
local ACCEPT_GUID = ____client_2Dhandshake.ACCEPT_GUID
local expectedAccept = ____client_2Dhandshake.expectedAccept
local KEY_BYTES = ____client_2Dhandshake.KEY_BYTES
local WEBSOCKET_VERSION = ____client_2Dhandshake.WEBSOCKET_VERSION
local ____extension_2Dheader = require("ts.core.extension-header")
local parseExtensionHeader = ____extension_2Dheader.parseExtensionHeader
local ____http_2Dhead = require("ts.core.http-head")
local CRLF = ____http_2Dhead.CRLF
local findHeadEnd = ____http_2Dhead.findHeadEnd
local HEAD_END = ____http_2Dhead.HEAD_END
local isFieldValue = ____http_2Dhead.isFieldValue
local isToken = ____http_2Dhead.isToken
local listElements = ____http_2Dhead.listElements
local listHasToken = ____http_2Dhead.listHasToken
local MAX_HEAD_SIZE = ____http_2Dhead.MAX_HEAD_SIZE
local parseHeaderLines = ____http_2Dhead.parseHeaderLines
local printable = ____http_2Dhead.printable
____exports.ACCEPT_GUID = ACCEPT_GUID
--- HTTP reason phrases of the statuses the server answers with.
local STATUS_TEXT = {
    [400] = "Bad Request",
    [403] = "Forbidden",
    [404] = "Not Found",
    [426] = "Upgrade Required",
    [431] = "Request Header Fields Too Large",
    [500] = "Internal Server Error",
    [503] = "Service Unavailable"
}
--- A refusal answer: status line, a short plain-text body saying why, `Connection: close` (the
-- server closes after writing it), and for 426 the version the server speaks (section 4.2.2: "a
-- |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of
-- understanding").
function ____exports.buildRefusal(status, reason)
    local body = reason .. "\n"
    local lines = {
        (("HTTP/1.1 " .. tostring(status)) .. " ") .. (STATUS_TEXT[status] or "Error"),
        "Content-Type: text/plain; charset=utf-8",
        "Content-Length: " .. tostring(#body),
        "Connection: close"
    }
    if status == 426 then
        lines[#lines + 1] = "Sec-WebSocket-Version: " .. WEBSOCKET_VERSION
    end
    return {
        type = "refused",
        status = status,
        reason = reason,
        response = (table.concat(lines, CRLF or ",") .. HEAD_END) .. body
    }
end
--- The 101 answer (section 4.2.2): Upgrade, Connection, Sec-WebSocket-Accept, and the chosen
-- subprotocol and extensions header when there are any ("" leaves the field out).
function ____exports.buildAcceptResponse(key, protocol, extensions)
    local lines = {
        "HTTP/1.1 101 Switching Protocols",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Accept: " .. expectedAccept(key)
    }
    if protocol ~= "" then
        lines[#lines + 1] = "Sec-WebSocket-Protocol: " .. protocol
    end
    if extensions ~= "" then
        lines[#lines + 1] = "Sec-WebSocket-Extensions: " .. extensions
    end
    return table.concat(lines, CRLF or ",") .. HEAD_END
end
--- The server's choice (SPEC section 7): the first of its own protocols, in its preference order,
-- that the client offered; "" when they share none (the connection opens without one).
function ____exports.chooseSubprotocol(offered, supported)
    for ____, protocol in ipairs(supported) do
        if __TS__ArrayIndexOf(offered, protocol) >= 0 then
            return protocol
        end
    end
    return ""
end
local function badRequest(reason)
    return ____exports.buildRefusal(400, reason)
end
--- The one field `name` of a request; a Refusal when it is absent or repeated.
local function single(fields, name, label)
    local values = fields:get(name)
    if values == nil then
        return badRequest(("the request has no " .. label) .. " header")
    end
    if #values ~= 1 then
        return badRequest(((("the request has " .. tostring(#values)) .. " ") .. label) .. " headers")
    end
    return values[1]
end
--- Validates a complete request head (everything up to and including the blank line), section 4.2.1.
function ____exports.validateUpgradeRequest(head)
    if #head > MAX_HEAD_SIZE then
        return ____exports.buildRefusal(
            431,
            ("the request head is larger than " .. tostring(MAX_HEAD_SIZE)) .. " bytes"
        )
    end
    local lines = __TS__StringSplit(
        __TS__StringSubstring(head, 0, #head - #HEAD_END),
        CRLF
    )
    local requestLine = __TS__StringSplit(lines[1], " ")
    if #requestLine ~= 3 then
        return badRequest(("not an HTTP request line: \"" .. printable(lines[1])) .. "\"")
    end
    local method, target, version = __TS__Unpack(requestLine)
    if method ~= "GET" then
        return badRequest(("method " .. printable(method)) .. " instead of GET")
    end
    if #version ~= 8 or __TS__StringSubstring(version, 0, 7) ~= "HTTP/1." or (string.byte(version, 8) or 0 / 0) < 49 or (string.byte(version, 8) or 0 / 0) > 57 then
        return badRequest(printable(version) .. " instead of HTTP/1.1")
    end
    if string.sub(target, 1, 1) ~= "/" or not isFieldValue(target) then
        return badRequest(("request target \"" .. printable(target)) .. "\" is not a path")
    end
    local fields = parseHeaderLines(lines, 1)
    if fields.malformed ~= nil then
        return badRequest(("malformed header line in the request: \"" .. printable(fields.malformed)) .. "\"")
    end
    local host = single(fields, "host", "Host")
    if type(host) ~= "string" then
        return host
    end
    local upgrade = fields:get("upgrade")
    if upgrade == nil or not listHasToken(upgrade, "websocket") then
        return badRequest("the request has no Upgrade: websocket header")
    end
    local connection = fields:get("connection")
    if connection == nil or not listHasToken(connection, "upgrade") then
        return badRequest("the request has no Connection header with the upgrade token")
    end
    local key = single(fields, "sec-websocket-key", "Sec-WebSocket-Key")
    if type(key) ~= "string" then
        return key
    end
    if not isBase64OfLength(key, KEY_BYTES) then
        return badRequest(("Sec-WebSocket-Key \"" .. printable(key)) .. "\" is not 16 bytes in base64")
    end
    local version13 = single(fields, "sec-websocket-version", "Sec-WebSocket-Version")
    if type(version13) ~= "string" then
        return version13
    end
    if version13 ~= WEBSOCKET_VERSION then
        return ____exports.buildRefusal(
            426,
            ("Sec-WebSocket-Version " .. printable(version13)) .. " is not supported; this server speaks 13"
        )
    end
    local origins = fields:get("origin")
    if origins ~= nil and #origins ~= 1 then
        return badRequest("the request has several Origin headers")
    end
    local protocols = {}
    local offered = fields:get("sec-websocket-protocol")
    if offered ~= nil then
        for ____, protocol in ipairs(listElements(table.concat(offered, ","))) do
            if not isToken(protocol) then
                return badRequest(("invalid subprotocol \"" .. printable(protocol)) .. "\"")
            end
            protocols[#protocols + 1] = protocol
        end
    end
    local extensions = {}
    local extensionFields = fields:get("sec-websocket-extensions")
    if extensionFields ~= nil then
        local parsed = parseExtensionHeader(extensionFields)
        if parsed.malformed ~= nil then
            return badRequest("malformed Sec-WebSocket-Extensions: " .. parsed.malformed)
        end
        extensions = parsed
    end
    local length = fields:get("content-length")
    if fields:get("transfer-encoding") ~= nil or length ~= nil and not (#length == 1 and length[1] == "0") then
        return badRequest("an upgrade request has no body")
    end
    local question = (string.find(target, "?", nil, true) or 0) - 1
    local ____target_1 = target
    local ____temp_2 = question < 0 and target or __TS__StringSubstring(target, 0, question)
    local ____temp_3 = question < 0 and "" or __TS__StringSubstring(target, question + 1)
    local ____host_4 = host
    local ____fields_list_5 = fields.list
    local ____temp_0
    if origins == nil then
        ____temp_0 = nil
    else
        ____temp_0 = origins[1]
    end
    return {
        target = ____target_1,
        path = ____temp_2,
        query = ____temp_3,
        host = ____host_4,
        headers = ____fields_list_5,
        origin = ____temp_0,
        protocols = protocols,
        extensions = extensions,
        key = key
    }
end
--- The request head as it arrives, in any pieces: receive() buffers until the blank line (searching
-- only the new bytes), refuses with 431 as soon as more than 16 KiB came without one, and then
-- returns the validated request or its refusal. `rest` holds the bytes that followed the head (a
-- client may send frames right behind its request).
____exports.UpgradeRequestReader = __TS__Class()
local UpgradeRequestReader = ____exports.UpgradeRequestReader
UpgradeRequestReader.name = "UpgradeRequestReader"
function UpgradeRequestReader.prototype.____constructor(self)
    self.rest = ""
    self.buffer = ""
    self.done = false
end
function UpgradeRequestReader.prototype.receive(self, bytes)
    if self.done then
        self.rest = self.rest .. bytes
        return nil
    end
    local searchFrom = #self.buffer
    local buffer = self.buffer .. bytes
    local ____end = findHeadEnd(buffer, searchFrom)
    if ____end < 0 then
        if #buffer > MAX_HEAD_SIZE then
            self.done = true
            self.buffer = ""
            return ____exports.buildRefusal(
                431,
                ("the request head is larger than " .. tostring(MAX_HEAD_SIZE)) .. " bytes"
            )
        end
        self.buffer = buffer
        return nil
    end
    self.done = true
    self.buffer = ""
    self.rest = __TS__StringSubstring(buffer, ____end)
    return ____exports.validateUpgradeRequest(__TS__StringSubstring(buffer, 0, ____end))
end
--- True when `verdict` is a refusal.
function ____exports.isRefusal(verdict)
    return verdict.type == "refused"
end
return ____exports
 end,
["ts.core.server-connection"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__ClassExtends = ____lualib.__TS__ClassExtends
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____connection = require("ts.core.connection")
local Connection = ____connection.Connection
local ____protocol_2Derror = require("ts.core.protocol-error")
local handshakeFailure = ____protocol_2Derror.handshakeFailure
local ____server_2Dhandshake = require("ts.core.server-handshake")
local buildAcceptResponse = ____server_2Dhandshake.buildAcceptResponse
local buildRefusal = ____server_2Dhandshake.buildRefusal
local isRefusal = ____server_2Dhandshake.isRefusal
local UpgradeRequestReader = ____server_2Dhandshake.UpgradeRequestReader
____exports.ServerConnection = __TS__Class()
local ServerConnection = ____exports.ServerConnection
ServerConnection.name = "ServerConnection"
__TS__ClassExtends(ServerConnection, Connection)
function ServerConnection.prototype.____constructor(self, options)
    Connection.prototype.____constructor(self, {role = 1, maxMessageSize = options.maxMessageSize})
    self.reader = __TS__New(UpgradeRequestReader)
end
function ServerConnection.prototype.accept(self, protocol, extensions, extension)
    if extensions == nil then
        extensions = ""
    end
    local request = self.request
    if request == nil then
        return false
    end
    self.request = nil
    self:queueRaw(buildAcceptResponse(request.key, protocol, extensions))
    local rest = self.reader.rest
    self.reader.rest = ""
    self:open(protocol, extensions, extension)
    if rest ~= "" then
        self:receive(rest)
    end
    return true
end
function ServerConnection.prototype.reject(self, status, reason)
    if self.request == nil then
        return false
    end
    self.request = nil
    self:refuse(buildRefusal(status, reason))
    return true
end
function ServerConnection.prototype.receiveHandshake(self, bytes)
    local verdict = self.reader:receive(bytes)
    if verdict == nil then
        return
    end
    if isRefusal(verdict) then
        self:refuse(verdict)
    else
        self.request = verdict
    end
end
function ServerConnection.prototype.refuse(self, refusal)
    self:queueRaw(refusal.response)
    local failure = handshakeFailure((("refused the handshake with " .. tostring(refusal.status)) .. ": ") .. refusal.reason)
    failure.status = refusal.status
    self:failWith(failure)
end
return ____exports
 end,
["ts.plugin.arguments"] = function(...) 
local ____exports = {}
--- The `error` level that names the game's line from inside an API method of a client, server or
-- peer: the game calls the method of the object's facade (facade.ts), which calls the method.
____exports.CALLER_OF_METHOD = 3
--- The same from a check that the API method calls (message-arguments.ts).
____exports.CALLER_OF_CHECK = 4
function ____exports.badArgument(index, fname, problem)
    return ((((("bad argument #" .. tostring(index)) .. " to '") .. fname) .. "' (") .. problem) .. ")"
end
--- "string expected, got nil"
function ____exports.typeProblem(expected, value)
    return (expected .. " expected, got ") .. type(value)
end
--- A message when `value` is not of Lua type `expected` (nil allowed when `optional`).
function ____exports.checkType(value, expected, index, fname, optional)
    if optional == nil then
        optional = false
    end
    if optional and value == nil then
        return nil
    end
    if type(value) == expected then
        return nil
    end
    return ____exports.badArgument(
        index,
        fname,
        ____exports.typeProblem(expected, value)
    )
end
return ____exports
 end,
["ts.plugin.bridge-base64"] = function(...) 
local ____exports = {}
--- Base64 (RFC 4648 section 4) for binary messages crossing Solar2D's Lua-JavaScript bridge.
-- 
-- The bridge marshals every argument and return value as JSON text that must be valid UTF-8
-- (dkjson on the Lua side, `UTF8ToString`/`JSON.parse` on the JavaScript side), so a Lua string of
-- arbitrary bytes does not survive it: bytes that are not UTF-8 become U+FFFD. Base64 is ASCII
-- without a character JSON escapes, so it crosses in one piece: 4/3 of the size, and no escape for
-- dkjson's decoder to walk through one by one (Latin-1 in JSON would cost 1 to 6 bytes per byte and
-- an escape per control byte: zero-filled buffers are the worst case).
-- 
-- Lua side only, and written for speed in Lua-in-wasm, the HTML5 engine, where the interpreter
-- is slow and the string library's C is fast: both directions are two `string.gsub` passes with
-- lookup tables through hexadecimal (a byte is 2 hex digits, 3 hex digits are 2 base64 digits),
-- so no Lua code runs per byte. A loop over `string.byte` is as fast in native Lua but 4 to 8
-- times slower in wasm (measured in wasmoon). Input is taken in chunks so the hexadecimal text
-- stays small.
local ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local HEX = "0123456789abcdef"
--- Bytes per encoded chunk: a multiple of 3, so only the last chunk has padding.
local ENCODE_CHUNK = 3 * 16384
--- Digits per decoded chunk: a multiple of 4.
local DECODE_CHUNK = 4 * 16384
local function charAt(text, index)
    return string.sub(text, index + 1, index + 1)
end
--- Built on first use: only HTML5 builds cross the bridge, and the tables hold 8,704 entries (about
-- 500 KiB of Lua heap on Lua 5.4) that every collection would otherwise walk in every client.
local built
local function tables()
    if built ~= nil then
        return built
    end
    local t = {HEX_OF_BYTE = {}, BYTE_OF_HEX = {}, DIGITS_OF_HEX = {}, HEX_OF_DIGITS = {}}
    do
        local i = 0
        while i < 256 do
            local hex = charAt(
                HEX,
                math.floor(i / 16)
            ) .. charAt(HEX, i % 16)
            t.HEX_OF_BYTE[string.char(i)] = hex
            t.BYTE_OF_HEX[hex] = string.char(i)
            i = i + 1
        end
    end
    do
        local n = 0
        while n < 4096 do
            local hex = (charAt(
                HEX,
                math.floor(n / 256)
            ) .. charAt(
                HEX,
                math.floor(n / 16) % 16
            )) .. charAt(HEX, n % 16)
            local digits = charAt(
                ALPHABET,
                math.floor(n / 64)
            ) .. charAt(ALPHABET, n % 64)
            t.DIGITS_OF_HEX[hex] = digits
            t.HEX_OF_DIGITS[digits] = hex
            n = n + 1
        end
    end
    built = t
    return t
end
local function encodeChunk(bytes)
    local ____tables_result_0 = tables()
    local HEX_OF_BYTE = ____tables_result_0.HEX_OF_BYTE
    local DIGITS_OF_HEX = ____tables_result_0.DIGITS_OF_HEX
    local hex = string.gsub(bytes, ".", HEX_OF_BYTE)
    local left = #bytes % 3
    if left == 0 then
        local digits = string.gsub(hex, "...", DIGITS_OF_HEX)
        return digits
    end
    local digits = string.gsub(hex .. (left == 1 and "0" or "00"), "...", DIGITS_OF_HEX)
    return left == 1 and digits .. "==" or string.sub(digits, 1, -2) .. "="
end
function ____exports.encodeBase64(bytes)
    if #bytes <= ENCODE_CHUNK then
        return encodeChunk(bytes)
    end
    local parts = {}
    do
        local i = 1
        while i <= #bytes do
            parts[#parts + 1] = encodeChunk(string.sub(bytes, i, i + ENCODE_CHUNK - 1))
            i = i + ENCODE_CHUNK
        end
    end
    return table.concat(parts)
end
local function decodeChunk(text)
    local ____tables_result_1 = tables()
    local HEX_OF_DIGITS = ____tables_result_1.HEX_OF_DIGITS
    local BYTE_OF_HEX = ____tables_result_1.BYTE_OF_HEX
    local padding = string.sub(text, -2) == "==" and 2 or (string.sub(text, -1) == "=" and 1 or 0)
    local digits = padding == 0 and text or string.sub(text, 1, -3) .. (padding == 2 and "" or string.sub(text, -2, -2) .. "A")
    local hex = string.gsub(digits, "..", HEX_OF_DIGITS)
    local usable = padding == 2 and #hex - 1 or (padding == 1 and #hex - 2 or #hex)
    local bytes = string.gsub(
        string.sub(hex, 1, usable),
        "..",
        BYTE_OF_HEX
    )
    return bytes
end
--- Decodes base64 as the JavaScript module writes it (btoa: padded, no line breaks).
function ____exports.decodeBase64(text)
    if #text <= DECODE_CHUNK then
        return decodeChunk(text)
    end
    local parts = {}
    do
        local i = 1
        while i <= #text do
            parts[#parts + 1] = decodeChunk(string.sub(text, i, i + DECODE_CHUNK - 1))
            i = i + DECODE_CHUNK
        end
    end
    return table.concat(parts)
end
return ____exports
 end,
["ts.plugin.browser-options"] = function(...) 
local ____exports = {}
--- Options a browser cannot honour: `connect` returns `false, message` naming the option.
local REFUSED = {{"headers", "a browser writes the handshake itself and lets a page add no headers"}, {"username", "a browser sends no credentials on a WebSocket handshake"}, {"password", "a browser sends no credentials on a WebSocket handshake"}, {"origin", "the browser sends the page's own Origin"}}
--- Options a browser decides for itself: ignored, with one warning per option and run.
local IGNORED = {
    {"tls", "the browser chooses the TLS version"},
    {"verify", "the browser always verifies the server certificate against its own trust store"},
    {"ca", "the browser always verifies the server certificate against its own trust store"},
    {"pingInterval", "the browser answers pings itself and offers a page no way to send one"},
    {"pongTimeout", "the browser answers pings itself and offers a page no way to send one"}
}
local warned = {}
local function isEmptyTable(value)
    return type(value) == "table" and (next(value)) == nil
end
--- Why `connect` must refuse in a browser (`false, message`), or undefined. Warns once per run for
-- each ignored option given. `options` has already passed readConnectOptions.
function ____exports.browserConnectRefusal(url, options)
    if url.username ~= nil or url.password ~= nil then
        return "connect: user info in the URI (Basic authentication) is not supported in HTML5 builds: a browser sends no credentials on a WebSocket handshake"
    end
    if options == nil then
        return nil
    end
    for ____, ____value in ipairs(REFUSED) do
        local name = ____value[1]
        local why = ____value[2]
        local value = options[name]
        if value ~= nil and not isEmptyTable(value) then
            return (("connect: option '" .. name) .. "' is not supported in HTML5 builds: ") .. why
        end
    end
    for ____, ____value in ipairs(IGNORED) do
        local name = ____value[1]
        local why = ____value[2]
        if options[name] ~= nil and not warned[name] then
            warned[name] = true
            print((("plugin.websockets: connect option '" .. name) .. "' is ignored in HTML5 builds: ") .. why)
        end
    end
    return nil
end
--- `ws:ping` in a browser: `false` and this message.
____exports.BROWSER_PING_REFUSAL = "ping: not supported in HTML5 builds: browsers give pages no way to send a ping (the browser answers the server's pings itself)"
--- For the server (SPEC section 7): a browser cannot listen. `server:listen()` in an HTML5 build
-- must end in this ONERROR, then ONCLOSE with the same code. The server calls it when the plugin
-- runs over a message transport (SharedServices.messages is set).
function ____exports.browserListenFailure()
    return {errorType = "unsupported", code = 1006, reason = "listen: not supported in HTML5 builds: a browser page cannot accept connections"}
end
--- The URL string for the browser's WebSocket constructor, with the `port` option applied.
function ____exports.browserUrl(url, uri, portOption)
    if portOption == nil then
        return uri
    end
    local host = url.ipv6 and ("[" .. url.host) .. "]" or url.host
    return (((((url.secure and "wss" or "ws") .. "://") .. host) .. ":") .. tostring(portOption)) .. url.resource
end
return ____exports
 end,
["ts.transport.message-contract"] = function(...) 
local ____exports = {}
return ____exports
 end,
["ts.plugin.browser-transport"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____bridge_2Dbase64 = require("ts.plugin.bridge-base64")
local decodeBase64 = ____bridge_2Dbase64.decodeBase64
local encodeBase64 = ____bridge_2Dbase64.encodeBase64
local function toSocketEvent(raw)
    repeat
        local ____switch3 = raw.t
        local ____cond3 = ____switch3 == "open"
        if ____cond3 then
            return {type = "open", protocol = raw.d or "", extensions = raw.x or ""}
        end
        ____cond3 = ____cond3 or ____switch3 == "message"
        if ____cond3 then
            do
                local binary = raw.b == true
                local data = raw.d or ""
                return {
                    type = "message",
                    data = binary and decodeBase64(data) or data,
                    binary = binary,
                    final = raw.more ~= true
                }
            end
        end
        ____cond3 = ____cond3 or ____switch3 == "error"
        if ____cond3 then
            return raw.k == "limit" and ({type = "error", errorType = "limit", code = raw.c, reason = raw.d}) or ({type = "error"})
        end
        ____cond3 = ____cond3 or ____switch3 == "close"
        if ____cond3 then
            return {type = "close", code = raw.c or 1006, reason = raw.d or "", wasClean = raw.w == true}
        end
    until true
    return nil
end
local BrowserSocket = __TS__Class()
BrowserSocket.name = "BrowserSocket"
function BrowserSocket.prototype.____constructor(self, module, id)
    self.module = module
    self.id = id
    self.buffered = 0
    self.released = false
end
function BrowserSocket.prototype.poll(self, budget)
    local events = {}
    if self.released then
        return events
    end
    local answer = self.module.poll(self.id, budget)
    if answer == nil then
        return events
    end
    if answer.buffered ~= nil then
        self.buffered = answer.buffered
    end
    local raw = answer.events
    if raw == nil then
        return events
    end
    do
        local i = 1
        while i <= #raw do
            local event = toSocketEvent(raw[i])
            if event ~= nil then
                events[#events + 1] = event
            end
            i = i + 1
        end
    end
    return events
end
function BrowserSocket.prototype.send(self, data, binary)
    return self:answered(self.module.send(
        self.id,
        binary and encodeBase64(data) or data,
        binary
    ))
end
function BrowserSocket.prototype.append(self, piece, binary, final)
    return self:answered(self.module.append(
        self.id,
        binary and encodeBase64(piece) or piece,
        binary,
        final
    ))
end
function BrowserSocket.prototype.answered(self, answer)
    if answer == nil then
        return "send: the browser's WebSocket did not answer"
    end
    if answer.error ~= nil then
        return "send: " .. answer.error
    end
    if answer.buffered ~= nil then
        self.buffered = answer.buffered
    end
    return true
end
function BrowserSocket.prototype.close(self, code, reason)
    self.module.close(self.id, code, reason)
end
function BrowserSocket.prototype.bufferedAmount(self)
    return self.buffered
end
function BrowserSocket.prototype.release(self)
    if self.released then
        return
    end
    self.released = true
    self.buffered = 0
    self.module.release(self.id)
end
--- The transport over the JavaScript module `module` (the table `require("plugin_websockets_js")`
-- returned), or over nothing when it did not load: then every connect fails with `loadError`.
function ____exports.browserTransport(module, loadError)
    local m = module
    local ____temp_0
    if m == nil then
        ____temp_0 = nil
    else
        ____temp_0 = {
            open = m.open,
            send = m.send,
            append = m.append,
            close = m.close,
            poll = m.poll,
            release = m.release
        }
    end
    local bound = ____temp_0
    return {
        name = "browser",
        open = function(url, protocols, maxMessageSize)
            if bound == nil then
                return "the browser transport plugin_websockets_js did not load: " .. (loadError or "unknown reason")
            end
            local answer = bound.open(
                url,
                table.concat(protocols, ","),
                maxMessageSize
            )
            if answer == nil or answer.id == nil then
                return answer and answer.error or "the browser's WebSocket did not start"
            end
            return __TS__New(BrowserSocket, bound, answer.id)
        end
    }
end
return ____exports
 end,
["ts.transport.contract"] = function(...) 
local ____exports = {}
return ____exports
 end,
["ts.plugin.constants"] = function(...) 
local ____exports = {}
--- The event name: `ws:addEventListener(ws.WSEVENT, f)`, and a table listener's method name.
____exports.WSEVENT = "websocket"
____exports.ONOPEN = "onOpen"
____exports.ONMESSAGE = "onMessage"
____exports.ONCLOSE = "onClose"
____exports.ONERROR = "onError"
____exports.ONPONG = "onPong"
--- Server events (SPEC section 7): listening started; a client connected (`event.client`).
____exports.ONLISTEN = "onListen"
____exports.ONCONNECTION = "onConnection"
--- Values of the `tls` connect option: the lowest TLS version accepted.
____exports.TLS_1_0 = "1.0"
____exports.TLS_1_1 = "1.1"
____exports.TLS_1_2 = "1.2"
____exports.TLS_1_3 = "1.3"
____exports.CONNECTING = 0
____exports.OPEN = 1
____exports.CLOSING = 2
____exports.CLOSED = 3
return ____exports
 end,
["ts.plugin.option-keys"] = function(...) 
local ____exports = {}
--- Keys already warned about in this run, by "connect:tsl".
local warned = {}
--- How warnings reach the developer: the console (Solar2D's print).
local function warn(message)
    return print(message)
end
--- Prints one warning for each string key of `options` that `known` lacks and that was not yet
-- reported for `kind` ("connect", "listen").
function ____exports.warnUnknownKeys(options, known, kind)
    for key in pairs(options) do
        do
            local __continue4
            repeat
                local name = tostring(key)
                if type(key) == "string" and known[name] == true then
                    __continue4 = true
                    break
                end
                local id = (kind .. ":") .. name
                if warned[id] == true then
                    __continue4 = true
                    break
                end
                warned[id] = true
                warn(((("plugin.websockets: unknown " .. kind) .. " option '") .. name) .. "' ignored")
                __continue4 = true
            until true
            if not __continue4 then
                break
            end
        end
    end
end
return ____exports
 end,
["ts.plugin.pem-source"] = function(...) 
local ____exports = {}
--- PEM text has its armour line; anything else is taken for a path.
function ____exports.isPemText(value)
    return (string.find(value, "-----BEGIN ", 1, true)) ~= nil
end
local function isAbsolutePath(path)
    return string.sub(path, 1, 1) == "/" or (string.find(path, "^%a:[/\\]")) ~= nil or string.sub(path, 1, 2) == "\\\\"
end
local function solar2dSystem()
    local solar2d = _G.system
    if type(solar2d) == "table" and type(solar2d.pathForFile) == "function" then
        return solar2d
    end
    return nil
end
--- Where a path names the file, resolved as SPEC's `ca` option says: `{ path }`, or `{ missing }`
-- with the reason when Solar2D says the project has no such file (its pathForFile answers nil).
function ____exports.resolveProjectPath(path)
    if isAbsolutePath(path) then
        return {path = path}
    end
    local solar2d = solar2dSystem()
    if solar2d == nil then
        return {path = path}
    end
    local resolved = solar2d.pathForFile(path, solar2d.ResourceDirectory)
    if resolved == nil then
        return {missing = "no such file in the project (system.ResourceDirectory)"}
    end
    return {path = resolved}
end
--- io.open's message without the path it starts with ("x.pem: No such file or directory"), which
-- the caller names already.
local function withoutPath(message, path)
    if message == nil then
        return "cannot be opened"
    end
    local prefix = path .. ": "
    return string.sub(message, 1, #prefix) == prefix and string.sub(message, #prefix + 1) or message
end
--- The PEM bytes `value` stands for, or a message saying why there are none: `what` names the option
-- in that message ("option 'ca'"), which then reads `option 'ca': cannot read 'certs/x.pem': ...`.
function ____exports.readPem(value, what)
    if ____exports.isPemText(value) then
        return {pem = value}
    end
    local where = ____exports.resolveProjectPath(value)
    if where.missing ~= nil then
        return {problem = (((what .. ": cannot read '") .. value) .. "': ") .. where.missing}
    end
    local opener = type(io) == "table" and io.open or nil
    if opener == nil then
        return {problem = ((what .. ": cannot read '") .. value) .. "': this Lua has no io library; pass the PEM text instead"}
    end
    local file, openError = opener(where.path, "rb")
    if file == nil then
        return {problem = (((what .. ": cannot read '") .. value) .. "': ") .. withoutPath(openError, where.path)}
    end
    local readAll = file.read
    local content, readError = readAll(file, "*a")
    file:close()
    if content == nil then
        return {problem = (((what .. ": cannot read '") .. value) .. "': ") .. (readError or "read failed")}
    end
    if not ____exports.isPemText(content) then
        return {problem = ((what .. ": '") .. value) .. "' holds no PEM data: no '-----BEGIN' line"}
    end
    return {pem = content}
end
return ____exports
 end,
["ts.plugin.reconnect-policy"] = function(...) 
local ____exports = {}
____exports.DEFAULT_RECONNECT = {delay = 1, maxDelay = 30, factor = 2, jitter = 0.5}
--- Close codes that say "come back later" (RFC 6455 section 7.4.1 and the IANA registry):
-- 1001 going away, 1011 internal error, 1012 service restart, 1013 try again later, 1014 bad gateway.
local RETRY_CLOSE_CODES = {
    [1001] = true,
    [1011] = true,
    [1012] = true,
    [1013] = true,
    [1014] = true
}
--- Failures of the network, not of the peer's or the game's correctness.
local RETRY_ERROR_TYPES = {dns = true, connect = true, timeout = true, closed = true}
--- Whether an end is one that reconnect retries (SPEC section 8's exact list). A TLS, protocol or
-- limit failure, a 4xx answer and any other close code would fail the same way again, and an end the
-- game asked for is final.
function ____exports.shouldRetry(____end)
    if ____end.requested then
        return false
    end
    if ____end.errorType == "handshake" then
        return ____end.status ~= nil and ____end.status >= 500 and ____end.status <= 599
    end
    if ____end.errorType ~= nil then
        return RETRY_ERROR_TYPES[____end.errorType] == true
    end
    return ____end.closeCode ~= nil and RETRY_CLOSE_CODES[____end.closeCode] == true
end
--- Seconds to wait before attempt `attempt` (1 for the first after an end). `random` is a number in
-- [0, 1) drawn by the caller.
function ____exports.reconnectDelay(settings, attempt, random)
    local full = math.min(settings.maxDelay, settings.delay * settings.factor ^ (attempt - 1))
    return full * (1 - settings.jitter * random)
end
--- Whether attempt number `attempt` may still be made.
function ____exports.attemptAllowed(settings, attempt)
    return settings.maxAttempts == nil or attempt <= settings.maxAttempts
end
return ____exports
 end,
["ts.plugin.connect-options"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__ObjectAssign = ____lualib.__TS__ObjectAssign
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local ____exports = {}
local ____deflate_2Dnegotiation = require("ts.core.deflate-negotiation")
local DEFAULT_DEFLATE_SETTINGS = ____deflate_2Dnegotiation.DEFAULT_DEFLATE_SETTINGS
local ____arguments = require("ts.plugin.arguments")
local badArgument = ____arguments.badArgument
local typeProblem = ____arguments.typeProblem
local ____constants = require("ts.plugin.constants")
local TLS_1_0 = ____constants.TLS_1_0
local TLS_1_1 = ____constants.TLS_1_1
local TLS_1_2 = ____constants.TLS_1_2
local TLS_1_3 = ____constants.TLS_1_3
local ____option_2Dkeys = require("ts.plugin.option-keys")
local warnUnknownKeys = ____option_2Dkeys.warnUnknownKeys
local ____pem_2Dsource = require("ts.plugin.pem-source")
local readPem = ____pem_2Dsource.readPem
local ____reconnect_2Dpolicy = require("ts.plugin.reconnect-policy")
local DEFAULT_RECONNECT = ____reconnect_2Dpolicy.DEFAULT_RECONNECT
____exports.DEFAULT_TIMEOUT = 10
____exports.DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024
____exports.DEFAULT_PONG_TIMEOUT = 30
local TLS_VERSIONS = {TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3}
--- SPEC section 2's table: every key `connect` understands. Anything else draws a warning.
local KNOWN_KEYS = {
    port = true,
    tls = true,
    verify = true,
    ca = true,
    headers = true,
    protocols = true,
    username = true,
    password = true,
    origin = true,
    timeout = true,
    maxMessageSize = true,
    pingInterval = true,
    pongTimeout = true,
    compression = true,
    reconnect = true,
    receiveFragments = true
}
--- `bad argument #2 to 'connect' (option 'name': problem)`: the one shape of every option error.
local function optionProblem(name, problem)
    return badArgument(2, "connect", (("option '" .. name) .. "': ") .. problem)
end
--- A number above zero (seconds or bytes), or `fallback` when absent.
local function positiveNumber(options, name, fallback, label)
    if label == nil then
        label = name
    end
    local value = options[name]
    if value == nil then
        return fallback
    end
    if type(value) ~= "number" then
        return optionProblem(
            label,
            typeProblem("number", value)
        )
    end
    if not (value > 0) then
        return optionProblem(
            label,
            "must be positive, got " .. (value == value and tostring(value) or "nan")
        )
    end
    if value == math.huge then
        return optionProblem(label, "must be finite, got inf")
    end
    return value
end
--- A string, or an array of strings, as a list.
local function stringList(value, name)
    if type(value) == "string" then
        return {value}
    end
    if type(value) ~= "table" then
        return optionProblem(
            name,
            "string or array of strings expected, got " .. type(value)
        )
    end
    local list = {}
    local ____table = value
    local count = #____table
    do
        local i = 1
        while i <= count do
            local item = ____table[i]
            if type(item) ~= "string" then
                return optionProblem(
                    name,
                    (("item " .. tostring(i)) .. ": string expected, got ") .. type(item)
                )
            end
            list[#list + 1] = item
            i = i + 1
        end
    end
    return list
end
--- `ca`: PEM text as given, or the PEM read from the file it names (pem-source.ts).
local function readCa(options)
    local value = options.ca
    if value == nil then
        return nil
    end
    if type(value) ~= "string" then
        return {problem = optionProblem(
            "ca",
            typeProblem("string", value)
        )}
    end
    if value == "" then
        return {problem = optionProblem("ca", "PEM text or the path of a PEM file expected, got an empty string")}
    end
    local pem = readPem(value, "option 'ca'")
    if pem.problem ~= nil then
        return {problem = badArgument(2, "connect", pem.problem)}
    end
    return pem.pem
end
local COMPRESSION_KEYS = {
    threshold = true,
    level = true,
    clientNoContextTakeover = true,
    serverNoContextTakeover = true,
    clientMaxWindowBits = true,
    serverMaxWindowBits = true
}
--- An integer from `low` to `high` in the compression table, or `fallback` when absent.
local function compressionInteger(____table, name, low, high, fallback, problem)
    local value = ____table[name]
    if value == nil then
        return fallback
    end
    if type(value) ~= "number" then
        return problem(
            "compression." .. name,
            typeProblem("number", value)
        )
    end
    local n = value
    if not (n >= low and n <= high) or math.floor(n) ~= n then
        return problem(
            "compression." .. name,
            (((("integer from " .. tostring(low)) .. " to ") .. tostring(high)) .. " expected, got ") .. (n == n and tostring(n) or "nan")
        )
    end
    return math.floor(n)
end
--- `compression` (SPEC section 6): true or absent for the defaults, false for none, or a table of
-- settings. Shared with listen options (the same table), hence the `problem` formatter.
function ____exports.readCompression(value, problem, functionName)
    if value == nil or value == true then
        return __TS__ObjectAssign({}, DEFAULT_DEFLATE_SETTINGS)
    end
    if value == false then
        return nil
    end
    if type(value) ~= "table" then
        return {problem = problem(
            "compression",
            "boolean or table expected, got " .. type(value)
        )}
    end
    local ____table = value
    warnUnknownKeys(____table, COMPRESSION_KEYS, functionName .. " compression")
    local threshold = ____table.threshold
    if threshold ~= nil and (type(threshold) ~= "number" or not (threshold >= 0)) then
        return {problem = problem(
            "compression.threshold",
            type(threshold) ~= "number" and typeProblem("number", threshold) or "must not be negative, got " .. tostring(threshold)
        )}
    end
    local level = compressionInteger(
        ____table,
        "level",
        0,
        9,
        DEFAULT_DEFLATE_SETTINGS.level,
        problem
    )
    if type(level) == "string" then
        return {problem = level}
    end
    local clientBits = compressionInteger(
        ____table,
        "clientMaxWindowBits",
        8,
        15,
        15,
        problem
    )
    if type(clientBits) == "string" then
        return {problem = clientBits}
    end
    local serverBits = compressionInteger(
        ____table,
        "serverMaxWindowBits",
        8,
        15,
        15,
        problem
    )
    if type(serverBits) == "string" then
        return {problem = serverBits}
    end
    local flags = {}
    for ____, name in ipairs({"clientNoContextTakeover", "serverNoContextTakeover"}) do
        local flag = ____table[name]
        if flag ~= nil and type(flag) ~= "boolean" then
            return {problem = problem(
                "compression." .. name,
                typeProblem("boolean", flag)
            )}
        end
        flags[name] = flag == true
    end
    return {
        threshold = threshold == nil and DEFAULT_DEFLATE_SETTINGS.threshold or threshold,
        level = level,
        clientNoContextTakeover = flags.clientNoContextTakeover,
        serverNoContextTakeover = flags.serverNoContextTakeover,
        clientMaxWindowBits = clientBits,
        serverMaxWindowBits = serverBits
    }
end
--- `receiveFragments` (SPEC section 9): type-checked here so a mistake is caught at connect like any
-- other.
local function checkFeatureSwitches(options)
    local receiveFragments = options.receiveFragments
    if receiveFragments ~= nil and type(receiveFragments) ~= "boolean" then
        return optionProblem(
            "receiveFragments",
            typeProblem("boolean", receiveFragments)
        )
    end
    return nil
end
--- A number from 0 to 1 (a share), or `fallback` when absent.
local function shareNumber(____table, name, fallback)
    local value = ____table[name]
    if value == nil then
        return fallback
    end
    if type(value) ~= "number" then
        return optionProblem(
            "reconnect." .. name,
            typeProblem("number", value)
        )
    end
    if not (value >= 0 and value <= 1) then
        return optionProblem(
            "reconnect." .. name,
            "must be from 0 to 1, got " .. (value == value and tostring(value) or "nan")
        )
    end
    return value
end
local RECONNECT_KEYS = {
    delay = true,
    maxDelay = true,
    factor = true,
    jitter = true,
    maxAttempts = true
}
--- `reconnect`: false/absent (off), true (the defaults) or a table of settings (SPEC section 8).
local function readReconnect(options)
    local value = options.reconnect
    if value == nil or value == false then
        return nil
    end
    if value == true then
        return __TS__ObjectAssign({}, DEFAULT_RECONNECT)
    end
    if type(value) ~= "table" then
        return {problem = optionProblem(
            "reconnect",
            "boolean or table expected, got " .. type(value)
        )}
    end
    local t = value
    warnUnknownKeys(t, RECONNECT_KEYS, "reconnect")
    local numbers = {}
    for ____, ____value in ipairs({{"delay", DEFAULT_RECONNECT.delay}, {"maxDelay", DEFAULT_RECONNECT.maxDelay}, {"factor", DEFAULT_RECONNECT.factor}}) do
        local name = ____value[1]
        local fallback = ____value[2]
        local n = positiveNumber(t, name, fallback, "reconnect." .. name)
        if type(n) == "string" then
            return {problem = n}
        end
        numbers[name] = n
    end
    if numbers.factor < 1 then
        return {problem = optionProblem(
            "reconnect.factor",
            "must be at least 1, got " .. tostring(numbers.factor)
        )}
    end
    if numbers.maxDelay < numbers.delay then
        return {problem = optionProblem(
            "reconnect.maxDelay",
            (("must be at least delay (" .. tostring(numbers.delay)) .. "), got ") .. tostring(numbers.maxDelay)
        )}
    end
    local jitter = shareNumber(t, "jitter", DEFAULT_RECONNECT.jitter)
    if type(jitter) == "string" then
        return {problem = jitter}
    end
    local maxAttempts = t.maxAttempts
    if maxAttempts ~= nil then
        if type(maxAttempts) ~= "number" then
            return {problem = optionProblem(
                "reconnect.maxAttempts",
                typeProblem("number", maxAttempts)
            )}
        end
        if not (maxAttempts >= 1) or math.floor(maxAttempts) ~= maxAttempts or maxAttempts == math.huge then
            return {problem = optionProblem(
                "reconnect.maxAttempts",
                "must be a whole number of at least 1, got " .. (maxAttempts == maxAttempts and tostring(maxAttempts) or "nan")
            )}
        end
    end
    return {
        delay = numbers.delay,
        maxDelay = numbers.maxDelay,
        factor = numbers.factor,
        jitter = jitter,
        maxAttempts = maxAttempts
    }
end
local function readProtocols(options)
    local value = options.protocols
    if value == nil then
        return {}
    end
    local list = stringList(value, "protocols")
    if type(list) == "string" then
        return list
    end
    local seen = {}
    for ____, protocol in ipairs(list) do
        if seen[protocol] then
            return optionProblem("protocols", ("'" .. protocol) .. "' offered twice")
        end
        seen[protocol] = true
    end
    return list
end
local function readHeaders(options)
    local value = options.headers
    if value == nil then
        return {}
    end
    if type(value) ~= "table" then
        return optionProblem(
            "headers",
            typeProblem("table", value)
        )
    end
    local names = {}
    local valuesByName = {}
    for name, entry in pairs(value) do
        if type(name) ~= "string" then
            return optionProblem(
                "headers",
                ("header names expected as keys, got a " .. type(name)) .. " key"
            )
        end
        local values = stringList(
            entry,
            "headers." .. tostring(name)
        )
        if type(values) == "string" then
            return values
        end
        names[#names + 1] = name
        valuesByName[name] = values
    end
    table.sort(names)
    local headers = {}
    for ____, name in ipairs(names) do
        for ____, text in ipairs(valuesByName[name]) do
            headers[#headers + 1] = {name, text}
        end
    end
    return headers
end
--- Reads and checks `options`; returns the ready values, or the `bad argument #2 to 'connect'` message.
-- `tlsFiles = false` (HTML5 builds, where the browser verifies and `ca` is ignored with a warning)
-- leaves the `ca` file unread.
function ____exports.readConnectOptions(options, tlsFiles)
    if tlsFiles == nil then
        tlsFiles = true
    end
    local o = options or ({})
    warnUnknownKeys(o, KNOWN_KEYS, "connect")
    local port = o.port
    if port ~= nil then
        if type(port) ~= "number" then
            return optionProblem(
                "port",
                typeProblem("number", port)
            )
        end
        if port < 1 or port > 65535 or math.floor(port) ~= port then
            return optionProblem(
                "port",
                "must be an integer from 1 to 65535, got " .. tostring(port)
            )
        end
    end
    local ____o_tls_0 = o.tls
    if ____o_tls_0 == nil then
        ____o_tls_0 = TLS_1_2
    end
    local tls = ____o_tls_0
    if __TS__ArrayIndexOf(TLS_VERSIONS, tls) < 0 then
        return optionProblem(
            "tls",
            "ws.TLS_1_0, ws.TLS_1_1, ws.TLS_1_2 or ws.TLS_1_3 expected, got " .. tostring(tls)
        )
    end
    local verify = o.verify
    if verify ~= nil and type(verify) ~= "boolean" then
        return optionProblem(
            "verify",
            typeProblem("boolean", verify)
        )
    end
    local text = {}
    for ____, name in ipairs({"username", "password", "origin"}) do
        local value = o[name]
        if value ~= nil and type(value) ~= "string" then
            return optionProblem(
                name,
                typeProblem("string", value)
            )
        end
        text[name] = value
    end
    local timeout = positiveNumber(o, "timeout", ____exports.DEFAULT_TIMEOUT)
    if type(timeout) == "string" then
        return timeout
    end
    local maxMessageSize = positiveNumber(o, "maxMessageSize", ____exports.DEFAULT_MAX_MESSAGE_SIZE)
    if type(maxMessageSize) == "string" then
        return maxMessageSize
    end
    local pongTimeout = positiveNumber(o, "pongTimeout", ____exports.DEFAULT_PONG_TIMEOUT)
    if type(pongTimeout) == "string" then
        return pongTimeout
    end
    local ____temp_1
    if o.pingInterval == false then
        ____temp_1 = nil
    else
        ____temp_1 = positiveNumber(o, "pingInterval", nil)
    end
    local pingInterval = ____temp_1
    if type(pingInterval) == "string" then
        return pingInterval
    end
    local protocols = readProtocols(o)
    if type(protocols) == "string" then
        return protocols
    end
    local headers = readHeaders(o)
    if type(headers) == "string" then
        return headers
    end
    local switchProblem = checkFeatureSwitches(o)
    if switchProblem ~= nil then
        return switchProblem
    end
    local reconnect = readReconnect(o)
    if reconnect ~= nil and reconnect.problem ~= nil then
        return reconnect.problem
    end
    local compression = ____exports.readCompression(o.compression, optionProblem, "connect")
    if compression ~= nil and compression.problem ~= nil then
        return compression.problem
    end
    local ____tlsFiles_2
    if tlsFiles then
        ____tlsFiles_2 = readCa(o)
    else
        ____tlsFiles_2 = nil
    end
    local ca = ____tlsFiles_2
    if type(ca) == "table" then
        return ca.problem
    end
    return {
        port = port,
        tls = tls,
        verify = verify ~= false,
        ca = ca,
        headers = headers,
        protocols = protocols,
        username = text.username,
        password = text.password,
        origin = text.origin,
        timeout = timeout,
        maxMessageSize = maxMessageSize,
        pingInterval = pingInterval,
        pongTimeout = pongTimeout,
        reconnect = reconnect,
        compression = compression,
        receiveFragments = o.receiveFragments == true
    }
end
return ____exports
 end,
["ts.plugin.entropy"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Unpack = ____lualib.__TS__Unpack
local ____exports = {}
local BLOCK = 1024
local function weakRandom(count)
    local bytes = {}
    do
        local i = 0
        while i < count do
            bytes[#bytes + 1] = math.random(0, 255)
            i = i + 1
        end
    end
    return string.char(__TS__Unpack(bytes))
end
local seeded = false
local function seedWeakRandom()
    if seeded then
        return
    end
    seeded = true
    local address = tonumber((string.match(
        tostring({}),
        "0x(%x+)"
    )) or "0", 16) or 0
    math.randomseed((os.time() + address) % 2147483647)
end
function ____exports.randomSource(transport)
    local strong = transport.random
    if strong == nil then
        seedWeakRandom()
    end
    local draw = strong or weakRandom
    local pool = ""
    local position = 1
    return function(count)
        if position + count - 1 > #pool then
            pool = draw(math.max(BLOCK, count))
            position = 1
        end
        local bytes = string.sub(pool, position, position + count - 1)
        position = position + count
        return bytes
    end
end
return ____exports
 end,
["ts.plugin.facade"] = function(...) 
local ____exports = {}
local constants = require("ts.plugin.constants")
--- Every facade's metatable: the constants are reachable through each facade, stored once.
local FACADE_METATABLE = {__index = constants}
--- A facade for `object`: a table holding one method per name in `methods`, each forwarding to the
-- method of that name on `prototype`. `selfName` is what the game calls the object in the message of
-- a dot call: "bad argument #1 to 'send' (calling 'send' on bad self: use ws:send(...), not ws.send(...))".
function ____exports.newFacade(object, prototype, methods, selfName)
    local facade = {}
    for ____, name in ipairs(methods) do
        local method = prototype[name]
        local function forward(____self, ...)
            if ____self ~= facade then
                error(((((((((((("bad argument #1 to '" .. name) .. "' (calling '") .. name) .. "' on bad self: use ") .. selfName) .. ":") .. name) .. "(...), not ") .. selfName) .. ".") .. name) .. "(...))", 2)
            end
            local first, second = method(object, ...)
            if second == nil then
                return first
            end
            return first, second
        end
        facade[name] = forward
    end
    setmetatable(facade, FACADE_METATABLE)
    return facade
end
--- The public methods of each kind of object (SPEC sections 2 and 7; the editor typings declare the
-- same names, and test/typings.test.ts compares them with what the built objects expose).
____exports.CLIENT_METHODS = {
    "addEventListener",
    "removeEventListener",
    "connect",
    "send",
    "ping",
    "close",
    "disconnect",
    "getState",
    "getBufferedAmount",
    "getProtocol",
    "getExtensions",
    "getUrl"
}
____exports.SERVER_METHODS = {
    "addEventListener",
    "removeEventListener",
    "listen",
    "getState",
    "getPort",
    "getClients",
    "broadcast",
    "close"
}
____exports.PEER_METHODS = {
    "addEventListener",
    "removeEventListener",
    "send",
    "ping",
    "close",
    "disconnect",
    "getState",
    "getBufferedAmount",
    "getProtocol",
    "getExtensions",
    "getRemoteAddress"
}
return ____exports
 end,
["ts.plugin.listeners"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local __TS__Unpack = ____lualib.__TS__Unpack
local __TS__ArrayFilter = ____lualib.__TS__ArrayFilter
local ____exports = {}
local ____arguments = require("ts.plugin.arguments")
local badArgument = ____arguments.badArgument
local CALLER_OF_CHECK = ____arguments.CALLER_OF_CHECK
local ____constants = require("ts.plugin.constants")
local WSEVENT = ____constants.WSEVENT
--- Why `listener` cannot be one, or undefined when it can.
function ____exports.listenerProblem(listener)
    if type(listener) == "function" then
        return nil
    end
    if type(listener) == "table" then
        local method = listener[WSEVENT]
        if type(method) == "function" then
            return nil
        end
        return ("table listener has no '" .. WSEVENT) .. "' method"
    end
    return "function or table expected, got " .. type(listener)
end
--- Raises at the game's line (one frame below the list's method) unless `name` is WSEVENT.
local function checkEventName(fname, objectName, name)
    if name ~= WSEVENT then
        error(
            badArgument(
                1,
                fname,
                (((("expected " .. objectName) .. ".WSEVENT ('") .. WSEVENT) .. "'), got ") .. tostring(name)
            ),
            CALLER_OF_CHECK + 1
        )
    end
end
--- The list is copied on change, never in place, so a dispatch iterates a list nobody alters: a
-- listener that adds or removes listeners affects the next event, and dispatching costs no copy.
____exports.ListenerList = __TS__Class()
local ListenerList = ____exports.ListenerList
ListenerList.name = "ListenerList"
function ListenerList.prototype.____constructor(self)
    self.listeners = {}
end
function ListenerList.prototype.addFromGame(self, objectName, name, listener)
    checkEventName("addEventListener", objectName, name)
    local problem = ____exports.listenerProblem(listener)
    if problem ~= nil then
        error(
            badArgument(2, "addEventListener", problem),
            CALLER_OF_CHECK
        )
    end
    self:add(listener)
end
function ListenerList.prototype.removeFromGame(self, objectName, name, listener)
    checkEventName("removeEventListener", objectName, name)
    return self:remove(listener)
end
function ListenerList.prototype.add(self, listener)
    if __TS__ArrayIndexOf(self.listeners, listener) >= 0 then
        return
    end
    local next = {__TS__Unpack(self.listeners)}
    next[#next + 1] = listener
    self.listeners = next
end
function ListenerList.prototype.remove(self, listener)
    if __TS__ArrayIndexOf(self.listeners, listener) < 0 then
        return false
    end
    self.listeners = __TS__ArrayFilter(
        self.listeners,
        function(____, l) return l ~= listener end
    )
    return true
end
function ListenerList.prototype.dispatch(self, event)
    for ____, listener in ipairs(self.listeners) do
        if type(listener) == "function" then
            listener(event)
        else
            local ____table = listener
            local method = ____table[WSEVENT]
            method(____table, event)
        end
    end
end
return ____exports
 end,
["ts.plugin.message-session"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local __TS__Unpack = ____lualib.__TS__Unpack
local __TS__ArraySetLength = ____lualib.__TS__ArraySetLength
local ____exports = {}
local ____kernels = require("lua.kernels")
local join = ____kernels.join
local ____outgoing_2Dstream = require("ts.core.outgoing-stream")
local OutgoingStream = ____outgoing_2Dstream.OutgoingStream
--- Characters of message data (base64 for binary) taken from the browser per service. Decoding
-- 64 KiB costs about 15-20 ms in Lua-in-wasm (wasmoon; docs/api.md, HTML5 builds), so a big
-- message crosses over several frames instead of stalling one.
____exports.MESSAGE_BUDGET = 64 * 1024
--- Bytes of outgoing messages handed to the browser per service: crossing the bridge costs about
-- 0.4 ms per KiB of binary data in Lua-in-wasm (base64, then dkjson's quoting). A message up to
-- this size goes out at once when nothing is waiting before it.
____exports.SEND_BUDGET = 32 * 1024
local ABNORMAL_CLOSURE = 1006
local FIRST_CONTINUATION_BYTE = 128
local LAST_CONTINUATION_BYTE = 191
--- How many of `count` bytes of `data` from `sent` on make a piece: binary pieces are whole
-- base64 groups (3 bytes), text pieces end on a character boundary. All that is left fits: all.
local function pieceLength(data, sent, count, binary)
    if sent + count >= #data then
        return #data - sent
    end
    if binary then
        return count - count % 3
    end
    local ____end = sent + count
    do
        while true do
            local next = string.byte(data, ____end + 1)
            if ____end <= sent or next < FIRST_CONTINUATION_BYTE or next > LAST_CONTINUATION_BYTE then
                break
            end
            ____end = ____end - 1
        end
    end
    return ____end - sent
end
--- The `send`, `ping`, `close` and `abort` calls the client makes on `session.connection`, as on
-- the core's ClientConnection.
local MessageConnection = __TS__Class()
MessageConnection.name = "MessageConnection"
function MessageConnection.prototype.____constructor(self, session)
    self.session = session
end
function MessageConnection.prototype.send(self, data, binary)
    return self.session:send(data, binary)
end
function MessageConnection.prototype.sendPiece(self, data, binary, fin, _compress)
    return self.session:sendPiece(data, binary, fin)
end
function MessageConnection.prototype.isSendingPieces(self)
    return self.session:isSendingPieces()
end
function MessageConnection.prototype.ping(self, _payload)
    return false
end
function MessageConnection.prototype.close(self, code, reason)
    self.session:close(code, reason)
end
function MessageConnection.prototype.abort(self, reason)
    self.session:abort(reason)
end
____exports.MessageSession = __TS__Class()
local MessageSession = ____exports.MessageSession
MessageSession.name = "MessageSession"
function MessageSession.prototype.____constructor(self, url, options, transport, now)
    self.url = url
    self.options = options
    self.connection = __TS__New(MessageConnection, self)
    self.stream = nil
    self.finished = false
    self.readyState = 0
    self.events = {}
    self.head = 0
    self.extensions = ""
    self.pieces = {}
    self.pieceBinary = false
    self.browserError = false
    self.closeAsked = false
    self.outgoing = {}
    self.unsent = 0
    self.sendBudget = ____exports.SEND_BUDGET
    self.pieceStream = __TS__New(OutgoingStream)
    self.pieceStreamSize = 0
    self.pieceCarry = ""
    self.connectDeadline = now + options.timeout
    local socket = transport.open(url, options.protocols, options.maxMessageSize)
    if type(socket) == "string" then
        self:fail("connect", (("cannot connect to " .. url) .. ": ") .. socket)
    else
        self.socket = socket
    end
end
function MessageSession.prototype.state(self)
    return self.readyState
end
function MessageSession.prototype.bufferedAmount(self)
    if self.socket == nil or self.finished then
        return 0
    end
    return self.unsent + self.socket:bufferedAmount()
end
function MessageSession.prototype.negotiatedExtensions(self)
    return self.extensions
end
function MessageSession.prototype.send(self, data, binary)
    if self.readyState ~= 1 or self.socket == nil then
        return false
    end
    if self.pieceStream:isOpen() then
        return self:sendPiece(data, binary, true) == 0
    end
    if #self.outgoing == 0 and #data <= ____exports.SEND_BUDGET then
        self.sendBudget = self.sendBudget - #data
        local sent = self.socket:send(data, binary)
        if sent ~= true then
            self:fail("closed", sent)
        end
        return sent == true
    end
    local ____self_outgoing_0 = self.outgoing
    ____self_outgoing_0[#____self_outgoing_0 + 1] = {data = data, binary = binary, sent = 0, ends = true}
    self.unsent = self.unsent + #data
    self:transfer()
    return true
end
function MessageSession.prototype.sendPiece(self, data, binary, fin)
    if self.readyState ~= 1 or self.socket == nil then
        return 1
    end
    local stream = self.pieceStream
    local verdict = stream:judge(data, binary, fin)
    if verdict ~= 0 then
        return verdict
    end
    if self.pieceStreamSize + #data > self.options.maxMessageSize then
        return 5
    end
    stream:advance(binary, fin)
    local bytes = self.pieceCarry .. data
    local carry = fin and "" or stream:unfinishedSequence()
    self.pieceCarry = carry
    self.pieceStreamSize = fin and 0 or self.pieceStreamSize + #data
    local piece = carry == "" and bytes or string.sub(bytes, 1, #bytes - #carry)
    if piece ~= "" or fin then
        local ____self_outgoing_1 = self.outgoing
        ____self_outgoing_1[#____self_outgoing_1 + 1] = {data = piece, binary = binary, sent = 0, ends = fin}
        self.unsent = self.unsent + #piece
        self:transfer()
    end
    return 0
end
function MessageSession.prototype.isSendingPieces(self)
    return self.pieceStream:isOpen()
end
function MessageSession.prototype.close(self, code, reason)
    if self.readyState ~= 1 or self.socket == nil then
        return
    end
    self.readyState = 2
    self.closeAsked = true
    if #self.outgoing > 0 then
        self.pendingClose = {code, reason}
    else
        self.socket:close(code, reason)
    end
end
function MessageSession.prototype.abort(self, reason)
    if self.finished then
        return
    end
    self["end"](self, {type = "close", code = ABNORMAL_CLOSURE, reason = reason, wasClean = false})
end
function MessageSession.prototype.closeRequested(self, now)
    if self.pendingClose == nil then
        self.closeDeadline = now + self.options.timeout
    end
end
function MessageSession.prototype.pingSent(self, _now)
end
function MessageSession.prototype.nextDeadline(self)
    if self.finished then
        return nil
    end
    if self.readyState == 0 then
        return self.connectDeadline
    end
    if self.readyState == 2 then
        return self.closeDeadline
    end
    return nil
end
function MessageSession.prototype.service(self, now)
    if self.finished or self.socket == nil then
        return
    end
    self.sendBudget = ____exports.SEND_BUDGET
    for ____, event in ipairs(self.socket:poll(____exports.MESSAGE_BUDGET)) do
        self:take(event)
        if self.finished then
            return
        end
    end
    if self.options.receiveFragments then
        self:flushPieces()
    end
    self:transfer()
    if self.finished then
        return
    end
    if self.closeAsked and self.pendingClose == nil and self.closeDeadline == nil then
        self.closeDeadline = now + self.options.timeout
    end
    self:checkTimers(now)
end
function MessageSession.prototype.beginService(self)
end
function MessageSession.prototype.hasBacklog(self)
    return not self.finished and #self.outgoing > 0 and self.sendBudget <= 0
end
function MessageSession.prototype.flush(self)
    self:transfer()
end
function MessageSession.prototype.transfer(self)
    local socket = self.socket
    if socket == nil or self.finished then
        return
    end
    while #self.outgoing > 0 and self.sendBudget > 0 do
        local head = self.outgoing[1]
        local count = pieceLength(
            head.data,
            head.sent,
            math.max(self.sendBudget, 3),
            head.binary
        )
        if count <= 0 and #head.data > 0 then
            break
        end
        local final = head.sent + count == #head.data
        local answer = socket:append(
            string.sub(head.data, head.sent + 1, head.sent + count),
            head.binary,
            final and head.ends
        )
        if answer ~= true then
            self:fail("closed", answer)
            return
        end
        head.sent = head.sent + count
        self.unsent = self.unsent - count
        self.sendBudget = self.sendBudget - count
        if final then
            table.remove(self.outgoing, 1)
        end
    end
    if #self.outgoing == 0 and self.pendingClose ~= nil then
        --- close() came while messages were still waiting: sent after the last of them.
        local code, reason = __TS__Unpack(self.pendingClose)
        self.pendingClose = nil
        socket:close(code, reason)
    end
end
function MessageSession.prototype.hasEvents(self)
    return self.head < #self.events
end
function MessageSession.prototype.nextEvent(self, _now)
    if self.head >= #self.events then
        return nil
    end
    local event = self.events[self.head + 1]
    self.head = self.head + 1
    if self.head == #self.events then
        __TS__ArraySetLength(self.events, 0)
        self.head = 0
    end
    return event
end
function MessageSession.prototype.take(self, event)
    repeat
        local ____switch69 = event.type
        local ____cond69 = ____switch69 == "open"
        if ____cond69 then
            if self.readyState ~= 0 then
                return
            end
            self.readyState = 1
            self.extensions = event.extensions
            local ____self_events_2 = self.events
            ____self_events_2[#____self_events_2 + 1] = {type = "open", protocol = event.protocol, extensions = event.extensions}
            return
        end
        ____cond69 = ____cond69 or ____switch69 == "message"
        if ____cond69 then
            if self.failure ~= nil then
                return
            end
            if not event.final then
                local ____self_pieces_3 = self.pieces
                ____self_pieces_3[#____self_pieces_3 + 1] = event.data
                self.pieceBinary = event.binary
                return
            end
            if #self.pieces > 0 then
                local ____self_pieces_4 = self.pieces
                ____self_pieces_4[#____self_pieces_4 + 1] = event.data
                local ____self_events_5 = self.events
                ____self_events_5[#____self_events_5 + 1] = {
                    type = "message",
                    data = join(self.pieces),
                    binary = event.binary
                }
                self.pieces = {}
            else
                local ____self_events_6 = self.events
                ____self_events_6[#____self_events_6 + 1] = {type = "message", data = event.data, binary = event.binary}
            end
            return
        end
        ____cond69 = ____cond69 or ____switch69 == "error"
        if ____cond69 then
            if event.errorType ~= nil then
                self.failure = {errorType = event.errorType, code = event.code or ABNORMAL_CLOSURE, reason = event.reason or ""}
                self.readyState = 2
            else
                self.browserError = true
            end
            return
        end
        ____cond69 = ____cond69 or ____switch69 == "close"
        if ____cond69 then
            self:closed(event.code, event.reason, event.wasClean)
            return
        end
    until true
end
function MessageSession.prototype.flushPieces(self)
    local pieces = self.pieces
    if #pieces == 0 or self.finished then
        return
    end
    self.pieces = {}
    local ____self_events_7 = self.events
    ____self_events_7[#____self_events_7 + 1] = {
        type = "message",
        data = join(pieces),
        binary = self.pieceBinary,
        partial = true
    }
end
function MessageSession.prototype.closed(self, code, reason, wasClean)
    if self.failure ~= nil then
        local ____self_failure_8 = self.failure
        local errorType = ____self_failure_8.errorType
        local failureCode = ____self_failure_8.code
        local why = ____self_failure_8.reason
        local ____self_events_9 = self.events
        ____self_events_9[#____self_events_9 + 1] = {type = "error", errorType = errorType, code = failureCode, reason = why}
        self["end"](self, {type = "close", code = failureCode, reason = why, wasClean = false})
        return
    end
    local opened = self.readyState ~= 0
    if wasClean and not self.browserError and self.unsent > 0 then
        local why = ("the server closed the connection before " .. tostring(self.unsent)) .. " bytes that send accepted could be handed to the browser"
        local ____self_events_10 = self.events
        ____self_events_10[#____self_events_10 + 1] = {type = "error", errorType = "closed", code = ABNORMAL_CLOSURE, reason = why}
        self["end"](self, {type = "close", code = ABNORMAL_CLOSURE, reason = why, wasClean = false})
        return
    end
    if self.browserError or not wasClean then
        local why = opened and ((("the connection to " .. self.url) .. " was lost without a close handshake (code ") .. tostring(code)) .. ")" or ("cannot connect to " .. self.url) .. ": the browser refused or could not open the connection (name lookup, TCP, TLS certificate or handshake; browsers do not say which)"
        local ____self_events_11 = self.events
        ____self_events_11[#____self_events_11 + 1] = {type = "error", errorType = opened and "closed" or "connect", code = ABNORMAL_CLOSURE, reason = why}
        self["end"](self, {type = "close", code = ABNORMAL_CLOSURE, reason = reason ~= "" and reason or why, wasClean = false})
        return
    end
    self["end"](self, {type = "close", code = code, reason = reason, wasClean = true})
end
function MessageSession.prototype.checkTimers(self, now)
    if self.readyState == 0 and now >= self.connectDeadline then
        self:fail(
            "timeout",
            ("connect timeout: no connection within " .. tostring(self.options.timeout)) .. " s (connecting)"
        )
    elseif self.readyState == 2 and self.closeAsked and self.closeDeadline ~= nil and now >= self.closeDeadline then
        self:fail(
            "timeout",
            ("close timeout: the server did not complete the close handshake within " .. tostring(self.options.timeout)) .. " s"
        )
    end
end
function MessageSession.prototype.fail(self, errorType, reason)
    if self.finished then
        return
    end
    local ____self_events_12 = self.events
    ____self_events_12[#____self_events_12 + 1] = {type = "error", errorType = errorType, code = ABNORMAL_CLOSURE, reason = reason}
    self["end"](self, {type = "close", code = ABNORMAL_CLOSURE, reason = reason, wasClean = false})
end
MessageSession.prototype["end"] = function(self, event)
    local ____self_events_13 = self.events
    ____self_events_13[#____self_events_13 + 1] = event
    self.readyState = 3
    self.finished = true
    self.pieces = {}
    __TS__ArraySetLength(self.outgoing, 0)
    self.unsent = 0
    self.pieceStream:reset()
    self.pieceCarry = ""
    self.pieceStreamSize = 0
    if self.socket ~= nil then
        self.socket:release()
    end
end
return ____exports
 end,
["ts.plugin.message-arguments"] = function(...) 
local ____exports = {}
local ____close_2Dcodes = require("ts.core.close-codes")
local isValidApplicationCloseCode = ____close_2Dcodes.isValidApplicationCloseCode
local ____kernels = require("lua.kernels")
local utf8Continue = ____kernels.utf8Continue
local ____arguments = require("ts.plugin.arguments")
local badArgument = ____arguments.badArgument
local CALLER_OF_CHECK = ____arguments.CALLER_OF_CHECK
local checkType = ____arguments.checkType
local typeProblem = ____arguments.typeProblem
--- RFC 6455 section 5.5: control frame payloads are at most 125 bytes; a close reason 123.
____exports.MAX_PING_PAYLOAD = 125
____exports.MAX_CLOSE_REASON = 123
--- Integers below this print exactly with %.0f on every runtime (fengari's integers are 32-bit).
local EXACT_DIGITS_BELOW = 2 ^ 63
function ____exports.isUtf8(text)
    return utf8Continue("", text) == ""
end
--- A string sends as it is; a number as Lua writes it, except that an integral float (2^53) is
-- written with all its digits rather than as `9.007199254741e+15`.
function ____exports.toLuaString(value)
    if type(value) == "string" then
        return value
    end
    if type(value) ~= "number" then
        return nil
    end
    local n = value
    local mathType = math.type
    if mathType ~= nil and mathType(n) == "integer" then
        return tostring(n)
    end
    if n == math.floor(n) and math.abs(n) < EXACT_DIGITS_BELOW then
        return string.format("%.0f", n)
    end
    return tostring(n)
end
--- `send(data[, options])`: the bytes, whether they go as binary, and whether they end their message
-- (`fin`, false only for `{ fin = false }`: a piece of a message sent in pieces, SPEC section 9).
-- Text is judged alone, except a piece of a message already open (`pieceOpen`): its bytes are
-- judged with the pieces before it when it is queued (pieceRefusal). A first piece may end inside a
-- UTF-8 sequence, and no more. Errors are raised `level` frames up (CALLER_OF_CHECK: the game's line).
function ____exports.checkSendArguments(fname, data, options, pieceOpen, level)
    if pieceOpen == nil then
        pieceOpen = false
    end
    if level == nil then
        level = CALLER_OF_CHECK
    end
    local text = type(data) == "string" and data or ____exports.toLuaString(data)
    if text == nil then
        error(
            badArgument(
                1,
                fname,
                typeProblem("string", data)
            ),
            level
        )
    end
    local binary = false
    local fin = true
    if options ~= nil then
        if type(options) ~= "table" then
            error(
                checkType(options, "table", 2, fname),
                level
            )
        end
        binary = options.binary == true
        fin = options.fin ~= false
    end
    if not binary and not pieceOpen then
        local carry = utf8Continue("", text)
        if carry == nil or fin and carry ~= "" then
            error(
                badArgument(1, fname, "text message is not valid UTF-8; send bytes with { binary = true }"),
                level
            )
        end
    end
    return text, binary, fin
end
--- `broadcast(data[, options])`: as send's, but a message in pieces cannot go to every peer at once.
function ____exports.checkBroadcastArguments(data, options)
    local text, binary, fin = ____exports.checkSendArguments(
        "broadcast",
        data,
        options,
        false,
        CALLER_OF_CHECK + 1
    )
    if not fin then
        error(
            badArgument(2, "broadcast", "fin = false is not supported: send a message in pieces to each peer with peer:send"),
            CALLER_OF_CHECK
        )
    end
    return text, binary
end
--- What a piece of a message sent in pieces came to (Connection.sendPiece): undefined when it was
-- queued; the `false, message` text for a refusal of state (the connection is not open, a piece of
-- the other type, too much held); and an argument error for text that cannot be valid, raised at
-- the game's line. Nothing of a refused piece was queued, and the message stays open.
function ____exports.pieceRefusal(fname, verdict, binary)
    if verdict == 0 then
        return nil
    end
    if verdict == 3 then
        error(
            badArgument(1, fname, "text piece is not valid UTF-8 after the pieces before it; nothing of it was sent"),
            CALLER_OF_CHECK
        )
    end
    if verdict == 4 then
        error(
            badArgument(1, fname, "last text piece ends inside a UTF-8 sequence; nothing of it was sent"),
            CALLER_OF_CHECK
        )
    end
    if verdict == 2 then
        return binary and fname .. ": a text message is being sent in pieces; a binary piece cannot continue it" or fname .. ": a binary message is being sent in pieces; a text piece cannot continue it"
    end
    if verdict == 5 then
        return fname .. ": the pieces of this message would exceed maxMessageSize, which bounds what a browser holds until the last piece"
    end
    return fname .. ": the connection is not open"
end
--- `ping([payload])`: the payload, "" when none.
function ____exports.checkPingArguments(payload)
    local data = payload == nil and "" or ____exports.toLuaString(payload)
    if data == nil then
        error(
            badArgument(
                1,
                "ping",
                typeProblem("string", payload)
            ),
            CALLER_OF_CHECK
        )
    end
    if #data > ____exports.MAX_PING_PAYLOAD then
        error(
            badArgument(
                1,
                "ping",
                ((("payload is " .. tostring(#data)) .. " bytes; at most ") .. tostring(____exports.MAX_PING_PAYLOAD)) .. " allowed"
            ),
            CALLER_OF_CHECK
        )
    end
    return data
end
--- `close([code[, reason]])`: the reason, "" when none. A server's close may also say 1001.
function ____exports.checkCloseArguments(fname, code, reason, allowGoingAway)
    if code ~= nil then
        local valid = type(code) == "number" and (isValidApplicationCloseCode(code) or allowGoingAway and code == 1001)
        if not valid then
            local allowed = allowGoingAway and "1000, 1001 or 3000-4999" or "1000 or 3000-4999"
            local problem = type(code) == "number" and (("close code " .. tostring(code)) .. " not allowed; use ") .. allowed or typeProblem("number", code)
            error(
                badArgument(1, fname, problem),
                CALLER_OF_CHECK
            )
        end
    end
    local why = reason == nil and "" or ____exports.toLuaString(reason)
    if why == nil then
        error(
            badArgument(
                2,
                fname,
                typeProblem("string", reason)
            ),
            CALLER_OF_CHECK
        )
    end
    if #why > ____exports.MAX_CLOSE_REASON then
        error(
            badArgument(
                2,
                fname,
                ((("reason is " .. tostring(#why)) .. " bytes; at most ") .. tostring(____exports.MAX_CLOSE_REASON)) .. " allowed"
            ),
            CALLER_OF_CHECK
        )
    end
    if not ____exports.isUtf8(why) then
        error(
            badArgument(2, fname, "reason is not valid UTF-8"),
            CALLER_OF_CHECK
        )
    end
    return why
end
return ____exports
 end,
["ts.plugin.service-budget"] = function(...) 
local ____exports = {}
--- Bytes asked of the transport per service of one connection.
____exports.READ_BUDGET = 256 * 1024
--- Bytes fed to the core at a time: a slice of 2-byte empty frames makes at most 2,048 events.
____exports.FEED_SLICE = 4 * 1024
--- More bytes fed at a time while they are the payload of a big uncompressed frame (the core's
-- payloadAhead): they make no events, so only their cost per slice counts, and 4 KiB slices cost
-- Lua 5.4 about 340 VM instructions each (a 1 MiB echo: 256 of them). Still FEED_SLICE of
-- whatever follows the payload.
____exports.FEED_PAYLOAD_SLICE = 60 * 1024
--- Seconds of the plugin's clock one connection may spend feeding the core per service. Bytes and
-- events bound the memory; this bounds the time when each byte costs much (a ping flood: every
-- ping's pong is framed and masked as it is read). A fake clock that stands still leaves the byte
-- and event bounds alone in force, which is what the tests count on.
____exports.FEED_SECONDS = 0.004
--- Bytes of inflated output (permessage-deflate) one connection may pull per service: a slice of a
-- highly compressible message can inflate a thousandfold, so the compressed bytes read do not
-- bound the work. What the extension still holds waits for the next service, which comes at once
-- (hasBacklog), and is pulled before any more input is fed.
____exports.INFLATE_BUDGET = 256 * 1024
--- Bytes of inflated output pulled per call into the core, between looks at the clock (FEED_SECONDS
-- applies to inflating as to feeding).
____exports.INFLATE_SLICE = 32 * 1024
--- Bytes offered to the transport per service; also the most it may hold before more is offered.
____exports.WRITE_BUDGET = 256 * 1024
--- Bytes of a big message taken (masked) at a time: about 2 ms of Lua 5.1's writing (below); a
-- smaller slice costs the fast runtimes more takes and writes for nothing (32 KiB: 2% more
-- instructions for a 1 MiB echo on Lua 5.4).
____exports.WRITE_SLICE = 64 * 1024
--- Seconds of the plugin's clock one connection may spend taking slices per service. On Lua 5.1
-- without a bit library, masking a slice, joining it to its header and writing it run at about
-- 30 MB/s in a poll, so the whole WRITE_BUDGET made each poll of a 16 MiB upload about 10 ms
-- (measured); elsewhere masking is 10-50 times faster and only the byte bound counts. The first
-- slice of a flush is always taken, so a send between services still leaves at once.
____exports.WRITE_SECONDS = 0.003
--- The core's queue is taken only while the transport holds less than this: a shim that buffers
-- (Node's) then never holds more than a few KiB of frames the client queued on its own behalf,
-- pongs for a peer that floods pings and never reads.
____exports.TAKE_BELOW_BUFFERED = 4 * 1024
return ____exports
 end,
["ts.plugin.write-queue"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
--- The most bytes copied out of a partly written chunk for one write attempt.
local WINDOW = 256 * 1024
____exports.WriteQueue = __TS__Class()
local WriteQueue = ____exports.WriteQueue
WriteQueue.name = "WriteQueue"
function WriteQueue.prototype.____constructor(self)
    self.size = 0
    self.chunks = {}
    self.head = 0
    self.offset = 0
end
function WriteQueue.prototype.push(self, bytes)
    if bytes == "" then
        return
    end
    local ____self_chunks_0 = self.chunks
    ____self_chunks_0[#____self_chunks_0 + 1] = bytes
    self.size = self.size + #bytes
end
function WriteQueue.prototype.clear(self)
    self.chunks = {}
    self.head = 0
    self.offset = 0
    self.size = 0
end
function WriteQueue.prototype.writeTo(self, stream, budget)
    if budget == nil then
        budget = math.huge
    end
    while self.size > 0 and budget > 0 do
        local chunk = self.chunks[self.head + 1]
        local window = math.min(WINDOW, budget)
        local piece = self.offset == 0 and #chunk <= budget and chunk or string.sub(chunk, self.offset + 1, self.offset + window)
        budget = budget - #piece
        local written, failure, message = stream:write(piece)
        if written == nil then
            self:clear()
            return {failure, message}
        end
        self.size = self.size - written
        if self.offset + written < #chunk then
            self.offset = self.offset + written
            if written < #piece then
                return nil
            end
        else
            self.head = self.head + 1
            self.offset = 0
            if self.head >= #self.chunks then
                self:clear()
            end
        end
    end
    return nil
end
return ____exports
 end,
["ts.plugin.lingering-streams"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__ArraySplice = ____lualib.__TS__ArraySplice
local ____exports = {}
local ____service_2Dbudget = require("ts.plugin.service-budget")
local READ_BUDGET = ____service_2Dbudget.READ_BUDGET
local WRITE_BUDGET = ____service_2Dbudget.WRITE_BUDGET
____exports.LingeringStreams = __TS__Class()
local LingeringStreams = ____exports.LingeringStreams
LingeringStreams.name = "LingeringStreams"
function LingeringStreams.prototype.____constructor(self)
    self.items = {}
end
function LingeringStreams.prototype.add(self, stream, unwritten, now, seconds)
    local ____self_items_0 = self.items
    ____self_items_0[#____self_items_0 + 1] = {stream = stream, unwritten = unwritten, deadline = now + seconds}
end
function LingeringStreams.prototype.count(self)
    return #self.items
end
function LingeringStreams.prototype.streams(self)
    local streams = {}
    for ____, item in ipairs(self.items) do
        streams[#streams + 1] = item.stream
    end
    return streams
end
function LingeringStreams.prototype.service(self, now)
    local i = 0
    while i < #self.items do
        if self:advance(self.items[i + 1], now) then
            i = i + 1
        else
            self.items[i + 1].stream:close()
            __TS__ArraySplice(self.items, i, 1)
        end
    end
end
function LingeringStreams.prototype.advance(self, item, now)
    if now >= item.deadline then
        return false
    end
    if item.unwritten:writeTo(item.stream, WRITE_BUDGET) ~= nil then
        return false
    end
    local data = item.stream:read(READ_BUDGET)
    return data ~= nil
end
return ____exports
 end,
["ts.plugin.service-loop"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local __TS__ArraySplice = ____lualib.__TS__ArraySplice
local ____exports = {}
local ____lingering_2Dstreams = require("ts.plugin.lingering-streams")
local LingeringStreams = ____lingering_2Dstreams.LingeringStreams
--- The most times an idle poll resumes waiting after a lingering stream woke it.
local IDLE_WAKE_ROUNDS = 64
____exports.ServiceLoop = __TS__Class()
local ServiceLoop = ____exports.ServiceLoop
ServiceLoop.name = "ServiceLoop"
function ServiceLoop.prototype.____constructor(self, transport, now)
    self.transport = transport
    self.now = now
    self.lingering = __TS__New(LingeringStreams)
    self.clients = {}
    self.dispatching = false
    self.frameListenerInstalled = false
    self.frameListener = function()
        for ____, client in ipairs(self.clients) do
            client:beginService()
        end
        self:serviceAll()
        self:dispatchQueued()
    end
end
function ServiceLoop.prototype.activate(self, client)
    if __TS__ArrayIndexOf(self.clients, client) < 0 then
        local ____self_clients_0 = self.clients
        ____self_clients_0[#____self_clients_0 + 1] = client
    end
    self:updateFrameListener()
end
function ServiceLoop.prototype.poll(self, timeout)
    local wait = self.transport.wait
    if #self.clients == 0 then
        self:idle(timeout)
        return 0
    end
    for ____, client in ipairs(self.clients) do
        client:beginService()
    end
    if wait ~= nil then
        for ____, client in ipairs(self.clients) do
            client:flush()
        end
        wait(
            self:streams(),
            self:pendingWork() and 0 or self:waitTime(timeout)
        )
    end
    self:serviceAll()
    return self:dispatchQueued()
end
function ServiceLoop.prototype.idle(self, timeout)
    local wait = self.transport.wait
    local deadline = self.now() + timeout
    local remaining = timeout
    do
        local round = 0
        while round < IDLE_WAKE_ROUNDS and (remaining > 0 or round == 0) do
            if wait ~= nil and remaining > 0 then
                wait(
                    self.lingering:streams(),
                    remaining
                )
            end
            if self.lingering:count() > 0 then
                self.lingering:service(self.now())
            end
            remaining = deadline - self.now()
            round = round + 1
        end
    end
end
function ServiceLoop.prototype.serviceAll(self)
    local now = self.now()
    self.dispatching = false
    if self.lingering:count() > 0 then
        self.lingering:service(now)
    end
    for ____, client in ipairs(self.clients) do
        if client:isActive() then
            client:service(now)
        end
    end
end
function ServiceLoop.prototype.isDispatching(self)
    return self.dispatching
end
function ServiceLoop.prototype.dispatchQueued(self)
    local delivered = 0
    local now = self.now()
    self.dispatching = true
    local i = 0
    while i < #self.clients do
        local client = self.clients[i + 1]
        do
            local event = client:nextEvent(now)
            while event ~= nil do
                delivered = delivered + 1
                client:deliver(event)
                event = client:nextEvent(now)
            end
        end
        if client:isActive() or client:hasEvents() then
            i = i + 1
        else
            __TS__ArraySplice(self.clients, i, 1)
        end
    end
    self.dispatching = false
    if delivered > 0 then
        for ____, client in ipairs(self.clients) do
            client:flush()
        end
    end
    self:updateFrameListener()
    return delivered
end
function ServiceLoop.prototype.pendingWork(self)
    for ____, client in ipairs(self.clients) do
        if client:hasEvents() or client:hasBacklog() then
            return true
        end
    end
    return false
end
function ServiceLoop.prototype.streams(self)
    local streams = self.lingering:streams()
    for ____, client in ipairs(self.clients) do
        local stream = client:activeStream()
        if stream ~= nil then
            streams[#streams + 1] = stream
        end
        if client.waitables ~= nil then
            for ____, more in ipairs(client:waitables()) do
                streams[#streams + 1] = more
            end
        end
    end
    return streams
end
function ServiceLoop.prototype.waitTime(self, timeout)
    local wait = timeout
    local now = self.now()
    for ____, client in ipairs(self.clients) do
        local deadline = client:nextDeadline()
        if deadline ~= nil and deadline - now < wait then
            wait = math.max(0, deadline - now)
        end
    end
    return wait
end
function ServiceLoop.prototype.updateFrameListener(self)
    local runtime = _G.Runtime
    if runtime == nil or type(runtime.addEventListener) ~= "function" then
        return
    end
    local needed = #self.clients > 0 or self.lingering:count() > 0
    if needed and not self.frameListenerInstalled then
        runtime:addEventListener("enterFrame", self.frameListener)
        self.frameListenerInstalled = true
    elseif not needed and self.frameListenerInstalled then
        runtime:removeEventListener("enterFrame", self.frameListener)
        self.frameListenerInstalled = false
    end
end
return ____exports
 end,
["ts.plugin.event-queue"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
____exports.EventQueue = __TS__Class()
local EventQueue = ____exports.EventQueue
EventQueue.name = "EventQueue"
function EventQueue.prototype.____constructor(self)
    self.count = 0
    self.bytes = 0
    self.items = {}
    self.head = 0
end
function EventQueue.prototype.push(self, event)
    self.items[self.head + self.count + 1] = event
    self.count = self.count + 1
    if event.type == "message" or event.type == "pong" then
        self.bytes = self.bytes + #event.data
    end
end
function EventQueue.prototype.shift(self)
    if self.count == 0 then
        return nil
    end
    local event = self.items[self.head + 1]
    self.items[self.head + 1] = nil
    self.count = self.count - 1
    if self.count == 0 then
        self.items = {}
        self.head = 0
        self.bytes = 0
    else
        self.head = self.head + 1
        if event.type == "message" or event.type == "pong" then
            self.bytes = self.bytes - #event.data
        end
    end
    return event
end
return ____exports
 end,
["ts.plugin.input-feed"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__Unpack = ____lualib.__TS__Unpack
local ____exports = {}
local ____connection = require("ts.core.connection")
local DECODE_STEPS_PER_CALL = ____connection.DECODE_STEPS_PER_CALL
local ____service_2Dbudget = require("ts.plugin.service-budget")
local FEED_PAYLOAD_SLICE = ____service_2Dbudget.FEED_PAYLOAD_SLICE
local FEED_SECONDS = ____service_2Dbudget.FEED_SECONDS
local FEED_SLICE = ____service_2Dbudget.FEED_SLICE
local INFLATE_BUDGET = ____service_2Dbudget.INFLATE_BUDGET
local INFLATE_SLICE = ____service_2Dbudget.INFLATE_SLICE
local READ_BUDGET = ____service_2Dbudget.READ_BUDGET
____exports.InputFeed = __TS__Class()
local InputFeed = ____exports.InputFeed
InputFeed.name = "InputFeed"
function InputFeed.prototype.____constructor(self, connection, wantsInput, clock)
    self.connection = connection
    self.wantsInput = wantsInput
    self.clock = clock
    self.input = ""
    self.inputPosition = 0
    self.endTold = false
    self.transportEmpty = true
end
function InputFeed.prototype.hasBacklog(self)
    return self.inputPosition < #self.input or not self.transportEmpty or self.connection:holdsTransformed()
end
function InputFeed.prototype.fullyRead(self)
    return self.transportEmpty and self.inputPosition >= #self.input and self.connection:bufferedInput() == 0 and not self.connection:holdsTransformed()
end
function InputFeed.prototype.readAvailable(self, stream, now)
    local budget = READ_BUDGET
    local feedUntil = now + FEED_SECONDS
    local connection = self.connection
    local inflateBudget = INFLATE_BUDGET
    local readEmpty = false
    while budget > 0 and connection.state ~= 3 and self.wantsInput() do
        if connection:holdsTransformed() then
            if inflateBudget <= 0 then
                break
            end
            inflateBudget = inflateBudget - self:feedWithin(inflateBudget, nil)
            if self.clock() >= feedUntil then
                break
            end
        elseif self.inputPosition < #self.input then
            local ahead = connection:payloadAhead()
            local most = FEED_SLICE
            if ahead > 0 then
                most = most + ((ahead < FEED_PAYLOAD_SLICE or connection:payloadAheadIsFree()) and ahead or FEED_PAYLOAD_SLICE)
            end
            local size = math.min(most, budget, #self.input - self.inputPosition)
            local slice = self.inputPosition == 0 and size == #self.input and self.input or string.sub(self.input, self.inputPosition + 1, self.inputPosition + size)
            self.inputPosition = self.inputPosition + size
            if self.inputPosition >= #self.input then
                self.input = ""
                self.inputPosition = 0
            end
            budget = budget - size
            inflateBudget = inflateBudget - self:feedWithin(inflateBudget, slice)
            if self.clock() >= feedUntil then
                break
            end
        elseif self.streamEnd ~= nil then
            self.transportEmpty = true
            self:tellStreamEnd()
            return
        elseif readEmpty then
            break
        else
            local data, failure, message = stream:read(budget)
            if data == nil then
                self.streamEnd = {failure, message}
            else
                self.transportEmpty = #data ~= budget
                readEmpty = self.transportEmpty
                if data == "" then
                    return
                end
                self.input = data
                self.inputPosition = 0
            end
        end
    end
    if connection.state == 3 then
        self.input = ""
        self.inputPosition = 0
        self.transportEmpty = true
    elseif not self.wantsInput() then
        self.transportEmpty = false
    end
end
function InputFeed.prototype.tellStreamEnd(self)
    if self.endTold or self.streamEnd == nil then
        return
    end
    self.endTold = true
    --- The stream's end, once read() reported it; the core hears of it after the bytes before it.
    local failure, message = __TS__Unpack(self.streamEnd)
    if failure == "closed" then
        self.connection:receiveEof(message)
    else
        self.connection:connectionLost(failure, message)
    end
end
function InputFeed.prototype.drop(self)
    self.input = ""
    self.inputPosition = 0
    self.transportEmpty = true
end
function InputFeed.prototype.readAndDrop(self, stream)
    if self.streamEnd ~= nil then
        return
    end
    local data, failure, message = stream:read(READ_BUDGET)
    if data == nil then
        self.streamEnd = {failure, message}
    end
end
function InputFeed.prototype.feedWithin(self, inflateLeft, slice)
    local connection = self.connection
    local before = connection.transformedBytes
    connection:allowTransformOutput(inflateLeft <= 0 and 0 or (inflateLeft < INFLATE_SLICE and inflateLeft or INFLATE_SLICE))
    if slice == nil then
        connection:decode(DECODE_STEPS_PER_CALL)
    else
        connection:receive(slice)
    end
    connection:allowTransformOutput(0)
    return connection.transformedBytes - before
end
return ____exports
 end,
["ts.plugin.keep-alive"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local __TS__ArraySplice = ____lualib.__TS__ArraySplice
local ____exports = {}
--- Payloads remembered, so that their pongs stay hidden even when answered late.
local REMEMBERED = 4
local function hex(bytes)
    local text = ""
    do
        local i = 1
        while i <= #bytes do
            text = text .. string.format(
                "%02x",
                string.byte(bytes, i)
            )
            i = i + 1
        end
    end
    return text
end
____exports.KeepAlive = __TS__Class()
local KeepAlive = ____exports.KeepAlive
KeepAlive.name = "KeepAlive"
function KeepAlive.prototype.____constructor(self, random)
    self.random = random
    self.recent = {}
    self.count = 0
    self.outstanding = false
    self.pongsSeen = 0
end
function KeepAlive.prototype.next(self)
    if self.outstanding then
        return nil
    end
    self.outstanding = true
    self.count = self.count + 1
    local payload = (("keep-alive " .. tostring(self.count)) .. " ") .. hex(self.random(4))
    local ____self_recent_0 = self.recent
    ____self_recent_0[#____self_recent_0 + 1] = payload
    if #self.recent > REMEMBERED then
        table.remove(self.recent, 1)
    end
    return payload
end
function KeepAlive.prototype.pongsArrived(self, pongsReceived)
    if pongsReceived == self.pongsSeen then
        return false
    end
    self.pongsSeen = pongsReceived
    self.outstanding = false
    return true
end
function KeepAlive.prototype.answers(self, payload)
    local index = __TS__ArrayIndexOf(self.recent, payload)
    if index < 0 then
        return false
    end
    __TS__ArraySplice(self.recent, 0, index + 1)
    return true
end
return ____exports
 end,
["ts.plugin.session"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____client_2Dconnection = require("ts.core.client-connection")
local ClientConnection = ____client_2Dconnection.ClientConnection
local ____index = require("ts.codec.index")
local selectCodec = ____index.selectCodec
local ____event_2Dqueue = require("ts.plugin.event-queue")
local EventQueue = ____event_2Dqueue.EventQueue
local ____input_2Dfeed = require("ts.plugin.input-feed")
local InputFeed = ____input_2Dfeed.InputFeed
local ____keep_2Dalive = require("ts.plugin.keep-alive")
local KeepAlive = ____keep_2Dalive.KeepAlive
local ____service_2Dbudget = require("ts.plugin.service-budget")
local TAKE_BELOW_BUFFERED = ____service_2Dbudget.TAKE_BELOW_BUFFERED
local WRITE_BUDGET = ____service_2Dbudget.WRITE_BUDGET
local WRITE_SECONDS = ____service_2Dbudget.WRITE_SECONDS
local WRITE_SLICE = ____service_2Dbudget.WRITE_SLICE
local ____write_2Dqueue = require("ts.plugin.write-queue")
local WriteQueue = ____write_2Dqueue.WriteQueue
____exports.Session = __TS__Class()
local Session = ____exports.Session
Session.name = "Session"
function Session.prototype.____constructor(self, url, options, transport, random, lingering, clock)
    self.options = options
    self.lingering = lingering
    self.clock = clock
    self.finished = false
    self.streamOpen = false
    self.unwritten = __TS__New(WriteQueue)
    self.events = __TS__New(EventQueue)
    self.writeAllowance = WRITE_BUDGET
    self.writeUntil = 0
    self.writeHeldByBudget = false
    self.heldAtMost = 0
    local now = clock()
    self.connection = __TS__New(
        ClientConnection,
        {
            url = url,
            protocols = options.protocols,
            headers = options.headers,
            origin = options.origin,
            username = options.username,
            password = options.password,
            maxMessageSize = options.maxMessageSize,
            random = random,
            compression = options.compression,
            codec = options.compression ~= nil and selectCodec(transport) or nil,
            receiveFragments = options.receiveFragments
        }
    )
    self.connectDeadline = now + options.timeout
    local connection = self.connection
    self.feed = __TS__New(
        InputFeed,
        connection,
        function() return connection:wantsInput() end,
        clock
    )
    self.keepAlive = __TS__New(KeepAlive, random)
    self.stream = transport.open({
        host = url.host,
        port = url.port,
        secure = url.secure,
        serverName = url.host,
        minTls = options.tls,
        verify = options.verify,
        ca = options.ca,
        timeout = options.timeout
    })
end
function Session.prototype.state(self)
    return self.connection.state
end
function Session.prototype.bufferedAmount(self)
    local inStream = self.streamOpen and not self.finished and self.stream:buffered() or 0
    return self.unwritten.size + self.connection:outgoingSize() + inStream
end
function Session.prototype.closeRequested(self, now)
    self.closeDeadline = now + self.options.timeout
end
function Session.prototype.pingSent(self, now)
    if self.pongDeadline == nil then
        self.pongDeadline = now + self.options.pongTimeout
    end
end
function Session.prototype.nextDeadline(self)
    local earliest
    local function consider(t)
        if t ~= nil and (earliest == nil or t < earliest) then
            earliest = t
        end
    end
    local state = self.connection.state
    if state == 0 then
        consider(self.connectDeadline)
    end
    if state == 1 then
        consider(self.nextPingAt)
    end
    if state == 1 or state == 2 then
        consider(self.pongDeadline)
    end
    if state == 2 or self.heldClose ~= nil then
        consider(self.closeDeadline)
    end
    return earliest
end
function Session.prototype.hasBacklog(self)
    return not self.finished and (self.feed:hasBacklog() or self.writeHeldByBudget)
end
function Session.prototype.service(self, now)
    if self.finished then
        return
    end
    if not self.streamOpen then
        self:advanceConnecting()
    end
    if self.streamOpen then
        if self.heldClose == nil then
            self.feed:readAvailable(self.stream, now)
        else
            self.feed:readAndDrop(self.stream)
        end
    end
    self:notePongArrivals()
    if self.feed:fullyRead() then
        self:checkTimers(now)
    end
    self:flush()
    self:settle(now)
end
function Session.prototype.beginService(self)
    self.writeAllowance = WRITE_BUDGET
    self.writeUntil = self.clock() + WRITE_SECONDS
end
function Session.prototype.flush(self)
    self.writeHeldByBudget = false
    if not self.streamOpen or self.finished then
        return
    end
    local connection = self.connection
    local unwritten = self.unwritten
    local outgoing = unwritten.size == 0 and connection:outgoingSize() or 0
    if unwritten.size == 0 and outgoing == 0 then
        return
    end
    local stream = self.stream
    local buffered = self.heldAtMost
    if buffered >= TAKE_BELOW_BUFFERED then
        buffered = stream:buffered()
        self.heldAtMost = buffered
    end
    local mayTake = buffered < TAKE_BELOW_BUFFERED
    local room = WRITE_BUDGET - buffered
    if self.writeAllowance < room then
        room = self.writeAllowance
    end
    if room <= 0 then
        self.writeHeldByBudget = self.writeAllowance <= 0
        return
    end
    do
        while true do
            local written
            local deflated = 0
            if unwritten.size == 0 then
                if outgoing == 0 or not mayTake then
                    return
                end
                local want = room < WRITE_SLICE and room or WRITE_SLICE
                local bytes = connection:takeOutgoing(want)
                local left = connection:outgoingSize()
                deflated = outgoing - left - #bytes
                outgoing = left
                if bytes == "" then
                    return
                end
                local taken, failure, message = stream:write(bytes)
                if taken == nil then
                    self:lost(failure, message)
                    return
                end
                written = taken
                if taken < #bytes then
                    unwritten:push(string.sub(bytes, taken + 1))
                end
            else
                local before = unwritten.size
                local failure = unwritten:writeTo(stream, room)
                if failure ~= nil then
                    self:lost(failure[1], failure[2])
                    return
                end
                written = before - unwritten.size
                if unwritten.size == 0 then
                    outgoing = connection:outgoingSize()
                end
            end
            self.heldAtMost = self.heldAtMost + written
            if deflated > 0 then
                written = written + deflated
            end
            self.writeAllowance = self.writeAllowance - written
            room = room - written
            if outgoing > 0 and self.clock() >= self.writeUntil then
                self.writeAllowance = 0
                room = 0
            end
            if unwritten.size > 0 or room <= 0 then
                if self.writeAllowance <= 0 and (unwritten.size > 0 or outgoing > 0) then
                    self.writeHeldByBudget = true
                end
                return
            end
            if outgoing == 0 then
                return
            end
        end
    end
end
function Session.prototype.hasEvents(self)
    return self.events.count > 0 or self.heldClose == nil and self.connection:hasEvents()
end
function Session.prototype.nextEvent(self, now)
    if self.events.count > 0 then
        return self.events:shift()
    end
    if self.heldClose ~= nil then
        return nil
    end
    do
        while true do
            do
                local __continue51
                repeat
                    local event = self.connection:nextEvent()
                    if event == nil then
                        return nil
                    end
                    if event.type == "message" then
                        return event
                    end
                    if event.type == "open" then
                        if self.options.pingInterval ~= nil then
                            self.nextPingAt = now + self.options.pingInterval
                        end
                    elseif event.type == "pong" then
                        if self.keepAlive:answers(event.data) then
                            __continue51 = true
                            break
                        end
                    elseif event.type == "close" then
                        self:flush()
                        if event.wasClean and not self:allWritten() then
                            self.heldClose = event
                            self.closeDeadline = now + self.options.timeout
                            return nil
                        end
                        if not self.finished then
                            self:finish(now)
                        end
                    end
                    return event
                until true
                if not __continue51 then
                    break
                end
            end
        end
    end
end
function Session.prototype.allWritten(self)
    return self.unwritten.size == 0 and self.connection:outgoingSize() == 0 and (not self.streamOpen or self.stream:buffered() == 0)
end
function Session.prototype.notePongArrivals(self)
    if self.keepAlive:pongsArrived(self.connection.pongsReceived) then
        self.pongDeadline = nil
    end
end
function Session.prototype.advanceConnecting(self)
    local status, failure, message = self.stream:step()
    if status == "open" then
        self.streamOpen = true
    elseif status == "failed" then
        self.connection:connectionLost(failure, message)
    end
end
function Session.prototype.checkTimers(self, now)
    local state = self.connection.state
    if self.connection.closeReceived and self.heldClose == nil then
        return
    end
    if state == 0 and now >= self.connectDeadline then
        local stage = self.streamOpen and "waiting for the server's handshake response" or "connecting"
        self.connection:fail(
            "timeout",
            1006,
            ((("connect timeout: no connection within " .. tostring(self.options.timeout)) .. " s (") .. stage) .. ")"
        )
        return
    end
    if self.pongDeadline ~= nil and now >= self.pongDeadline and (state == 1 or state == 2) then
        self.connection:fail(
            "timeout",
            1006,
            ("pong timeout: no pong within " .. tostring(self.options.pongTimeout)) .. " s; the connection is lost"
        )
        return
    end
    if state == 2 and self.closeDeadline ~= nil and now >= self.closeDeadline then
        self.connection:fail(
            "timeout",
            1006,
            ("close timeout: the server did not complete the close handshake within " .. tostring(self.options.timeout)) .. " s"
        )
        return
    end
    if self.heldClose ~= nil and self.closeDeadline ~= nil and now >= self.closeDeadline then
        self:abandonHeldClose(
            "timeout",
            ("close timeout: what was sent before the close could not be written within " .. tostring(self.options.timeout)) .. " s"
        )
        return
    end
    if state == 1 and self.nextPingAt ~= nil and now >= self.nextPingAt then
        self.nextPingAt = now + self.options.pingInterval
        local payload = self.keepAlive:next()
        if payload ~= nil then
            self.connection:ping(payload)
            self:pingSent(now)
        end
    end
end
function Session.prototype.lost(self, failure, message)
    self.unwritten:clear()
    local held = self.heldClose ~= nil
    self.connection:connectionLost(failure, message)
    if held then
        self:abandonHeldClose(failure, message .. ", before the close handshake completed")
    end
end
function Session.prototype.abandonHeldClose(self, errorType, reason)
    self.heldClose = nil
    self.unwritten:clear()
    self.events:push({type = "error", errorType = errorType, code = 1006, reason = reason})
    self.events:push({type = "close", code = 1006, reason = reason, wasClean = false})
end
function Session.prototype.settle(self, now)
    if self.heldClose ~= nil then
        if not self:allWritten() then
            return
        end
        self.events:push(self.heldClose)
        self.heldClose = nil
    elseif not self.connection:wantsTransportClosed() or self.connection:hasEvents() then
        return
    end
    self:finish(now)
end
function Session.prototype.finish(self, now)
    local connection = self.connection
    if connection:outgoingSize() > 0 then
        self.unwritten:push(connection:takeOutgoing())
    end
    self.feed:tellStreamEnd()
    self.feed:drop()
    local ____end = connection:transportEnd()
    local stream = self.stream
    if not self.streamOpen then
        stream:close()
    elseif ____end == 2 then
        self.lingering:add(
            stream,
            self.unwritten,
            now,
            connection:peerFinTimeout()
        )
    elseif ____end == 3 and self.unwritten.size == 0 and stream.shutdown ~= nil and stream:shutdown() then
        self.lingering:add(
            stream,
            self.unwritten,
            now,
            connection:peerFinTimeout()
        )
    else
        stream:close()
    end
    self.finished = true
end
return ____exports
 end,
["ts.plugin.url-rewrite"] = function(...) 
local ____exports = {}
--- The headless simulator's `--url FROM=TO` (simulator/README.md): a project that hard-codes
-- wss://game.example.com/ connects to the local server a run names instead, unchanged. The
-- simulator registers a function `url -> url` in `package.loaded` under URL_REWRITE_MODULE before the
-- project runs; the plugin looks it up once, when its services start, and every connect URL passes
-- through it. It is looked up, not required: nothing is searched for where it is absent (devices,
-- the Solar2D Simulator, plain Lua), and game objects gain no field for it.
____exports.URL_REWRITE_MODULE = "plugin.websockets_url_rewrite"
--- The host's URL rewrite, or undefined when none was registered.
function ____exports.hostUrlRewrite()
    local loaded = _G.package.loaded
    local rewrite = loaded[____exports.URL_REWRITE_MODULE]
    return type(rewrite) == "function" and rewrite or nil
end
return ____exports
 end,
["ts.plugin.client"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local __TS__ObjectAssign = ____lualib.__TS__ObjectAssign
local __TS__Delete = ____lualib.__TS__Delete
local __TS__InstanceOf = ____lualib.__TS__InstanceOf
local ____exports = {}
local ____client_2Dhandshake = require("ts.core.client-handshake")
local checkHandshakeOptions = ____client_2Dhandshake.checkHandshakeOptions
local ____url = require("ts.core.url")
local parseWebSocketUrl = ____url.parseWebSocketUrl
local ____arguments = require("ts.plugin.arguments")
local badArgument = ____arguments.badArgument
local CALLER_OF_METHOD = ____arguments.CALLER_OF_METHOD
local checkType = ____arguments.checkType
local ____browser_2Doptions = require("ts.plugin.browser-options")
local BROWSER_PING_REFUSAL = ____browser_2Doptions.BROWSER_PING_REFUSAL
local browserConnectRefusal = ____browser_2Doptions.browserConnectRefusal
local browserUrl = ____browser_2Doptions.browserUrl
local ____connect_2Doptions = require("ts.plugin.connect-options")
local readConnectOptions = ____connect_2Doptions.readConnectOptions
local ____constants = require("ts.plugin.constants")
local ONCLOSE = ____constants.ONCLOSE
local ONERROR = ____constants.ONERROR
local ONMESSAGE = ____constants.ONMESSAGE
local ONOPEN = ____constants.ONOPEN
local ONPONG = ____constants.ONPONG
local WSEVENT = ____constants.WSEVENT
local ____facade = require("ts.plugin.facade")
local CLIENT_METHODS = ____facade.CLIENT_METHODS
local newFacade = ____facade.newFacade
local ____listeners = require("ts.plugin.listeners")
local ListenerList = ____listeners.ListenerList
local ____message_2Dsession = require("ts.plugin.message-session")
local MessageSession = ____message_2Dsession.MessageSession
local ____reconnect_2Dpolicy = require("ts.plugin.reconnect-policy")
local attemptAllowed = ____reconnect_2Dpolicy.attemptAllowed
local reconnectDelay = ____reconnect_2Dpolicy.reconnectDelay
local shouldRetry = ____reconnect_2Dpolicy.shouldRetry
local ____message_2Darguments = require("ts.plugin.message-arguments")
local checkCloseArguments = ____message_2Darguments.checkCloseArguments
local checkPingArguments = ____message_2Darguments.checkPingArguments
local checkSendArguments = ____message_2Darguments.checkSendArguments
local pieceRefusal = ____message_2Darguments.pieceRefusal
local ____session = require("ts.plugin.session")
local Session = ____session.Session
local NORMAL_CLOSURE = 1000
local STATE_NAMES = {"CONNECTING", "OPEN", "CLOSING", "CLOSED"}
--- Solar2D's Runtime when the plugin runs inside it, else undefined.
local function solarRuntime()
    local runtime = _G.Runtime
    return runtime ~= nil and type(runtime.addEventListener) == "function" and runtime or nil
end
--- A refused handshake's response headers as game code reads them (SPEC section 2, ONERROR):
-- `headers["retry-after"]`, names in lower case; a field sent more than once is joined with ", ",
-- as HTTP allows for list-valued fields (RFC 9110 section 5.3).
local function headerTable(fields)
    local result = {}
    if fields == nil then
        return result
    end
    for ____, field in ipairs(fields) do
        local name = string.lower(field.name)
        local before = result[name]
        result[name] = before == nil and field.value or (before .. ", ") .. field.value
    end
    return result
end
--- True when the game's own headers carry an Authorization header (any letter case).
local function hasAuthorizationHeader(headers)
    for ____, ____value in ipairs(headers) do
        local name = ____value[1]
        if string.lower(name) == "authorization" then
            return true
        end
    end
    return false
end
____exports.WebSocketClient = __TS__Class()
local WebSocketClient = ____exports.WebSocketClient
WebSocketClient.name = "WebSocketClient"
function WebSocketClient.prototype.____constructor(self, shared)
    self.shared = shared
    self.facade = newFacade(self, ____exports.WebSocketClient.prototype, CLIENT_METHODS, "ws")
    self.listeners = __TS__New(ListenerList)
    self.openDelivered = false
    self.extensions = ""
    self.protocol = ""
    self.url = ""
    self.attempt = 0
    self.reconnecting = false
    self.closeAsked = false
    self.suspended = false
end
function WebSocketClient.prototype.addEventListener(self, name, listener)
    self.listeners:addFromGame("ws", name, listener)
    return true
end
function WebSocketClient.prototype.removeEventListener(self, name, listener)
    local removed = self.listeners:removeFromGame("ws", name, listener)
    return removed
end
function WebSocketClient.prototype.connect(self, uri, options)
    local uriProblem = checkType(uri, "string", 1, "connect")
    if uriProblem ~= nil then
        error(uriProblem, CALLER_OF_METHOD)
    end
    if self.shared.rewriteUrl ~= nil then
        uri = self.shared.rewriteUrl(uri)
    end
    local optionsProblem = checkType(
        options,
        "table",
        2,
        "connect",
        true
    )
    if optionsProblem ~= nil then
        error(optionsProblem, CALLER_OF_METHOD)
    end
    local parsed = parseWebSocketUrl(uri)
    if parsed.url == nil then
        error(
            badArgument(1, "connect", parsed.error),
            CALLER_OF_METHOD
        )
    end
    local settings = readConnectOptions(options, self.shared.messages == nil)
    if type(settings) == "string" then
        error(settings, CALLER_OF_METHOD)
    end
    local url = settings.port == nil and parsed.url or __TS__ObjectAssign({}, parsed.url, {port = settings.port})
    if hasAuthorizationHeader(settings.headers) then
        url = __TS__ObjectAssign({}, url)
        __TS__Delete(url, "username")
        __TS__Delete(url, "password")
        settings.username = nil
        settings.password = nil
    end
    local handshakeProblem = checkHandshakeOptions({
        url = url,
        protocols = settings.protocols,
        headers = settings.headers,
        origin = settings.origin,
        username = settings.username,
        password = settings.password
    })
    if handshakeProblem ~= nil then
        error(
            badArgument(2, "connect", handshakeProblem),
            CALLER_OF_METHOD
        )
    end
    if self.session ~= nil or self.retryAt ~= nil or self.cancelled ~= nil then
        return false, ("connect: the client is not closed (state " .. STATE_NAMES[self:getState() + 1]) .. "); wait for ONCLOSE"
    end
    local plan = {url = url, settings = settings}
    if self.shared.messages ~= nil then
        local refusal = browserConnectRefusal(url, options)
        if refusal ~= nil then
            return false, refusal
        end
        plan.browserUrl = browserUrl(url, uri, settings.port)
    end
    self.plan = plan
    self.attempt = 0
    self.reconnecting = false
    self.url = uri
    self:watchSuspension(settings.reconnect ~= nil)
    self:startAttempt()
    return true
end
function WebSocketClient.prototype.startAttempt(self)
    local plan = self.plan
    local messages = self.shared.messages
    if messages ~= nil then
        self.session = __TS__New(
            MessageSession,
            plan.browserUrl,
            plan.settings,
            messages,
            self.shared.now()
        )
    else
        self.session = __TS__New(
            Session,
            plan.url,
            plan.settings,
            self.shared.transport,
            self.shared.random,
            self.shared.loop.lingering,
            self.shared.now
        )
    end
    self.retryAt = nil
    self.openDelivered = false
    self.protocol = ""
    self.closeAsked = false
    self.lastError = nil
    self.extensions = ""
    self.shared.loop:activate(self)
end
function WebSocketClient.prototype.watchSuspension(self, wanted)
    local runtime = solarRuntime()
    if runtime == nil then
        return
    end
    if wanted and self.systemListener == nil then
        self.systemListener = function(event)
            if event.type == "applicationSuspend" then
                self.suspended = true
            elseif event.type == "applicationResume" then
                self.suspended = false
                if self.retryAt ~= nil then
                    self:startAttempt()
                end
            end
        end
        runtime:addEventListener("system", self.systemListener)
    elseif not wanted and self.systemListener ~= nil then
        runtime:removeEventListener("system", self.systemListener)
        self.systemListener = nil
        self.suspended = false
    end
end
function WebSocketClient.prototype.random01(self)
    local bytes = self.shared.random(2)
    return (string.byte(bytes, 1) * 256 + string.byte(bytes, 2)) / 65536
end
function WebSocketClient.prototype.decideReconnect(self, event)
    local ____opt_0 = self.plan
    local settings = ____opt_0 and ____opt_0.settings.reconnect
    if settings == nil then
        return nil
    end
    local ____self_closeAsked_6 = self.closeAsked
    local ____opt_2 = self.lastError
    local ____temp_7 = ____opt_2 and ____opt_2.errorType
    local ____opt_4 = self.lastError
    local ____end = {requested = ____self_closeAsked_6, errorType = ____temp_7, status = ____opt_4 and ____opt_4.status, closeCode = self.lastError == nil and event.code or nil}
    local next = self.attempt + 1
    if not shouldRetry(____end) or not attemptAllowed(settings, next) then
        return nil
    end
    self.attempt = next
    return reconnectDelay(
        settings,
        next,
        self:random01()
    )
end
function WebSocketClient.prototype.send(self, data, options)
    local current = self.session
    local pieceOpen = current ~= nil and current.connection:isSendingPieces()
    local text, binary, fin = checkSendArguments("send", data, options, pieceOpen)
    local session = current ~= nil and self.openDelivered and current:state() == 1 and current or self:openSession("send")
    if type(session) == "string" then
        return false, session
    end
    local compress = options == nil or options.compress ~= false
    if fin and not pieceOpen then
        session.connection:send(text, binary, compress)
    else
        local refusal = pieceRefusal(
            "send",
            session.connection:sendPiece(text, binary, fin, compress),
            binary
        )
        if refusal ~= nil then
            return false, refusal
        end
    end
    self:writeSoon(session)
    return true
end
function WebSocketClient.prototype.ping(self, payload)
    local data = checkPingArguments(payload)
    if self.shared.messages ~= nil then
        return false, BROWSER_PING_REFUSAL
    end
    local session = self:openSession("ping")
    if type(session) == "string" then
        return false, session
    end
    session.connection:ping(data)
    session:pingSent(self.shared.now())
    self:writeSoon(session)
    return true
end
function WebSocketClient.prototype.close(self, code, reason)
    local why = checkCloseArguments("close", code, reason, false)
    if self.retryAt ~= nil then
        self.retryAt = nil
        self.closeAsked = true
        self.cancelled = {type = "close", code = 1006, reason = "reconnect cancelled by close()", wasClean = false}
        self.shared.loop:activate(self)
        return true
    end
    local session = self.session
    local state = self:getState()
    if session == nil or state == 2 or state == 3 then
        return false, ("close: the client is not connecting or open (state " .. STATE_NAMES[state + 1]) .. ")"
    end
    self.closeAsked = true
    if state == 0 then
        session.connection:abort("connection attempt cancelled by close()")
    else
        session.connection:close(code or NORMAL_CLOSURE, why)
        session:closeRequested(self.shared.now())
        self:writeSoon(session)
    end
    return true
end
function WebSocketClient.prototype.disconnect(self)
    return self:close(NORMAL_CLOSURE)
end
function WebSocketClient.prototype.getState(self)
    local session = self.session
    if session == nil then
        if self.retryAt ~= nil then
            return 0
        end
        return self.cancelled ~= nil and 2 or 3
    end
    local state = session:state()
    if state == 1 then
        return self.openDelivered and 1 or 0
    end
    if state == 3 then
        return 2
    end
    return state
end
function WebSocketClient.prototype.getBufferedAmount(self)
    return self.session == nil and 0 or self.session:bufferedAmount()
end
function WebSocketClient.prototype.getProtocol(self)
    return self.protocol
end
function WebSocketClient.prototype.getExtensions(self)
    if not self.openDelivered then
        return ""
    end
    return __TS__InstanceOf(self.session, MessageSession) and self.session:negotiatedExtensions() or self.extensions
end
function WebSocketClient.prototype.getUrl(self)
    return self.url
end
function WebSocketClient.prototype.service(self, now)
    if self.session == nil and self.retryAt ~= nil and not self.suspended and now >= self.retryAt then
        self:startAttempt()
    end
    if self.session ~= nil then
        self.session:service(now)
    end
end
function WebSocketClient.prototype.nextEvent(self, now)
    local cancelled = self.cancelled
    if cancelled ~= nil then
        self.cancelled = nil
        return cancelled
    end
    local ____temp_8
    if self.session == nil then
        ____temp_8 = nil
    else
        ____temp_8 = self.session:nextEvent(now)
    end
    return ____temp_8
end
function WebSocketClient.prototype.hasEvents(self)
    return self.cancelled ~= nil or self.session ~= nil and self.session:hasEvents()
end
function WebSocketClient.prototype.hasBacklog(self)
    return self.session ~= nil and self.session:hasBacklog()
end
function WebSocketClient.prototype.isActive(self)
    return self.session ~= nil and not self.session.finished or self.retryAt ~= nil
end
function WebSocketClient.prototype.activeStream(self)
    local ____temp_9
    if self.session ~= nil and not self.session.finished then
        ____temp_9 = self.session.stream
    else
        ____temp_9 = nil
    end
    return ____temp_9
end
function WebSocketClient.prototype.nextDeadline(self)
    if self.session == nil then
        local ____table_suspended_10
        if self.suspended then
            ____table_suspended_10 = nil
        else
            ____table_suspended_10 = self.retryAt
        end
        return ____table_suspended_10
    end
    return self.session:nextDeadline()
end
function WebSocketClient.prototype.deliver(self, event)
    local luaEvent
    repeat
        local ____switch76 = event.type
        local ____cond76 = ____switch76 == "message"
        if ____cond76 then
            luaEvent = {
                name = WSEVENT,
                target = self.facade,
                type = ONMESSAGE,
                data = event.data,
                isBinary = event.binary,
                isFinal = event.partial ~= true
            }
            break
        end
        ____cond76 = ____cond76 or ____switch76 == "open"
        if ____cond76 then
            self.openDelivered = true
            self.protocol = event.protocol
            self.extensions = event.extensions
            luaEvent = {
                name = WSEVENT,
                target = self.facade,
                type = ONOPEN,
                protocol = event.protocol,
                extensions = event.extensions,
                reconnected = self.reconnecting
            }
            self.attempt = 0
            self.reconnecting = false
            break
        end
        ____cond76 = ____cond76 or ____switch76 == "pong"
        if ____cond76 then
            luaEvent = {name = WSEVENT, target = self.facade, type = ONPONG, data = event.data}
            break
        end
        ____cond76 = ____cond76 or ____switch76 == "error"
        if ____cond76 then
            self.lastError = {errorType = event.errorType, status = event.status}
            luaEvent = event.status == nil and event.headers == nil and ({
                name = WSEVENT,
                target = self.facade,
                type = ONERROR,
                code = event.code,
                reason = event.reason,
                errorType = event.errorType
            }) or ({
                name = WSEVENT,
                target = self.facade,
                type = ONERROR,
                code = event.code,
                reason = event.reason,
                errorType = event.errorType,
                status = event.status,
                headers = headerTable(event.headers),
                body = event.body
            })
            break
        end
        ____cond76 = ____cond76 or ____switch76 == "close"
        if ____cond76 then
            self.session = nil
            luaEvent = self:closeEvent(event)
            break
        end
    until true
    self.listeners:dispatch(luaEvent)
end
function WebSocketClient.prototype.closeEvent(self, event)
    local delay = self:decideReconnect(event)
    if delay ~= nil then
        self.retryAt = self.shared.now() + delay
        self.reconnecting = true
    else
        self.reconnecting = false
        self:watchSuspension(false)
    end
    self.closeAsked = false
    self.lastError = nil
    return {
        name = WSEVENT,
        target = self.facade,
        type = ONCLOSE,
        code = event.code,
        reason = event.reason,
        wasClean = event.wasClean,
        willReconnect = delay ~= nil,
        reconnectDelay = delay
    }
end
function WebSocketClient.prototype.writeSoon(self, session)
    if not self.shared.loop:isDispatching() then
        session:flush()
    end
end
function WebSocketClient.prototype.flush(self)
    if self.session ~= nil then
        self.session:flush()
    end
end
function WebSocketClient.prototype.beginService(self)
    if self.session ~= nil then
        self.session:beginService()
    end
end
function WebSocketClient.prototype.openSession(self, fname)
    local state = self:getState()
    if state ~= 1 then
        return ((fname .. ": the connection is not open (state ") .. STATE_NAMES[state + 1]) .. ")"
    end
    return self.session
end
return ____exports
 end,
["ts.plugin.clock"] = function(...) 
local ____exports = {}
function ____exports.clockFor(transport)
    if transport.now ~= nil then
        return transport.now
    end
    local solar2d = _G.system
    if solar2d ~= nil and type(solar2d.getTimer) == "function" then
        return function() return solar2d.getTimer() / 1000 end
    end
    return function() return os.time() end
end
return ____exports
 end,
["ts.plugin.internals"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__ObjectAssign = ____lualib.__TS__ObjectAssign
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local kernels = require("lua.kernels")
local base64 = require("ts.core.base64")
local codec = require("ts.codec.index")
local closeCodes = require("ts.core.close-codes")
local ____client_2Dconnection = require("ts.core.client-connection")
local ClientConnection = ____client_2Dconnection.ClientConnection
local ____connection = require("ts.core.connection")
local Connection = ____connection.Connection
local MAX_BUFFERED_INPUT = ____connection.MAX_BUFFERED_INPUT
local MAX_QUEUED_BYTES = ____connection.MAX_QUEUED_BYTES
local MAX_QUEUED_EVENTS = ____connection.MAX_QUEUED_EVENTS
local extensionHeader = require("ts.core.extension-header")
local deflateNegotiation = require("ts.core.deflate-negotiation")
local ____server_2Dconnection = require("ts.core.server-connection")
local ServerConnection = ____server_2Dconnection.ServerConnection
local serverHandshake = require("ts.core.server-handshake")
local frameEncoder = require("ts.core.frame-encoder")
local ____frame_2Ddecoder = require("ts.core.frame-decoder")
local FrameDecoder = ____frame_2Ddecoder.FrameDecoder
local handshake = require("ts.core.client-handshake")
local ____message_2Dassembler = require("ts.core.message-assembler")
local MessageAssembler = ____message_2Dassembler.MessageAssembler
local url = require("ts.core.url")
local bridgeBase64 = require("ts.plugin.bridge-base64")
local serviceBudget = require("ts.plugin.service-budget")
____exports.internals = {
    kernels = kernels,
    base64 = base64,
    closeCodes = closeCodes,
    codec = codec,
    frameEncoder = frameEncoder,
    handshake = handshake,
    serverHandshake = serverHandshake,
    extensionHeader = extensionHeader,
    deflateNegotiation = deflateNegotiation,
    url = url,
    bridgeBase64 = bridgeBase64,
    budgets = __TS__ObjectAssign({}, serviceBudget, {MAX_QUEUED_EVENTS = MAX_QUEUED_EVENTS, MAX_QUEUED_BYTES = MAX_QUEUED_BYTES, MAX_BUFFERED_INPUT = MAX_BUFFERED_INPUT}),
    newConnection = function(options) return __TS__New(ClientConnection, options) end,
    newFrameDecoder = function(options) return __TS__New(FrameDecoder, options) end,
    newRoleConnection = function(options) return __TS__New(Connection, options) end,
    newServerConnection = function(options) return __TS__New(ServerConnection, options) end,
    newMessageAssembler = function(maxMessageSize) return __TS__New(MessageAssembler, maxMessageSize) end
}
return ____exports
 end,
["ts.plugin.listen-options"] = function(...) 
local ____exports = {}
local ____connect_2Doptions = require("ts.plugin.connect-options")
local readCompression = ____connect_2Doptions.readCompression
local ____arguments = require("ts.plugin.arguments")
local badArgument = ____arguments.badArgument
local typeProblem = ____arguments.typeProblem
local ____option_2Dkeys = require("ts.plugin.option-keys")
local warnUnknownKeys = ____option_2Dkeys.warnUnknownKeys
local ____pem_2Dsource = require("ts.plugin.pem-source")
local readPem = ____pem_2Dsource.readPem
____exports.DEFAULT_MAX_CLIENTS = 64
____exports.DEFAULT_HANDSHAKE_TIMEOUT = 5
____exports.DEFAULT_SERVER_MAX_MESSAGE_SIZE = 16 * 1024 * 1024
____exports.DEFAULT_SERVER_PONG_TIMEOUT = 30
local KNOWN_KEYS = {
    port = true,
    host = true,
    path = true,
    protocols = true,
    verifyClient = true,
    maxClients = true,
    maxMessageSize = true,
    pingInterval = true,
    pongTimeout = true,
    compression = true,
    handshakeTimeout = true,
    tls = true
}
local function optionProblem(name, problem)
    return badArgument(1, "listen", (("option '" .. name) .. "' ") .. problem)
end
local function positive(options, name, fallback)
    local value = options[name]
    if value == nil then
        return fallback
    end
    if type(value) ~= "number" then
        return optionProblem(
            name,
            typeProblem("number", value)
        )
    end
    if not (value > 0) or value == math.huge then
        return optionProblem(
            name,
            "must be positive, got " .. tostring(value)
        )
    end
    return value
end
local function readProtocols(options)
    local value = options.protocols
    if value == nil then
        return {}
    end
    if type(value) == "string" then
        return {value}
    end
    if type(value) ~= "table" then
        return optionProblem(
            "protocols",
            ("must be a string or an array of strings (got " .. type(value)) .. ")"
        )
    end
    local list = {}
    local items = value
    do
        local i = 1
        while i <= #items do
            local item = items[i]
            if type(item) ~= "string" then
                return optionProblem(
                    "protocols",
                    ((("must hold strings only (item " .. tostring(i)) .. " is a ") .. type(item)) .. ")"
                )
            end
            list[#list + 1] = item
            i = i + 1
        end
    end
    return list
end
local function readTls(options)
    local value = options.tls
    if value == nil or value == false then
        return nil
    end
    if type(value) ~= "table" then
        return optionProblem(
            "tls",
            ("must be a table { certificate = ..., key = ... } (" .. typeProblem("table", value)) .. ")"
        )
    end
    local result = {}
    for ____, name in ipairs({"certificate", "key"}) do
        local entry = value[name]
        if type(entry) ~= "string" then
            return optionProblem(
                "tls." .. name,
                ("must be PEM text or the path of a PEM file (" .. typeProblem("string", entry)) .. ")"
            )
        end
        local pem = readPem(entry, ("option 'tls." .. name) .. "'")
        if pem.problem ~= nil then
            return badArgument(1, "listen", pem.problem)
        end
        result[name] = pem.pem
    end
    return {certificate = result.certificate, key = result.key}
end
--- Reads and checks `options`; returns the ready values, or the `bad argument #1 to 'listen'` message.
function ____exports.readListenOptions(options)
    local o = options or ({})
    warnUnknownKeys(o, KNOWN_KEYS, "listen")
    local ____o_port_0 = o.port
    if ____o_port_0 == nil then
        ____o_port_0 = 0
    end
    local port = ____o_port_0
    if type(port) ~= "number" or port < 0 or port > 65535 or math.floor(port) ~= port then
        return optionProblem(
            "port",
            ("must be an integer from 0 to 65535 (got " .. tostring(port)) .. ")"
        )
    end
    local ____o_host_1 = o.host
    if ____o_host_1 == nil then
        ____o_host_1 = "0.0.0.0"
    end
    local host = ____o_host_1
    if type(host) ~= "string" or host == "" then
        return optionProblem(
            "host",
            ("must be a host name or address (" .. typeProblem("string", host)) .. ")"
        )
    end
    local path = o.path
    if path ~= nil and (type(path) ~= "string" or string.sub(path, 1, 1) ~= "/") then
        return optionProblem(
            "path",
            ("must be a string starting with '/' (got " .. tostring(path)) .. ")"
        )
    end
    local verifyClient = o.verifyClient
    if verifyClient ~= nil and type(verifyClient) ~= "function" then
        return optionProblem(
            "verifyClient",
            typeProblem("function", verifyClient)
        )
    end
    local ____o_maxClients_2 = o.maxClients
    if ____o_maxClients_2 == nil then
        ____o_maxClients_2 = ____exports.DEFAULT_MAX_CLIENTS
    end
    local maxClients = ____o_maxClients_2
    if type(maxClients) ~= "number" or maxClients < 1 or math.floor(maxClients) ~= maxClients then
        return optionProblem(
            "maxClients",
            ("must be a whole number of at least 1 (got " .. tostring(maxClients)) .. ")"
        )
    end
    local maxMessageSize = positive(o, "maxMessageSize", ____exports.DEFAULT_SERVER_MAX_MESSAGE_SIZE)
    if type(maxMessageSize) == "string" then
        return maxMessageSize
    end
    local pongTimeout = positive(o, "pongTimeout", ____exports.DEFAULT_SERVER_PONG_TIMEOUT)
    if type(pongTimeout) == "string" then
        return pongTimeout
    end
    local handshakeTimeout = positive(o, "handshakeTimeout", ____exports.DEFAULT_HANDSHAKE_TIMEOUT)
    if type(handshakeTimeout) == "string" then
        return handshakeTimeout
    end
    local ____temp_3
    if o.pingInterval == false then
        ____temp_3 = nil
    else
        ____temp_3 = positive(o, "pingInterval", nil)
    end
    local pingInterval = ____temp_3
    if type(pingInterval) == "string" then
        return pingInterval
    end
    local protocols = readProtocols(o)
    if type(protocols) == "string" then
        return protocols
    end
    local tls = readTls(o)
    if type(tls) == "string" then
        return tls
    end
    local compression = readCompression(o.compression, optionProblem, "listen")
    if compression ~= nil and compression.problem ~= nil then
        return compression.problem
    end
    return {
        port = port,
        host = host,
        path = path,
        protocols = protocols,
        verifyClient = verifyClient,
        maxClients = maxClients,
        maxMessageSize = maxMessageSize,
        pingInterval = pingInterval,
        pongTimeout = pongTimeout,
        handshakeTimeout = handshakeTimeout,
        tls = tls,
        compression = compression
    }
end
return ____exports
 end,
["ts.plugin.peer-session"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____server_2Dconnection = require("ts.core.server-connection")
local ServerConnection = ____server_2Dconnection.ServerConnection
local ____input_2Dfeed = require("ts.plugin.input-feed")
local InputFeed = ____input_2Dfeed.InputFeed
local ____keep_2Dalive = require("ts.plugin.keep-alive")
local KeepAlive = ____keep_2Dalive.KeepAlive
local ____service_2Dbudget = require("ts.plugin.service-budget")
local WRITE_BUDGET = ____service_2Dbudget.WRITE_BUDGET
local ____write_2Dqueue = require("ts.plugin.write-queue")
local WriteQueue = ____write_2Dqueue.WriteQueue
--- Seconds a peer has to answer the server's close frame (server:close, peer:close).
____exports.PEER_CLOSE_TIMEOUT = 5
--- Bytes that may wait for a peer that does not read before `send` and broadcasts refuse more.
____exports.MAX_PEER_BUFFERED = 16 * 1024 * 1024
--- Finished streams that may linger at once (lingering-streams.ts; clients' streams count too):
-- beyond it a peer's stream is closed at once, so a flood of clients that never close their side
-- cannot hold descriptors.
____exports.MAX_LINGERING_STREAMS = 64
____exports.PeerSession = __TS__Class()
local PeerSession = ____exports.PeerSession
PeerSession.name = "PeerSession"
function PeerSession.prototype.____constructor(self, stream, maxMessageSize, timers, now, lingering, clock, random)
    self.stream = stream
    self.timers = timers
    self.lingering = lingering
    self.finished = false
    self.draining = false
    self.drainDeadline = 0
    self.unwritten = __TS__New(WriteQueue)
    self.writeAllowance = WRITE_BUDGET
    self.streamOpen = false
    local connection = __TS__New(ServerConnection, {maxMessageSize = maxMessageSize})
    self.connection = connection
    self.handshakeDeadline = now + timers.handshakeTimeout
    self.feed = __TS__New(
        InputFeed,
        connection,
        function() return connection.request == nil and connection:wantsInput() end,
        clock
    )
    self.keepAlive = __TS__New(KeepAlive, random)
end
function PeerSession.prototype.state(self)
    return self.connection.state
end
function PeerSession.prototype.bufferedAmount(self)
    local inStream = self.finished and 0 or self.stream:buffered()
    return self.unwritten.size + self.connection:outgoingSize() + inStream
end
function PeerSession.prototype.closeRequested(self, now)
    self.closeDeadline = now + ____exports.PEER_CLOSE_TIMEOUT
end
function PeerSession.prototype.pingSent(self, now)
    if self.pongDeadline == nil then
        self.pongDeadline = now + self.timers.pongTimeout
    end
end
function PeerSession.prototype.opened(self, now)
    if self.timers.pingInterval ~= nil then
        self.nextPingAt = now + self.timers.pingInterval
    end
end
function PeerSession.prototype.nextDeadline(self)
    if self.finished then
        return nil
    end
    if self.draining then
        return self.drainDeadline
    end
    local state = self.connection.state
    local earliest
    local function consider(t)
        if t ~= nil and (earliest == nil or t < earliest) then
            earliest = t
        end
    end
    if state == 0 then
        consider(self.handshakeDeadline)
    end
    if state == 1 then
        consider(self.nextPingAt)
    end
    if state == 1 or state == 2 then
        consider(self.pongDeadline)
    end
    if state == 2 then
        consider(self.closeDeadline)
    end
    return earliest
end
function PeerSession.prototype.service(self, now)
    if self.finished then
        return
    end
    if self.draining then
        self:drain(now)
        return
    end
    if not self.streamOpen then
        self:advanceStream()
    end
    if self.streamOpen then
        self.feed:readAvailable(self.stream, now)
    end
    if self.keepAlive:pongsArrived(self.connection.pongsReceived) then
        self.pongDeadline = nil
    end
    if self.feed:fullyRead() then
        self:checkTimers(now)
    end
    self:flush()
    if self.connection:wantsTransportClosed() then
        self:startDraining(now)
    end
end
function PeerSession.prototype.beginService(self)
    self.writeAllowance = WRITE_BUDGET
end
function PeerSession.prototype.hasBacklog(self)
    if self.finished then
        return false
    end
    if self.feed:hasBacklog() then
        return true
    end
    return self.writeAllowance <= 0 and (self.unwritten.size > 0 or self.connection:outgoingSize() > 0)
end
function PeerSession.prototype.flush(self)
    if self.finished or not self.streamOpen then
        return
    end
    local room = math.min(
        self.writeAllowance,
        WRITE_BUDGET - self.stream:buffered()
    )
    if room <= 0 then
        return
    end
    local outgoing = self.connection:outgoingSize()
    if outgoing > 0 and self.unwritten.size < room then
        local bytes = self.connection:takeOutgoing(room - self.unwritten.size)
        self.unwritten:push(bytes)
        local deflated = outgoing - self.connection:outgoingSize() - #bytes
        if deflated > 0 then
            self.writeAllowance = self.writeAllowance - deflated
        end
    end
    if self.unwritten.size == 0 then
        return
    end
    local before = self.unwritten.size
    local failure = self.unwritten:writeTo(self.stream, room)
    self.writeAllowance = self.writeAllowance - (before - self.unwritten.size)
    if failure ~= nil then
        self.connection:connectionLost(failure[1], failure[2])
    end
end
function PeerSession.prototype.queueShared(self, frame)
    if self.connection:outgoingSize() > 0 then
        self.unwritten:push(self.connection:takeOutgoing())
    end
    self.unwritten:push(frame)
end
function PeerSession.prototype.hasEvents(self)
    return self.connection:hasEvents()
end
function PeerSession.prototype.nextEvent(self, now)
    do
        while true do
            do
                local __continue44
                repeat
                    local event = self.connection:nextEvent()
                    if event == nil then
                        return nil
                    end
                    if event.type == "pong" then
                        if self.keepAlive:answers(event.data) then
                            __continue44 = true
                            break
                        end
                    elseif event.type == "close" and not self.draining and not self.finished then
                        self:flush()
                        self:startDraining(now)
                    end
                    return event
                until true
                if not __continue44 then
                    break
                end
            end
        end
    end
end
function PeerSession.prototype.drop(self)
    if self.finished then
        return
    end
    self.connection:abort("the server closed")
    self.stream:close()
    self.feed:drop()
    self.finished = true
end
function PeerSession.prototype.advanceStream(self)
    local status, failure, message = self.stream:step()
    if status == "open" then
        self.streamOpen = true
    elseif status == "failed" then
        self.connection:connectionLost(failure, message)
    end
end
function PeerSession.prototype.checkTimers(self, now)
    local state = self.connection.state
    if self.connection.closeReceived then
        return
    end
    if state == 0 and now >= self.handshakeDeadline and self.connection.request == nil then
        self.connection:fail(
            "timeout",
            1006,
            ("handshake timeout: no complete request within " .. tostring(self.timers.handshakeTimeout)) .. " s"
        )
        return
    end
    if self.pongDeadline ~= nil and now >= self.pongDeadline and (state == 1 or state == 2) then
        self.connection:fail(
            "timeout",
            1006,
            ("pong timeout: no pong within " .. tostring(self.timers.pongTimeout)) .. " s; the connection is lost"
        )
        return
    end
    if state == 2 and self.closeDeadline ~= nil and now >= self.closeDeadline then
        self.connection:fail(
            "timeout",
            1006,
            ("close timeout: the client did not complete the close handshake within " .. tostring(____exports.PEER_CLOSE_TIMEOUT)) .. " s"
        )
        return
    end
    if state == 1 and self.nextPingAt ~= nil and now >= self.nextPingAt then
        self.nextPingAt = now + self.timers.pingInterval
        local payload = self.keepAlive:next()
        if payload ~= nil then
            self.connection:ping(payload)
            self:pingSent(now)
        end
    end
end
function PeerSession.prototype.startDraining(self, now)
    if self.draining or self.finished then
        return
    end
    if self.connection:outgoingSize() > 0 then
        self.unwritten:push(self.connection:takeOutgoing())
    end
    self.draining = true
    self.feed:drop()
    self.drainDeadline = now + self.connection:drainTimeout()
    self:drain(now)
end
function PeerSession.prototype.drain(self, now)
    if self.streamOpen and self.unwritten.size > 0 and now < self.drainDeadline then
        if self.unwritten:writeTo(self.stream) == nil and self.unwritten.size > 0 then
            return
        end
    end
    self.finished = true
    local connection = self.connection
    local stream = self.stream
    local ____end = connection:transportEnd()
    local mayLinger = self.streamOpen and self.unwritten.size == 0 and self.lingering:count() < ____exports.MAX_LINGERING_STREAMS
    if mayLinger and ____end == 3 and stream.shutdown ~= nil and stream:shutdown() then
        self.lingering:add(
            stream,
            self.unwritten,
            now,
            connection:peerFinTimeout()
        )
        return
    end
    if mayLinger and ____end == 2 then
        self.lingering:add(
            stream,
            self.unwritten,
            now,
            connection:peerFinTimeout()
        )
        return
    end
    stream:close()
end
return ____exports
 end,
["ts.plugin.peer"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____facade = require("ts.plugin.facade")
local newFacade = ____facade.newFacade
local PEER_METHODS = ____facade.PEER_METHODS
local ____listeners = require("ts.plugin.listeners")
local ListenerList = ____listeners.ListenerList
local ____message_2Darguments = require("ts.plugin.message-arguments")
local checkCloseArguments = ____message_2Darguments.checkCloseArguments
local checkPingArguments = ____message_2Darguments.checkPingArguments
local checkSendArguments = ____message_2Darguments.checkSendArguments
local pieceRefusal = ____message_2Darguments.pieceRefusal
local ____peer_2Dsession = require("ts.plugin.peer-session")
local MAX_PEER_BUFFERED = ____peer_2Dsession.MAX_PEER_BUFFERED
local NORMAL_CLOSURE = 1000
local STATE_NAMES = {"CONNECTING", "OPEN", "CLOSING", "CLOSED"}
____exports.WebSocketPeer = __TS__Class()
local WebSocketPeer = ____exports.WebSocketPeer
WebSocketPeer.name = "WebSocketPeer"
function WebSocketPeer.prototype.____constructor(self, session, owner, address, remotePort)
    self.session = session
    self.owner = owner
    self.address = address
    self.remotePort = remotePort
    self.facade = newFacade(self, ____exports.WebSocketPeer.prototype, PEER_METHODS, "peer")
    self.listeners = __TS__New(ListenerList)
    self.announced = false
    self.closed = false
    self.protocol = ""
    self.extensions = ""
end
function WebSocketPeer.prototype.addEventListener(self, name, listener)
    self.listeners:addFromGame("ws", name, listener)
    return true
end
function WebSocketPeer.prototype.removeEventListener(self, name, listener)
    local removed = self.listeners:removeFromGame("ws", name, listener)
    return removed
end
function WebSocketPeer.prototype.send(self, data, options)
    local connection = self.session.connection
    local pieceOpen = connection:isSendingPieces()
    local text, binary, fin = checkSendArguments("send", data, options, pieceOpen)
    local problem = self:sendProblem("send")
    if problem ~= nil then
        return false, problem
    end
    local compress = options == nil or options.compress ~= false
    if fin and not pieceOpen then
        connection:send(text, binary, compress)
    else
        local refusal = pieceRefusal(
            "send",
            connection:sendPiece(text, binary, fin, compress),
            binary
        )
        if refusal ~= nil then
            return false, refusal
        end
    end
    self:writeSoon()
    return true
end
function WebSocketPeer.prototype.ping(self, payload)
    local data = checkPingArguments(payload)
    local problem = self:openProblem("ping")
    if problem ~= nil then
        return false, problem
    end
    self.session.connection:ping(data)
    self.session:pingSent(self.owner:now())
    self:writeSoon()
    return true
end
function WebSocketPeer.prototype.close(self, code, reason)
    local why = checkCloseArguments("close", code, reason, false)
    local problem = self:openProblem("close")
    if problem ~= nil then
        return false, problem
    end
    self:closeWith(code or NORMAL_CLOSURE, why)
    return true
end
function WebSocketPeer.prototype.disconnect(self)
    return self:close(NORMAL_CLOSURE)
end
function WebSocketPeer.prototype.getState(self)
    if self.closed then
        return 3
    end
    local state = self.session:state()
    if state == 1 then
        return self.announced and 1 or 0
    end
    if state == 3 then
        return 2
    end
    return state
end
function WebSocketPeer.prototype.getBufferedAmount(self)
    return self.closed and 0 or self.session:bufferedAmount()
end
function WebSocketPeer.prototype.getProtocol(self)
    return self.protocol
end
function WebSocketPeer.prototype.getExtensions(self)
    return self.extensions
end
function WebSocketPeer.prototype.getRemoteAddress(self)
    return self.address, self.remotePort
end
function WebSocketPeer.prototype.announce(self, protocol, extensions)
    self.announced = true
    self.protocol = protocol
    self.extensions = extensions
end
function WebSocketPeer.prototype.closeWith(self, code, reason)
    self.session.connection:close(code, reason)
    self.session:closeRequested(self.owner:now())
    self:writeSoon()
end
function WebSocketPeer.prototype.sendProblem(self, fname)
    local problem = self:openProblem(fname)
    if problem ~= nil then
        return problem
    end
    if fname == "broadcast" and self.session.connection:isSendingPieces() then
        return fname .. ": a message is being sent in pieces to this client"
    end
    if self.session:bufferedAmount() >= MAX_PEER_BUFFERED then
        return ((((fname .. ": ") .. tostring(self.session:bufferedAmount())) .. " bytes already wait for this client (it reads too slowly; at most ") .. tostring(MAX_PEER_BUFFERED)) .. ")"
    end
    return nil
end
function WebSocketPeer.prototype.writeSoon(self)
    if not self.owner:isDispatching() then
        self.session:flush()
    end
end
function WebSocketPeer.prototype.dispatch(self, event)
    self.listeners:dispatch(event)
end
function WebSocketPeer.prototype.openProblem(self, fname)
    local state = self:getState()
    if state ~= 1 then
        return ((fname .. ": the connection is not open (state ") .. STATE_NAMES[state + 1]) .. ")"
    end
    return nil
end
return ____exports
 end,
["ts.plugin.server"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local __TS__New = ____lualib.__TS__New
local __TS__ArraySplice = ____lualib.__TS__ArraySplice
local __TS__Unpack = ____lualib.__TS__Unpack
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local ____exports = {}
local ____frame_2Dencoder = require("ts.core.frame-encoder")
local encodeFrameHeader = ____frame_2Dencoder.encodeFrameHeader
local ____index = require("ts.codec.index")
local selectCodec = ____index.selectCodec
local ____deflate_2Dnegotiation = require("ts.core.deflate-negotiation")
local answerDeflateOffers = ____deflate_2Dnegotiation.answerDeflateOffers
local ____permessage_2Ddeflate = require("ts.core.permessage-deflate")
local PerMessageDeflate = ____permessage_2Ddeflate.PerMessageDeflate
local ____server_2Dhandshake = require("ts.core.server-handshake")
local chooseSubprotocol = ____server_2Dhandshake.chooseSubprotocol
local ____arguments = require("ts.plugin.arguments")
local CALLER_OF_METHOD = ____arguments.CALLER_OF_METHOD
local checkType = ____arguments.checkType
local ____browser_2Doptions = require("ts.plugin.browser-options")
local browserListenFailure = ____browser_2Doptions.browserListenFailure
local ____constants = require("ts.plugin.constants")
local ONCLOSE = ____constants.ONCLOSE
local ONCONNECTION = ____constants.ONCONNECTION
local ONERROR = ____constants.ONERROR
local ONLISTEN = ____constants.ONLISTEN
local ONMESSAGE = ____constants.ONMESSAGE
local ONPONG = ____constants.ONPONG
local WSEVENT = ____constants.WSEVENT
local ____facade = require("ts.plugin.facade")
local newFacade = ____facade.newFacade
local SERVER_METHODS = ____facade.SERVER_METHODS
local ____listen_2Doptions = require("ts.plugin.listen-options")
local readListenOptions = ____listen_2Doptions.readListenOptions
local ____listeners = require("ts.plugin.listeners")
local ListenerList = ____listeners.ListenerList
local ____peer_2Dsession = require("ts.plugin.peer-session")
local PeerSession = ____peer_2Dsession.PeerSession
local ____message_2Darguments = require("ts.plugin.message-arguments")
local checkBroadcastArguments = ____message_2Darguments.checkBroadcastArguments
local checkCloseArguments = ____message_2Darguments.checkCloseArguments
local ____peer = require("ts.plugin.peer")
local WebSocketPeer = ____peer.WebSocketPeer
--- New connections taken from the listener per service at most: a flood of connection attempts
-- costs each frame a bounded amount of work (the rest wait in the operating system's backlog).
____exports.ACCEPTS_PER_SERVICE = 16
--- Clients still in their opening handshake at most. While this many are, no more are accepted:
-- new connections wait in the operating system's backlog (a burst of honest clients is only
-- delayed), and a flood of clients that never finish their handshake is bounded by this and
-- dropped after handshakeTimeout.
____exports.MAX_PENDING_HANDSHAKES = 128
--- The operating system's queue of connections not yet accepted (Node's default): a burst waits there
-- while MAX_PENDING_HANDSHAKES are being served, instead of overflowing into SYN retries.
local BACKLOG = 511
local GOING_AWAY = 1001
local STATE_NAMES = {"CONNECTING", "OPEN", "CLOSING", "CLOSED"}
local function errorTypeOf(failure)
    if failure == "tls unsupported here" then
        return "unsupported"
    end
    if failure == "tls" then
        return "tls"
    end
    return "listen"
end
____exports.WebSocketServer = __TS__Class()
local WebSocketServer = ____exports.WebSocketServer
WebSocketServer.name = "WebSocketServer"
function WebSocketServer.prototype.____constructor(self, shared)
    self.shared = shared
    self.facade = newFacade(self, ____exports.WebSocketServer.prototype, SERVER_METHODS, "server")
    self.listeners = __TS__New(ListenerList)
    self.state = 3
    self.listening = false
    self.queue = {}
    self.peers = {}
    self.connected = {}
    self.eventCursor = 0
    local loop = shared.loop
    local now = shared.now
    self.owner = {
        isDispatching = function(self)
            return loop:isDispatching()
        end,
        now = function(self)
            return now()
        end
    }
end
function WebSocketServer.prototype.addEventListener(self, name, listener)
    self.listeners:addFromGame("server", name, listener)
    return true
end
function WebSocketServer.prototype.removeEventListener(self, name, listener)
    local removed = self.listeners:removeFromGame("server", name, listener)
    return removed
end
function WebSocketServer.prototype.listen(self, options)
    local optionsProblem = checkType(
        options,
        "table",
        1,
        "listen",
        true
    )
    if optionsProblem ~= nil then
        error(optionsProblem, CALLER_OF_METHOD)
    end
    local settings = readListenOptions(options)
    if type(settings) == "string" then
        error(settings, CALLER_OF_METHOD)
    end
    if self.state ~= 3 or self.ending ~= nil or self:isActive() then
        return false, ("listen: the server is not closed (state " .. STATE_NAMES[self.state + 1]) .. "); wait for its ONCLOSE"
    end
    self.options = settings
    self.state = 0
    self.listening = false
    self.port = nil
    local transport = self.shared.transport
    if self.shared.messages ~= nil or transport.listen == nil then
        local failure = browserListenFailure()
        local reason = self.shared.messages ~= nil and failure.reason or ("listen: the " .. transport.name) .. " transport cannot accept connections on this platform"
        self:failListening("unsupported", "unsupported", reason)
    else
        self.listener = transport.listen({host = settings.host, port = settings.port, backlog = BACKLOG, tls = settings.tls})
    end
    self.shared.loop:activate(self)
    return true
end
function WebSocketServer.prototype.getState(self)
    return self.state
end
function WebSocketServer.prototype.getPort(self)
    return self.port
end
function WebSocketServer.prototype.getClients(self)
    local clients = {}
    for ____, peer in ipairs(self:openPeers()) do
        clients[#clients + 1] = peer.facade
    end
    return clients
end
function WebSocketServer.prototype.openPeers(self)
    local open = {}
    for ____, peer in ipairs(self.connected) do
        if peer:getState() == 1 then
            open[#open + 1] = peer
        end
    end
    return open
end
function WebSocketServer.prototype.broadcast(self, data, options)
    local text, binary = checkBroadcastArguments(data, options)
    local frame
    local count = 0
    for ____, peer in ipairs(self:openPeers()) do
        do
            local __continue26
            repeat
                if peer:sendProblem("broadcast") ~= nil then
                    __continue26 = true
                    break
                end
                if frame == nil then
                    frame = encodeFrameHeader(binary and 2 or 1, true, #text, "") .. text
                end
                peer.session:queueShared(frame)
                peer:writeSoon()
                count = count + 1
                __continue26 = true
            until true
            if not __continue26 then
                break
            end
        end
    end
    return count
end
function WebSocketServer.prototype.close(self, code, reason)
    local why = checkCloseArguments("close", code, reason, true)
    if self.state == 3 or self.state == 2 or self.ending ~= nil then
        return false, ("close: the server is not listening (state " .. STATE_NAMES[self.state + 1]) .. ")"
    end
    local closeCode = code or GOING_AWAY
    self.state = 2
    self:stopListening()
    for ____, entry in ipairs(self.peers) do
        if entry.accepted and entry.session:state() == 1 then
            entry.peer:closeWith(closeCode, why)
        elseif not entry.accepted then
            entry.session:drop()
        end
    end
    self.ending = {code = closeCode, reason = why, wasClean = true}
    return true
end
function WebSocketServer.prototype.service(self, now)
    self.eventCursor = 0
    if self.listener ~= nil then
        self:stepListener()
    end
    for ____, entry in ipairs(self.peers) do
        local session = entry.session
        session:service(now)
        if not entry.accepted then
            if session.connection.request ~= nil and not entry.verifyQueued then
                entry.verifyQueued = true
                local ____self_queue_0 = self.queue
                ____self_queue_0[#____self_queue_0 + 1] = {kind = "verify", peer = entry}
            end
            while session:nextEvent(now) ~= nil do
            end
        end
    end
    self:forgetFinishedPeers()
end
function WebSocketServer.prototype.nextEvent(self, now)
    local item = table.remove(self.queue, 1)
    if item ~= nil then
        return item
    end
    local peers = self.peers
    do
        local i = self.eventCursor
        while i < #peers do
            do
                local __continue46
                repeat
                    local entry = peers[i + 1]
                    if not entry.accepted or entry.peer.closed then
                        __continue46 = true
                        break
                    end
                    local event = entry.session:nextEvent(now)
                    if event ~= nil then
                        self.eventCursor = i
                        return {kind = "peer", peer = entry, event = event}
                    end
                    __continue46 = true
                until true
                if not __continue46 then
                    break
                end
            end
            i = i + 1
        end
    end
    self.eventCursor = 0
    local ending = self.ending
    if ending ~= nil and #self.peers == 0 and self.listener == nil then
        self.ending = nil
        return {kind = "close", code = ending.code, reason = ending.reason, wasClean = ending.wasClean}
    end
    return nil
end
function WebSocketServer.prototype.hasEvents(self)
    if #self.queue > 0 then
        return true
    end
    for ____, entry in ipairs(self.peers) do
        if entry.accepted and not entry.peer.closed and entry.session:hasEvents() then
            return true
        end
    end
    return self.ending ~= nil and #self.peers == 0 and self.listener == nil
end
function WebSocketServer.prototype.isActive(self)
    return self.listener ~= nil or #self.peers > 0 or self.ending ~= nil or #self.queue > 0
end
function WebSocketServer.prototype.activeStream(self)
    return nil
end
function WebSocketServer.prototype.waitables(self)
    local list = {}
    if self.listener ~= nil and self.ending == nil and self:pendingHandshakes() < ____exports.MAX_PENDING_HANDSHAKES then
        list[#list + 1] = self.listener
    end
    for ____, entry in ipairs(self.peers) do
        if not entry.session.finished then
            list[#list + 1] = entry.session.stream
        end
    end
    return list
end
function WebSocketServer.prototype.flush(self)
    for ____, entry in ipairs(self.peers) do
        entry.session:flush()
    end
end
function WebSocketServer.prototype.beginService(self)
    for ____, entry in ipairs(self.peers) do
        entry.session:beginService()
    end
end
function WebSocketServer.prototype.hasBacklog(self)
    for ____, entry in ipairs(self.peers) do
        if entry.session:hasBacklog() then
            return true
        end
    end
    return false
end
function WebSocketServer.prototype.nextDeadline(self)
    local earliest
    for ____, entry in ipairs(self.peers) do
        local t = entry.session:nextDeadline()
        if t ~= nil and (earliest == nil or t < earliest) then
            earliest = t
        end
    end
    return earliest
end
function WebSocketServer.prototype.deliver(self, item)
    repeat
        local ____switch77 = item.kind
        local ____cond77 = ____switch77 == "listen"
        if ____cond77 then
            self.state = 1
            self:dispatchOwn({
                name = WSEVENT,
                target = self.facade,
                server = self.facade,
                type = ONLISTEN,
                port = item.port,
                host = item.host
            })
            return
        end
        ____cond77 = ____cond77 or ____switch77 == "error"
        if ____cond77 then
            self:dispatchOwn({
                name = WSEVENT,
                target = self.facade,
                server = self.facade,
                type = ONERROR,
                code = item.code,
                reason = item.reason,
                errorType = item.errorType,
                cause = item.cause
            })
            return
        end
        ____cond77 = ____cond77 or ____switch77 == "close"
        if ____cond77 then
            self.state = 3
            self.connected = {}
            self.port = nil
            self:dispatchOwn({
                name = WSEVENT,
                target = self.facade,
                server = self.facade,
                type = ONCLOSE,
                code = item.code,
                reason = item.reason,
                wasClean = item.wasClean
            })
            return
        end
        ____cond77 = ____cond77 or ____switch77 == "verify"
        if ____cond77 then
            self:verify(item.peer)
            return
        end
        ____cond77 = ____cond77 or ____switch77 == "peer"
        if ____cond77 then
            self:deliverPeerEvent(item.peer, item.event)
            return
        end
    until true
end
function WebSocketServer.prototype.dispatchOwn(self, event)
    self.listeners:dispatch(event)
end
function WebSocketServer.prototype.stepListener(self)
    local listener = self.listener
    if not self.listening then
        local status, failure, message = listener:step()
        if status == "failed" then
            self:stopListening()
            self:failListening(
                errorTypeOf(failure),
                failure,
                message
            )
            return
        end
        if status ~= "listening" then
            return
        end
        self.listening = true
        self.port = listener:port()
        local ____self_queue_1 = self.queue
        ____self_queue_1[#____self_queue_1 + 1] = {kind = "listen", port = self.port, host = self.options.host}
    end
    if self.ending ~= nil then
        return
    end
    local room = math.min(
        ____exports.ACCEPTS_PER_SERVICE,
        ____exports.MAX_PENDING_HANDSHAKES - self:pendingHandshakes()
    )
    while room > 0 do
        local stream, address, port = listener:accept()
        if stream == nil then
            break
        end
        self:admit(stream, address, port)
        room = room - 1
    end
end
function WebSocketServer.prototype.pendingHandshakes(self)
    local pending = 0
    for ____, entry in ipairs(self.peers) do
        if not entry.accepted and not entry.session.finished then
            pending = pending + 1
        end
    end
    return pending
end
function WebSocketServer.prototype.admit(self, stream, address, port)
    local options = self.options
    local now = self.shared.now()
    local session = __TS__New(
        PeerSession,
        stream,
        options.maxMessageSize,
        options,
        now,
        self.shared.loop.lingering,
        self.shared.now,
        self.shared.random
    )
    local peer = __TS__New(
        WebSocketPeer,
        session,
        self.owner,
        address,
        port
    )
    local ____self_peers_2 = self.peers
    ____self_peers_2[#____self_peers_2 + 1] = {peer = peer, session = session, accepted = false, verifyQueued = false}
end
function WebSocketServer.prototype.failListening(self, errorType, cause, reason)
    local ____self_queue_3 = self.queue
    ____self_queue_3[#____self_queue_3 + 1] = {
        kind = "error",
        errorType = errorType,
        cause = cause,
        code = 1006,
        reason = reason
    }
    self.ending = {code = 1006, reason = reason, wasClean = false}
end
function WebSocketServer.prototype.stopListening(self)
    if self.listener ~= nil then
        self.listener:close()
        self.listener = nil
    end
    self.listening = false
end
function WebSocketServer.prototype.forgetFinishedPeers(self)
    local i = 0
    while i < #self.peers do
        local entry = self.peers[i + 1]
        local ____entry_session_finished_5 = entry.session.finished
        if ____entry_session_finished_5 then
            local ____entry_accepted_4
            if entry.accepted then
                ____entry_accepted_4 = entry.peer.closed
            else
                ____entry_accepted_4 = not entry.session:hasEvents()
            end
            ____entry_session_finished_5 = ____entry_accepted_4
        end
        local done = ____entry_session_finished_5
        if done then
            __TS__ArraySplice(self.peers, i, 1)
        else
            i = i + 1
        end
    end
end
function WebSocketServer.prototype.requestTable(self, entry, protocol)
    local request = entry.session.connection.request
    local headers = {}
    for ____, field in ipairs(request.headers) do
        local before = headers[field.name]
        headers[field.name] = before == nil and field.value or (before .. ", ") .. field.value
    end
    local address, port = entry.peer:getRemoteAddress()
    local ____table = {}
    ____table.path = request.path
    ____table.query = request.query
    ____table.headers = headers
    ____table.origin = request.origin
    ____table.protocol = protocol
    ____table.protocols = {__TS__Unpack(request.protocols)}
    ____table.address = address
    ____table.port = port
    return ____table
end
function WebSocketServer.prototype.verify(self, entry)
    local connection = entry.session.connection
    local request = connection.request
    if request == nil or entry.session.finished then
        return
    end
    local options = self.options
    if self.state ~= 1 and self.state ~= 0 then
        self:refuse(entry, 503, "the server is closing")
        return
    end
    if options.path ~= nil and request.path ~= options.path then
        self:refuse(entry, 404, "no WebSocket endpoint at " .. request.path)
        return
    end
    local open = 0
    for ____, other in ipairs(self.peers) do
        if other.accepted and not other.peer.closed then
            open = open + 1
        end
    end
    if open >= options.maxClients then
        self:refuse(
            entry,
            503,
            ("the server has its maximum of " .. tostring(options.maxClients)) .. " clients"
        )
        return
    end
    local protocol = chooseSubprotocol(request.protocols, options.protocols)
    local requestTable = self:requestTable(entry, protocol)
    local verifyClient = options.verifyClient
    if verifyClient ~= nil then
        local check = verifyClient
        local ok, verdict = pcall(function()
            local accepted, status, reason = check(requestTable)
            return {accepted = accepted, status = status, reason = reason}
        end)
        if not ok then
            self:refuse(entry, 500, "the server failed to check the request")
            error(verdict, 0)
        end
        local ____verdict_6 = verdict
        local accepted = ____verdict_6.accepted
        local status = ____verdict_6.status
        local reason = ____verdict_6.reason
        if accepted ~= true then
            local given = status
            local code = type(status) == "number" and given >= 400 and given <= 599 and math.floor(given) == given and given or 403
            local why = type(reason) == "string" and reason or "refused by the server"
            self:refuse(entry, code, why)
            return
        end
    end
    entry.accepted = true
    entry.request = requestTable
    local compression = options.compression
    local ____temp_7
    if compression ~= nil then
        ____temp_7 = answerDeflateOffers(request.extensions, compression)
    else
        ____temp_7 = nil
    end
    local negotiated = ____temp_7
    if negotiated == nil then
        connection:accept(protocol)
    else
        local extension = __TS__New(
            PerMessageDeflate,
            selectCodec(self.shared.transport),
            negotiated.agreement,
            compression,
            options.maxMessageSize
        )
        connection:accept(protocol, negotiated.header, extension)
    end
    entry.session:opened(self.shared.now())
    if not self.shared.loop:isDispatching() then
        entry.session:flush()
    end
end
function WebSocketServer.prototype.refuse(self, entry, status, reason)
    entry.session.connection:reject(status, reason)
    entry.session:flush()
end
function WebSocketServer.prototype.deliverPeerEvent(self, entry, event)
    local peer = entry.peer
    local luaEvent
    repeat
        local ____switch118 = event.type
        local ____cond118 = ____switch118 == "open"
        if ____cond118 then
            peer:announce(event.protocol, event.extensions)
            local ____self_connected_8 = self.connected
            ____self_connected_8[#____self_connected_8 + 1] = peer
            self:dispatchOwn({
                name = WSEVENT,
                target = self.facade,
                server = self.facade,
                client = peer.facade,
                type = ONCONNECTION,
                request = entry.request,
                protocol = event.protocol
            })
            return
        end
        ____cond118 = ____cond118 or ____switch118 == "message"
        if ____cond118 then
            luaEvent = {
                name = WSEVENT,
                target = peer.facade,
                client = peer.facade,
                server = self.facade,
                type = ONMESSAGE,
                data = event.data,
                isBinary = event.binary,
                isFinal = true
            }
            break
        end
        ____cond118 = ____cond118 or ____switch118 == "pong"
        if ____cond118 then
            luaEvent = {
                name = WSEVENT,
                target = peer.facade,
                client = peer.facade,
                server = self.facade,
                type = ONPONG,
                data = event.data
            }
            break
        end
        ____cond118 = ____cond118 or ____switch118 == "error"
        if ____cond118 then
            luaEvent = {
                name = WSEVENT,
                target = peer.facade,
                client = peer.facade,
                server = self.facade,
                type = ONERROR,
                code = event.code,
                reason = event.reason,
                errorType = event.errorType
            }
            break
        end
        ____cond118 = ____cond118 or ____switch118 == "close"
        if ____cond118 then
            do
                peer.closed = true
                local index = __TS__ArrayIndexOf(self.connected, peer)
                if index >= 0 then
                    __TS__ArraySplice(self.connected, index, 1)
                end
                luaEvent = {
                    name = WSEVENT,
                    target = peer.facade,
                    client = peer.facade,
                    server = self.facade,
                    type = ONCLOSE,
                    code = event.code,
                    reason = event.reason,
                    wasClean = event.wasClean
                }
                break
            end
        end
    until true
    peer:dispatch(luaEvent)
    self.listeners:dispatch(luaEvent)
end
return ____exports
 end,
["ts.plugin.transport-select"] = function(...) 
local ____exports = {}
local luasocketTransport = require("lua.transport-luasocket")
local ____browser_2Dtransport = require("ts.plugin.browser-transport")
local browserTransport = ____browser_2Dtransport.browserTransport
local PROVIDED_TRANSPORTS = {"plugin.websockets_native", "plugin.websockets_host"}
local function isTransport(value)
    return type(value) == "table" and type(value.open) == "function"
end
function ____exports.selectTransport()
    for ____, name in ipairs(PROVIDED_TRANSPORTS) do
        local found, module = pcall(require, name)
        if found and isTransport(module) then
            return module
        end
    end
    return luasocketTransport
end
--- Solar2D HTML5 builds (`system.getInfo("platform") == "html5"`): the browser's own WebSocket,
-- through the JavaScript module plugin_websockets_js.js (native-html5/), which Solar2D's loader
-- finds for `require("plugin_websockets_js")`. Elsewhere undefined: bytes go through selectTransport.
function ____exports.selectMessageTransport()
    local solar2d = _G.system
    if solar2d == nil or type(solar2d.getInfo) ~= "function" or solar2d.getInfo("platform") ~= "html5" then
        return nil
    end
    local found, module = pcall(require, "plugin_websockets_js")
    return found and browserTransport(module) or browserTransport(
        nil,
        tostring(module)
    )
end
return ____exports
 end,
["lua.transport-luasocket"] = function(...) 
-- The LuaSocket + LuaSec transport: byte streams over TCP and TLS for the Solar2D Simulator and plain
-- Lua (5.1, LuaJIT, 5.3, 5.4). It implements ts/transport/contract.ts and nothing more: it carries
-- bytes and knows nothing of WebSocket.
--
-- Design:
--  * Polled. open() only records what to do; step() advances name lookup, TCP connect and the TLS
--    handshake as far as it can without waiting, and wait() is the only call that sleeps.
--  * Never raises for network reasons: every failure is a category ("dns", "connect", "tls",
--    "closed") plus a message that names the host and the cause.
--  * Loads lazily. require("socket") and require("ssl") happen on first use, so the module loads
--    everywhere, and a platform without them gets a clear failure from step() instead of an error.
--  * Nothing is buffered here: write() hands bytes straight to the operating system and reports how
--    many it took, so buffered() is always 0 and backpressure stays with the plugin.

local M = { name = "luasocket" }

-- Bytes asked of LuaSocket per receive() call; a read() loops until the socket would block.
local RECEIVE_CHUNK = 65536
-- A read() returns at most this much so that one fast peer cannot hold the service loop; what is
-- left stays readable (or, under TLS, "dirty") and wait() returns at once for it.
local READ_LIMIT_PER_CALL = 4 * 1024 * 1024
-- /dev/urandom is read in blocks of this size; mask keys take 4 bytes each.
local RANDOM_BLOCK = 4096

-- CA bundles of common systems, used when verification is on and no `ca` option was given. LuaSec
-- does not load OpenSSL's default trust store by itself.
local SYSTEM_CA_FILES = {
  "/etc/ssl/certs/ca-certificates.crt", -- Debian, Ubuntu, Arch, Gentoo
  "/etc/pki/tls/certs/ca-bundle.crt", -- Fedora, RHEL, CentOS
  "/etc/ssl/ca-bundle.pem", -- openSUSE
  "/etc/pki/tls/cacert.pem", -- OpenELEC
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", -- RHEL 7+
  "/etc/ssl/cert.pem", -- macOS, Alpine, OpenBSD
  "/usr/local/etc/openssl/cert.pem", -- Homebrew OpenSSL
  "/usr/local/share/certs/ca-root-nss.crt", -- FreeBSD
}
local SYSTEM_CA_DIRS = { "/etc/ssl/certs", "/etc/pki/tls/certs" }

-- Result codes of LuaSocket / LuaSec calls that only mean "not now, try again later".
local WOULD_BLOCK = { timeout = true, wantread = true, wantwrite = true }

---------------------------------------------------------------------------------------------------
-- Lazy loading of LuaSocket and LuaSec
---------------------------------------------------------------------------------------------------

local socketModule -- the LuaSocket table, false when it cannot be loaded, nil before the first try
local socketLoadError

local function loadSocket()
  if socketModule == nil then
    local ok, result = pcall(require, "socket")
    if ok and type(result) == "table" and result.tcp then
      socketModule = result
    else
      socketModule = false
      socketLoadError = tostring(result)
    end
  end
  return socketModule or nil
end

local sslModule
local sslLoadErrors

-- LuaSec is `ssl` in plain Lua. Solar2D ships it inside the plugin.openssl plugin, whose LuaSec
-- part becomes available as `plugin_luasec_ssl` once `plugin.openssl` has been required.
local function loadSsl()
  if sslModule == nil then
    sslModule = false
    sslLoadErrors = {}
    local ok, result = pcall(require, "ssl")
    if ok and type(result) == "table" and result.wrap then
      sslModule = result
    else
      sslLoadErrors[#sslLoadErrors + 1] = "require 'ssl': " .. tostring(result)
      local pluginOk, pluginError = pcall(require, "plugin.openssl")
      if pluginOk then
        ok, result = pcall(require, "plugin_luasec_ssl")
        if ok and type(result) == "table" and result.wrap then
          sslModule = result
        else
          sslLoadErrors[#sslLoadErrors + 1] = "require 'plugin_luasec_ssl': " .. tostring(result)
        end
      else
        sslLoadErrors[#sslLoadErrors + 1] = "require 'plugin.openssl': " .. tostring(pluginError)
      end
    end
  end
  return sslModule or nil
end

local function firstLine(text)
  return (tostring(text):match("^[^\n]*"))
end

local HostNames = require("lua.host-names")
local isIpv4Literal, isIpv6Literal = HostNames.isIpv4Literal, HostNames.isIpv6Literal
local certificateMatchesHost = HostNames.certificateMatchesHost
local resolve = HostNames.resolve

---------------------------------------------------------------------------------------------------
-- TLS configuration
---------------------------------------------------------------------------------------------------

-- The lowest TLS version maps onto LuaSec's protocol "any" (OpenSSL negotiates the highest version
-- both sides support) with the older versions switched off.
local DISABLED_BELOW = {
  ["1.0"] = { "no_sslv2", "no_sslv3" },
  ["1.1"] = { "no_sslv2", "no_sslv3", "no_tlsv1" },
  ["1.2"] = { "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1" },
  ["1.3"] = { "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1", "no_tlsv1_2" },
}

local function fileExists(path)
  local file = io and io.open and io.open(path, "rb")
  if file then
    file:close()
    return true
  end
  return false
end

local systemTrust -- { cafile = ..., capath = ... }, false when none was found, nil before looking

local function findSystemTrust()
  if systemTrust == nil then
    systemTrust = false
    for _, path in ipairs(SYSTEM_CA_FILES) do
      if fileExists(path) then
        systemTrust = { cafile = path }
        break
      end
    end
    for _, dir in ipairs(SYSTEM_CA_DIRS) do
      -- A directory of hashed certificates; "<dir>/." opens on POSIX systems when it exists.
      if fileExists(dir .. "/.") then
        systemTrust = systemTrust or {}
        systemTrust.capath = dir
        break
      end
    end
  end
  return systemTrust or nil
end

-- Contexts are cached by their settings: loading a system CA bundle costs milliseconds, and a game
-- with many connections would pay it for each. A system CA file edited while the program runs is
-- not reread.
local contextCache = {}

-- A private file for `pem`: in Solar2D its TemporaryDirectory, elsewhere os.tmpname (which creates
-- the file, readable by this user only). Returns the path, or nil and a message.
local function writeTemporaryPem(pem)
  local path
  local solar2d = rawget(_G, "system")
  if type(solar2d) == "table" and type(solar2d.pathForFile) == "function" and solar2d.TemporaryDirectory then
    path = solar2d.pathForFile("plugin.websockets-ca-" .. tostring(os.time()) .. "-" .. #pem .. ".pem",
      solar2d.TemporaryDirectory)
  elseif os and os.tmpname then
    local ok, name = pcall(os.tmpname)
    if ok then path = name end
  end
  if not path then
    return nil, "no temporary file for the `ca` certificates can be made here"
  end
  local file, err = io.open(path, "wb")
  if not file then
    return nil, "cannot write the `ca` certificates to a temporary file (" .. tostring(err) .. ")"
  end
  local written, writeError = file:write(pem)
  file:close()
  if not written then
    os.remove(path)
    return nil, "cannot write the `ca` certificates to a temporary file (" .. tostring(writeError) .. ")"
  end
  return path
end

-- LuaSec 1.2 takes trusted CAs only as files (`cafile`, `capath`: context.locations); the `ca`
-- option brings PEM text. OpenSSL reads a cafile completely while the context is made, so the
-- text goes to a temporary file for exactly that moment and the file is removed right after; the
-- context (cached by the PEM text) keeps the certificates.
local function newContextTrusting(ssl, params, pem)
  local path, message = writeTemporaryPem(pem)
  if not path then
    return false, message
  end
  params.cafile = path
  local ok, context, contextError = pcall(ssl.newcontext, params)
  os.remove(path)
  params.cafile = nil
  return ok, context, contextError
end

-- Returns a LuaSec context for `options`, or nil and a message.
local function tlsContext(ssl, options)
  local minTls = DISABLED_BELOW[options.minTls] and options.minTls or "1.2"
  local verify = options.verify ~= false
  local key = table.concat({ minTls, tostring(verify), tostring(options.ca) }, "\0")
  if contextCache[key] then
    return contextCache[key]
  end

  local params = {
    mode = "client",
    protocol = "any",
    options = DISABLED_BELOW[minTls],
    verify = verify and "peer" or "none",
  }
  if minTls == "1.0" or minTls == "1.1" then
    -- OpenSSL 3 refuses TLS 1.0 and 1.1 handshakes at its default security level (their SHA-1
    -- signatures are "legacy sigalg disallowed"). A game that asks for them gets security level 0,
    -- which also admits weak ciphers; TLS_1_2 (the default) and TLS_1_3 are unaffected.
    params.ciphers = "DEFAULT:@SECLEVEL=0"
  end
  local ok, context, message
  if verify and options.ca then
    ok, context, message = newContextTrusting(ssl, params, options.ca)
  else
    if verify then
      local trust = findSystemTrust()
      if not trust then
        return nil, "no system CA certificates were found to verify the server; pass the `ca` option "
          .. "(trusted CA certificates as PEM text or a PEM file), or verify = false for development only"
      end
      params.cafile, params.capath = trust.cafile, trust.capath
    end
    ok, context, message = pcall(ssl.newcontext, params)
  end
  if not ok or not context then
    return nil, "cannot set up TLS: " .. firstLine(ok and message or context)
  end
  contextCache[key] = context
  return context
end

---------------------------------------------------------------------------------------------------
-- Streams
---------------------------------------------------------------------------------------------------

-- States: "resolving" (not stepped yet) -> "connecting" (TCP) -> "handshaking" (TLS) -> "open";
-- any of them -> "failed"; close() -> "closed".
local Stream = {}
Stream.__index = Stream

local function endpoint(self)
  if isIpv6Literal(self.host) then
    return "[" .. self.host .. "]:" .. tostring(self.port)
  end
  return self.host .. ":" .. tostring(self.port)
end

local function fail(self, category, message)
  if self.socket then
    pcall(self.socket.close, self.socket)
    self.socket = nil
  end
  self.state = "failed"
  self.failureCategory, self.failureMessage = category, message
  return "failed", category, message
end

-- A fresh non-blocking socket for `address`, connecting. Returns the connect outcome:
-- "connected", "pending", or nil and a message.
local function startConnect(self, socket, address)
  local create = address.family == "inet6" and socket.tcp6 or socket.tcp4 or socket.tcp
  if not create then
    return nil, "this LuaSocket cannot open IPv6 connections"
  end
  local tcp, message = create()
  if not tcp then
    return nil, tostring(message)
  end
  tcp:settimeout(0)
  pcall(tcp.setoption, tcp, "tcp-nodelay", true) -- WebSocket frames are small and latency matters
  self.socket, self.address = tcp, address
  local ok, err = tcp:connect(address.addr, self.port)
  if ok or err == "already connected" then
    return "connected"
  elseif err == "timeout" or err == "Operation already in progress" then
    return "pending"
  end
  return nil, tostring(err)
end

-- Tries the next resolved address; nil and the last message when none is left.
local function connectNextAddress(self, socket, lastError)
  while self.addressIndex < #self.addresses do
    self.addressIndex = self.addressIndex + 1
    if self.socket then
      self.socket:close()
      self.socket = nil
    end
    local outcome, message = startConnect(self, socket, self.addresses[self.addressIndex])
    if outcome then
      return outcome
    end
    lastError = message
  end
  return nil, lastError
end

local function connectFailure(self, message)
  return fail(self, "connect", "cannot connect to " .. endpoint(self) .. ": " .. tostring(message))
end

local function tlsFailure(self, message)
  local text = "TLS with " .. endpoint(self) .. " failed: " .. firstLine(message)
  if self.options.minTls and self.options.minTls ~= "1.0" and tostring(message):find("version") then
    text = text .. " (TLS " .. self.options.minTls .. " or later was required; the server may "
      .. "support only older versions)"
  end
  return fail(self, "tls", text)
end

local function startTls(self)
  local ssl = loadSsl()
  if not ssl then
    return fail(self, "tls", "wss:// needs LuaSec, which is not available ("
      .. table.concat(sslLoadErrors, "; ") .. "). In Solar2D add the plugin.openssl plugin to "
      .. "build.settings; in plain Lua install LuaSec (Debian: apt install lua-sec; LuaRocks: luasec)")
  end
  local context, message = tlsContext(ssl, self.options)
  if not context then
    return fail(self, "tls", "TLS with " .. endpoint(self) .. " failed: " .. message)
  end
  local ok, conn, wrapError = pcall(ssl.wrap, self.socket, context)
  if not ok or not conn then
    return tlsFailure(self, ok and wrapError or conn)
  end
  -- From here the TLS object owns the descriptor; closing it closes the TCP connection.
  self.socket = conn
  conn:settimeout(0)
  -- SNI (RFC 6066 section 3) carries host names only, never IP literals.
  local name = self.serverName
  if conn.sni and not isIpv4Literal(name) and not isIpv6Literal(name) then
    pcall(conn.sni, conn, name)
  end
  self.state = "handshaking"
  self.want = "write"
  return nil
end

local function finishTls(self)
  if self.options.verify == false then
    return nil
  end
  local conn = self.socket
  local ok, certificate = pcall(function()
    return conn:getpeercertificate()
  end)
  if not ok or not certificate then
    return fail(self, "tls", "TLS with " .. endpoint(self) .. " failed: the server sent no certificate "
      .. "whose host name could be checked")
  end
  local matches, why = certificateMatchesHost(certificate, self.serverName)
  if not matches then
    return fail(self, "tls", "TLS with " .. endpoint(self) .. " failed: host name mismatch: " .. why)
  end
  return nil
end

-- One round of the handshake; returns step()'s answer when it is final, nil to continue.
local function advanceHandshake(self)
  local done, err = self.socket:dohandshake()
  if done then
    local failed = finishTls(self)
    if failed then
      return failed, self.failureCategory, self.failureMessage
    end
    self.state, self.want = "open", nil
    return nil
  end
  if err == "wantread" then
    self.want = "read"
  elseif err == "wantwrite" or err == "timeout" then
    self.want = "write"
  else
    return tlsFailure(self, err)
  end
  return "connecting"
end

-- TCP is up: either the stream is open or TLS starts.
local function connected(self)
  if self.options.secure then
    local failed, category, message = startTls(self)
    if failed then
      return failed, category, message
    end
    return advanceHandshake(self)
  end
  self.state = "open"
  return nil
end

local function advanceConnect(self, socket)
  -- A connecting socket turns writable once the outcome is known (success or failure); a second
  -- connect() then reports it: 1 or "already connected" both mean success.
  local okSelect, _, writable = pcall(socket.select, nil, { self.socket }, 0)
  if okSelect and (not writable or #writable == 0) then
    return "connecting"
  end
  local ok, err = self.socket:connect(self.address.addr, self.port)
  if ok or err == "already connected" then
    return connected(self)
  end
  if WOULD_BLOCK[err] or err == "Operation already in progress" then
    return "connecting"
  end
  local outcome, message = connectNextAddress(self, socket, err)
  if outcome == "connected" then
    return connected(self)
  elseif outcome == "pending" then
    return "connecting"
  end
  return connectFailure(self, message)
end

function Stream:step()
  local state = self.state
  if state == "open" then
    return "open"
  elseif state == "failed" then
    return "failed", self.failureCategory, self.failureMessage
  elseif state == "closed" then
    return "failed", "closed", "the stream was closed"
  end

  local socket = loadSocket()
  if not socket then
    return fail(self, "connect", "cannot connect to " .. endpoint(self) .. ": LuaSocket is missing ("
      .. firstLine(socketLoadError) .. "); this transport needs LuaSocket (require 'socket')")
  end

  local answer, category, message
  if state == "resolving" then
    local addresses, lookupError = resolve(socket, self.host)
    if not addresses then
      return fail(self, "dns", "cannot resolve host " .. self.host .. ": " .. tostring(lookupError))
    end
    self.addresses, self.addressIndex = addresses, 0
    local outcome, connectError = connectNextAddress(self, socket, nil)
    if not outcome then
      return connectFailure(self, connectError)
    end
    self.state = "connecting"
    if outcome == "connected" then
      answer, category, message = connected(self)
    end
  elseif state == "connecting" then
    answer, category, message = advanceConnect(self, socket)
  elseif state == "handshaking" then
    answer, category, message = advanceHandshake(self)
  end
  if answer then
    return answer, category, message
  end
  return self.state == "open" and "open" or "connecting"
end

function Stream:write(data)
  if self.state ~= "open" then
    if self.state == "failed" then
      return nil, self.failureCategory, self.failureMessage
    elseif self.state == "closed" then
      return nil, "closed", "the stream was closed"
    end
    return 0
  end
  if self.writeError then
    return nil, "closed", self.writeError
  end
  if data == "" then
    return 0
  end
  local last, err, lastSent = self.socket:send(data)
  if last then
    self.writeBlocked = false
    return math.floor(last) -- LuaSocket counts in floats on Lua 5.3+; the contract wants integers
  end
  if WOULD_BLOCK[err] then
    -- The operating system took only part (lastSent bytes); wait() now also watches for room.
    self.writeBlocked = true
    return math.floor(lastSent or 0)
  end
  self.writeError = err == "closed" and "the connection was closed while sending"
    or "sending failed: " .. tostring(err)
  return nil, "closed", self.writeError
end

function Stream:read(maxBytes)
  if self.state ~= "open" then
    if self.state == "failed" then
      return nil, self.failureCategory, self.failureMessage
    elseif self.state == "closed" then
      return nil, "closed", "the stream was closed"
    end
    return ""
  end
  if self.endMessage then
    return nil, "closed", self.endMessage
  end
  -- What is not asked for stays in the operating system's buffer, so TCP flow control slows the peer.
  local limit = maxBytes and math.min(maxBytes, READ_LIMIT_PER_CALL) or READ_LIMIT_PER_CALL
  local parts, total = {}, 0
  while total < limit do
    -- A count pattern returns nil, "timeout", partial when fewer bytes are there: they count.
    local data, err, partial = self.socket:receive(math.min(RECEIVE_CHUNK, limit - total))
    data = data or partial
    if data and data ~= "" then
      parts[#parts + 1] = data
      total = total + #data
    end
    if err then
      if not WOULD_BLOCK[err] then
        self.endMessage = err == "closed" and "the connection was closed by the peer"
          or "the connection was lost: " .. tostring(err)
      end
      break
    end
  end
  if total == 0 and self.endMessage then
    return nil, "closed", self.endMessage
  end
  return table.concat(parts)
end

function Stream:buffered()
  return 0
end

-- Ends the sending side (TCP's FIN goes after every byte already written) and goes on reading: a
-- server closes first this way (RFC 6455 section 7.1.1) and reads what the client still sends until
-- it closes too, since closing with unread input would make the kernel answer with a reset that
-- erases what the client has not read yet (the last echo, the close frame). False when it cannot:
-- a TLS connection (LuaSec has no half-close), or a stream that is not open.
function Stream:shutdown()
  local socket = self.socket
  if self.state ~= "open" or self.writeError or not socket or type(socket.shutdown) ~= "function" then
    return false
  end
  local ok, done = pcall(socket.shutdown, socket, "send")
  return ok and done == 1
end

function Stream:close()
  if self.socket then
    pcall(self.socket.close, self.socket)
    self.socket = nil
  end
  self.state = "closed"
end

-- What wait() should watch for this stream: "read", "write", "both", "now" (it can make progress at
-- once) or nil (nothing will happen on it).
function Stream:interest()
  local state = self.state
  if state == "resolving" then
    return "now"
  elseif state == "connecting" then
    return "write"
  elseif state == "handshaking" then
    return self.want
  elseif state == "open" then
    if self.endMessage then
      return "now"
    end
    return self.writeBlocked and "both" or "read"
  end
  return nil
end

-- Starts opening a stream; the work happens in step().
function M.open(options)
  local stream = setmetatable({
    options = options,
    host = tostring(options.host),
    port = tonumber(options.port),
    serverName = tostring(options.serverName or options.host),
    state = "resolving",
  }, Stream)
  return stream
end

-- Sleeps in select() until one stream can make progress or `timeout` seconds have passed.
function M.wait(streams, timeout)
  local socket = loadSocket()
  if not socket or not timeout or timeout <= 0 then
    return
  end
  local readers, writers = {}, {}
  for _, stream in ipairs(streams) do
    local interest = stream.interest and stream:interest()
    if interest == "now" then
      return
    end
    if (interest == "read" or interest == "both") and stream.socket then
      readers[#readers + 1] = stream.socket
    end
    if (interest == "write" or interest == "both") and stream.socket then
      writers[#writers + 1] = stream.socket
    end
  end
  -- select() also reports a TLS stream whose library buffer holds decrypted bytes ("dirty").
  local ok = pcall(socket.select, readers, writers, timeout)
  if not ok then
    -- select() raises for descriptors beyond FD_SETSIZE: nap briefly rather than spin.
    socket.sleep(math.min(timeout, 0.01))
  end
end

---------------------------------------------------------------------------------------------------
-- Listening: lua/transport-luasocket-listener.lua, which builds on these
---------------------------------------------------------------------------------------------------

M.loadSocket, M.loadSsl = loadSocket, loadSsl

-- What loadSocket() / loadSsl() ran into, for the listener's messages.
function M.loadErrors()
  return firstLine(socketLoadError), table.concat(sslLoadErrors or {}, "; ")
end

-- A stream over a connection a listener accepted. It starts "open", or "handshaking" when
-- `tlsConnection` (the socket wrapped by LuaSec in server mode) is given, and step() drives the
-- handshake as for a client. There is no host name to verify on this side.
function M.accepted(tcp, peerHost, peerPort, tlsConnection)
  pcall(tcp.setoption, tcp, "tcp-nodelay", true)
  local stream = setmetatable({
    options = { verify = false },
    host = tostring(peerHost),
    port = tonumber(peerPort),
    serverName = tostring(peerHost),
    state = "open",
    socket = tcp,
  }, Stream)
  if tlsConnection then
    tlsConnection:settimeout(0)
    stream.socket, stream.state, stream.want = tlsConnection, "handshaking", "read"
  end
  return stream
end

-- Loaded on first use, so that a client-only game never loads the listener code.
function M.listen(options)
  return require("lua.transport-luasocket-listener").listen(options)
end

---------------------------------------------------------------------------------------------------
-- Randomness and time
---------------------------------------------------------------------------------------------------

local urandom -- the open /dev/urandom, false where there is none, nil before the first try
local randomPool, randomPosition = "", 1
local fallbackSeeded = false

-- `count` random bytes from /dev/urandom, read in blocks and handed out from a pool. Where there is
-- no /dev/urandom (Windows) the bytes come from math.random, seeded once from the clocks: not
-- cryptographically strong, which RFC 6455 section 10.3 tolerates less well, but it keeps masking
-- keys varying. That seeding also resets the game's own math.random sequence once.
function M.random(count)
  if count <= 0 then
    return ""
  end
  if urandom == nil then
    urandom = io and io.open and io.open("/dev/urandom", "rb") or false
  end
  if urandom then
    local available = #randomPool - randomPosition + 1
    if available < count then
      local block = urandom:read(math.max(RANDOM_BLOCK, count))
      if block and #block >= count then
        randomPool, randomPosition = randomPool:sub(randomPosition) .. block, 1
      else
        urandom = false
      end
    end
    if urandom then
      local bytes = randomPool:sub(randomPosition, randomPosition + count - 1)
      randomPosition = randomPosition + count
      return bytes
    end
  end
  if not fallbackSeeded then
    local socket = loadSocket()
    local seed = (socket and socket.gettime() or os.time()) * 1000 + os.clock() * 1000000
    math.randomseed(math.floor(seed % 2147483647))
    fallbackSeeded = true
  end
  local bytes = {}
  for i = 1, count do
    bytes[i] = string.char(math.random(0, 255))
  end
  return table.concat(bytes)
end

local lastNow = 0

-- Seconds, from socket.gettime(). That is the wall clock, so it is held from ever going backwards
-- (a clock set back would otherwise stretch every timeout); without LuaSocket, os.clock().
function M.now()
  local socket = loadSocket()
  local now = socket and socket.gettime() or os.clock()
  if now < lastNow then
    now = lastNow
  end
  lastNow = now
  return now
end

return M
 end,
["lua.transport-luasocket-listener"] = function(...) 
-- Listening sockets for the LuaSocket + LuaSec transport: the server side of
-- ts/transport/contract.ts (listen, Listener). It carries bytes and knows nothing of WebSocket.
--
-- Design:
--  * Polled. listen() binds at once (local and quick) and step() reports the outcome; accept()
--    takes one connection the operating system has already queued and never waits. A listener has a `socket` and an interest() like a
--    stream, so the transport's wait() (socket.select) also wakes when a connection arrives.
--  * Accepted connections are the transport's own streams (transport-luasocket.lua's accepted()):
--    the session code drives them exactly like a client's. Under TLS the stream comes back before
--    its handshake, which step() then drives without blocking.
--  * Never raises for network reasons: every failure is a category of the contract plus a message
--    that names the address and the cause.

-- A path relative to this folder, as lua/kernels.lua requires "bits": the bundler maps it onto the
-- bundled module, and plain Lua finds it with lua/ on package.path.
local transport = require("lua.transport-luasocket")

local M = {}

-- TLS versions a server refuses; as for clients, 1.2 is the lowest accepted (RFC 8996 deprecates
-- 1.0 and 1.1).
local SERVER_TLS_OPTIONS = { "all", "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1" }

local HostNames = require("lua.host-names")
local isIpv4Literal, isIpv6Literal = HostNames.isIpv4Literal, HostNames.isIpv6Literal

local function endpoint(host, port)
  if isIpv6Literal(host) then
    return "[" .. host .. "]:" .. tostring(port)
  end
  return host .. ":" .. tostring(port)
end

-- LuaSocket's texts for bind() and listen() failures (its socket_strerror, or the C library's
-- strerror) to the contract's categories.
local function categoryOf(message)
  local text = tostring(message):lower()
  if text:find("already in use", 1, true) then
    return "address in use"
  elseif text:find("permission denied", 1, true) or text:find("not permitted", 1, true) then
    return "permission denied"
  elseif text:find("assign requested address", 1, true) or text:find("not available", 1, true)
    or text:find("not supported", 1, true) or text:find("invalid argument", 1, true) then
    return "bad host"
  end
  return "listen"
end

local function isPemText(text)
  return text:find("-----BEGIN", 1, true) ~= nil
end

-- LuaSec loads certificates and keys from files only, so PEM text goes through temporary files
-- (os.tmpname creates them readable by this user alone) that are removed at once; a path is used
-- as it is.
local function withPemFiles(certificate, key, use)
  if not isPemText(certificate) and not isPemText(key) then
    return use(certificate, key)
  end
  if not (os and os.tmpname and io and io.open) then
    return nil, "this Lua has no temporary files (os.tmpname) to hand the certificate to LuaSec"
  end
  local okNames, certificatePath, keyPath = pcall(function()
    return os.tmpname(), os.tmpname()
  end)
  if not okNames then
    return nil, "cannot create a temporary file for the certificate: " .. tostring(certificatePath)
  end
  local function put(path, text)
    local file = io.open(path, "wb")
    if not file then
      return false
    end
    file:write(text)
    file:close()
    return true
  end
  local result, message
  local certificateText, keyText = isPemText(certificate), isPemText(key)
  if (not certificateText or put(certificatePath, certificate)) and (not keyText or put(keyPath, key)) then
    result, message = use(certificateText and certificatePath or certificate, keyText and keyPath or key)
  else
    message = "cannot write a temporary file for the certificate"
  end
  os.remove(certificatePath)
  os.remove(keyPath)
  return result, message
end

-- A LuaSec server context for the PEM certificate chain and key, or nil and a message.
local function serverContext(ssl, tls)
  if type(tls.certificate) ~= "string" or type(tls.key) ~= "string" then
    return nil, "tls needs a certificate and a key, each PEM text or the path of a PEM file"
  end
  return withPemFiles(tls.certificate, tls.key, function(certificatePath, keyPath)
    local ok, context, message = pcall(ssl.newcontext, {
      mode = "server",
      protocol = "any",
      options = SERVER_TLS_OPTIONS,
      verify = "none",
      certificate = certificatePath,
      key = keyPath,
    })
    if not ok or not context then
      return nil, "cannot load the certificate and key: " .. tostring(ok and message or context)
    end
    return context
  end)
end

---------------------------------------------------------------------------------------------------
-- Listeners
---------------------------------------------------------------------------------------------------

local Listener = {}
Listener.__index = Listener

function Listener:step()
  if self.failureCategory then
    return "failed", self.failureCategory, self.failureMessage
  elseif not self.socket then
    return "failed", "listen", self.closedMessage
  end
  return "listening"
end

function Listener:accept()
  if not self.socket then
    return nil
  end
  local client = self.socket:accept()
  if not client then
    -- "timeout": nothing is queued. Anything else (a connection reset while queued, out of file
    -- descriptors) concerns one attempt, not the listener: the next call tries again.
    return nil
  end
  client:settimeout(0)
  local peerHost, peerPort = client:getpeername()
  if not peerHost then
    -- Reset between the kernel's accept and here: nothing to hand over.
    client:close()
    return nil
  end
  local connection
  if self.context then
    local ok, wrapped = pcall(self.ssl.wrap, client, self.context)
    if not ok or not wrapped then
      client:close()
      return nil
    end
    connection = wrapped
  end
  return transport.accepted(client, peerHost, math.floor(tonumber(peerPort)), connection), peerHost,
    math.floor(tonumber(peerPort))
end

function Listener:port()
  return self.boundPort
end

-- Closing the listening socket makes the operating system reset every connection still in its
-- queue: a pending client sees its connection refused or reset, never a silent hang.
function Listener:close()
  if self.socket then
    pcall(self.socket.close, self.socket)
    self.socket = nil
    self.closedMessage = "the listener on " .. self.name .. " was closed"
  end
end

-- For transport.wait(): a listening socket turns readable when a connection is queued.
function Listener:interest()
  return self.socket and "read" or nil
end

-- A listener that never listened: step() tells why.
local function failed(category, message)
  return setmetatable({ boundPort = 0, failureCategory = category, failureMessage = message }, Listener)
end

function M.listen(options)
  local host = tostring(options.host or "0.0.0.0")
  local port = tonumber(options.port) or 0
  local backlog = math.max(1, math.floor(tonumber(options.backlog) or 128))
  local name = endpoint(host, port)

  local socket = transport.loadSocket()
  if not socket then
    local socketError = transport.loadErrors()
    return failed("listen", "cannot listen on " .. name .. ": LuaSocket is missing (" .. socketError
      .. "); this transport needs LuaSocket (require 'socket')")
  end

  local ssl, context
  if options.tls then
    ssl = transport.loadSsl()
    if not ssl then
      local _, sslErrors = transport.loadErrors()
      return failed("tls unsupported here", "serving wss:// on " .. name .. " needs LuaSec, which is "
        .. "not available (" .. sslErrors .. ")")
    end
    local message
    context, message = serverContext(ssl, options.tls)
    if not context then
      return failed("tls", "cannot serve TLS on " .. name .. ": " .. message)
    end
  end

  -- Names go through the resolver, which blocks, as for clients; the first address is bound.
  local addresses, lookupError = HostNames.resolve(socket, host)
  local address = addresses and addresses[1]
  if not address then
    return failed("bad host", "cannot listen on " .. name .. ": " .. host .. " does not resolve ("
      .. tostring(lookupError) .. ")")
  end
  local create = address.family == "inet6" and socket.tcp6 or socket.tcp4 or socket.tcp
  if not create then
    return failed("bad host", "cannot listen on " .. name .. ": this LuaSocket has no IPv6")
  end
  local tcp, createError = create()
  if not tcp then
    return failed("listen", "cannot listen on " .. name .. ": " .. tostring(createError))
  end
  -- As socket.bind() and Node do: a port whose last connections linger in TIME_WAIT can be reused
  -- at once. Two listeners on one port still fail with "address already in use".
  tcp:setoption("reuseaddr", true)
  if address.family == "inet6" then
    pcall(tcp.setoption, tcp, "ipv6-v6only", false) -- "::" also takes IPv4 where the system allows
  end
  local ok, bindError = tcp:bind(address.addr, port)
  if ok then
    ok, bindError = tcp:listen(backlog)
  end
  if not ok then
    tcp:close()
    return failed(categoryOf(bindError), "cannot listen on " .. name .. ": " .. tostring(bindError))
  end
  tcp:settimeout(0)
  local _, boundPort = tcp:getsockname()
  boundPort = math.floor(tonumber(boundPort) or port)
  return setmetatable({
    socket = tcp,
    boundPort = boundPort,
    name = endpoint(host, boundPort),
    ssl = ssl,
    context = context,
  }, Listener)
end

return M
 end,
["lua.host-names"] = function(...) 
-- Addresses and host names for the LuaSocket transport: whether a host is an IP literal, its
-- addresses through LuaSocket's resolver, and the host-name verification of a server's certificate
-- (RFC 6125; RFC 2818 section 3.1). LuaSec 1.2 checks the certificate chain but not the name, so
-- this is the check that stops a valid certificate for another site from being accepted: pure
-- functions over LuaSec's certificate object (extensions(), subject()).
-- lua/transport-luasocket.lua uses them for clients, lua/transport-luasocket-listener.lua for the
-- addresses it binds.


local function isIpv4Literal(host)
  return host:match("^%d+%.%d+%.%d+%.%d+$") ~= nil
end

local function isIpv6Literal(host)
  return host:find(":", 1, true) ~= nil
end

-- An IPv6 address as 8 numbers joined by ":", so that "::1" and "0:0:0:0:0:0:0:1" compare equal.
-- Returns nil for text that is not an IPv6 address. An embedded IPv4 tail (::ffff:1.2.3.4) counts
-- as its two 16-bit groups.
local function canonicalIpv6(text)
  text = text:lower():gsub("%%.*$", "") -- drop a zone index such as %eth0
  local a, b, c, d = text:match(":(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  if a then
    local high = tonumber(a) * 256 + tonumber(b)
    local low = tonumber(c) * 256 + tonumber(d)
    text = text:gsub("%d+%.%d+%.%d+%.%d+$", string.format("%x:%x", high, low))
  end
  local head, tail = text, nil
  local gap = text:find("::", 1, true)
  if gap then
    head, tail = text:sub(1, gap - 1), text:sub(gap + 2)
  end
  local function groups(part)
    local list = {}
    if part == "" then
      return list
    end
    for group in (part .. ":"):gmatch("([^:]*):") do
      if not group:match("^%x%x?%x?%x?$") then
        return nil
      end
      list[#list + 1] = tonumber(group, 16)
    end
    return list
  end
  local first, last = groups(head), groups(tail or "")
  if not first or not last then
    return nil
  end
  local missing = 8 - #first - #last
  if (tail and missing < 1) or (not tail and missing ~= 0) then
    return nil
  end
  for _ = 1, missing do
    first[#first + 1] = 0
  end
  for _, group in ipairs(last) do
    first[#first + 1] = group
  end
  return table.concat(first, ":")
end

local function sameIpAddress(certificateEntry, host)
  if isIpv6Literal(host) then
    local wanted = canonicalIpv6(host)
    return wanted ~= nil and canonicalIpv6(certificateEntry) == wanted
  end
  return certificateEntry == host
end

-- DNS names compare case-insensitively and without a trailing dot (RFC 6125 section 6.4.1).
local function normalizeDnsName(name)
  return (tostring(name):lower():gsub("%.$", ""))
end

-- RFC 6125 section 6.4.3, as browsers apply it: "*" may only be the whole left-most label, it
-- matches exactly one non-empty label, and at least two labels must follow it ("*.com" matches
-- nothing). Partial-label wildcards such as "w*.example.com" are not honoured.
local function dnsNameMatches(pattern, host)
  pattern, host = normalizeDnsName(pattern), normalizeDnsName(host)
  if pattern:sub(1, 2) ~= "*." then
    return pattern == host and not pattern:find("*", 1, true)
  end
  local suffix = pattern:sub(3)
  if suffix:find("*", 1, true) or not suffix:find(".", 1, true) then
    return false
  end
  local firstLabel, rest = host:match("^([^.]+)%.(.+)$")
  return firstLabel ~= nil and rest == suffix
end

-- Host-name verification (RFC 6125; RFC 2818 section 3.1). LuaSec 1.2 checks the chain but not the
-- name, so this is the check that stops a valid certificate for another site from being accepted.
-- Returns true, or false and why.
local function certificateMatchesHost(certificate, host)
  local dnsNames, ipAddresses = {}, {}
  local okExtensions, extensions = pcall(function()
    return certificate:extensions()
  end)
  local altNames = okExtensions and type(extensions) == "table" and extensions["2.5.29.17"]
  if type(altNames) == "table" then
    dnsNames = altNames.dNSName or dnsNames
    ipAddresses = altNames.iPAddress or ipAddresses
  end

  if isIpv4Literal(host) or isIpv6Literal(host) then
    -- An IP address must appear as an iPAddress entry; names and wildcards never match it.
    for _, entry in ipairs(ipAddresses) do
      if sameIpAddress(entry, host) then
        return true
      end
    end
    return false, "the certificate has no subjectAltName entry for IP address " .. host
  end

  for _, entry in ipairs(dnsNames) do
    if dnsNameMatches(entry, host) then
      return true
    end
  end
  if #dnsNames > 0 then
    return false, "the certificate's names (" .. table.concat(dnsNames, ", ") .. ") do not match " .. host
  end

  -- Only a certificate without DNS names in subjectAltName falls back to the subject's most
  -- specific common name (RFC 6125 section 6.4.4).
  local commonName
  local okSubject, subject = pcall(function()
    return certificate:subject()
  end)
  if okSubject and type(subject) == "table" then
    for _, entry in ipairs(subject) do
      if entry.oid == "2.5.4.3" or entry.name == "commonName" then
        commonName = entry.value
      end
    end
  end
  if commonName and dnsNameMatches(commonName, host) then
    return true
  end
  return false, "the certificate's common name (" .. tostring(commonName) .. ") does not match " .. host
end

-- The addresses of `host` for `socket` (LuaSocket), in the resolver's order: { family, addr } each,
-- or nil and a message. The lookup blocks: LuaSocket has no asynchronous resolver, so a slow DNS
-- server stalls the caller for the lookup's duration (the plugin's connect timeout cannot
-- interrupt it). IP literals skip the lookup entirely.
local function resolve(socket, host)
  if isIpv4Literal(host) then
    return { { family = "inet", addr = host } }
  end
  if isIpv6Literal(host) then
    return { { family = "inet6", addr = host } }
  end
  local dns = socket.dns or {}
  if dns.getaddrinfo then
    local ok, entries, message = pcall(dns.getaddrinfo, host)
    if ok and type(entries) == "table" then
      local addresses = {}
      for _, entry in ipairs(entries) do
        if entry.family == "inet" or (entry.family == "inet6" and socket.tcp6) then
          addresses[#addresses + 1] = { family = entry.family, addr = entry.addr }
        end
      end
      if #addresses > 0 then
        return addresses
      end
      message = message or "no usable address"
    end
    return nil, tostring(ok and message or entries)
  end
  local ok, address, message = pcall(dns.toip, host)
  if ok and address then
    return { { family = "inet", addr = address } }
  end
  return nil, tostring(ok and message or address)
end

return {
  resolve = resolve,
  isIpv4Literal = isIpv4Literal,
  isIpv6Literal = isIpv6Literal,
  certificateMatchesHost = certificateMatchesHost,
}
 end,
["ts.plugin.index"] = function(...) 
local ____lualib = require("lualib_bundle")
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____arguments = require("ts.plugin.arguments")
local badArgument = ____arguments.badArgument
local typeProblem = ____arguments.typeProblem
local ____client = require("ts.plugin.client")
local WebSocketClient = ____client.WebSocketClient
local ____clock = require("ts.plugin.clock")
local clockFor = ____clock.clockFor
local ____entropy = require("ts.plugin.entropy")
local randomSource = ____entropy.randomSource
local ____internals = require("ts.plugin.internals")
local internals = ____internals.internals
local ____server = require("ts.plugin.server")
local WebSocketServer = ____server.WebSocketServer
local ____service_2Dloop = require("ts.plugin.service-loop")
local ServiceLoop = ____service_2Dloop.ServiceLoop
local ____transport_2Dselect = require("ts.plugin.transport-select")
local selectMessageTransport = ____transport_2Dselect.selectMessageTransport
local selectTransport = ____transport_2Dselect.selectTransport
local ____url_2Drewrite = require("ts.plugin.url-rewrite")
local hostUrlRewrite = ____url_2Drewrite.hostUrlRewrite
____exports.VERSION = "2.0.0"
local shared
--- The transport, clock, randomness and loop every client shares, set up on first use.
local function services()
    if shared == nil then
        local transport = selectTransport()
        local messages = selectMessageTransport()
        local now = clockFor(messages or transport)
        shared = {
            transport = transport,
            now = now,
            random = randomSource(transport),
            loop = __TS__New(ServiceLoop, transport, now),
            messages = messages,
            rewriteUrl = hostUrlRewrite()
        }
    end
    return shared
end
--- `WebSockets.new()`: a new client, CLOSED. Takes no arguments. Game code gets its facade: the
-- public methods only (facade.ts).
local function create()
    return __TS__New(
        WebSocketClient,
        services()
    ).facade
end
--- `WebSockets.newServer()`: a new server, CLOSED (SPEC section 7). Takes no arguments.
function ____exports.newServer()
    return __TS__New(
        WebSocketServer,
        services()
    ).facade
end
--- `WebSockets.poll([timeout])`: services every client once, waiting up to `timeout` seconds (default
-- 0) for I/O when nothing is ready, and returns the number of events dispatched.
function ____exports.poll(timeout)
    if timeout ~= nil and (type(timeout) ~= "number" or timeout < 0) then
        local problem = type(timeout) == "number" and "timeout must not be negative" or typeProblem("number", timeout)
        error(
            badArgument(1, "poll", problem),
            2
        )
    end
    return services().loop:poll(timeout or 0)
end
____exports.new = create
local packageLibrary = _G.package
packageLibrary.loaded["plugin.websockets._core"] = internals
do
    local ____export = require("ts.plugin.constants")
    for ____exportKey, ____exportValue in pairs(____export) do
        if ____exportKey ~= "default" then
            ____exports[____exportKey] = ____exportValue
        end
    end
end
return ____exports
 end,
}
local ____entry = require("ts.plugin.index", ...)
return ____entry
