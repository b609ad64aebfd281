-- The app goes to the background and comes back (onSuspended, onResumed): connections stay open.
local clients = require("clients")

case("a connection survives suspend and resume", function()
  local ws, log = clients.open(clients.plainUrl)
  harness.suspendAndResume()
  sleep(0.2)
  ws:send("after resume")
  clients.waitMessages(log, 1)
  check(log.messages[1] and log.messages[1].data == "after resume", "it still echoes afterwards")
  ws:close()
  clients.waitClosed(log)
  check(log.close and log.close.wasClean, "and closes cleanly")
end)
