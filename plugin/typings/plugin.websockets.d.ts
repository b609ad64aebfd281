/**
 * TypeScript declarations of plugin.websockets 2.0.0 for games written in TypeScript and compiled with
 * TypeScriptToLua. Module functions are called with a dot (`WebSockets.new()`), methods of clients,
 * servers and peers with a colon (`ws:send(...)`), as the plugin expects. See the README for the
 * tsconfig setting.
 *
 *   import * as WebSockets from "plugin.websockets";
 *   const ws = WebSockets.new();
 *   ws.addEventListener(ws.WSEVENT, (event) => { if (event.type === ws.ONMESSAGE) print(event.data); });
 *   ws.connect("wss://example.com/socket");
 */
/// <reference types="@typescript-to-lua/language-extensions" />

declare module "plugin.websockets" {
  export type ReadyState = 0 | 1 | 2 | 3;
  export type TlsVersion = "1.0" | "1.1" | "1.2" | "1.3";
  export type ErrorType = "dns" | "connect" | "tls" | "handshake" | "protocol" | "limit" | "timeout" | "closed" | "listen" | "unsupported";
  /** `true`, or `false` and a message saying why the call does not fit the state. */
  export type Result = LuaMultiReturn<[boolean, string?]>;

  export interface Constants {
    /** The event name: `ws.addEventListener(ws.WSEVENT, listener)`. */
    readonly WSEVENT: "websocket";
    readonly ONOPEN: "onOpen";
    readonly ONMESSAGE: "onMessage";
    readonly ONCLOSE: "onClose";
    readonly ONERROR: "onError";
    readonly ONPONG: "onPong";
    readonly ONLISTEN: "onListen";
    readonly ONCONNECTION: "onConnection";
    readonly TLS_1_0: "1.0";
    readonly TLS_1_1: "1.1";
    readonly TLS_1_2: "1.2";
    readonly TLS_1_3: "1.3";
    readonly CONNECTING: 0;
    readonly OPEN: 1;
    readonly CLOSING: 2;
    readonly CLOSED: 3;
  }

  export interface SendOptions {
    /** A binary frame (default: text, which must be valid UTF-8). */
    binary?: boolean;
    /** `false`: a piece of a message that later sends continue; the send without it (or `true`)
     *  ends the message. The first piece sets the type; a piece of the other type is refused. */
    fin?: boolean;
    /** `false`: no compression for this message (for a message in pieces: said by its first). */
    compress?: boolean;
  }

  export interface ReconnectOptions {
    delay?: number;
    maxDelay?: number;
    factor?: number;
    jitter?: number;
    maxAttempts?: number;
  }

  export interface ConnectOptions {
    port?: number;
    tls?: TlsVersion;
    verify?: boolean;
    /** PEM text, or the path of a PEM file of the project. */
    ca?: string;
    headers?: Record<string, string | string[]>;
    protocols?: string | string[];
    username?: string;
    password?: string;
    origin?: string;
    timeout?: number;
    maxMessageSize?: number;
    pingInterval?: number | false;
    pongTimeout?: number;
    compression?: boolean | Record<string, unknown>;
    reconnect?: boolean | ReconnectOptions;
    receiveFragments?: boolean;
  }

  export interface Request {
    path: string;
    query: string;
    /** Names in lower case. */
    headers: Record<string, string>;
    origin?: string;
    protocol: string;
    protocols: string[];
    address: string;
    port: number;
  }

  export interface ListenOptions {
    port?: number;
    host?: string;
    path?: string;
    protocols?: string | string[];
    /** `true` accepts; `false[, status[, reason]]` refuses (default status 403). */
    verifyClient?: (this: void, request: Request) => boolean | LuaMultiReturn<[boolean, number?, string?]>;
    maxClients?: number;
    maxMessageSize?: number;
    pingInterval?: number | false;
    pongTimeout?: number;
    compression?: boolean | Record<string, unknown>;
    handshakeTimeout?: number;
    tls?: { certificate: string; key: string };
  }

