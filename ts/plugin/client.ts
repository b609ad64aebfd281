/**
 * The client object game code holds: `local ws = WebSockets.new()`. Every method checks its
 * arguments first (errors worded like Lua's, raised at the caller), then its state (`false, message`
 * when the call does not fit the state); neither ever leaves the client half-changed (SPEC
 * guarantee 4). Nothing here dispatches an event: that happens only in the service loop.
 */
import { isValidApplicationCloseCode } from "../core/close-codes";
import { ConnectionEvent, ReadyState } from "../core/events";
import { checkHandshakeOptions } from "../core/client-handshake";
import { parseWebSocketUrl } from "../core/url";
import { utf8Continue } from "../../lua/kernels";
import { Stream, Transport } from "../transport/contract";
import { MessageTransport } from "../transport/message-contract";
import { badArgument, checkType, typeProblem } from "./arguments";
import { BROWSER_PING_REFUSAL, browserConnectRefusal, browserUrl } from "./browser-options";
import { readConnectOptions } from "./connect-options";
import * as constants from "./constants";
import { ONCLOSE, ONERROR, ONMESSAGE, ONOPEN, ONPONG, WSEVENT } from "./constants";
import { RandomBytes } from "./entropy";
import { EventTable, Listener, ListenerList, listenerProblem } from "./listeners";
import { MessageSession } from "./message-session";
import { ServiceLoop, ServicedClient } from "./service-loop";
import { Session } from "./session";

/** RFC 6455 section 5.5: control frame payloads are at most 125 bytes; a close reason 123. */
const MAX_PING_PAYLOAD = 125;
const MAX_CLOSE_REASON = 123;
const NORMAL_CLOSURE = 1000;

/** What every client shares: the transport, its clock and randomness, and the service loop. */
export interface SharedServices {
  transport: Transport;
  now: (this: void) => number;
  random: RandomBytes;
  loop: ServiceLoop;
  /** Set in HTML5 builds: the browser's WebSocket carries whole messages (message-session.ts). */
  messages?: MessageTransport;
}

const STATE_NAMES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];

function isUtf8(text: string): boolean {
  return utf8Continue("", text) === "";
}

/** Integers below this print exactly with %.0f on every runtime (fengari's integers are 32-bit). */
const EXACT_DIGITS_BELOW = 2 ** 63;

/** A string sends as it is; a number as Lua writes it, except that an integral float (2^53) is
 *  written with all its digits rather than as `9.007199254741e+15`. */
function toLuaString(value: unknown): string | undefined {
  if (type(value) === "string") return value as string;
  if (type(value) !== "number") return undefined;
  const n = value as number;
  const mathType = (math as unknown as { type?: (this: void, x: number) => string }).type;
  if (mathType !== undefined && mathType(n) === "integer") return tostring(n);
  if (n === math.floor(n) && math.abs(n) < EXACT_DIGITS_BELOW) return string.format("%.0f", n);
  return tostring(n);
}

/** A dot call (`ws.connect(url)`) passes the URL as self: say how to call the method instead. */
function checkSelf(self: unknown, fname: string): void {
  if (type(self) !== "table" || getmetatable(self as object) !== (WebSocketClient.prototype as unknown)) {
    error(`bad argument #1 to '${fname}' (calling '${fname}' on bad self: use ws:${fname}(...), not ws.${fname}(...))`, 3);
  }
}

/** True when the game's own headers carry an Authorization header (any letter case). */
function hasAuthorizationHeader(headers: [string, string][]): boolean {
  for (const [name] of headers) {
    if (string.lower(name) === "authorization") return true;
  }
  return false;
}

export class WebSocketClient implements ServicedClient {
  private readonly listeners = new ListenerList();
  private session?: Session | MessageSession;
  /** ONOPEN of the current session has been dispatched: from then on the client reports OPEN. */
  private openDelivered = false;
  /** The extensions the server accepted, as its ONOPEN said. */
  private extensions = "";
  private protocol = "";
  /** The URI of the current or last connect (SPEC getUrl). */
  private url = "";

  constructor(private readonly shared: SharedServices) {}

  addEventListener(name: unknown, listener: unknown): boolean {
    checkSelf(this, "addEventListener");
    if (name !== WSEVENT) error(badArgument(1, "addEventListener", `expected ws.WSEVENT ('${WSEVENT}'), got ${tostring(name)}`), 2);
    const problem = listenerProblem(listener);
    if (problem !== undefined) error(badArgument(2, "addEventListener", problem), 2);
    this.listeners.add(listener as Listener);
    return true;
  }

  removeEventListener(name: unknown, listener: unknown): boolean {
    checkSelf(this, "removeEventListener");
    if (name !== WSEVENT) error(badArgument(1, "removeEventListener", `expected ws.WSEVENT ('${WSEVENT}'), got ${tostring(name)}`), 2);
    return this.listeners.remove(listener as Listener);
  }

