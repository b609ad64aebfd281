/**
 * The opening handshake, client side (RFC 6455 section 4.1): the HTTP Upgrade request, the validator
 * for what game code may put in it, and the validation of the server's answer. Pure functions: the
 * client connection (client-connection.ts) buffers the answer and calls them.
 */
import { sha1 } from "../../lua/kernels";
import { base64Encode } from "./base64";
import {
  CRLF,
  HEAD_END,
  isFieldValue,
  isToken,
  listElements,
  listHasToken,
  MAX_HEAD_SIZE,
  parseHeaderLines,
  printable,
} from "./http-head";
import { handshakeFailure, type ProtocolError } from "./protocol-error";
import { hostHeaderValue, type WebSocketUrl } from "./url";

export { findHeadEnd, isToken } from "./http-head";

/** "The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of this
 *  header field MUST be 13." */
export const WEBSOCKET_VERSION = "13";
/** The GUID appended to the key before hashing (section 1.3). */
export const ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** "The request MUST include a header field with the name |Sec-WebSocket-Key|. The value of this header
 *  field MUST be a nonce consisting of a randomly selected 16-byte value that has been base64-encoded." */
export const KEY_BYTES = 16;
/** The largest response head (status line + header fields) accepted; a server that sends more before
 *  the blank line is not a WebSocket server worth waiting for. */
export const MAX_RESPONSE_HEAD = MAX_HEAD_SIZE;
/** How much of a refused answer's body an ErrorEvent carries (SPEC section 2, ONERROR "handshake"). */
export const MAX_REFUSAL_BODY = 4096;

export interface HandshakeRequestOptions {
  url: WebSocketUrl;
  protocols: string[];
  /** Extra header fields; a value may be several values, sent as one line each. */
  headers: [string, string | string[]][];
  origin?: string;
  /** Basic authentication; wins over the user information of the URL. */
  username?: string;
  password?: string;
  /** The Sec-WebSocket-Extensions offer (deflate-negotiation.ts), or undefined for none. */
  extensions?: string;
}

/** Header fields the handshake itself writes; game code cannot set or override them. */
const RESERVED_HEADERS = [
  "host",
  "upgrade",
  "connection",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-accept",
  "sec-websocket-extensions",
  "sec-websocket-protocol",
  "content-length",
  "transfer-encoding",
];

/** Checks one extra header field from game code; returns why it cannot be sent, or undefined. */
export function checkHeaderField(name: string, value: string): string | undefined {
  if (!isToken(name)) return `invalid header name "${name}"`;
  if (RESERVED_HEADERS.indexOf(name.toLowerCase()) >= 0) return `header "${name}" is set by the WebSocket handshake itself`;
  if (!isFieldValue(value)) return `invalid value for header "${name}" (control characters such as CR or LF are not allowed)`;
  return undefined;
}

/** Checks everything game code puts into the request; returns the first problem, or undefined. */
export function checkHandshakeOptions(options: HandshakeRequestOptions): string | undefined {
  for (const protocol of options.protocols) {
    if (!isToken(protocol)) return `invalid subprotocol name "${protocol}"`;
  }
  for (const [name, value] of options.headers) {
    const values = typeof value === "string" ? [value] : value;
    for (const one of values) {
      const problem = checkHeaderField(name, one);
      if (problem !== undefined) return problem;
    }
  }
  if (options.origin !== undefined && !isFieldValue(options.origin)) return "invalid origin (control characters are not allowed)";
  // RFC 7617 section 2: "a user-id containing a colon character is invalid".
  if (options.username !== undefined && options.username.indexOf(":") >= 0) return "the user name must not contain ':'";
  return undefined;
}

/** The Sec-WebSocket-Key for 16 random bytes. */
export function makeKey(randomBytes: string): string {
  return base64Encode(randomBytes);
}

/** The Sec-WebSocket-Accept a server must answer `key` with (section 4.2.2). */
export function expectedAccept(key: string): string {
  return base64Encode(sha1(key + ACCEPT_GUID));
}

/** The opening handshake request (section 4.1), head and blank line. */
export function buildHandshakeRequest(options: HandshakeRequestOptions, key: string): string {
  const url = options.url;
  const lines: string[] = [
    `GET ${url.resource} HTTP/1.1`,
    `Host: ${hostHeaderValue(url)}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`,
    `Sec-WebSocket-Version: ${WEBSOCKET_VERSION}`,
  ];
  if (options.origin !== undefined) lines.push(`Origin: ${options.origin}`);
  if (options.protocols.length > 0) lines.push(`Sec-WebSocket-Protocol: ${options.protocols.join(", ")}`);
  if (options.extensions !== undefined) lines.push(`Sec-WebSocket-Extensions: ${options.extensions}`);
  for (const [name, value] of options.headers) {
    if (typeof value === "string") {
      lines.push(`${name}: ${value}`);
    } else {
      for (const one of value) lines.push(`${name}: ${one}`);
    }
  }
  const username = options.username ?? url.username;
  if (username !== undefined) {
    const password = options.username !== undefined ? options.password : url.password;
    lines.push(`Authorization: Basic ${base64Encode(username + ":" + (password ?? ""))}`);
  }
  return lines.join(CRLF) + HEAD_END;
}

