/**
 * The server behind the object game code holds (`local server = WebSockets.newServer()` gives its
 * facade, facade.ts; SPEC section 7).
 *
 * It is serviced by the same loop as the clients (enterFrame or `WebSockets.poll`): each service
 * steps the listener, accepts a bounded number of new connections, and moves every peer's bytes and
 * timers (peer-session.ts). Everything game code hears comes from the loop's dispatch, in order:
 * the server's own events (ONLISTEN, its ONERROR + ONCLOSE), then each peer's events, ONCONNECTION
 * first. `verifyClient` is called at dispatch time too, like a listener, so an error it raises
 * propagates out of poll/enterFrame (the request is refused with 500 and the server keeps running).
 *
 * A peer is announced (ONCONNECTION) only once its handshake was accepted; refused and timed-out
 * handshakes never reach game code. Their streams are closed once the refusal is written.
 */
import { ConnectionEvent, ReadyState } from "../core/events";
import { Opcode } from "../core/frame";
import { encodeFrameHeader } from "../core/frame-encoder";
import { selectCodec } from "../codec/index";
import { answerDeflateOffers } from "../core/deflate-negotiation";
import { PerMessageDeflate } from "../core/permessage-deflate";
import { chooseSubprotocol } from "../core/server-handshake";
import { Listener, ListenFailure, Stream } from "../transport/contract";
import { CALLER_OF_METHOD, checkType } from "./arguments";
import { browserListenFailure } from "./browser-options";
import type { SharedServices } from "./client";
import { ONCLOSE, ONCONNECTION, ONERROR, ONLISTEN, ONMESSAGE, ONPONG, WSEVENT } from "./constants";
import { newFacade, SERVER_METHODS } from "./facade";
import { readListenOptions, type ListenOptions } from "./listen-options";
import { EventTable, ListenerList } from "./listeners";
import { PeerSession } from "./peer-session";
import { checkBroadcastArguments, checkCloseArguments } from "./message-arguments";
import { PeerOwner, WebSocketPeer } from "./peer";
import { ServicedClient } from "./service-loop";

/** New connections taken from the listener per service at most: a flood of connection attempts
 *  costs each frame a bounded amount of work (the rest wait in the operating system's backlog). */
export const ACCEPTS_PER_SERVICE = 16;
/** Clients still in their opening handshake at most. While this many are, no more are accepted:
 *  new connections wait in the operating system's backlog (a burst of honest clients is only
 *  delayed), and a flood of clients that never finish their handshake is bounded by this and
 *  dropped after handshakeTimeout. */
export const MAX_PENDING_HANDSHAKES = 128;
/** The operating system's queue of connections not yet accepted (Node's default): a burst waits there
 *  while MAX_PENDING_HANDSHAKES are being served, instead of overflowing into SYN retries. */
const BACKLOG = 511;
const GOING_AWAY = 1001;
const STATE_NAMES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];

/** What waits in the server's queue for the dispatch. */
type ServerItem =
  | { kind: "listen"; port: number; host: string }
  | { kind: "error"; errorType: string; cause: string; code: number; reason: string }
  | { kind: "close"; code: number; reason: string; wasClean: boolean }
  | { kind: "verify"; peer: ServerPeer }
  | { kind: "peer"; peer: ServerPeer; event: ConnectionEvent };

/** A peer with the server's bookkeeping. */
interface ServerPeer {
  peer: WebSocketPeer;
  session: PeerSession;
  /** The handshake was accepted (the 101 queued); its events now go to game code. */
  accepted: boolean;
  verifyQueued: boolean;
  request?: LuaTable;
}

function errorTypeOf(failure: ListenFailure): string {
  if (failure === "tls unsupported here") return "unsupported";
  if (failure === "tls") return "tls";
  return "listen";
}