  connect(uri: unknown, options?: unknown): LuaMultiReturn<[boolean, string?]> {
    checkSelf(this, "connect");
    const uriProblem = checkType(uri, "string", 1, "connect");
    if (uriProblem !== undefined) error(uriProblem, 2);
    const optionsProblem = checkType(options, "table", 2, "connect", true);
    if (optionsProblem !== undefined) error(optionsProblem, 2);
    const parsed = parseWebSocketUrl(uri as string);
    // The core's message names the URL and the problem: `invalid WebSocket URL "ws://": missing host`.
    if (parsed.url === undefined) error(badArgument(1, "connect", parsed.error), 2);
    const settings = readConnectOptions(options as LuaTable | undefined, this.shared.messages === undefined);
    if (typeof settings === "string") error(settings, 2);

    let url = settings.port === undefined ? parsed.url : { ...parsed.url, port: settings.port };
    if (hasAuthorizationHeader(settings.headers)) {
      // One Authorization header goes out, and the game's explicit one wins over user info.
      url = { ...url };
      delete url.username;
      delete url.password;
      settings.username = undefined;
      settings.password = undefined;
    }
    const handshakeProblem = checkHandshakeOptions({
      url,
      protocols: settings.protocols,
      headers: settings.headers,
      origin: settings.origin,
      username: settings.username,
      password: settings.password,
    });
    if (handshakeProblem !== undefined) error(badArgument(2, "connect", handshakeProblem), 2);

    if (this.session !== undefined) {
      return $multi(false, `connect: the client is not closed (state ${STATE_NAMES[this.getState()]}); wait for ONCLOSE`);
    }
    const now = this.shared.now();
    const messages = this.shared.messages;
    if (messages !== undefined) {
      const refusal = browserConnectRefusal(url, options as LuaTable | undefined);
      if (refusal !== undefined) return $multi(false, refusal);
      this.session = new MessageSession(browserUrl(url, uri as string, settings.port), settings, messages, now);
    } else {
      this.session = new Session(url, settings, this.shared.transport, this.shared.random, this.shared.loop.lingering, this.shared.now);
    }
    this.openDelivered = false;
    this.protocol = "";
    this.extensions = "";
    this.url = uri as string;
    this.shared.loop.activate(this);
    return $multi(true);
  }

  send(data: unknown, options?: unknown): LuaMultiReturn<[boolean, string?]> {
    checkSelf(this, "send");
    const text = toLuaString(data);
    if (text === undefined) error(badArgument(1, "send", typeProblem("string", data)), 2);
    const optionsProblem = checkType(options, "table", 2, "send", true);
    if (optionsProblem !== undefined) error(optionsProblem, 2);
    const binary = options !== undefined && (options as LuaTable).get("binary") === true;
    if (!binary && !isUtf8(text)) {
      error(badArgument(1, "send", "text message is not valid UTF-8; send bytes with { binary = true }"), 2);
    }
    const session = this.openSession("send");
    if (typeof session === "string") return $multi(false, session);
    // { compress = false } sends this one message uncompressed (SPEC section 6).
    const compress = options === undefined || (options as LuaTable).get("compress") !== false;
    session.connection.send(text, binary, compress);
    this.writeSoon(session);
    return $multi(true);
  }

  ping(payload?: unknown): LuaMultiReturn<[boolean, string?]> {
    checkSelf(this, "ping");
    const data = payload === undefined ? "" : toLuaString(payload);
    if (data === undefined) error(badArgument(1, "ping", typeProblem("string", payload)), 2);
    if (data.length > MAX_PING_PAYLOAD) {
      error(badArgument(1, "ping", `payload is ${data.length} bytes; at most ${MAX_PING_PAYLOAD} allowed`), 2);
    }
    if (this.shared.messages !== undefined) return $multi(false, BROWSER_PING_REFUSAL);
    const session = this.openSession("ping");
    if (typeof session === "string") return $multi(false, session);
    session.connection.ping(data);
    session.pingSent(this.shared.now());
    this.writeSoon(session);
    return $multi(true);
  }

  close(code?: unknown, reason?: unknown): LuaMultiReturn<[boolean, string?]> {
    checkSelf(this, "close");
    if (code !== undefined && (type(code) !== "number" || !isValidApplicationCloseCode(code as number))) {
      const problem = type(code) === "number" ? `close code ${code} not allowed; use 1000 or 3000-4999` : typeProblem("number", code);
      error(badArgument(1, "close", problem), 2);
    }
    const why = reason === undefined ? "" : toLuaString(reason);
    if (why === undefined) error(badArgument(2, "close", typeProblem("string", reason)), 2);
    if (why.length > MAX_CLOSE_REASON) error(badArgument(2, "close", `reason is ${why.length} bytes; at most ${MAX_CLOSE_REASON} allowed`), 2);
    if (!isUtf8(why)) error(badArgument(2, "close", "reason is not valid UTF-8"), 2);

    const session = this.session;
    const state = this.getState();
    if (session === undefined || state === ReadyState.Closing || state === ReadyState.Closed) {
      return $multi(false, `close: the client is not connecting or open (state ${STATE_NAMES[state]})`);
    }
    if (state === ReadyState.Connecting) {
      session.connection.abort("connection attempt cancelled by close()");
    } else {
      session.connection.close((code as number | undefined) ?? NORMAL_CLOSURE, why);
      session.closeRequested(this.shared.now());
      this.writeSoon(session);
    }
    return $multi(true);
  }

