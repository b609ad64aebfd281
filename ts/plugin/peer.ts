/**
 * A server's peer, the object game code gets in `event.client` (SPEC section 7): the client's calls
 * except `connect`, plus `getRemoteAddress()`. Every method checks its arguments first (errors worded
 * like Lua's, raised at the caller), then the state (`false, message`), exactly as on a client;
 * nothing here dispatches an event: the server does that from the service loop.
 */
import { isValidApplicationCloseCode } from "../core/close-codes";
import { ReadyState } from "../core/events";
import { utf8Continue } from "../../lua/kernels";
import { badArgument, checkType, typeProblem } from "./arguments";
import * as constants from "./constants";
import { WSEVENT } from "./constants";
import { EventTable, Listener, ListenerList, listenerProblem } from "./listeners";
import { MAX_PEER_BUFFERED, PeerSession } from "./peer-session";

const MAX_PING_PAYLOAD = 125;
const MAX_CLOSE_REASON = 123;
const NORMAL_CLOSURE = 1000;
const STATE_NAMES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];

/** What a peer needs of its server: whether listeners are running (writes wait for the batch). */
export interface PeerOwner {
  isDispatching(): boolean;
  now(): number;
}

export function isUtf8(text: string): boolean {
  return utf8Continue("", text) === "";
}

export function toLuaString(value: unknown): string | undefined {
  if (type(value) === "string") return value as string;
  if (type(value) === "number") return tostring(value);
  return undefined;
}

/** Checks `send`'s arguments like the client does; returns the bytes and the type, or raises at the
 *  caller's caller (level 3). */
export function checkSendArguments(fname: string, data: unknown, options: unknown): LuaMultiReturn<[string, boolean]> {
  const text = toLuaString(data);
  if (text === undefined) error(badArgument(1, fname, typeProblem("string", data)), 3);
  const optionsProblem = checkType(options, "table", 2, fname, true);
  if (optionsProblem !== undefined) error(optionsProblem, 3);
  const binary = options !== undefined && (options as LuaTable).get("binary") === true;
  if (!binary && !isUtf8(text)) {
    error(badArgument(1, fname, "text message is not valid UTF-8; send bytes with { binary = true }"), 3);
  }
  return $multi(text, binary);
}

/** Checks a close code and reason like the client does; returns the reason, or raises (level 3). */
export function checkCloseArguments(fname: string, code: unknown, reason: unknown, allowGoingAway: boolean): string {
  if (code !== undefined) {
    const valid = type(code) === "number" && (isValidApplicationCloseCode(code as number) || (allowGoingAway && code === 1001));
    if (!valid) {
      const allowed = allowGoingAway ? "1000, 1001 or 3000-4999" : "1000 or 3000-4999";
      const problem = type(code) === "number" ? `close code ${code} not allowed; use ${allowed}` : typeProblem("number", code);
      error(badArgument(1, fname, problem), 3);
    }
  }
  const why = reason === undefined ? "" : toLuaString(reason);
  if (why === undefined) error(badArgument(2, fname, typeProblem("string", reason)), 3);
  if (why.length > MAX_CLOSE_REASON) error(badArgument(2, fname, `reason is ${why.length} bytes; at most ${MAX_CLOSE_REASON} allowed`), 3);
  if (!isUtf8(why)) error(badArgument(2, fname, "reason is not valid UTF-8"), 3);
  return why;
}

export class WebSocketPeer {
  readonly listeners = new ListenerList();
  /** ONCONNECTION has been dispatched: the peer reports OPEN from then on. */
  announced = false;
  /** ONCLOSE has been dispatched. */
  closed = false;
  private protocol = "";
  /** The extensions header the server answered with ("" for none). */
  private extensions = "";

  constructor(
    readonly session: PeerSession,
    private readonly owner: PeerOwner,
    private readonly address: string,
    private readonly remotePort: number,
  ) {}

  addEventListener(name: unknown, listener: unknown): boolean {
    if (name !== WSEVENT) error(badArgument(1, "addEventListener", `expected ws.WSEVENT ('${WSEVENT}'), got ${tostring(name)}`), 2);
    const problem = listenerProblem(listener);
    if (problem !== undefined) error(badArgument(2, "addEventListener", problem), 2);
    this.listeners.add(listener as Listener);
    return true;
  }

