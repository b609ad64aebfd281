-- plugin.websockets_host: the transport for Lua running inside Node (wasmoon, fengari), preloaded
-- by host/prelude.lua. It implements ts/transport/contract.ts on top of Node's net and tls through
-- the natives of host/transport-natives.mjs, which identify a stream by a number.
--
-- wait() is where a script's loop meets Node's event loop: inside the script's main coroutine it
-- arms a wait in JavaScript and yields; the host resumes the coroutine when one of the streams has
-- news or the timeout has passed. Anywhere else (a nested coroutine, the simulator's enterFrame)
-- it returns at once, and the plugin simply polls.

local native, can_block = ...

local native_step, native_write, native_read = native.step, native.write, native.read
local native_buffered, native_close, native_open = native.buffered, native.close, native.open
local arm_wait, yield = native.arm_wait, coroutine.yield
local unpack = table.unpack or unpack

local Stream = {}
Stream.__index = Stream

function Stream:step()
  return native_step(self.id)
end

function Stream:write(data)
  return native_write(self.id, data)
end

function Stream:read(maxBytes)
  return native_read(self.id, maxBytes)
end

function Stream:buffered()
  return native_buffered(self.id)
end

function Stream:close()
  return native_close(self.id)
end

-- Listeners (host/node-listener.mjs): Node binds asynchronously, so step() says "starting" first.
local native_listen, listener_step = native.listen, native.listener_step
local listener_accept, listener_port, listener_close = native.listener_accept, native.listener_port,
  native.listener_close

local Listener = {}
Listener.__index = Listener

function Listener:step()
  if self.closed then
    return "failed", "listen", "the listener was closed"
  end
  return listener_step(self.id)
end

function Listener:accept()
  if self.closed then
    return nil
  end
  local id, peer_host, peer_port = listener_accept(self.id)
  if not id then
    return nil
  end
  return setmetatable({ id = id }, Stream), peer_host, peer_port
end

function Listener:port()
  if self.closed then
    return 0
  end
  return listener_port(self.id)
end

function Listener:close()
  self.closed = true
  return listener_close(self.id)
end

local transport = { name = "node" }

function transport.listen(options)
  local tls = options.tls
  local id = native_listen(
    tostring(options.host or "0.0.0.0"),
    tonumber(options.port) or 0,
    tonumber(options.backlog) or 128,
    tls and tls.certificate,
    tls and tls.key
  )
  return setmetatable({ id = id }, Listener)
end

function transport.open(options)
  local id = native_open(
    options.host,
    options.port,
    options.secure and true or false,
    options.serverName,
    options.minTls,
    options.verify ~= false,
    options.ca
  )
  return setmetatable({ id = id }, Stream)
end

function transport.wait(streams, timeout)
  if not can_block() then
    return
  end
  local ids = {}
  for i = 1, #streams do
    local stream = streams[i]
    local kind = getmetatable(stream)
    if kind == Stream or kind == Listener then
      ids[#ids + 1] = stream.id
    end
  end
  arm_wait(timeout or 0, unpack(ids))
  yield()
end

transport.random = native.random
transport.now = native.now
-- Masking in JavaScript, which the plugin's kernels take where this module is preloaded
-- (lua/kernels/mask.lua, "host"): no transport concern, but this module is what the host offers Lua.
transport.mask = native.mask

-- The native permessage-deflate codec: Node's zlib (host/codec-natives.mjs), with the contract
-- NativeCodec of ts/codec/native.ts.
local codec_push, codec_pull, codec_deflate = native.codec_push, native.codec_pull, native.codec_deflate
local codec_reset, codec_close = native.codec_reset, native.codec_close

local CodecStream = {}
CodecStream.__index = CodecStream
function CodecStream:push(data) return codec_push(self.id, data) end
function CodecStream:pull(max) return codec_pull(self.id, max) end
function CodecStream:deflate(data, flush) return codec_deflate(self.id, data, flush) end
function CodecStream:reset() return codec_reset(self.id) end
function CodecStream:close() return codec_close(self.id) end
-- Lua 5.2+ (wasmoon) collects a stream nobody closed; fengari has no finalizers.
CodecStream.__gc = CodecStream.close

transport.codec = {
  name = "node-zlib",
  newInflateStream = function(window_bits)
    return setmetatable({ id = native.codec_inflate_new(window_bits) }, CodecStream)
  end,
  newDeflateStream = function(window_bits, level)
    return setmetatable({ id = native.codec_deflate_new(window_bits, level) }, CodecStream)
  end,
}

return transport
