---@meta plugin.websockets
-- Editor definitions of plugin.websockets 2.0.0 for the Lua language server (LuaLS, the "Lua" extension of
-- VS Code): completion, hover text and type checks for game code. Nothing here runs; the plugin is
-- plugin/websockets.lua. Add this folder to the `Lua.workspace.library` setting (see the README).
--
--   local WebSockets = require("plugin.websockets")
--   local ws = WebSockets.new()
--   ws:addEventListener(ws.WSEVENT, function(event) ... end)
--   ws:connect("wss://example.com/socket")

---@alias websockets.ReadyState
---| 0 # CONNECTING
---| 1 # OPEN
---| 2 # CLOSING
---| 3 # CLOSED

---@alias websockets.EventType
---| "onOpen"       # ONOPEN
---| "onMessage"    # ONMESSAGE
---| "onClose"      # ONCLOSE
---| "onError"      # ONERROR
---| "onPong"       # ONPONG
---| "onListen"     # ONLISTEN (servers)
---| "onConnection" # ONCONNECTION (servers)

---@alias websockets.TlsVersion "1.0"|"1.1"|"1.2"|"1.3"

---@alias websockets.ErrorType
---| "dns"         # the host name could not be resolved
---| "connect"     # the TCP connection failed
---| "tls"         # the TLS handshake or certificate verification failed
---| "handshake"   # the server's answer was not a valid upgrade (see `status`, `headers`, `body`)
---| "protocol"    # the peer broke RFC 6455 or RFC 7692 (1002, 1007)
---| "limit"       # maxMessageSize exceeded (1009)
---| "timeout"     # connect or pong timeout
---| "closed"      # the connection ended without a close handshake
---| "listen"      # a server could not listen (port in use, not allowed)
---| "unsupported" # a server cannot listen on this platform (HTML5), or TLS serving is not available

