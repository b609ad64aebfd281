/**
 * ws:// and wss:// URLs (RFC 6455 section 3, RFC 3986 for the generic syntax).
 *
 *   ws-URI  = "ws:"  "//" host [ ":" port ] path [ "?" query ]
 *   wss-URI = "wss:" "//" host [ ":" port ] path [ "?" query ]
 *
 * "Fragment identifiers are meaningless in the context of WebSocket URIs and MUST NOT be used on these
 * URIs." User information (`user:pass@`) is accepted and becomes HTTP Basic authentication.
 */

export interface WebSocketUrl {
  /** wss:// */
  secure: boolean;
  /** Lower-cased host name, or an IP address; an IPv6 literal without its brackets. */
  host: string;
  /** True when `host` was written as an IPv6 literal (the Host header needs the brackets back). */
  ipv6: boolean;
  /** The explicit port, or 80 (ws) / 443 (wss). */
  port: number;
  /** Path and query: the request target of the handshake; "/" when the URL has no path. */
  resource: string;
  /** Percent-decoded user name and password from the user information, when present. */
  username?: string;
  password?: string;
}

export type ParsedUrl = { url: WebSocketUrl; error?: undefined } | { url?: undefined; error: string };

export const DEFAULT_PORT_WS = 80;
export const DEFAULT_PORT_WSS = 443;
const MAX_PORT = 65535;

const HEX_DIGITS = "0123456789abcdef";

function failure(text: string, why: string): ParsedUrl {
  return { error: `invalid WebSocket URL "${text}": ${why}` };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function hexValue(c: number): number {
  if (c <= 57) return c - 48;
  if (c <= 70) return c - 55;
  return c - 87;
}

/** Letters, digits and "-._~": the unreserved characters (RFC 3986 section 2.3), all a host name needs. */
function isHostNameChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95 || c === 126;
}

/** Decodes %XX escapes; undefined when an escape is malformed. */
function percentDecode(text: string): string | undefined {
  if (text.indexOf("%") < 0) return text;
  const parts: string[] = [];
  let start = 0;
  let i = text.indexOf("%");
  while (i >= 0) {
    const hi = text.charCodeAt(i + 1);
    const lo = text.charCodeAt(i + 2);
    if (!(isHexDigit(hi) && isHexDigit(lo))) return undefined;
    parts.push(text.substring(start, i), String.fromCharCode(hexValue(hi) * 16 + hexValue(lo)));
    start = i + 3;
    i = text.indexOf("%", start);
  }
  parts.push(text.substring(start));
  return parts.join("");
}

/** The request target, with spaces, control characters and non-ASCII bytes percent-encoded so the
 *  request line stays one valid line whatever the game passed. */
function encodeResource(resource: string): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < resource.length; i++) {
    const c = resource.charCodeAt(i);
    if (c <= 32 || c >= 127) {
      parts.push(resource.substring(start, i), "%", HEX_DIGITS.charAt(Math.floor(c / 16)).toUpperCase(), HEX_DIGITS.charAt(c % 16).toUpperCase());
      start = i + 1;
    }
  }
  if (start === 0) return resource;
  parts.push(resource.substring(start));
  return parts.join("");
}

