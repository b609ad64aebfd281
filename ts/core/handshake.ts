/**
 * The opening handshake, client side (RFC 6455 section 4.1): the HTTP Upgrade request, the validator
 * for what game code may put in it, and the validation of the server's answer.
 */
import { sha1 } from "../../lua/kernels";
import { base64Encode } from "./base64";
import { handshakeFailure, type ProtocolError } from "./protocol-error";
import { hostHeaderValue, type WebSocketUrl } from "./url";

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
export const MAX_RESPONSE_HEAD = 16384;

const CRLF = "\r\n";
const HEAD_END = "\r\n\r\n";

export interface HandshakeRequestOptions {
  url: WebSocketUrl;
  protocols: string[];
  /** Extra header fields; a value may be several values, sent as one line each. */
  headers: [string, string | string[]][];
  origin?: string;
  /** Basic authentication; wins over the user information of the URL. */
  username?: string;
  password?: string;
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

/** tchar (RFC 9110 section 5.6.2): "!#$%&'*+-.^_`|~", digits and letters. */
function isTokenChar(c: number): boolean {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  return "!#$%&'*+-.^_`|~".indexOf(String.fromCharCode(c)) >= 0;
}

/** True when `text` is a non-empty HTTP token: a valid header name or subprotocol name. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (!isTokenChar(text.charCodeAt(i))) return false;
  }
  return true;
}

/** A header value may hold visible characters, spaces and tabs, but no CR, LF, NUL or other control
 *  characters: they would let a value end the header line and inject fields of its own. */
function isFieldValue(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return false;
  }
  return true;
}

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

/**
 * Where the response head ends in `buffer`: the index just after the blank line, or -1 while it has not
 * arrived. `searchFrom` lets a caller that appends bytes skip what it already searched.
 */
export function findHeadEnd(buffer: string, searchFrom: number): number {
  const at = buffer.indexOf(HEAD_END, searchFrom > 3 ? searchFrom - 3 : 0);
  return at < 0 ? -1 : at + HEAD_END.length;
}

/** What a valid answer told us. */
export interface HandshakeAccepted {
  type: "accepted";
  /** The subprotocol the server chose, or "". */
  protocol: string;
}

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/** Strips optional whitespace (spaces and tabs) around a field value. Not String.trim: its notion of
 *  whitespace is Unicode's, which a byte string must not be judged by. */
function trimOws(text: string): string {
  let start = 0;
  let finish = text.length;
  while (start < finish && isSpaceOrTab(text.charCodeAt(start))) start++;
  while (finish > start && isSpaceOrTab(text.charCodeAt(finish - 1))) finish--;
  return text.substring(start, finish);
}

/** Splits a comma-separated field value into its non-empty, trimmed elements. */
function listElements(value: string): string[] {
  const elements: string[] = [];
  for (const piece of value.split(",")) {
    const element = trimOws(piece);
    if (element.length > 0) elements.push(element);
  }
  return elements;
}

/** The header fields of a response, by lower-cased name. A list, not an object keyed by name: a server
 *  must not be able to name a field "__proto__" or "constructor" and reach JavaScript's prototypes. */
class ResponseFields {
  private names: string[] = [];
  private values: string[] = [];

  add(name: string, value: string): void {
    this.names.push(name);
    this.values.push(value);
  }

  /** Every value of the field `name`, in order; undefined when the field is absent. */
  get(name: string): string[] | undefined {
    let found: string[] | undefined;
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] === name) {
        found = found ?? [];
        found.push(this.values[i]);
      }
    }
    return found;
  }
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
export function validateHandshakeResponse(head: string, key: string, protocols: string[]): HandshakeAccepted | ProtocolError {
  const lines = head.substring(0, head.length - HEAD_END.length).split(CRLF);
  const statusLine = lines[0];
  const code = statusCode(statusLine);
  if (code === undefined) return handshakeFailure(`not an HTTP response: "${printable(statusLine)}"`);
  // 1. "If the status code received from the server is not 101, the client handles the response per
  //    HTTP procedures" - for us, the connection attempt has failed.
  if (code !== "101") return handshakeFailure(`server answered "${printable(statusLine)}" instead of 101 Switching Protocols`);

  // Header field names are case-insensitive; a field may repeat (RFC 9110 section 5.3). Obsolete line
  // folding (a line starting with whitespace) is malformed here, as RFC 9112 section 5.2 allows.
  const fields = new ResponseFields();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(":");
    if (colon <= 0 || !isToken(line.substring(0, colon))) {
      return handshakeFailure(`malformed header line in the response: "${printable(line)}"`);
    }
    fields.add(line.substring(0, colon).toLowerCase(), trimOws(line.substring(colon + 1)));
  }

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
  let hasUpgradeToken = false;
  for (const element of listElements(connection.join(","))) {
    if (element.toLowerCase() === "upgrade") hasUpgradeToken = true;
  }
  if (!hasUpgradeToken) return handshakeFailure(`the response has "Connection: ${printable(connection.join(", "))}" without the upgrade token`);

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
  //    We offer no extensions, so any is one we did not ask for.
  const extensions = fields.get("sec-websocket-extensions");
  if (extensions !== undefined && listElements(extensions.join(",")).length > 0) {
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
  return { type: "accepted", protocol };
}

/** Server text quoted in a reason: bounded, and with control bytes replaced so a reason stays one line. */
function printable(text: string): string {
  const limited = text.length > 200 ? text.substring(0, 200) + "..." : text;
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < limited.length; i++) {
    const c = limited.charCodeAt(i);
    if (c < 32 || c === 127) {
      parts.push(limited.substring(start, i), "?");
      start = i + 1;
    }
  }
  parts.push(limited.substring(start));
  return parts.join("");
}