--- A listener: a function, or a table with a method named after the event name
--- (`listener:websocket(event)`, Solar2D's convention).
---@alias websockets.Listener fun(event: websockets.Event)|{ websocket: fun(self: table, event: websockets.Event) }

---@class websockets.Constants
---@field WSEVENT "websocket" The event name: `ws:addEventListener(ws.WSEVENT, listener)`.
---@field ONOPEN "onOpen"
---@field ONMESSAGE "onMessage"
---@field ONCLOSE "onClose"
---@field ONERROR "onError"
---@field ONPONG "onPong"
---@field ONLISTEN "onListen" A server is listening (`event.port`, `event.host`).
---@field ONCONNECTION "onConnection" A client connected to a server (`event.client`, `event.request`).
---@field TLS_1_0 "1.0" A value of the `tls` connect option: the lowest TLS version accepted.
---@field TLS_1_1 "1.1"
---@field TLS_1_2 "1.2"
---@field TLS_1_3 "1.3"
---@field CONNECTING 0
---@field OPEN 1
---@field CLOSING 2
---@field CLOSED 3

---@class websockets.SendOptions
---@field binary? boolean `true` sends a binary frame (default: a text frame, which must be valid UTF-8).
---@field fin? boolean `false` sends a piece of a message that later sends continue; a send without it ends the message (default `true`).
---@field compress? boolean `false` skips compression for this message (default `true`).

---@class websockets.ReconnectOptions
---@field delay? number Seconds before the first attempt (default 1).
---@field maxDelay? number The longest wait, in seconds (default 30).
---@field factor? number Each wait is the previous one times this (default 2).
---@field jitter? number Each wait is shortened at random by up to this part of itself (default 0.5).
---@field maxAttempts? integer Attempts at most (default: no limit).

---@class websockets.ConnectOptions
---@field port? integer TCP port; wins over the URI's (default: the URI's, else 80 for ws://, 443 for wss://).
---@field tls? websockets.TlsVersion The lowest TLS version accepted for wss:// (default `TLS_1_2`).
---@field verify? boolean Verify the server's certificate chain and host name (default `true`).
---@field ca? string CA certificates to trust instead of the platform's: PEM text, or the path of a PEM file of the project.
---@field headers? table<string, string|string[]> Extra handshake headers.
---@field protocols? string|string[] Subprotocols to offer; the server's choice must be one of them.
---@field username? string HTTP Basic authentication on the handshake.
---@field password? string HTTP Basic authentication on the handshake.
---@field origin? string The Origin header.
---@field timeout? number Seconds for name lookup + TCP + TLS + handshake together (default 10).
---@field maxMessageSize? integer Larger incoming messages close the connection with 1009 (default 16 MiB).
---@field pingInterval? number|false Seconds between keep-alive pings while open (default off).
---@field pongTimeout? number Seconds to wait for a pong before the connection counts as lost (default 30).
---@field compression? boolean|table permessage-deflate: `true` (default), `false`, or a table of its settings.
---@field reconnect? boolean|websockets.ReconnectOptions Automatic reconnect (default `false`).
---@field receiveFragments? boolean Deliver messages in pieces as they arrive (default `false`).

---@class websockets.TlsServerOptions
---@field certificate string PEM text, or the path of a PEM file.
---@field key string PEM text, or the path of a PEM file.

---@class websockets.ListenOptions
---@field port? integer The port to listen on (default 0: any free port; see `server:getPort()`).
---@field host? string The interface: "0.0.0.0" (default, every IPv4 interface), "127.0.0.1" (this device only), "::" (IPv6).
---@field path? string Only this request path is accepted; others get 404 (default: any path).
---@field protocols? string|string[] The subprotocols the server speaks, in order of preference.
---@field verifyClient? fun(request: websockets.Request): boolean, integer?, string? Returns `true` to accept, or `false[, status[, reason]]` to refuse (default status 403).
---@field maxClients? integer Connections at most (default 64); beyond it 503.
---@field maxMessageSize? integer Larger incoming messages close the connection with 1009 (default 16 MiB).
---@field pingInterval? number|false Seconds between keep-alive pings to each peer (default off).
---@field pongTimeout? number Seconds to wait for a pong (default 30).
---@field compression? boolean|table permessage-deflate, as for connect.
---@field handshakeTimeout? number Seconds a client has to finish its handshake (default 5).
---@field tls? websockets.TlsServerOptions Serve wss:// where the platform can serve TLS.

---@class websockets.Request
---@field path string
---@field query string
---@field headers table<string, string> Names in lower case; repeated headers joined with ", ".
---@field origin? string
---@field protocol string The subprotocol chosen, or "".
---@field protocols string[] The subprotocols the client offered.
---@field address string The client's IP address.
---@field port integer The client's port.

--- Every event: `name = "websocket"`, `target` (the client, peer or server whose event it is) and
--- `type`, one of the ON* constants; the other keys depend on `type`.
---@class websockets.Event
---@field name "websocket"
---@field type websockets.EventType
---@field target websockets.Client|websockets.Peer|websockets.Server
---@field server? websockets.Server Events of a server and of its peers: the server.
---@field client? websockets.Peer Events of a peer, and ONCONNECTION: the peer. A server's own ONERROR/ONCLOSE have none.
---@field protocol? string ONOPEN, ONCONNECTION: the subprotocol chosen, or "".
---@field extensions? string ONOPEN: the extensions in force, or "".
---@field reconnected? boolean ONOPEN: `true` when a reconnect opened it.
---@field data? string ONMESSAGE, ONPONG: the payload, exact bytes.
---@field isBinary? boolean ONMESSAGE: a binary message.
---@field isFinal? boolean ONMESSAGE: the last piece (always `true` unless `receiveFragments`).
---@field code? integer ONERROR: the code of the ONCLOSE that follows; ONCLOSE: the close code.
---@field reason? string ONERROR: what went wrong, human-readable; ONCLOSE: the close reason.
---@field errorType? websockets.ErrorType ONERROR: the kind of failure.
---@field cause? string A server's ONERROR: the transport's own word for the failure.
---@field status? integer ONERROR "handshake": the HTTP status, when there was a status line.
---@field headers? table<string, string> ONERROR "handshake": the response headers, names in lower case.
---@field body? string ONERROR "handshake": at most the first 4 KiB after the response head.
---@field wasClean? boolean ONCLOSE: the close handshake completed and no ONERROR came before.
---@field willReconnect? boolean ONCLOSE: a reconnect attempt follows.
---@field reconnectDelay? number ONCLOSE with `willReconnect`: seconds until the attempt.
---@field port? integer ONLISTEN: the port the server listens on.
---@field host? string ONLISTEN: the interface it listens on.
---@field request? websockets.Request ONCONNECTION: the client's handshake request.

--- A client: `WebSockets.new()`.
---@class websockets.Client: websockets.Constants
local Client = {}

--- Adds a listener for the client's events (name must be `ws.WSEVENT`).
---@param name "websocket"
---@param listener websockets.Listener
---@return boolean
function Client:addEventListener(name, listener) end

---@param name "websocket"
---@param listener websockets.Listener
---@return boolean removed
function Client:removeEventListener(name, listener) end

--- Starts connecting and returns `true` at once; the outcome arrives as events. While not CLOSED it
--- returns `false, message` and changes nothing.
---@param uri string ws:// or wss:// URI
---@param options? websockets.ConnectOptions
---@return boolean ok
---@return string? message
function Client:connect(uri, options) end

--- Sends a text message (or binary with `{ binary = true }`).
---@param data string
---@param options? websockets.SendOptions
---@return boolean ok
---@return string? message
function Client:send(data, options) end

--- Sends a ping (payload at most 125 bytes); the answer arrives as ONPONG.
---@param payload? string
---@return boolean ok
---@return string? message
function Client:ping(payload) end

--- The close handshake: code 1000 or 3000-4999, reason at most 123 bytes of UTF-8. While
--- connecting it cancels the attempt (ONCLOSE 1006, no ONERROR).
---@param code? integer
---@param reason? string
---@return boolean ok
---@return string? message
function Client:close(code, reason) end

--- The original plugin's call: `close(1000)`.
---@return boolean ok
---@return string? message
function Client:disconnect() end

---@return websockets.ReadyState
function Client:getState() end

--- Bytes accepted by `send` and not yet handed to the network.
---@return integer
function Client:getBufferedAmount() end

--- The subprotocol the server chose, or "".
---@return string
function Client:getProtocol() end

--- The extensions in force, as the server accepted them, or "".
---@return string
function Client:getExtensions() end

--- The URI of the current or last connection, "" before any.
---@return string
function Client:getUrl() end

--- A server's connection to one client: `event.client`. The client's calls except `connect`.
---@class websockets.Peer: websockets.Constants
local Peer = {}

--- Adds a listener for this peer's events; they go to the server's listeners afterwards.
---@param name "websocket"
---@param listener websockets.Listener
---@return boolean
function Peer:addEventListener(name, listener) end

---@param name "websocket"
---@param listener websockets.Listener
---@return boolean removed
function Peer:removeEventListener(name, listener) end

---@param data string
---@param options? websockets.SendOptions
---@return boolean ok
---@return string? message
function Peer:send(data, options) end

---@param payload? string
---@return boolean ok
---@return string? message
function Peer:ping(payload) end

---@param code? integer 1000 or 3000-4999
---@param reason? string
---@return boolean ok
---@return string? message
function Peer:close(code, reason) end

---@return boolean ok
---@return string? message
function Peer:disconnect() end

---@return websockets.ReadyState
function Peer:getState() end

---@return integer
function Peer:getBufferedAmount() end

---@return string
function Peer:getProtocol() end

---@return string
function Peer:getExtensions() end

--- The client's IP address and port.
---@return string ip
---@return integer port
function Peer:getRemoteAddress() end

--- A server for LAN play: `WebSockets.newServer()`.
---@class websockets.Server: websockets.Constants
local Server = {}

---@param name "websocket"
---@param listener websockets.Listener
---@return boolean
function Server:addEventListener(name, listener) end

---@param name "websocket"
---@param listener websockets.Listener
---@return boolean removed
function Server:removeEventListener(name, listener) end

--- Starts listening and returns `true` at once; ONLISTEN or ONERROR + ONCLOSE follow. While
--- listening it returns `false, message`.
---@param options? websockets.ListenOptions
---@return boolean ok
---@return string? message
function Server:listen(options) end

--- The peers that are OPEN, in the order they connected.
---@return websockets.Peer[]
function Server:getClients() end

--- Sends one message to every OPEN peer; returns how many peers it was queued for.
---@param data string
---@param options? websockets.SendOptions
---@return integer
function Server:broadcast(data, options) end

--- Stops accepting and closes every peer with `code` (default 1001) and `reason`.
---@param code? integer 1000, 1001 or 3000-4999
---@param reason? string
---@return boolean ok
---@return string? message
function Server:close(code, reason) end

---@return websockets.ReadyState
function Server:getState() end

--- The port it listens on, or nil.
---@return integer?
function Server:getPort() end

---@class websockets: websockets.Constants
---@field VERSION string "MAJOR.MINOR.PATCH": "2.0.0" for the plugin these definitions describe
local WebSockets = {}

--- A new client, CLOSED. Takes no arguments.
---@return websockets.Client
function WebSockets.new() end

--- A new server, CLOSED. Takes no arguments.
---@return websockets.Server
function WebSockets.newServer() end

--- Outside Solar2D: services every client and server once, waiting up to `timeout` seconds
--- (default 0) for I/O; returns the number of events dispatched.
---@param timeout? number
---@return integer
function WebSockets.poll(timeout) end

return WebSockets