/** Parses a ws:// or wss:// URL; returns `{ url }` or `{ error }` with a message naming the problem. */
export function parseWebSocketUrl(text: string): ParsedUrl {
  const schemeEnd = text.indexOf("://");
  if (schemeEnd < 0) return failure(text, "expected ws:// or wss://");
  const scheme = text.substring(0, schemeEnd).toLowerCase();
  if (scheme !== "ws" && scheme !== "wss") return failure(text, `unsupported scheme "${scheme}" (use ws:// or wss://)`);
  const secure = scheme === "wss";
  if (text.indexOf("#") >= 0) return failure(text, "a WebSocket URL must not have a fragment (#)");

  // The authority runs up to the first "/" or "?" after the scheme.
  const rest = text.substring(schemeEnd + 3);
  let authorityEnd = rest.length;
  const slash = rest.indexOf("/");
  const question = rest.indexOf("?");
  if (slash >= 0) authorityEnd = slash;
  if (question >= 0 && question < authorityEnd) authorityEnd = question;
  let authority = rest.substring(0, authorityEnd);
  const pathAndQuery = rest.substring(authorityEnd);

  // User information: everything before the last "@" of the authority.
  let username: string | undefined;
  let password: string | undefined;
  let at = -1;
  for (let next = authority.indexOf("@"); next >= 0; next = authority.indexOf("@", next + 1)) at = next;
  if (at >= 0) {
    const userInfo = authority.substring(0, at);
    authority = authority.substring(at + 1);
    const colon = userInfo.indexOf(":");
    const rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
    username = percentDecode(rawUser);
    if (colon >= 0) {
      password = percentDecode(userInfo.substring(colon + 1));
      if (password === undefined) return failure(text, "malformed percent-escape in the password");
    }
    if (username === undefined) return failure(text, "malformed percent-escape in the user name");
  }

  // Host: an IPv6 literal in brackets, or a name / IPv4 address.
  let host: string;
  let ipv6 = false;
  let portText: string | undefined;
  if (authority.charCodeAt(0) === 91 /* [ */) {
    const close = authority.indexOf("]");
    if (close < 0) return failure(text, "unterminated IPv6 address");
    host = authority.substring(1, close).toLowerCase();
    ipv6 = true;
    for (let i = 0; i < host.length; i++) {
      const c = host.charCodeAt(i);
      if (!(isHexDigit(c) || c === 58 /* : */ || c === 46 /* . */)) return failure(text, "malformed IPv6 address");
    }
    if (host.indexOf(":") < 0) return failure(text, "malformed IPv6 address");
    const after = authority.substring(close + 1);
    if (after.length > 0) {
      if (after.charCodeAt(0) !== 58) return failure(text, "unexpected characters after the IPv6 address");
      portText = after.substring(1);
    }
  } else {
    const colon = authority.indexOf(":");
    host = (colon >= 0 ? authority.substring(0, colon) : authority).toLowerCase();
    if (colon >= 0) portText = authority.substring(colon + 1);
    for (let i = 0; i < host.length; i++) {
      if (!isHostNameChar(host.charCodeAt(i))) return failure(text, "invalid character in the host name");
    }
  }
  if (host.length === 0) return failure(text, "missing host");

  // Port: digits; "host:" with nothing after it means the default (RFC 3986 section 3.2.3).
  let port = secure ? DEFAULT_PORT_WSS : DEFAULT_PORT_WS;
  if (portText !== undefined && portText.length > 0) {
    if (portText.length > 5) return failure(text, "port out of range");
    port = 0;
    for (let i = 0; i < portText.length; i++) {
      const c = portText.charCodeAt(i);
      if (!isDigit(c)) return failure(text, "the port must be a number");
      port = port * 10 + (c - 48);
    }
    if (port < 1 || port > MAX_PORT) return failure(text, "port out of range");
  }

  // "/" when the URL has no path; the query is kept as part of the resource.
  let resource = pathAndQuery;
  if (resource.length === 0 || resource.charCodeAt(0) === 63 /* ? */) resource = "/" + resource;

  const url: WebSocketUrl = { secure, host, ipv6, port, resource: encodeResource(resource) };
  if (username !== undefined) url.username = username;
  if (password !== undefined) url.password = password;
  return { url };
}

/** The value of the Host header: the host (IPv6 in brackets), with the port unless it is the default. */
export function hostHeaderValue(url: WebSocketUrl): string {
  const host = url.ipv6 ? `[${url.host}]` : url.host;
  const defaultPort = url.secure ? DEFAULT_PORT_WSS : DEFAULT_PORT_WS;
  return url.port === defaultPort ? host : `${host}:${url.port}`;
}