export class WebSocketServer implements ServicedClient<ServerItem> {
  /** What game code holds and every event's `server` (and own events' `target`): the public
   *  methods only (facade.ts). */
  readonly facade: LuaTable = newFacade(this, WebSocketServer.prototype, SERVER_METHODS, "server");
  private readonly listeners = new ListenerList();
  private options?: ListenOptions;
  private listener?: Listener;
  /** The server's state as game code sees it (it changes when the events are dispatched). */
  private state = ReadyState.Closed;
  /** Listening was announced (ONLISTEN queued): accept from now on. */
  private listening = false;
  private port?: number;
  private queue: ServerItem[] = [];
  /** Every connection accepted from the listener and not yet done with, in the order they came. */
  private peers: ServerPeer[] = [];
  /** Announced peers, in the order they connected (getClients). */
  private connected: WebSocketPeer[] = [];
  /** server:close() or a failed listener: the server's own ONCLOSE, once every peer has closed. */
  private ending?: { code: number; reason: string; wasClean: boolean };
  private readonly owner: PeerOwner;
  /** Where nextEvent goes on looking for peer events in the dispatch under way (0 between them). */
  private eventCursor = 0;

  constructor(private readonly shared: SharedServices) {
    const loop = shared.loop;
    const now = shared.now;
    this.owner = {
      isDispatching(): boolean {
        return loop.isDispatching();
      },
      now(): number {
        return now();
      },
    };
  }

  addEventListener(name: unknown, listener: unknown): boolean {
    this.listeners.addFromGame("server", name, listener);
    return true;
  }

  removeEventListener(name: unknown, listener: unknown): boolean {
    // Not a tail call: the list's check raises at a fixed depth below the game's line.
    const removed = this.listeners.removeFromGame("server", name, listener);
    return removed;
  }

  listen(options?: unknown): LuaMultiReturn<[boolean, string?]> {
    const optionsProblem = checkType(options, "table", 1, "listen", true);
    if (optionsProblem !== undefined) error(optionsProblem, CALLER_OF_METHOD);
    const settings = readListenOptions(options as LuaTable | undefined);
    if (typeof settings === "string") error(settings, CALLER_OF_METHOD);
    if (this.state !== ReadyState.Closed || this.ending !== undefined || this.isActive()) {
      return $multi(false, `listen: the server is not closed (state ${STATE_NAMES[this.state]}); wait for its ONCLOSE`);
    }
    this.options = settings;
    this.state = ReadyState.Connecting;
    this.listening = false;
    this.port = undefined;
    const transport = this.shared.transport;
    if (this.shared.messages !== undefined || transport.listen === undefined) {
      const failure = browserListenFailure();
      const reason = this.shared.messages !== undefined ? failure.reason : `listen: the ${transport.name} transport cannot accept connections on this platform`;
      this.failListening("unsupported", "unsupported", reason);
    } else {
      this.listener = transport.listen({ host: settings.host, port: settings.port, backlog: BACKLOG, tls: settings.tls });
    }
    this.shared.loop.activate(this);
    return $multi(true);
  }

  getState(): ReadyState {
    return this.state;
  }

  getPort(): number | undefined {
    return this.port;
  }

  /** The peers that are OPEN, in the order they connected, as game code holds them. */
  getClients(): LuaTable[] {
    const clients: LuaTable[] = [];
    for (const peer of this.openPeers()) clients.push(peer.facade);
    return clients;
  }

  /** The peers that are OPEN, in the order they connected. */
  private openPeers(): WebSocketPeer[] {
    const open: WebSocketPeer[] = [];
    for (const peer of this.connected) {
      if (peer.getState() === ReadyState.Open) open.push(peer);
    }
    return open;
  }

  /** One message to every OPEN peer that can take it; the frame is built once (a server's frames
   *  are unmasked, so the bytes are the same for every peer). Returns how many peers it was queued for. */
  broadcast(data: unknown, options?: unknown): number {
    const [text, binary] = checkBroadcastArguments(data, options);
    let frame: string | undefined;
    let count = 0;
    for (const peer of this.openPeers()) {
      if (peer.sendProblem("broadcast") !== undefined) continue;
      if (frame === undefined) frame = encodeFrameHeader(binary ? Opcode.Binary : Opcode.Text, true, text.length, "") + text;
      peer.session.queueShared(frame);
      peer.writeSoon();
      count++;
    }
    return count;
  }

