-- The Lua face of the shim's listener against ts/transport/contract.ts: listen(options) in,
-- step/accept/port/close out. run_tests.c provides `native` (listen, open) and `network`, which plays
-- NWListener's side through the same state the real link writes into (scripted_listener_link.c).
-- Each case raises on failure; the file returns how many cases ran.

local cases = {}
local function case(name, body) cases[#cases + 1] = { name = name, body = body } end

local function expect_error(pattern, f)
  local ok, message = pcall(f)
  assert(not ok, "expected an error matching " .. pattern)
  assert(string.find(message, pattern, 1, true), "error '" .. tostring(message) .. "' lacks '" .. pattern .. "'")
end

case("listen reads the options and applies the defaults", function()
  local listener = native.listen({ port = 8080 })
  local options = network.listener_options()
  assert(options.host == "0.0.0.0" and options.port == 8080 and options.backlog == 128)
  assert(options.tls == false)
  listener:close()
  assert(network.listener_options().closed, "close reaches the link")
  network.release_listener()
end)

case("starting, then listening on the bound port; accept hands over streams in arrival order", function()
  local listener = native.listen({ host = "127.0.0.1", port = 0, backlog = 4 })
  assert(listener:step() == "starting" and listener:port() == 0)
  assert(listener:accept() == nil, "nothing to accept before listening")
  network.listening(50123)
  assert(listener:step() == "listening" and listener:port() == 50123)
  assert(listener:accept() == nil, "nothing has arrived yet")
  assert(network.arrive("192.168.1.20", 40001) and network.arrive("fe80::2", 40002))
  local first, host, port = listener:accept()
  assert(host == "192.168.1.20" and port == 40001, "the peer of the first: " .. tostring(host))
  assert(first:step() == "open", "an accepted stream is a stream like open()'s")
  assert(first:write("\0\255") == 2)
  first:close()
  network.release()
  local second, host2, port2 = listener:accept()
  assert(second and host2 == "fe80::2" and port2 == 40002)
  second:close()
  network.release()
  assert(listener:accept() == nil)
  listener:close()
  network.release_listener()
end)

case("beyond the backlog, connections are discarded rather than queued", function()
  local before = network.discarded()
  local listener = native.listen({ host = "127.0.0.1", port = 0, backlog = 2 })
  network.listening(1)
  assert(network.arrive("10.0.0.1", 1) and network.arrive("10.0.0.2", 2))
  assert(not network.arrive("10.0.0.3", 3), "the third does not fit")
  assert(network.discarded() == before + 1)
  listener:close()
  network.release_listener()
end)

case("closing discards what waits, and a closed listener says so", function()
  local before = network.discarded()
  local listener = native.listen({ host = "127.0.0.1", port = 0 })
  network.listening(2)
  assert(network.arrive("10.0.0.1", 1) and network.arrive("10.0.0.2", 2))
  listener:close()
  assert(network.discarded() == before + 2, "both waiting connections were released")
  local state, category = listener:step()
  assert(state == "failed" and category == "listen")
  assert(listener:accept() == nil and listener:port() == 0)
  listener:close() -- idempotent
  network.release_listener()
end)

case("failures show in step() with the contract's category and a reason", function()
  local listener = native.listen({ host = "127.0.0.1", port = 80 })
  network.listen_fail("permission denied", "cannot listen on 127.0.0.1:80: Permission denied")
  local state, category, message = listener:step()
  assert(state == "failed" and category == "permission denied" and message:find("127.0.0.1:80", 1, true))
  listener:close()
  network.release_listener()
end)

case("tls is 'tls unsupported here'; a host that cannot be used is a bad host", function()
  local listener = native.listen({ host = "0.0.0.0", port = 0, tls = { certificate = "x", key = "y" } })
  local state, category = listener:step()
  assert(state == "failed" and category == "tls unsupported here")
  listener:close()
  local empty = native.listen({ host = "", port = 0 })
  state, category = empty:step()
  assert(state == "failed" and category == "bad host")
  empty:close()
end)

case("malformed options raise, as a bug in the caller", function()
  expect_error("bad option 'port' to 'listen'", function() native.listen({ port = "80" }) end)
  expect_error("bad option 'port' to 'listen'", function() native.listen({ port = 70000 }) end)
  expect_error("bad option 'host' to 'listen'", function() native.listen({ host = 1, port = 0 }) end)
end)

for _, c in ipairs(cases) do
  local ok, message = pcall(c.body)
  if not ok then error(c.name .. ": " .. tostring(message), 0) end
end
return #cases
