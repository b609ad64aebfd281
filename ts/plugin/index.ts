/**
 * plugin.websockets: the module table game code gets from `require("plugin.websockets")`.
 *
 *   local WebSockets = require("plugin.websockets")
 *   local ws = WebSockets.new()
 *   ws:addEventListener(ws.WSEVENT, function(event) ... end)
 *   ws:connect("wss://example.com/socket")
 *
 * Inside Solar2D the clients are serviced from enterFrame; elsewhere the host calls
 * `WebSockets.poll([timeout])` in its loop.
 */
import { badArgument, typeProblem } from "./arguments";
import { SharedServices, WebSocketClient } from "./client";
import { clockFor } from "./clock";
import { randomSource } from "./entropy";
import { internals } from "./internals";
import { WebSocketServer } from "./server";
import { ServiceLoop } from "./service-loop";
import { selectMessageTransport, selectTransport } from "./transport-select";
import { hostUrlRewrite } from "./url-rewrite";

export const VERSION = "2.0.0";

let shared: SharedServices | undefined;

/** The transport, clock, randomness and loop every client shares, set up on first use. */
function services(): SharedServices {
  if (shared === undefined) {
    const transport = selectTransport();
    // In HTML5 builds the browser carries the messages, and the clock is Solar2D's.
    const messages = selectMessageTransport();
    const now = clockFor(messages ?? transport);
    shared = { transport, now, random: randomSource(transport), loop: new ServiceLoop(transport, now), messages, rewriteUrl: hostUrlRewrite() };
  }
  return shared;
}

/** `WebSockets.new()`: a new client, CLOSED. Takes no arguments. Game code gets its facade: the
 *  public methods only (facade.ts). */
function create(this: void): LuaTable {
  return new WebSocketClient(services()).facade;
}

/** `WebSockets.newServer()`: a new server, CLOSED (SPEC section 7). Takes no arguments. */
export function newServer(this: void): LuaTable {
  return new WebSocketServer(services()).facade;
}

/**
 * `WebSockets.poll([timeout])`: services every client once, waiting up to `timeout` seconds (default
 * 0) for I/O when nothing is ready, and returns the number of events dispatched.
 */
export function poll(this: void, timeout?: unknown): number {
  if (timeout !== undefined && (type(timeout) !== "number" || (timeout as number) < 0)) {
    const problem = type(timeout) === "number" ? "timeout must not be negative" : typeProblem("number", timeout);
    error(badArgument(1, "poll", problem), 2);
  }
  // Even before the first client, poll waits for its timeout (SPEC section 1): set up the transport.
  return services().loop.poll((timeout as number | undefined) ?? 0);
}

export { create as new };

// Not part of the public API, so not on the module: the core and kernels as built, for the tests,
// as `require("plugin.websockets._core")` once the plugin is loaded (see internals.ts).
// (`package` is a reserved word in TypeScript's strict mode, hence the global table.)
const packageLibrary = (_G as unknown as Record<string, { loaded: Record<string, unknown> }>)["package"];
packageLibrary.loaded["plugin.websockets._core"] = internals;

// The constants on the module too (`WebSockets.ONOPEN`), as well as on every client.
export * from "./constants";
