/**
 * The client behind the object game code holds (`local ws = WebSockets.new()` gives its facade,
 * facade.ts, which also refuses a dot call such as `ws.connect(url)`). Every method checks its
 * arguments first (errors worded like Lua's, raised at the caller), then its state (`false, message`
 * when the call does not fit the state); neither ever leaves the client half-changed (SPEC
 * guarantee 4). Nothing here dispatches an event: that happens only in the service loop.
 */
import { CloseEvent, ConnectionEvent, HeaderField, ReadyState } from "../core/events";
import { checkHandshakeOptions } from "../core/client-handshake";
import { parseWebSocketUrl, WebSocketUrl } from "../core/url";
import { Stream, Transport } from "../transport/contract";
import { MessageTransport } from "../transport/message-contract";
import { badArgument, CALLER_OF_METHOD, checkType } from "./arguments";
import { BROWSER_PING_REFUSAL, browserConnectRefusal, browserUrl } from "./browser-options";
import { ConnectOptions, readConnectOptions } from "./connect-options";
import { ONCLOSE, ONERROR, ONMESSAGE, ONOPEN, ONPONG, WSEVENT } from "./constants";
import { RandomBytes } from "./entropy";
import { CLIENT_METHODS, newFacade } from "./facade";
import { EventTable, ListenerList } from "./listeners";
import { MessageSession } from "./message-session";
import { attemptAllowed, ConnectionEnd, reconnectDelay, shouldRetry } from "./reconnect-policy";
import { checkCloseArguments, checkPingArguments, checkSendArguments, pieceRefusal } from "./message-arguments";
import { ServiceLoop, ServicedClient } from "./service-loop";
import { Session } from "./session";
import { UrlRewrite } from "./url-rewrite";

const NORMAL_CLOSURE = 1000;

/** What every client shares: the transport, its clock and randomness, and the service loop. */
export interface SharedServices {
  transport: Transport;
  now: (this: void) => number;
  random: RandomBytes;
  loop: ServiceLoop;
  /** Set in HTML5 builds: the browser's WebSocket carries whole messages (message-session.ts). */
  messages?: MessageTransport;
  /** Set in the headless simulator run with `--url`: connect URLs pass through it (url-rewrite.ts). */
  rewriteUrl?: UrlRewrite;
}

const STATE_NAMES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];

/** What a connect asked for, kept so that a reconnect makes the same attempt again. */
interface ConnectPlan {
  url: WebSocketUrl;
  settings: ConnectOptions;
  /** HTML5 builds: the URL the browser's WebSocket is given. */
  browserUrl?: string;
}

declare const Runtime: { addEventListener(name: string, listener: unknown): void; removeEventListener(name: string, listener: unknown): void } | undefined;

/** Solar2D's Runtime when the plugin runs inside it, else undefined. */
function solarRuntime(): typeof Runtime {
  const runtime = (_G as unknown as Record<string, unknown>)["Runtime"] as typeof Runtime;
  return runtime !== undefined && type(runtime.addEventListener) === "function" ? runtime : undefined;
}

/** A refused handshake's response headers as game code reads them (SPEC section 2, ONERROR):
 *  `headers["retry-after"]`, names in lower case; a field sent more than once is joined with ", ",
 *  as HTTP allows for list-valued fields (RFC 9110 section 5.3). */
