-- onExiting, part 1: this runtime ends with a connection still open. The harness then calls every
-- runtime listener's onExiting and closes the Lua state; the transport must close the socket.
-- Part 2 (40-exiting-b.lua, a new runtime) asks the server whether it saw that TCP connection end.
local clients = require("clients")

case("a connection left open at the end of the runtime", function()
  local ws, log = clients.open(clients.plainUrl .. "/hold?id=exiting")
  check(ws:getState() == ws.OPEN, "open when the runtime ends")
end)