  export interface EventBase {
    name: "websocket";
    target: Client | Peer | Server;
    /** Events of a server and of its peers. */
    server?: Server;
    /** Events of a peer, and ONCONNECTION. */
    client?: Peer;
  }
  export interface OpenEvent extends EventBase {
    type: "onOpen";
    protocol: string;
    extensions: string;
    reconnected?: boolean;
  }
  export interface MessageEvent extends EventBase {
    type: "onMessage";
    data: string;
    isBinary: boolean;
    /** `false` for a piece of a message with more to come (`receiveFragments`); else `true`. */
    isFinal: boolean;
  }
  export interface PongEvent extends EventBase {
    type: "onPong";
    data: string;
  }
  export interface ErrorEvent extends EventBase {
    type: "onError";
    code: number;
    reason: string;
    errorType: ErrorType;
    /** A server's ONERROR: the transport's own word for the failure. */
    cause?: string;
    status?: number;
    headers?: Record<string, string>;
    body?: string;
  }
  export interface CloseEvent extends EventBase {
    type: "onClose";
    code: number;
    reason: string;
    wasClean: boolean;
    willReconnect?: boolean;
    reconnectDelay?: number;
  }
  export interface ListenEvent extends EventBase {
    type: "onListen";
    port: number;
    host: string;
  }
  export interface ConnectionEvent extends EventBase {
    type: "onConnection";
    client: Peer;
    request: Request;
    protocol: string;
  }
  export type Event = OpenEvent | MessageEvent | PongEvent | ErrorEvent | CloseEvent | ListenEvent | ConnectionEvent;

  /** A function, or a table with a `websocket` method (Solar2D's convention). */
  export type Listener = ((this: void, event: Event) => void) | { websocket(this: unknown, event: Event): void };

  export interface Client extends Constants {
    addEventListener(this: Client, name: "websocket", listener: Listener): boolean;
    removeEventListener(this: Client, name: "websocket", listener: Listener): boolean;
    connect(this: Client, uri: string, options?: ConnectOptions): Result;
    send(this: Client, data: string, options?: SendOptions): Result;
    ping(this: Client, payload?: string): Result;
    close(this: Client, code?: number, reason?: string): Result;
    disconnect(this: Client): Result;
    getState(this: Client): ReadyState;
    getBufferedAmount(this: Client): number;
    getProtocol(this: Client): string;
    getExtensions(this: Client): string;
    getUrl(this: Client): string;
  }

  export interface Peer extends Constants {
    addEventListener(this: Peer, name: "websocket", listener: Listener): boolean;
    removeEventListener(this: Peer, name: "websocket", listener: Listener): boolean;
    send(this: Peer, data: string, options?: SendOptions): Result;
    ping(this: Peer, payload?: string): Result;
    close(this: Peer, code?: number, reason?: string): Result;
    disconnect(this: Peer): Result;
    getState(this: Peer): ReadyState;
    getBufferedAmount(this: Peer): number;
    getProtocol(this: Peer): string;
    getExtensions(this: Peer): string;
    /** The client's IP address and port. */
    getRemoteAddress(this: Peer): LuaMultiReturn<[string, number]>;
  }

  export interface Server extends Constants {
    addEventListener(this: Server, name: "websocket", listener: Listener): boolean;
    removeEventListener(this: Server, name: "websocket", listener: Listener): boolean;
    listen(this: Server, options?: ListenOptions): Result;
    getClients(this: Server): Peer[];
    broadcast(this: Server, data: string, options?: SendOptions): number;
    close(this: Server, code?: number, reason?: string): Result;
    getState(this: Server): ReadyState;
    getPort(this: Server): number | undefined;
  }

  /** "MAJOR.MINOR.PATCH": "2.0.0" for the plugin these declarations describe. */
  const VERSION: string;
  /** A new client, CLOSED. */
  function newClient(this: void): Client;
  /** A new server, CLOSED. */
  function newServer(this: void): Server;
  /** Outside Solar2D: services every client and server once, waiting up to `timeout` seconds
   *  (default 0) for I/O; returns the number of events dispatched. */
  function poll(this: void, timeout?: number): number;
  export { newClient as new, newServer, poll, VERSION };

  const WSEVENT: "websocket";
  const ONOPEN: "onOpen";
  const ONMESSAGE: "onMessage";
  const ONCLOSE: "onClose";
  const ONERROR: "onError";
  const ONPONG: "onPong";
  const ONLISTEN: "onListen";
  const ONCONNECTION: "onConnection";
  const TLS_1_0: "1.0";
  const TLS_1_1: "1.1";
  const TLS_1_2: "1.2";
  const TLS_1_3: "1.3";
  const CONNECTING: 0;
  const OPEN: 1;
  const CLOSING: 2;
  const CLOSED: 3;
  export { WSEVENT, ONOPEN, ONMESSAGE, ONCLOSE, ONERROR, ONPONG, ONLISTEN, ONCONNECTION };
  export { TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3, CONNECTING, OPEN, CLOSING, CLOSED };
}
