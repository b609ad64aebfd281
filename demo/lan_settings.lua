-- How this copy of the demo starts. A device has no command line, so a Solar2D project carries its
-- choice in a file: set `mode` to "host" on the device that hosts the match and to "join" on the
-- others (with `hostAddress` = the address the host shows on its screen), then build or relaunch.
-- Launch arguments override each field (`--lan=host|join`, `--address=` for
-- listenAddress or hostAddress, `--port=`, `--name=`, `--players=`);
-- the headless run `npm run demo -- --lan` uses them.
return {
  -- "echo" (the client demo against an echo server), "host" or "join".
  mode = "echo",
  -- host: the interface to listen on ("0.0.0.0": every IPv4 interface, so the LAN can reach it).
  listenAddress = "0.0.0.0",
  -- join: the host's address on the local network.
  hostAddress = "192.168.1.2",
  port = 8765,
  -- A player's name as the others see it (join); nil: "player" and a number.
  name = nil,
  -- host: the match starts (every player gets "start N") once this many players are in.
  players = 2,
}
