/**
 * The opening handshake, server side (RFC 6455 section 4.2; SPEC section 7): the client's request
 * head read in any pieces (byte by byte too), validated, the subprotocol chosen, and the answer
 * built: 101 Switching Protocols, or a refusal. Pure functions and one buffering object; no I/O.
 *
 * Refusals the request itself earns: 400 (not a valid upgrade request), 426 with
 * `Sec-WebSocket-Version: 13` (another protocol version), 431 (a head over 16 KiB). Refusals the host
 * decides, built here too: 403 (verifyClient said no), 404 (another path), 500 (the host failed),
 * 503 (maxClients reached).
 */
import { isBase64OfLength } from "./base64";
import { ACCEPT_GUID, expectedAccept, KEY_BYTES, WEBSOCKET_VERSION } from "./client-handshake";
import type { HeaderField } from "./events";
import { type ExtensionOffer, parseExtensionHeader } from "./extension-header";
import { CRLF, findHeadEnd, HEAD_END, isFieldValue, isToken, listElements, listHasToken, MAX_HEAD_SIZE, parseHeaderLines, printable } from "./http-head";

export { ACCEPT_GUID };

/** A valid upgrade request, as the host needs it to decide and to answer. */
export interface UpgradeRequest {
  /** The request target as sent ("/chat?room=1"). */
  target: string;
  /** Its path ("/chat") and query ("room=1", "" when none; without the "?"). */
  path: string;
  query: string;
  host: string;
  /** Every header field, names in lower case, in order. */
  headers: HeaderField[];
  /** Origin, when the client sent one (browsers do; other clients may not). */
  origin?: string;
  /** The subprotocols the client offered, in its order. */
  protocols: string[];
  /** The extensions the client offered, parsed (extension-header.ts), in its order. */
  extensions: ExtensionOffer[];
  /** Sec-WebSocket-Key, for the answer's Sec-WebSocket-Accept. */
  key: string;
}

/** A request the server must refuse, with the whole HTTP answer to write before closing. */
export interface Refusal {
  type: "refused";
  status: number;
  reason: string;
  response: string;
}

/** HTTP reason phrases of the statuses the server answers with. */
const STATUS_TEXT: { [status: number]: string } = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  426: "Upgrade Required",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/**
 * A refusal answer: status line, a short plain-text body saying why, `Connection: close` (the
 * server closes after writing it), and for 426 the version the server speaks (section 4.2.2: "a
 * |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of
 * understanding").
 */
export function buildRefusal(status: number, reason: string): Refusal {
  const body = reason + "\n";
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}`,
    "Content-Type: text/plain; charset=utf-8",
    `Content-Length: ${body.length}`,
    "Connection: close",
  ];
  if (status === 426) lines.push(`Sec-WebSocket-Version: ${WEBSOCKET_VERSION}`);
  return { type: "refused", status, reason, response: lines.join(CRLF) + HEAD_END + body };
}

/**
 * The 101 answer (section 4.2.2): Upgrade, Connection, Sec-WebSocket-Accept, and the chosen
 * subprotocol and extensions header when there are any ("" leaves the field out).
 */
export function buildAcceptResponse(key: string, protocol: string, extensions: string): string {
  const lines = [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${expectedAccept(key)}`,
  ];
  if (protocol !== "") lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
  if (extensions !== "") lines.push(`Sec-WebSocket-Extensions: ${extensions}`);
  return lines.join(CRLF) + HEAD_END;
}

/** The server's choice (SPEC section 7): the first of its own protocols, in its preference order,
 *  that the client offered; "" when they share none (the connection opens without one). */
export function chooseSubprotocol(offered: string[], supported: string[]): string {
  for (const protocol of supported) {
    if (offered.indexOf(protocol) >= 0) return protocol;
  }
  return "";
}

function badRequest(reason: string): Refusal {
  return buildRefusal(400, reason);
}

/** The one field `name` of a request; a Refusal when it is absent or repeated. */
function single(fields: { get(name: string): string[] | undefined }, name: string, label: string): string | Refusal {
  const values = fields.get(name);
  if (values === undefined) return badRequest(`the request has no ${label} header`);
  if (values.length !== 1) return badRequest(`the request has ${values.length} ${label} headers`);
  return values[0];
}

