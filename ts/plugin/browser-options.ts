/**
 * What a browser cannot do, refused clearly (SPEC section 10). A page's `WebSocket` takes a URL and
 * a list of subprotocols, nothing more: the browser writes the handshake itself (its own Origin,
 * no extra headers, no credentials), always verifies certificates against its own trust store,
 * answers pings itself and offers a page no way to send one, and cannot listen.
 */
import { WebSocketUrl } from "../core/url";

/** Options a browser cannot honour: `connect` returns `false, message` naming the option. */
const REFUSED: [string, string][] = [
  ["headers", "a browser writes the handshake itself and lets a page add no headers"],
  ["username", "a browser sends no credentials on a WebSocket handshake"],
  ["password", "a browser sends no credentials on a WebSocket handshake"],
  ["origin", "the browser sends the page's own Origin"],
];

/** Options a browser decides for itself: ignored, with one warning per option and run. */
const IGNORED: [string, string][] = [
  ["tls", "the browser chooses the TLS version"],
  ["verify", "the browser always verifies the server certificate against its own trust store"],
  ["ca", "the browser always verifies the server certificate against its own trust store"],
  ["pingInterval", "the browser answers pings itself and offers a page no way to send one"],
  ["pongTimeout", "the browser answers pings itself and offers a page no way to send one"],
];

const warned: Record<string, boolean> = {};

function isEmptyTable(value: unknown): boolean {
  return type(value) === "table" && next(value as LuaTable)[0] === undefined;
}

/**
 * Why `connect` must refuse in a browser (`false, message`), or undefined. Warns once per run for
 * each ignored option given. `options` has already passed readConnectOptions.
 */
export function browserConnectRefusal(url: WebSocketUrl, options: LuaTable | undefined): string | undefined {
  if (url.username !== undefined || url.password !== undefined) {
    return "connect: user info in the URI (Basic authentication) is not supported in HTML5 builds: a browser sends no credentials on a WebSocket handshake";
  }
  if (options === undefined) return undefined;
  for (const [name, why] of REFUSED) {
    const value = options.get(name);
    if (value !== undefined && !isEmptyTable(value)) {
      return `connect: option '${name}' is not supported in HTML5 builds: ${why}`;
    }
  }
  for (const [name, why] of IGNORED) {
    if (options.get(name) !== undefined && !warned[name]) {
      warned[name] = true;
      print(`plugin.websockets: connect option '${name}' is ignored in HTML5 builds: ${why}`);
    }
  }
  return undefined;
}

/** `ws:ping` in a browser: `false` and this message. */
export const BROWSER_PING_REFUSAL = "ping: not supported in HTML5 builds: browsers give pages no way to send a ping (the browser answers the server's pings itself)";

/**
 * For the server (SPEC section 7): a browser cannot listen. `server:listen()` in an HTML5 build
 * must end in this ONERROR, then ONCLOSE with the same code. The server calls it when the plugin
 * runs over a message transport (SharedServices.messages is set).
 */
export function browserListenFailure(): { errorType: "unsupported"; code: number; reason: string } {
  return { errorType: "unsupported", code: 1006, reason: "listen: not supported in HTML5 builds: a browser page cannot accept connections" };
}

/** The URL string for the browser's WebSocket constructor, with the `port` option applied. */
export function browserUrl(url: WebSocketUrl, uri: string, portOption: number | undefined): string {
  if (portOption === undefined) return uri;
  const host = url.ipv6 ? `[${url.host}]` : url.host;
  return `${url.secure ? "wss" : "ws"}://${host}:${portOption}${url.resource}`;
}
