/**
 * The one failure type of the core. Every way the server can break the protocol (and every verdict of
 * the plugin) is a ProtocolError value carrying the close code to fail the connection with and a
 * reason; connection.ts turns it into ErrorEvent + CloseEvent in exactly one place.
 */
import type { ErrorType, HeaderField } from "./events";

export interface ProtocolError {
  type: "failure";
  /** The close code the connection fails with (RFC 6455 section 7.4.1): 1002, 1007, 1009, or 1006
   *  when no WebSocket connection was established (a failed handshake). */
  code: number;
  reason: string;
  errorType: ErrorType;
  /** For a refused handshake: the HTTP status, the header fields and the start of the body. */
  status?: number;
  headers?: HeaderField[];
  body?: string;
}

/** The peer broke RFC 6455: close code 1002 (protocol error). */
export function protocolViolation(reason: string): ProtocolError {
  return { type: "failure", code: 1002, reason, errorType: "protocol" };
}

/** A text message or close reason that is not UTF-8: close code 1007 (section 8.1). */
export function invalidPayload(reason: string): ProtocolError {
  return { type: "failure", code: 1007, reason, errorType: "protocol" };
}

/** A message larger than the client accepts: close code 1009. */
export function messageTooBig(reason: string): ProtocolError {
  return { type: "failure", code: 1009, reason, errorType: "limit" };
}

/** The server's answer to the opening handshake was not a valid upgrade (section 4.1): there is no
 *  WebSocket connection to close, so the code is 1006. */
export function handshakeFailure(reason: string): ProtocolError {
  return { type: "failure", code: 1006, reason, errorType: "handshake" };
}