/** Validates a complete request head (everything up to and including the blank line), section 4.2.1. */
export function validateUpgradeRequest(head: string): UpgradeRequest | Refusal {
  if (head.length > MAX_HEAD_SIZE) return buildRefusal(431, `the request head is larger than ${MAX_HEAD_SIZE} bytes`);
  const lines = head.substring(0, head.length - HEAD_END.length).split(CRLF);
  // 1. "An HTTP/1.1 or higher GET request, including a "Request-URI" ..."
  const requestLine = lines[0].split(" ");
  if (requestLine.length !== 3) return badRequest(`not an HTTP request line: "${printable(lines[0])}"`);
  const [method, target, version] = requestLine;
  if (method !== "GET") return badRequest(`method ${printable(method)} instead of GET`);
  if (version.length !== 8 || version.substring(0, 7) !== "HTTP/1." || version.charCodeAt(7) < 49 || version.charCodeAt(7) > 57) {
    return badRequest(`${printable(version)} instead of HTTP/1.1`);
  }
  if (target.charAt(0) !== "/" || !isFieldValue(target)) return badRequest(`request target "${printable(target)}" is not a path`);
  const fields = parseHeaderLines(lines, 1);
  if ("malformed" in fields) return badRequest(`malformed header line in the request: "${printable(fields.malformed)}"`);

  // 2. "A |Host| header field containing the server's authority."
  const host = single(fields, "host", "Host");
  if (typeof host !== "string") return host;
  // 3. "An |Upgrade| header field containing the value "websocket", treated as an ASCII
  //    case-insensitive value."
  const upgrade = fields.get("upgrade");
  if (upgrade === undefined || !listHasToken(upgrade, "websocket")) return badRequest("the request has no Upgrade: websocket header");
  // 4. "A |Connection| header field that includes the token "Upgrade", treated as an ASCII
  //    case-insensitive value."
  const connection = fields.get("connection");
  if (connection === undefined || !listHasToken(connection, "upgrade")) return badRequest("the request has no Connection header with the upgrade token");
  // 5. "A |Sec-WebSocket-Key| header field with a base64-encoded value that, when decoded, is 16
  //    bytes in length."
  const key = single(fields, "sec-websocket-key", "Sec-WebSocket-Key");
  if (typeof key !== "string") return key;
  if (!isBase64OfLength(key, KEY_BYTES)) return badRequest(`Sec-WebSocket-Key "${printable(key)}" is not 16 bytes in base64`);
  // 6. "A |Sec-WebSocket-Version| header field, with a value of 13." Another value gets 426 with the
  //    version we speak (section 4.4).
  const version13 = single(fields, "sec-websocket-version", "Sec-WebSocket-Version");
  if (typeof version13 !== "string") return version13;
  if (version13 !== WEBSOCKET_VERSION) return buildRefusal(426, `Sec-WebSocket-Version ${printable(version13)} is not supported; this server speaks 13`);
  // 7. Optionally an |Origin|, |Sec-WebSocket-Protocol| (a list of tokens) and
  //    |Sec-WebSocket-Extensions|.
  const origins = fields.get("origin");
  if (origins !== undefined && origins.length !== 1) return badRequest("the request has several Origin headers");
  const protocols: string[] = [];
  const offered = fields.get("sec-websocket-protocol");
  if (offered !== undefined) {
    for (const protocol of listElements(offered.join(","))) {
      if (!isToken(protocol)) return badRequest(`invalid subprotocol "${printable(protocol)}"`);
      protocols.push(protocol);
    }
  }
  let extensions: ExtensionOffer[] = [];
  const extensionFields = fields.get("sec-websocket-extensions");
  if (extensionFields !== undefined) {
    const parsed = parseExtensionHeader(extensionFields);
    if ("malformed" in parsed) return badRequest(`malformed Sec-WebSocket-Extensions: ${parsed.malformed}`);
    extensions = parsed;
  }
  // A body would be read as frames: an upgrade request has none.
  const length = fields.get("content-length");
  if (fields.get("transfer-encoding") !== undefined || (length !== undefined && !(length.length === 1 && length[0] === "0"))) {
    return badRequest("an upgrade request has no body");
  }

  const question = target.indexOf("?");
  return {
    target,
    path: question < 0 ? target : target.substring(0, question),
    query: question < 0 ? "" : target.substring(question + 1),
    host,
    headers: fields.list,
    origin: origins === undefined ? undefined : origins[0],
    protocols,
    extensions,
    key,
  };
}

/**
 * The request head as it arrives, in any pieces: receive() buffers until the blank line (searching
 * only the new bytes), refuses with 431 as soon as more than 16 KiB came without one, and then
 * returns the validated request or its refusal. `rest` holds the bytes that followed the head (a
 * client may send frames right behind its request).
 */
export class UpgradeRequestReader {
  rest = "";
  private buffer = "";
  private done = false;

  /** undefined while the head is incomplete (and after the verdict was given). */
  receive(bytes: string): UpgradeRequest | Refusal | undefined {
    if (this.done) {
      this.rest += bytes;
      return undefined;
    }
    const searchFrom = this.buffer.length;
    const buffer = this.buffer + bytes;
    const end = findHeadEnd(buffer, searchFrom);
    if (end < 0) {
      if (buffer.length > MAX_HEAD_SIZE) {
        this.done = true;
        this.buffer = "";
        return buildRefusal(431, `the request head is larger than ${MAX_HEAD_SIZE} bytes`);
      }
      this.buffer = buffer;
      return undefined;
    }
    this.done = true;
    this.buffer = "";
    this.rest = buffer.substring(end);
    return validateUpgradeRequest(buffer.substring(0, end));
  }
}

/** True when `verdict` is a refusal. */
export function isRefusal(verdict: UpgradeRequest | Refusal): verdict is Refusal {
  return (verdict as Refusal).type === "refused";
}
