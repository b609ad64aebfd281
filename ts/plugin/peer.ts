/**
 * A server's peer, behind the object game code gets in `event.client` (its facade, facade.ts; SPEC
 * section 7): the client's calls except `connect`, plus `getRemoteAddress()`. Every method checks
 * its arguments first (errors worded like Lua's, raised at the caller), then the state (`false,
 * message`), exactly as on a client; nothing here dispatches an event: the server does that from
 * the service loop.
 */
import { ReadyState } from "../core/events";
import { WSEVENT } from "./constants";
import { newFacade, PEER_METHODS } from "./facade";
import { EventTable, ListenerList } from "./listeners";
import { checkCloseArguments, checkPingArguments, checkSendArguments, pieceRefusal } from "./message-arguments";
import { MAX_PEER_BUFFERED, PeerSession } from "./peer-session";

const NORMAL_CLOSURE = 1000;
const STATE_NAMES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];

/** What a peer needs of its server: whether listeners are running (writes wait for the batch). */
export interface PeerOwner {
  isDispatching(): boolean;
  now(): number;
}

export class WebSocketPeer {
  /** What game code holds (`event.client`, getClients): the public methods only (facade.ts). */
  readonly facade: LuaTable = newFacade(this, WebSocketPeer.prototype, PEER_METHODS, "peer");
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
    this.listeners.addFromGame("ws", name, listener);
    return true;
  }

  removeEventListener(name: unknown, listener: unknown): boolean {
    // Not a tail call: the list's check raises at a fixed depth below the game's line.
    const removed = this.listeners.removeFromGame("ws", name, listener);
    return removed;
  }

  send(data: unknown, options?: unknown): LuaMultiReturn<[boolean, string?]> {
    const connection = this.session.connection;
    const pieceOpen = connection.isSendingPieces();
    const [text, binary, fin] = checkSendArguments("send", data, options, pieceOpen);
    const problem = this.sendProblem("send");
    if (problem !== undefined) return $multi(false, problem);
    // { compress = false } sends this one message uncompressed (SPEC section 6).
    const compress = options === undefined || (options as LuaTable).get("compress") !== false;
    if (fin && !pieceOpen) {
      connection.send(text, binary, compress);
    } else {
      // A piece of a message sent in pieces (SPEC section 9).
      const refusal = pieceRefusal("send", connection.sendPiece(text, binary, fin, compress), binary);
      if (refusal !== undefined) return $multi(false, refusal);
    }
    this.writeSoon();
    return $multi(true);
  }

  ping(payload?: unknown): LuaMultiReturn<[boolean, string?]> {
    const data = checkPingArguments(payload);
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
    // A broadcast's frame would land between the pieces of this peer's message (RFC 6455 section 5.4).
    if (fname === "broadcast" && this.session.connection.isSendingPieces()) return `${fname}: a message is being sent in pieces to this client`;
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