/** What a valid answer told us. */
export interface HandshakeAccepted {
  type: "accepted";
  /** The subprotocol the server chose, or "". */
  protocol: string;
  /** The server's Sec-WebSocket-Extensions field values (checked against the offer by the
   *  connection), empty when it sent none. */
  extensions: string[];
}

/** "101" from "HTTP/1.1 101 Switching Protocols"; undefined when the line is not an HTTP status line. */
function statusCode(statusLine: string): string | undefined {
  if (statusLine.substring(0, 5) !== "HTTP/") return undefined;
  const space = statusLine.indexOf(" ");
  if (space < 0) return undefined;
  const code = statusLine.substring(space + 1, space + 4);
  if (code.length !== 3) return undefined;
  for (let i = 0; i < 3; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  // The code ends the line or is followed by a space and the reason phrase.
  if (statusLine.length > space + 4 && statusLine.charCodeAt(space + 4) !== 32) return undefined;
  return code;
}

/**
 * Validates the server's response head (everything up to and including the blank line) against the
 * request (section 4.1, "the client MUST validate the server's response as follows").
 */
export function validateHandshakeResponse(
  head: string,
  key: string,
  protocols: string[],
  offeredExtensions = false,
): HandshakeAccepted | ProtocolError {
  const lines = head.substring(0, head.length - HEAD_END.length).split(CRLF);
  const statusLine = lines[0];
  const code = statusCode(statusLine);
  if (code === undefined) return handshakeFailure(`not an HTTP response: "${printable(statusLine)}"`);
  // 1. "If the status code received from the server is not 101, the client handles the response per
  //    HTTP procedures" - for us, the connection attempt has failed.
  const fields = parseHeaderLines(lines, 1);
  if (code !== "101") {
    // The refusal carries what the server said (SPEC section 2): status and fields; the connection
    // adds the start of the body.
    const refused = handshakeFailure(`server answered "${printable(statusLine)}" instead of 101 Switching Protocols`);
    refused.status = Number(code);
    refused.headers = "malformed" in fields ? [] : fields.list;
    refused.body = "";
    return refused;
  }
  if ("malformed" in fields) return handshakeFailure(`malformed header line in the response: "${printable(fields.malformed)}"`);

  // 2. "If the response lacks an |Upgrade| header field or the |Upgrade| header field contains a value
  //    that is not an ASCII case-insensitive match for the value "websocket", the client MUST _Fail
  //    the WebSocket Connection_."
  const upgrade = fields.get("upgrade");
  if (upgrade === undefined) return handshakeFailure("the response has no Upgrade header");
  if (upgrade.length !== 1 || upgrade[0].toLowerCase() !== "websocket") {
    return handshakeFailure(`the response has "Upgrade: ${printable(upgrade.join(", "))}" instead of websocket`);
  }

  // 3. "If the response lacks a |Connection| header field or the |Connection| header field doesn't
  //    contain a token that is an ASCII case-insensitive match for the value "Upgrade", ... _Fail_."
  const connection = fields.get("connection");
  if (connection === undefined) return handshakeFailure("the response has no Connection header");
  if (!listHasToken(connection, "upgrade")) return handshakeFailure(`the response has "Connection: ${printable(connection.join(", "))}" without the upgrade token`);

  // 4. "If the response lacks a |Sec-WebSocket-Accept| header field or the |Sec-WebSocket-Accept|
  //    contains a value other than the base64-encoded SHA-1 of the concatenation of the
  //    |Sec-WebSocket-Key| (as a string, not base64-decoded) with the string
  //    "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" ... the client MUST _Fail the WebSocket Connection_."
  const accept = fields.get("sec-websocket-accept");
  if (accept === undefined) return handshakeFailure("the response has no Sec-WebSocket-Accept header");
  if (accept.length !== 1 || accept[0] !== expectedAccept(key)) {
    return handshakeFailure(`wrong Sec-WebSocket-Accept "${printable(accept.join(", "))}"`);
  }

  // 5. "If the response includes a |Sec-WebSocket-Extensions| header field and this header field
  //    indicates the use of an extension that was not present in the client's handshake ... _Fail_."
  //    Without an offer any is one we did not ask for; with one, the connection checks the answer.
  const extensions = fields.get("sec-websocket-extensions") ?? [];
  if (!offeredExtensions && listElements(extensions.join(",")).length > 0) {
    return handshakeFailure(`the server uses extensions that were not offered: "${printable(extensions.join(", "))}"`);
  }

  // 6. "If the response includes a |Sec-WebSocket-Protocol| header field and this header field
  //    indicates the use of a subprotocol that was not present in the client's handshake ... _Fail_."
  let protocol = "";
  const chosen = fields.get("sec-websocket-protocol");
  if (chosen !== undefined) {
    if (protocols.length === 0) return handshakeFailure(`the server chose subprotocol "${printable(chosen.join(", "))}" although none was offered`);
    if (chosen.length !== 1 || protocols.indexOf(chosen[0]) < 0) {
      return handshakeFailure(`the server chose subprotocol "${printable(chosen.join(", "))}", which was not offered`);
    }
    protocol = chosen[0];
  }
  return { type: "accepted", protocol, extensions };
}
