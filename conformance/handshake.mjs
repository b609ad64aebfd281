// The server side of the opening handshake (RFC 6455 section 4.2): read the client's HTTP request
// from the raw socket, check what a server must check, and build the 101 answer. Requests without
// an Upgrade header are plain HTTP (the report endpoint).
import { createHash } from "node:crypto";

/** The GUID every Sec-WebSocket-Accept is derived with (section 1.3). */
export const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** A request head larger than this is refused; real clients send a few hundred bytes. */
export const MAX_REQUEST_HEAD = 16 * 1024;
const HEAD_END = Buffer.from("\r\n\r\n");

/**
 * Looks for a complete request head in `buffer`. Returns undefined while incomplete, else
 * `{ request, rest }` where `rest` holds the bytes after the head, or `{ error }`.
 */
export function parseRequestHead(buffer) {
  const end = buffer.indexOf(HEAD_END);
  if (end < 0) return buffer.length > MAX_REQUEST_HEAD ? { error: "request head too large" } : undefined;
  const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const [method, target, version] = lines[0].split(" ");
  if (!method || !target || !version) return { error: `malformed request line '${lines[0]}'` };
  const headers = new Map();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return { error: `malformed header line '${line}'` };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    // Repeated headers combine into one comma-separated list (RFC 9110 section 5.3).
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  const url = new URL(target, "http://fuzzing-server");
  return { request: { method, target, version, url, headers }, rest: buffer.subarray(end + HEAD_END.length) };
}

export function isUpgradeRequest(request) {
  return request.headers.has("upgrade");
}

/** What a server must verify in a client's opening handshake (section 4.2.1); a list of problems. */
export function handshakeProblems(request) {
  const problems = [];
  const header = (name) => request.headers.get(name) ?? "";
  const tokens = (name) => header(name).toLowerCase().split(",").map((t) => t.trim());
  if (request.method !== "GET") problems.push(`method ${request.method}, expected GET`);
  if (request.version !== "HTTP/1.1") problems.push(`version ${request.version}, expected HTTP/1.1`);
  if (!request.headers.has("host")) problems.push("no Host header");
  if (!tokens("upgrade").includes("websocket")) problems.push(`Upgrade: '${header("upgrade")}'`);
  if (!tokens("connection").includes("upgrade")) problems.push(`Connection: '${header("connection")}'`);
  if (header("sec-websocket-version") !== "13") problems.push(`Sec-WebSocket-Version: '${header("sec-websocket-version")}'`);
  const key = header("sec-websocket-key");
  if (!/^[A-Za-z0-9+/]{22}==$/.test(key) || Buffer.from(key, "base64").length !== 16) {
    problems.push(`Sec-WebSocket-Key '${key}' is not 16 bytes in base64`);
  }
  return problems;
}

/** The 101 answer; no subprotocol is accepted, an extension only when `extensions` says which. */
export function switchingProtocolsResponse(request, { extensions } = {}) {
  const accept = acceptFor(request.headers.get("sec-websocket-key"));
  return Buffer.from(
    "HTTP/1.1 101 Switching Protocols\r\n" +
      "Upgrade: websocket\r\n" +
      "Connection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n` +
      (extensions ? `Sec-WebSocket-Extensions: ${extensions}\r\n` : "") +
      "\r\n",
    "latin1",
  );
}

/** A plain HTTP response that closes the connection. */
export function httpResponse(status, statusText, body, contentType = "text/plain; charset=utf-8") {
  const bytes = Buffer.from(body, "utf8");
  return Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${status} ${statusText}\r\n` +
        `Content-Type: ${contentType}\r\n` +
        `Content-Length: ${bytes.length}\r\n` +
        "Connection: close\r\n\r\n",
      "latin1",
    ),
    bytes,
  ]);
}

// ---- the client side (the fuzzing client) ----------------------------------------------------

/** Sec-WebSocket-Accept for a key (section 4.2.2). */
export function acceptFor(key) {
  return createHash("sha1").update(key + WEBSOCKET_GUID).digest("base64");
}

/** The opening handshake request (section 4.1); `extensions` is a Sec-WebSocket-Extensions offer. */
export function clientRequest(url, key, { extensions, agent = "conformance-fuzzing-client" } = {}) {
  const target = `${url.pathname || "/"}${url.search}`;
  const lines = [
    `GET ${target} HTTP/1.1`,
    `Host: ${url.host}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`,
    "Sec-WebSocket-Version: 13",
    `User-Agent: ${agent}`,
  ];
  if (extensions) lines.push(`Sec-WebSocket-Extensions: ${extensions}`);
  return Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1");
}

/**
 * Looks for a complete response head. Returns undefined while incomplete, else
 * `{ response: { status, headers }, rest }` or `{ error }`.
 */
export function parseResponseHead(buffer) {
  const end = buffer.indexOf(HEAD_END);
  if (end < 0) return buffer.length > MAX_REQUEST_HEAD ? { error: "response head too large" } : undefined;
  const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const match = /^HTTP\/1\.1 (\d{3})/.exec(lines[0]);
  if (!match) return { error: `malformed status line '${lines[0]}'` };
  const headers = new Map();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return { error: `malformed header line '${line}'` };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { response: { status: Number(match[1]), headers }, rest: buffer.subarray(end + HEAD_END.length) };
}

/** What a client must verify in the server's answer (section 4.2.2 / 4.1); a list of problems. */
export function responseProblems(response, key) {
  const problems = [];
  const header = (name) => response.headers.get(name) ?? "";
  if (response.status !== 101) problems.push(`status ${response.status}, expected 101`);
  if (!header("upgrade").toLowerCase().split(",").map((t) => t.trim()).includes("websocket")) problems.push(`Upgrade: '${header("upgrade")}'`);
  if (!header("connection").toLowerCase().split(",").map((t) => t.trim()).includes("upgrade")) problems.push(`Connection: '${header("connection")}'`);
  if (header("sec-websocket-accept") !== acceptFor(key)) problems.push(`Sec-WebSocket-Accept '${header("sec-websocket-accept")}' does not match the key`);
  return problems;
}
