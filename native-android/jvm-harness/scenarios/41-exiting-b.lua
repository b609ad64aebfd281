-- onExiting, part 2 (see 40-exiting-a.lua), in a fresh runtime of the same process.
local clients = require("clients")

case("onExiting closed the previous runtime's connection", function()
  check(harness.loaderInstantiations() == 1, "the LuaLoader instance is the process's one, reused by this runtime")
  local answer
  local deadline = system.getTimer() + 5000
  repeat
    local ws, log = clients.connect(clients.plainUrl .. "/status?id=exiting")
    clients.waitMessages(log, 1)
    answer = log.messages[1] and log.messages[1].data
    ws:close()
    clients.waitClosed(log)
    if answer ~= "closed" then sleep(0.1) end
  until answer == "closed" or system.getTimer() > deadline
  check(answer == "closed", "the server saw that TCP connection end", answer)
end)
