-- Streamed messages (SPEC section 9) at the plugin layer, in real Lua over the scripted transport and
-- fake clock of scripted-transport.lua: ws:send's `fin`, what it returns and raises, the frames it
-- writes, and ONMESSAGE's `isFinal` with `receiveFragments`.

local H = require("scripted-transport")
local clock, waits, streams, listeners = H.clock, H.waits, H.streams, H.listeners
local WebSockets, core = H.WebSockets, H.core
local READ_BUDGET, WRITE_BUDGET, MAX_QUEUED_EVENTS, FEED_SLICE = H.READ_BUDGET, H.WRITE_BUDGET, H.MAX_QUEUED_EVENTS, H.FEED_SLICE
local u16, frame, closeFrame, writtenFrames, framesOf = H.u16, H.frame, H.closeFrame, H.writtenFrames, H.framesOf
local accept, fail, check, equal = H.accept, H.fail, H.check, H.equal
local newClient, openClient, pollUntil, finish = H.newClient, H.openClient, H.pollUntil, H.finish
local HEAP_MEASURABLE, SMALL, liveHeapKiB = H.HEAP_MEASURABLE, H.SMALL, H.liveHeapKiB
local case = H.case


-- The client's frames with their FIN bits: "1+" is a Text frame with FIN, "0-" a Continuation
-- without, and so on, joined by spaces.
local function frameShapes(stream)
  local bytes = stream:written()
  local headEnd = bytes:find("\r\n\r\n", 1, true)
  local shapes, pos = {}, headEnd + 4
  while pos + 1 <= #bytes do
    local b1, b2 = bytes:byte(pos, pos + 1)
    local len = b2 % 128
    assert(len < 126, "short frames only")
    shapes[#shapes + 1] = (b1 % 16) .. (b1 >= 128 and "+" or "-")
    pos = pos + 2 + 4 + len
  end
  return table.concat(shapes, " ")
end

local function payloads(stream)
  local out = {}
  for i, f in ipairs(writtenFrames(stream)) do out[i] = f.payload end
  return table.concat(out, "|")
end

case("send in pieces: Text without FIN, Continuations, FIN on the last; a ping between", function()
  local c, stream = openClient()
  local ws = c.ws
  check(ws:send("He", { fin = false }) == true, "first piece")
  check(ws:ping("p") == true, "ping between pieces")
  check(ws:send("\226", { fin = false }) == true, "a piece that ends inside a character")
  check(ws:send("\130\172!", { fin = true }) == true, "last piece")
  check(ws:send("next") == true, "a whole message after")
  WebSockets.poll(0)
  equal(frameShapes(stream), "1- 9+ 0- 0+ 1+", "frames")
  equal(payloads(stream), "He|p|\226|\130\172!|next", "payloads")
  finish(c, stream)
end)

case("a piece of the other type returns false, message; the message stays open", function()
  local c, stream = openClient()
  local ws = c.ws
  check(ws:send("ab", { fin = false }), "text piece")
  local ok, message = ws:send("\0\1", { binary = true, fin = false })
  equal(ok, false, "binary piece refused")
  check(tostring(message):find("text message is being sent in pieces", 1, true), "message: " .. tostring(message))
  check(ws:send("cd"), "a plain send ends the text message")
  check(ws:send("\0", { binary = true, fin = false }), "binary piece")
  ok, message = ws:send("x")
  equal(ok, false, "text piece refused")
  check(tostring(message):find("binary message is being sent in pieces", 1, true), "message: " .. tostring(message))
  check(ws:send("\1", { binary = true }), "binary last piece")
  WebSockets.poll(0)
  equal(frameShapes(stream), "1- 0+ 2- 0+", "frames")
  equal(payloads(stream), "ab|cd|\0|\1", "payloads")
  finish(c, stream)
end)

case("an invalid piece, or an unfinished last one, is an argument error and nothing of it is sent", function()
  local c, stream = openClient()
  local ws = c.ws
  check(ws:send("a\226", { fin = false }), "a first piece may end inside a character")
  local ok, err = pcall(function() ws:send("A", { fin = false }) end)
  equal(ok, false, "invalid continuation raises")
  check(tostring(err):find("plugin%-streams%.lua:%d+: bad argument #1 to 'send' %(text piece is not valid UTF%-8"), "error: " .. tostring(err))
  ok, err = pcall(function() ws:send("\130") end)
  equal(ok, false, "unfinished last piece raises")
  check(tostring(err):find("plugin%-streams%.lua:%d+: bad argument #1 to 'send' %(last text piece ends inside a UTF%-8 sequence"), "error: " .. tostring(err))
  ok, err = pcall(function() ws:send("\226", { fin = true }) end)
  equal(ok, false, "a whole message must be whole")
  check(ws:send("\130\172"), "the message is still open for a correct piece")
  WebSockets.poll(0)
  equal(frameShapes(stream), "1- 0+", "frames")
  equal(payloads(stream), "a\226|\130\172", "payloads")
  ok, err = pcall(function() ws:send("\255", { fin = false }) end)
  check(not ok and tostring(err):find("bad argument #1 to 'send' (text message is not valid UTF-8", 1, true), "an invalid first piece: " .. tostring(err))
  finish(c, stream)
end)

case("a piece when not open returns false, message", function()
  local ws = WebSockets.new()
  local ok, message = ws:send("ab", { fin = false })
  equal(ok, false, "refused")
  check(tostring(message):find("not open", 1, true), "message: " .. tostring(message))
end)

case("receiveFragments: pieces as they arrive, isFinal on the last, text on character boundaries", function()
  local c, stream = openClient({ receiveFragments = true })
  stream.incoming = frame(1, "ab\226\130", false)
  WebSockets.poll(0)
  stream.incoming = frame(0, "\172", false) .. frame(0, "cd")
  WebSockets.poll(0)
  local got = {}
  for _, e in ipairs(c.events) do
    if e.kind == "message" then got[#got + 1] = e.data .. (e.isFinal and "+" or "-") .. (e.isBinary and "b" or "t") end
  end
  equal(table.concat(got, " "), "ab-t \226\130\172cd+t", "pieces")
  finish(c, stream)
end)

case("receiveFragments: a big single frame gives what has arrived at each poll", function()
  local c, stream = openClient({ receiveFragments = true })
  local body = string.rep("x", 300)
  local whole = frame(2, body)
  stream.incoming = whole:sub(1, 4 + 100)
  WebSockets.poll(0)
  WebSockets.poll(0) -- nothing new: no empty piece
  stream.incoming = whole:sub(105, 4 + 250)
  WebSockets.poll(0)
  stream.incoming = whole:sub(255)
  WebSockets.poll(0)
  local sizes = {}
  for _, e in ipairs(c.events) do
    if e.kind == "message" then sizes[#sizes + 1] = #e.data .. (e.isFinal and "+" or "-") end
  end
  equal(table.concat(sizes, " "), "100- 150- 50+", "pieces")
  finish(c, stream)
end)

case("without receiveFragments a message arrives whole with isFinal = true", function()
  local c, stream = openClient()
  stream.incoming = frame(2, "ab", false)
  WebSockets.poll(0)
  stream.incoming = frame(0, "cd")
  WebSockets.poll(0)
  local e = c:last("message")
  check(e and e.data == "abcd" and e.isFinal == true and e.isBinary == true, "one whole message")
  equal(c:count("message"), 1, "messages")
  finish(c, stream)
end)

---------------------------------------------------------------------------------------------------

H.run(arg and arg[1])
