/**
 * Close codes and the payload of close frames (RFC 6455 sections 5.5.1 and 7.4).
 */
import { utf8Continue } from "../../lua/kernels";
import { invalidPayload, protocolViolation, type ProtocolError } from "./protocol-error";

/** Close codes (section 7.4.1) and the IANA registry (section 11.7). */
export const enum CloseCode {
  /** "1000 indicates a normal closure, meaning that the purpose for which the connection was
   *  established has been fulfilled." */
  Normal = 1000,
  /** "1001 indicates that an endpoint is "going away"" */
  GoingAway = 1001,
  /** "1002 indicates that an endpoint is terminating the connection due to a protocol error." */
  ProtocolError = 1002,
  /** "1003 ... received a type of data it cannot accept" */
  UnsupportedData = 1003,
  /** "1005 is a reserved value and MUST NOT be set as a status code in a Close control frame by an
   *  endpoint. It is designated for use in applications expecting a status code to indicate that no
   *  status code was actually present." */
  NoStatusReceived = 1005,
  /** "1006 ... designated for use in applications expecting a status code to indicate that the
   *  connection was closed abnormally, e.g., without sending or receiving a Close control frame." */
  AbnormalClosure = 1006,
  /** "1007 ... received data within a message that was not consistent with the type of the message
   *  (e.g., non-UTF-8 [RFC3629] data within a text message)." */
  InvalidPayload = 1007,
  /** "1008 ... received a message that violates its policy." */
  PolicyViolation = 1008,
  /** "1009 ... received a message that is too big for it to process." */
  MessageTooBig = 1009,
  /** "1010 ... expected the server to negotiate one or more extension" */
  MandatoryExtension = 1010,
  /** "1011 ... encountered an unexpected condition that prevented it from fulfilling the request." */
  InternalError = 1011,
  /** 1012-1014 are registered with IANA: service restart, try again later, bad gateway. */
  BadGateway = 1014,
  /** "1015 ... failure to perform a TLS handshake"; reserved, never in a frame. */
  TlsHandshake = 1015,
}

/** "Status codes in the range 3000-3999 are reserved for use by libraries, frameworks, and
 *  applications"; "4000-4999 are reserved for private use". */
const FIRST_APPLICATION_CODE = 3000;
const LAST_PRIVATE_CODE = 4999;

/**
 * Whether a code may appear in a close frame from the peer. Codes below 1000 are unused, 1004-1006 and
 * 1015 are reserved and "MUST NOT be set as a status code in a Close control frame", 1016-2999 are
 * reserved for future revisions of the protocol, and nothing above 4999 is defined.
 */
export function isValidWireCloseCode(code: number): boolean {
  if (code >= CloseCode.Normal && code <= CloseCode.UnsupportedData) return true;
  if (code >= CloseCode.InvalidPayload && code <= CloseCode.BadGateway) return true;
  return code >= FIRST_APPLICATION_CODE && code <= LAST_PRIVATE_CODE;
}

/** The codes game code may close with (SPEC: 1000 or 3000-4999). */
export function isValidApplicationCloseCode(code: number): boolean {
  return code === CloseCode.Normal || (code >= FIRST_APPLICATION_CODE && code <= LAST_PRIVATE_CODE && code === Math.floor(code));
}

/** "The Close frame MAY contain a body ... If there is a body, the first two bytes of the body MUST be a
 *  2-byte unsigned integer (in network byte order) representing a status code". */
export interface ClosePayload {
  type: "close";
  /** The status code, or 1005 when the frame had no body. */
  code: number;
  reason: string;
}

/** Reads the body of a close frame the server sent. */
export function parseClosePayload(payload: string): ClosePayload | ProtocolError {
  if (payload.length === 0) return { type: "close", code: CloseCode.NoStatusReceived, reason: "" };
  if (payload.length === 1) return protocolViolation("close frame with a 1-byte payload (a status code needs 2)");
  const code = payload.charCodeAt(0) * 256 + payload.charCodeAt(1);
  if (!isValidWireCloseCode(code)) return protocolViolation(`close frame with invalid status code ${code}`);
  const reason = payload.substring(2);
  // "the data ... MUST be ... UTF-8-encoded data" (section 5.5.1); section 8.1 makes invalid UTF-8 a 1007.
  if (utf8Continue("", reason) !== "") return invalidPayload("close frame reason is not valid UTF-8");
  return { type: "close", code, reason };
}

/** The body of a close frame we send: the code in network byte order, then the reason. No code, no body. */
export function encodeClosePayload(code: number | undefined, reason: string): string {
  if (code === undefined) return "";
  return String.fromCharCode(Math.floor(code / 256), code % 256) + reason;
}

/** Codes that may be sent in a close frame at all; 1005, 1006 and 1015 only exist in reports. */
export function isSendableCloseCode(code: number): boolean {
  return code !== CloseCode.NoStatusReceived && code !== CloseCode.AbnormalClosure && code !== CloseCode.TlsHandshake;
}