function headerTable(fields: HeaderField[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (fields === undefined) return result;
  for (const field of fields) {
    const name = string.lower(field.name);
    const before = result[name];
    result[name] = before === undefined ? field.value : `${before}, ${field.value}`;
  }
  return result;
}


/** True when the game's own headers carry an Authorization header (any letter case). */
function hasAuthorizationHeader(headers: [string, string][]): boolean {
  for (const [name] of headers) {
    if (string.lower(name) === "authorization") return true;
  }
  return false;
}

export class WebSocketClient implements ServicedClient {
  /** What game code holds and every event's `target`: the public methods only (facade.ts). */
  readonly facade: LuaTable = newFacade(this, WebSocketClient.prototype, CLIENT_METHODS, "ws");
  private readonly listeners = new ListenerList();
  private session?: Session | MessageSession;
  /** ONOPEN of the current session has been dispatched: from then on the client reports OPEN. */
  private openDelivered = false;
  /** The extensions the server accepted, as its ONOPEN said. */
  private extensions = "";
  private protocol = "";
  /** The URI of the current or last connect (SPEC getUrl). */
  private url = "";

  // Reconnect (SPEC section 8; the decisions are reconnect-policy.ts's).
  private plan?: ConnectPlan;
  /** Attempts made since the last open (or the game's connect). */
  private attempt = 0;
  /** Set while waiting to reconnect: when the next attempt is due. */
  private retryAt?: number;
  /** The current session is a reconnect: its ONOPEN says `reconnected`. */
  private reconnecting = false;
  /** The game called close()/disconnect() on the current session: its end is final. */
  private closeAsked = false;
  /** The current session's ONERROR, for the decision at its ONCLOSE. */
  private lastError?: { errorType: string; status?: number };
  /** close() during the wait: the ONCLOSE that ends it, for the next dispatch. */
  private cancelled?: CloseEvent;
  /** Inside Solar2D: the app is suspended, so no attempt is made. */
  private suspended = false;
  private systemListener?: (this: void, event: { type?: string }) => void;

  constructor(private readonly shared: SharedServices) {}

  addEventListener(name: unknown, listener: unknown): boolean {
    this.listeners.addFromGame("ws", name, listener);
    return true;
  }

  removeEventListener(name: unknown, listener: unknown): boolean {
    // Not a tail call: the list's check raises at a fixed depth below the game's line.
    const removed = this.listeners.removeFromGame("ws", name, listener);
    return removed;
  }

  connect(uri: unknown, options?: unknown): LuaMultiReturn<[boolean, string?]> {
    const uriProblem = checkType(uri, "string", 1, "connect");
    if (uriProblem !== undefined) error(uriProblem, CALLER_OF_METHOD);
    if (this.shared.rewriteUrl !== undefined) uri = this.shared.rewriteUrl(uri as string);
    const optionsProblem = checkType(options, "table", 2, "connect", true);
    if (optionsProblem !== undefined) error(optionsProblem, CALLER_OF_METHOD);
    const parsed = parseWebSocketUrl(uri as string);
    // The core's message names the URL and the problem: `invalid WebSocket URL "ws://": missing host`.
    if (parsed.url === undefined) error(badArgument(1, "connect", parsed.error), CALLER_OF_METHOD);
    const settings = readConnectOptions(options as LuaTable | undefined, this.shared.messages === undefined);
    if (typeof settings === "string") error(settings, CALLER_OF_METHOD);

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
    if (handshakeProblem !== undefined) error(badArgument(2, "connect", handshakeProblem), CALLER_OF_METHOD);

    if (this.session !== undefined || this.retryAt !== undefined || this.cancelled !== undefined) {
      return $multi(false, `connect: the client is not closed (state ${STATE_NAMES[this.getState()]}); wait for ONCLOSE`);
    }
    const plan: ConnectPlan = { url, settings };
    if (this.shared.messages !== undefined) {
      const refusal = browserConnectRefusal(url, options as LuaTable | undefined);
      if (refusal !== undefined) return $multi(false, refusal);
      plan.browserUrl = browserUrl(url, uri as string, settings.port);
    }
    this.plan = plan;
    this.attempt = 0;
    this.reconnecting = false;
    this.url = uri as string;
    this.watchSuspension(settings.reconnect !== undefined);
    this.startAttempt();
    return $multi(true);
  }

  /** One connection attempt, the game's or a reconnect: a session of its own, ending in its own
   *  ONCLOSE (SPEC section 3, guarantee 2). */
  private startAttempt(): void {
    const plan = this.plan!;
    const messages = this.shared.messages;
    if (messages !== undefined) {
      this.session = new MessageSession(plan.browserUrl!, plan.settings, messages, this.shared.now());
    } else {
      this.session = new Session(plan.url, plan.settings, this.shared.transport, this.shared.random, this.shared.loop.lingering, this.shared.now);
    }
    this.retryAt = undefined;
    this.openDelivered = false;
    this.protocol = "";
    this.closeAsked = false;
    this.lastError = undefined;
    this.extensions = "";
    this.shared.loop.activate(this);
  }

  /** Inside Solar2D, a client that reconnects listens to "system" events: no attempt while the app
   *  is suspended, and a pending one starts at once on resume. */
  private watchSuspension(wanted: boolean): void {
    const runtime = solarRuntime();
    if (runtime === undefined) return;
    if (wanted && this.systemListener === undefined) {
      this.systemListener = (event) => {
        if (event.type === "applicationSuspend") {
          this.suspended = true;
        } else if (event.type === "applicationResume") {
          this.suspended = false;
          if (this.retryAt !== undefined) this.startAttempt();
        }
      };
      runtime.addEventListener("system", this.systemListener);
    } else if (!wanted && this.systemListener !== undefined) {
      runtime.removeEventListener("system", this.systemListener);
      this.systemListener = undefined;
      this.suspended = false;
    }
  }

  /** A number in [0, 1) from two bytes of the shared random source, for the jitter. */
  private random01(): number {
    const bytes = this.shared.random(2);
    return (string.byte(bytes, 1) * 256 + string.byte(bytes, 2)) / 65536;
  }

  /** At a session's ONCLOSE: whether to try again, and after how many seconds (undefined: not). */
  private decideReconnect(event: CloseEvent): number | undefined {
    const settings = this.plan?.settings.reconnect;
    if (settings === undefined) return undefined;
    const end: ConnectionEnd = {
      requested: this.closeAsked,
      errorType: this.lastError?.errorType,
      status: this.lastError?.status,
      closeCode: this.lastError === undefined ? event.code : undefined,
    };
    const next = this.attempt + 1;
    if (!shouldRetry(end) || !attemptAllowed(settings, next)) return undefined;
    this.attempt = next;
    return reconnectDelay(settings, next, this.random01());
  }

  send(data: unknown, options?: unknown): LuaMultiReturn<[boolean, string?]> {
    const current = this.session;
    const pieceOpen = current !== undefined && current.connection.isSendingPieces();
    const [text, binary, fin] = checkSendArguments("send", data, options, pieceOpen);
    // What openSession() would say, without its calls for the common case (getState() is OPEN).
    const session = current !== undefined && this.openDelivered && current.state() === ReadyState.Open ? current : this.openSession("send");
    if (typeof session === "string") return $multi(false, session);
    // { compress = false } sends this one message uncompressed (SPEC section 6).
    const compress = options === undefined || (options as LuaTable).get("compress") !== false;
    if (fin && !pieceOpen) {
      session.connection.send(text, binary, compress);
    } else {
      // A piece of a message sent in pieces (SPEC section 9).
      const refusal = pieceRefusal("send", session.connection.sendPiece(text, binary, fin, compress), binary);
      if (refusal !== undefined) return $multi(false, refusal);
    }
    this.writeSoon(session);
    return $multi(true);
  }

  ping(payload?: unknown): LuaMultiReturn<[boolean, string?]> {
    const data = checkPingArguments(payload);
    if (this.shared.messages !== undefined) return $multi(false, BROWSER_PING_REFUSAL);
    const session = this.openSession("ping");
    if (typeof session === "string") return $multi(false, session);
    session.connection.ping(data);
    session.pingSent(this.shared.now());
    this.writeSoon(session);
    return $multi(true);
  }

  close(code?: unknown, reason?: unknown): LuaMultiReturn<[boolean, string?]> {
    const why = checkCloseArguments("close", code, reason, false);

    if (this.retryAt !== undefined) {
      // Waiting to reconnect: the wait ends here, as a connection that never opened (SPEC section 8).
      this.retryAt = undefined;
      this.closeAsked = true;
      this.cancelled = { type: "close", code: 1006, reason: "reconnect cancelled by close()", wasClean: false };
      this.shared.loop.activate(this);
      return $multi(true);
    }
    const session = this.session;
    const state = this.getState();
    if (session === undefined || state === ReadyState.Closing || state === ReadyState.Closed) {
      return $multi(false, `close: the client is not connecting or open (state ${STATE_NAMES[state]})`);
    }
    this.closeAsked = true;
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
    return this.close(NORMAL_CLOSURE);
  }

  getState(): ReadyState {
    const session = this.session;
    if (session === undefined) {
      // Waiting to reconnect is CONNECTING (SPEC section 8); a cancelled wait ends at its ONCLOSE.
      if (this.retryAt !== undefined) return ReadyState.Connecting;
      return this.cancelled !== undefined ? ReadyState.Closing : ReadyState.Closed;
    }
    const state = session.state();
    // The game sees OPEN from its ONOPEN on and CLOSED from its ONCLOSE on, never ahead of the events.
    if (state === ReadyState.Open) return this.openDelivered ? ReadyState.Open : ReadyState.Connecting;
    // Closed inside the core but ONCLOSE not yet delivered: the end is under way.
    if (state === ReadyState.Closed) return ReadyState.Closing;
    return state;
  }

  getBufferedAmount(): number {
    return this.session === undefined ? 0 : this.session.bufferedAmount();
  }

  getProtocol(): string {
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
    if (this.session === undefined && this.retryAt !== undefined && !this.suspended && now >= this.retryAt) {
      this.startAttempt();
    }
    if (this.session !== undefined) this.session.service(now);
  }

  nextEvent(now: number): ConnectionEvent | undefined {
    const cancelled = this.cancelled;
    if (cancelled !== undefined) {
      this.cancelled = undefined;
      return cancelled;
    }
    return this.session === undefined ? undefined : this.session.nextEvent(now);
  }

  hasEvents(): boolean {
    return this.cancelled !== undefined || (this.session !== undefined && this.session.hasEvents());
  }

  hasBacklog(): boolean {
    return this.session !== undefined && this.session.hasBacklog();
  }

  isActive(): boolean {
    // The wait to reconnect keeps the client serviced (and Solar2D's enterFrame listener installed).
    return (this.session !== undefined && !this.session.finished) || this.retryAt !== undefined;
  }

  activeStream(): Stream | undefined {
    // During a wait to reconnect the client is active with no session.
    return this.session !== undefined && !this.session.finished ? this.session.stream : undefined;
  }

  nextDeadline(): number | undefined {
    if (this.session === undefined) return this.suspended ? undefined : this.retryAt;
    return this.session.nextDeadline();
  }

  deliver(event: ConnectionEvent): void {
    // Each event table is built by one constructor with all its keys: cheaper than filling an empty
    // table, and dispatching is the per-message path.
    let luaEvent: object;
    switch (event.type) {
      case "message":
        luaEvent = { name: WSEVENT, target: this.facade, type: ONMESSAGE, data: event.data, isBinary: event.binary, isFinal: event.partial !== true };
        break;
      case "open":
        this.openDelivered = true;
        this.protocol = event.protocol;
        this.extensions = event.extensions;
        luaEvent = { name: WSEVENT, target: this.facade, type: ONOPEN, protocol: event.protocol, extensions: event.extensions, reconnected: this.reconnecting };
        // An attempt that opens starts the count of the next waits again (SPEC section 8).
        this.attempt = 0;
        this.reconnecting = false;
        break;
      case "pong":
        luaEvent = { name: WSEVENT, target: this.facade, type: ONPONG, data: event.data };
        break;
      case "error":
        this.lastError = { errorType: event.errorType, status: event.status };
        luaEvent =
          event.status === undefined && event.headers === undefined
            ? { name: WSEVENT, target: this.facade, type: ONERROR, code: event.code, reason: event.reason, errorType: event.errorType }
            : { name: WSEVENT, target: this.facade, type: ONERROR, code: event.code, reason: event.reason, errorType: event.errorType,
                status: event.status, headers: headerTable(event.headers), body: event.body };
        break;
      case "close":
        // The attempt is over before game code hears of it, so an ONCLOSE listener may reconnect.
        this.session = undefined;
        luaEvent = this.closeEvent(event);
        break;
    }
    this.listeners.dispatch(luaEvent as EventTable);
  }

  /** The ONCLOSE of an attempt, with the decision to reconnect taken (and the wait begun) first, so
   *  that getState() in its listeners says CONNECTING when a reconnect follows. */
  private closeEvent(event: CloseEvent): object {
    const delay = this.decideReconnect(event);
    if (delay !== undefined) {
      this.retryAt = this.shared.now() + delay;
      this.reconnecting = true;
    } else {
      this.reconnecting = false;
      this.watchSuspension(false);
    }
    this.closeAsked = false;
    this.lastError = undefined;
    return {
      name: WSEVENT,
      target: this.facade,
      type: ONCLOSE,
      code: event.code,
      reason: event.reason,
      wasClean: event.wasClean,
      willReconnect: delay !== undefined,
      reconnectDelay: delay,
    };
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
