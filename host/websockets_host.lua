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

local transport = { name = "node" }

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
    if getmetatable(stream) == Stream then
      ids[#ids + 1] = stream.id
    end
  end
  arm_wait(timeout or 0, unpack(ids))
  yield()
end

transport.random = native.random
transport.now = native.now

return transport
