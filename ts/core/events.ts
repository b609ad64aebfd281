/**
 * What the sans-I/O connection (either role) reports, in the order it happened. The plugin layer turns these
 * into the SPEC's ONOPEN / ONMESSAGE / ONPONG / ONERROR / ONCLOSE events one for one.
 */

/** Why a connection failed; the `errorType` of ONERROR (SPEC "Events"). */
export type ErrorType = "dns" | "connect" | "tls" | "handshake" | "protocol" | "limit" | "timeout" | "closed";

export interface OpenEvent {
  type: "open";
  /** The subprotocol the server chose, or "". */
  protocol: string;
  /** The Sec-WebSocket-Extensions the connection uses (the answer of the handshake), or "". */
  extensions: string;
}

export interface MessageEvent {
  type: "message";
  /** The whole message, exact bytes; with receiveFragments, the piece that arrived. */
  data: string;
  binary: boolean;
  /** receiveFragments (SPEC section 9): more of this message follows. Absent on a whole message and
   *  on a message's last piece. */
  partial?: boolean;
}

export interface PongEvent {
  type: "pong";
  data: string;
}

/** One header field of an HTTP head: the name in lower case, the value with its surrounding
 *  whitespace removed. */
export interface HeaderField {
  name: string;
  value: string;
}

/** Always followed by a CloseEvent with the same code. */
export interface ErrorEvent {
  type: "error";
  errorType: ErrorType;
  code: number;
  reason: string;
  /** errorType "handshake" with an HTTP status line: the status number (SPEC section 2, ONERROR). */
  status?: number;
  /** ... the response's header fields, in order. */
  headers?: HeaderField[];
  /** ... at most the first 4 KiB of the bytes that followed the response head. */
  body?: string;
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