  /** The original plugin's call: a normal closure. */
  disconnect(): LuaMultiReturn<[boolean, string?]> {
    checkSelf(this, "disconnect");
    return this.close(NORMAL_CLOSURE);
  }

  getState(): ReadyState {
    checkSelf(this, "getState");
    const session = this.session;
    if (session === undefined) return ReadyState.Closed;
    const state = session.state();
    // The game sees OPEN from its ONOPEN on and CLOSED from its ONCLOSE on, never ahead of the events.
    if (state === ReadyState.Open) return this.openDelivered ? ReadyState.Open : ReadyState.Connecting;
    // Closed inside the core but ONCLOSE not yet delivered: the end is under way.
    if (state === ReadyState.Closed) return ReadyState.Closing;
    return state;
  }

  getBufferedAmount(): number {
    checkSelf(this, "getBufferedAmount");
    return this.session === undefined ? 0 : this.session.bufferedAmount();
  }

  getProtocol(): string {
    checkSelf(this, "getProtocol");
    return this.protocol;
  }

  /** The extensions in force (the server's Sec-WebSocket-Extensions answer); in HTML5 builds the
   *  ones the browser negotiated. "" before ONOPEN and without any. */
  getExtensions(): string {
    if (!this.openDelivered) return "";
    return this.session instanceof MessageSession ? this.session.negotiatedExtensions() : this.extensions;
  }

  /** The URI of the current or last connection, "" before any. */
  getUrl(): string {
    return this.url;
  }

  // The service loop's side (ServicedClient).

  service(now: number): void {
    if (this.session !== undefined) this.session.service(now);
  }

  nextEvent(now: number): ConnectionEvent | undefined {
    return this.session === undefined ? undefined : this.session.nextEvent(now);
  }

  hasEvents(): boolean {
    return this.session !== undefined && this.session.hasEvents();
  }

  hasBacklog(): boolean {
    return this.session !== undefined && this.session.hasBacklog();
  }

  isActive(): boolean {
    return this.session !== undefined && !this.session.finished;
  }

  activeStream(): Stream | undefined {
    return this.isActive() ? this.session!.stream : undefined;
  }

  nextDeadline(): number | undefined {
    return this.session === undefined ? undefined : this.session.nextDeadline();
  }

  deliver(event: ConnectionEvent): void {
    // Each event table is built by one constructor with all its keys: cheaper than filling an empty
    // table, and dispatching is the per-message path.
    let luaEvent: object;
    switch (event.type) {
      case "message":
        luaEvent = { name: WSEVENT, target: this, type: ONMESSAGE, data: event.data, isBinary: event.binary };
        break;
      case "open":
        this.openDelivered = true;
        this.protocol = event.protocol;
        this.extensions = event.extensions;
        luaEvent = { name: WSEVENT, target: this, type: ONOPEN, protocol: event.protocol, extensions: event.extensions };
        break;
      case "pong":
        luaEvent = { name: WSEVENT, target: this, type: ONPONG, data: event.data };
        break;
      case "error":
        luaEvent = { name: WSEVENT, target: this, type: ONERROR, code: event.code, reason: event.reason, errorType: event.errorType };
        break;
      case "close":
        // The attempt is over before game code hears of it, so an ONCLOSE listener may reconnect.
        this.session = undefined;
        luaEvent = { name: WSEVENT, target: this, type: ONCLOSE, code: event.code, reason: event.reason, wasClean: event.wasClean };
        break;
    }
    this.listeners.dispatch(luaEvent as EventTable);
  }

  /** Writes now, so data leaves without waiting for the next frame; while listeners run, the loop
   *  writes once after the last of them instead (many sends, one write). */
  private writeSoon(session: Session | MessageSession): void {
    if (!this.shared.loop.isDispatching()) session.flush();
  }

  flush(): void {
    if (this.session !== undefined) this.session.flush();
  }

  beginService(): void {
    if (this.session !== undefined) this.session.beginService();
  }

  /** The session when the client is OPEN, else the `false, message` text for `fname`. */
  private openSession(fname: string): Session | MessageSession | string {
    const state = this.getState();
    if (state !== ReadyState.Open) return `${fname}: the connection is not open (state ${STATE_NAMES[state]})`;
    return this.session!;
  }
}

// The constants are reachable through every client (`ws.ONOPEN`), as the original docs use them;
// on the shared prototype they cost nothing per client.
for (const [name, value] of pairs(constants)) {
  (WebSocketClient.prototype as unknown as LuaTable).set(name, value);
}