  close(code?: unknown, reason?: unknown): LuaMultiReturn<[boolean, string?]> {
    const why = checkCloseArguments("close", code, reason, true);
    if (this.state === ReadyState.Closed || this.state === ReadyState.Closing || this.ending !== undefined) {
      return $multi(false, `close: the server is not listening (state ${STATE_NAMES[this.state]})`);
    }
    const closeCode = (code as number | undefined) ?? GOING_AWAY;
    this.state = ReadyState.Closing;
    this.stopListening();
    for (const entry of this.peers) {
      if (entry.accepted && entry.session.state() === ReadyState.Open) {
        entry.peer.closeWith(closeCode, why);
      } else if (!entry.accepted) {
        entry.session.drop();
      }
    }
    this.ending = { code: closeCode, reason: why, wasClean: true };
    return $multi(true);
  }

  // ---- the service loop's side ----

  service(now: number): void {
    this.eventCursor = 0;
    if (this.listener !== undefined) this.stepListener();
    for (const entry of this.peers) {
      const session = entry.session;
      session.service(now);
      if (!entry.accepted) {
        if (session.connection.request !== undefined && !entry.verifyQueued) {
          entry.verifyQueued = true;
          this.queue.push({ kind: "verify", peer: entry });
        }
        // A refused or timed-out handshake ends here, unseen by game code.
        while (session.nextEvent(now) !== undefined) {
          // dropped
        }
      }
    }
    this.forgetFinishedPeers();
  }

  nextEvent(now: number): ServerItem | undefined {
    const item = this.queue.shift();
    if (item !== undefined) return item;
    // Peer by peer, in order, from where the last event came: the peers before it have none left in
    // this dispatch, so each event costs O(1) rather than a scan of every peer.
    const peers = this.peers;
    for (let i = this.eventCursor; i < peers.length; i++) {
      const entry = peers[i];
      if (!entry.accepted || entry.peer.closed) continue;
      const event = entry.session.nextEvent(now);
      if (event !== undefined) {
        this.eventCursor = i;
        return { kind: "peer", peer: entry, event };
      }
    }
    this.eventCursor = 0;
    const ending = this.ending;
    if (ending !== undefined && this.peers.length === 0 && this.listener === undefined) {
      this.ending = undefined;
      return { kind: "close", code: ending.code, reason: ending.reason, wasClean: ending.wasClean };
    }
    return undefined;
  }

  hasEvents(): boolean {
    if (this.queue.length > 0) return true;
    for (const entry of this.peers) {
      if (entry.accepted && !entry.peer.closed && entry.session.hasEvents()) return true;
    }
    return this.ending !== undefined && this.peers.length === 0 && this.listener === undefined;
  }

  isActive(): boolean {
    return this.listener !== undefined || this.peers.length > 0 || this.ending !== undefined || this.queue.length > 0;
  }

  activeStream(): Stream | undefined {
    return undefined;
  }

  /** The listener and every peer's stream, for the transport's wait. */
  waitables(): (Stream | Listener)[] {
    const list: (Stream | Listener)[] = [];
    // While no more handshakes are taken, a connection waiting to be accepted must not wake the loop.
    if (this.listener !== undefined && this.ending === undefined && this.pendingHandshakes() < MAX_PENDING_HANDSHAKES) {
      list.push(this.listener);
    }
    for (const entry of this.peers) {
      if (!entry.session.finished) list.push(entry.session.stream);
    }
    return list;
  }

  flush(): void {
    for (const entry of this.peers) entry.session.flush();
  }

  beginService(): void {
    for (const entry of this.peers) entry.session.beginService();
  }

  hasBacklog(): boolean {
    for (const entry of this.peers) {
      if (entry.session.hasBacklog()) return true;
    }
    return false;
  }

  nextDeadline(): number | undefined {
    let earliest: number | undefined;
    for (const entry of this.peers) {
      const t = entry.session.nextDeadline();
      if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
    }
    return earliest;
  }

