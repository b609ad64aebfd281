/**
 * What the sans-I/O client connection reports, in the order it happened. The plugin layer turns these
 * into the SPEC's ONOPEN / ONMESSAGE / ONPONG / ONERROR / ONCLOSE events one for one.
 */

/** Why a connection failed; the `errorType` of ONERROR (SPEC "Events"). */
export type ErrorType = "dns" | "connect" | "tls" | "handshake" | "protocol" | "limit" | "timeout" | "closed";

export interface OpenEvent {
  type: "open";
  /** The subprotocol the server chose, or "". */
  protocol: string;
  /** The Sec-WebSocket-Extensions the server accepted, or "" (we offer none, so always ""). */
  extensions: string;
}

export interface MessageEvent {
  type: "message";
  /** The whole message, exact bytes. */
  data: string;
  binary: boolean;
}

export interface PongEvent {
  type: "pong";
  data: string;
}

/** Always followed by a CloseEvent with the same code. */
export interface ErrorEvent {
  type: "error";
  errorType: ErrorType;
  code: number;
  reason: string;
}

export interface CloseEvent {
  type: "close";
  /** The server's close code (1005 when its close frame had none), 1006 when no close handshake
   *  took place, or the code the client failed the connection with (1002, 1007, 1009). */
  code: number;
  reason: string;
  /** True only when the close handshake completed and no ErrorEvent came before. */
  wasClean: boolean;
}

export type ConnectionEvent = OpenEvent | MessageEvent | PongEvent | ErrorEvent | CloseEvent;

/** Ready states, numbered as in browsers (SPEC: ws.CONNECTING .. ws.CLOSED). */
export const enum ReadyState {
  Connecting = 0,
  Open = 1,
  Closing = 2,
  Closed = 3,
}