  removeEventListener(name: unknown, listener: unknown): boolean {
    if (name !== WSEVENT) error(badArgument(1, "removeEventListener", `expected ws.WSEVENT ('${WSEVENT}'), got ${tostring(name)}`), 2);
    return this.listeners.remove(listener as Listener);
  }

  send(data: unknown, options?: unknown): LuaMultiReturn<[boolean, string?]> {
    const [text, binary] = checkSendArguments("send", data, options);
    const problem = this.sendProblem("send");
    if (problem !== undefined) return $multi(false, problem);
    // { compress = false } sends this one message uncompressed (SPEC section 6).
    const compress = options === undefined || (options as LuaTable).get("compress") !== false;
    this.session.connection.send(text, binary, compress);
    this.writeSoon();
    return $multi(true);
  }

  ping(payload?: unknown): LuaMultiReturn<[boolean, string?]> {
    const data = payload === undefined ? "" : toLuaString(payload);
    if (data === undefined) error(badArgument(1, "ping", typeProblem("string", payload)), 2);
    if (data.length > MAX_PING_PAYLOAD) error(badArgument(1, "ping", `payload is ${data.length} bytes; at most ${MAX_PING_PAYLOAD} allowed`), 2);
    const problem = this.openProblem("ping");
    if (problem !== undefined) return $multi(false, problem);
    this.session.connection.ping(data);
    this.session.pingSent(this.owner.now());
    this.writeSoon();
    return $multi(true);
  }

  close(code?: unknown, reason?: unknown): LuaMultiReturn<[boolean, string?]> {
    const why = checkCloseArguments("close", code, reason, false);
    const problem = this.openProblem("close");
    if (problem !== undefined) return $multi(false, problem);
    this.closeWith((code as number | undefined) ?? NORMAL_CLOSURE, why);
    return $multi(true);
  }

  disconnect(): LuaMultiReturn<[boolean, string?]> {
    return this.close(NORMAL_CLOSURE);
  }

  getState(): ReadyState {
    if (this.closed) return ReadyState.Closed;
    const state = this.session.state();
    if (state === ReadyState.Open) return this.announced ? ReadyState.Open : ReadyState.Connecting;
    if (state === ReadyState.Closed) return ReadyState.Closing;
    return state;
  }

  getBufferedAmount(): number {
    return this.closed ? 0 : this.session.bufferedAmount();
  }

  getProtocol(): string {
    return this.protocol;
  }

  /** The extensions in force: what the server answered the client's offer with, or "". */
  getExtensions(): string {
    return this.extensions;
  }

  getRemoteAddress(): LuaMultiReturn<[string, number]> {
    return $multi(this.address, this.remotePort);
  }

  // ---- the server's side ----

  /** ONCONNECTION is about to be dispatched. */
  announce(protocol: string, extensions: string): void {
    this.announced = true;
    this.protocol = protocol;
    this.extensions = extensions;
  }

  /** Starts the close handshake with `code` (1001 from server:close); the peer is OPEN. */
  closeWith(code: number, reason: string): void {
    this.session.connection.close(code, reason);
    this.session.closeRequested(this.owner.now());
    this.writeSoon();
  }

  /** Why a message cannot be queued now, or undefined (used by send and broadcast). */
  sendProblem(fname: string): string | undefined {
    const problem = this.openProblem(fname);
    if (problem !== undefined) return problem;
    if (this.session.bufferedAmount() >= MAX_PEER_BUFFERED) {
      return `${fname}: ${this.session.bufferedAmount()} bytes already wait for this client (it reads too slowly; at most ${MAX_PEER_BUFFERED})`;
    }
    return undefined;
  }

  writeSoon(): void {
    if (!this.owner.isDispatching()) this.session.flush();
  }

  dispatch(event: EventTable): void {
    this.listeners.dispatch(event);
  }

  private openProblem(fname: string): string | undefined {
    const state = this.getState();
    if (state !== ReadyState.Open) return `${fname}: the connection is not open (state ${STATE_NAMES[state]})`;
    return undefined;
  }
}

for (const [name, value] of pairs(constants)) {
  (WebSocketPeer.prototype as unknown as LuaTable).set(name, value);
}