  deliver(item: ServerItem): void {
    switch (item.kind) {
      case "listen":
        this.state = ReadyState.Open;
        this.dispatchOwn({ name: WSEVENT, target: this.facade, server: this.facade, type: ONLISTEN, port: item.port, host: item.host });
        return;
      case "error":
        this.dispatchOwn({ name: WSEVENT, target: this.facade, server: this.facade, type: ONERROR, code: item.code, reason: item.reason, errorType: item.errorType, cause: item.cause });
        return;
      case "close":
        this.state = ReadyState.Closed;
        this.connected = [];
        this.port = undefined;
        this.dispatchOwn({ name: WSEVENT, target: this.facade, server: this.facade, type: ONCLOSE, code: item.code, reason: item.reason, wasClean: item.wasClean });
        return;
      case "verify":
        this.verify(item.peer);
        return;
      case "peer":
        this.deliverPeerEvent(item.peer, item.event);
        return;
    }
  }

  // ---- inside ----

  private dispatchOwn(event: object): void {
    this.listeners.dispatch(event as EventTable);
  }

  private stepListener(): void {
    const listener = this.listener!;
    if (!this.listening) {
      const [status, failure, message] = listener.step();
      if (status === "failed") {
        this.stopListening();
        this.failListening(errorTypeOf(failure!), failure!, message!);
        return;
      }
      if (status !== "listening") return;
      this.listening = true;
      this.port = listener.port();
      this.queue.push({ kind: "listen", port: this.port, host: this.options!.host });
    }
    if (this.ending !== undefined) return;
    let room = math.min(ACCEPTS_PER_SERVICE, MAX_PENDING_HANDSHAKES - this.pendingHandshakes());
    while (room > 0) {
      const [stream, address, port] = listener.accept();
      if (stream === undefined) break;
      this.admit(stream, address!, port!);
      room--;
    }
  }

  private pendingHandshakes(): number {
    let pending = 0;
    for (const entry of this.peers) {
      if (!entry.accepted && !entry.session.finished) pending++;
    }
    return pending;
  }

  /** A new connection: a peer in its handshake. */
  private admit(stream: Stream, address: string, port: number): void {
    const options = this.options!;
    const now = this.shared.now();
    const session = new PeerSession(stream, options.maxMessageSize, options, now, this.shared.loop.lingering, this.shared.now, this.shared.random);
    const peer = new WebSocketPeer(session, this.owner, address, port);
    this.peers.push({ peer, session, accepted: false, verifyQueued: false });
  }

  /** The listener failed (or the platform cannot listen): ONERROR, then ONCLOSE with the same code. */
  private failListening(errorType: string, cause: string, reason: string): void {
    this.queue.push({ kind: "error", errorType, cause, code: 1006, reason });
    this.ending = { code: 1006, reason, wasClean: false };
  }

  private stopListening(): void {
    if (this.listener !== undefined) {
      this.listener.close();
      this.listener = undefined;
    }
    this.listening = false;
  }

  /** Drops what is done: peers whose ONCLOSE was dispatched, and handshakes that ended unseen. */
  private forgetFinishedPeers(): void {
    let i = 0;
    while (i < this.peers.length) {
      const entry = this.peers[i];
      const done = entry.session.finished && (entry.accepted ? entry.peer.closed : !entry.session.hasEvents());
      if (done) {
        this.peers.splice(i, 1);
      } else {
        i++;
      }
    }
  }

  /** The request table game code sees (ONCONNECTION, verifyClient). */
  private requestTable(entry: ServerPeer, protocol: string): LuaTable {
    const request = entry.session.connection.request!;
    const headers = new LuaTable<string, string>();
    for (const field of request.headers) {
      const before = headers.get(field.name);
      headers.set(field.name, before === undefined ? field.value : `${before}, ${field.value}`);
    }
    const [address, port] = entry.peer.getRemoteAddress();
    const table = new LuaTable();
    table.set("path", request.path);
    table.set("query", request.query);
    table.set("headers", headers);
    table.set("origin", request.origin);
    table.set("protocol", protocol);
    table.set("protocols", [...request.protocols]);
    table.set("address", address);
    table.set("port", port);
    return table;
  }

  /** Decides a complete, valid request: path, server state, maxClients, then verifyClient. */
  private verify(entry: ServerPeer): void {
    const connection = entry.session.connection;
    const request = connection.request;
    if (request === undefined || entry.session.finished) return;
    const options = this.options!;
    if (this.state !== ReadyState.Open && this.state !== ReadyState.Connecting) {
      this.refuse(entry, 503, "the server is closing");
      return;
    }
    if (options.path !== undefined && request.path !== options.path) {
      this.refuse(entry, 404, `no WebSocket endpoint at ${request.path}`);
      return;
    }
    let open = 0;
    for (const other of this.peers) {
      if (other.accepted && !other.peer.closed) open++;
    }
    if (open >= options.maxClients) {
      this.refuse(entry, 503, `the server has its maximum of ${options.maxClients} clients`);
      return;
    }
    const protocol = chooseSubprotocol(request.protocols, options.protocols);
    const requestTable = this.requestTable(entry, protocol);
    const verifyClient = options.verifyClient;
    if (verifyClient !== undefined) {
      const check = verifyClient as (this: void, request: unknown) => LuaMultiReturn<[unknown, unknown, unknown]>;
      const [ok, verdict] = pcall(() => {
        const [accepted, status, reason] = check(requestTable);
        return { accepted, status, reason };
      });
      if (!ok) {
        this.refuse(entry, 500, "the server failed to check the request");
        // Like a listener's error: it propagates out of poll / enterFrame; the server goes on.
        error(verdict, 0);
      }
      const { accepted, status, reason } = verdict as { accepted: unknown; status: unknown; reason: unknown };
      if (accepted !== true) {
        const given = status as number;
        const code = type(status) === "number" && given >= 400 && given <= 599 && math.floor(given) === given ? given : 403;
        const why = type(reason) === "string" ? (reason as string) : "refused by the server";
        this.refuse(entry, code, why);
        return;
      }
    }
    entry.accepted = true;
    entry.request = requestTable;
    // permessage-deflate (SPEC section 6): the first acceptable offer of the client, when compression is on.
    const compression = options.compression;
    const negotiated = compression !== undefined ? answerDeflateOffers(request.extensions, compression) : undefined;
    if (negotiated === undefined) {
      connection.accept(protocol);
    } else {
      const extension = new PerMessageDeflate(selectCodec(this.shared.transport), negotiated.agreement, compression!, options.maxMessageSize);
      connection.accept(protocol, negotiated.header, extension);
    }
    entry.session.opened(this.shared.now());
    if (!this.shared.loop.isDispatching()) entry.session.flush();
  }

  private refuse(entry: ServerPeer, status: number, reason: string): void {
    entry.session.connection.reject(status, reason);
    entry.session.flush();
  }

  private deliverPeerEvent(entry: ServerPeer, event: ConnectionEvent): void {
    const peer = entry.peer;
    let luaEvent: object;
    switch (event.type) {
      case "open":
        peer.announce(event.protocol, event.extensions);
        this.connected.push(peer);
        this.dispatchOwn({ name: WSEVENT, target: this.facade, server: this.facade, client: peer.facade, type: ONCONNECTION, request: entry.request, protocol: event.protocol });
        return;
      case "message":
        luaEvent = { name: WSEVENT, target: peer.facade, client: peer.facade, server: this.facade, type: ONMESSAGE, data: event.data, isBinary: event.binary, isFinal: true };
        break;
      case "pong":
        luaEvent = { name: WSEVENT, target: peer.facade, client: peer.facade, server: this.facade, type: ONPONG, data: event.data };
        break;
      case "error":
        luaEvent = { name: WSEVENT, target: peer.facade, client: peer.facade, server: this.facade, type: ONERROR, code: event.code, reason: event.reason, errorType: event.errorType };
        break;
      case "close": {
        peer.closed = true;
        const index = this.connected.indexOf(peer);
        if (index >= 0) this.connected.splice(index, 1);
        luaEvent = { name: WSEVENT, target: peer.facade, client: peer.facade, server: this.facade, type: ONCLOSE, code: event.code, reason: event.reason, wasClean: event.wasClean };
        break;
      }
    }
    peer.dispatch(luaEvent as EventTable);
    this.listeners.dispatch(luaEvent as EventTable);
  }
}
