/**
 * The `options` table of `ws:connect(uri, options)` (SPEC "connect options"): checked once, with a
 * clear message for each mistake, and turned into plain values with the defaults filled in.
 * Unknown keys are ignored, as the original plugin ignored them. What the handshake itself forbids
 * (reserved or malformed header fields, control characters) is checked by the core's
 * checkHandshakeOptions once the URL is known.
 */
import { TlsVersion } from "../transport/contract";
import { badArgument, typeProblem } from "./arguments";
import { TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3 } from "./constants";

export interface ConnectOptions {
  /** Overrides the URI's port when given. */
  port?: number;
  tls: TlsVersion;
  verify: boolean;
  ca?: string;
  /** Extra handshake headers in a stable order (sorted by name), one entry per value. */
  headers: [string, string][];
  protocols: string[];
  username?: string;
  password?: string;
  origin?: string;
  /** Seconds for name lookup + TCP + TLS + handshake together. */
  timeout: number;
  maxMessageSize: number;
  /** Seconds between keep-alive pings while open; undefined = off. */
  pingInterval?: number;
  pongTimeout: number;
}

export const DEFAULT_TIMEOUT = 10;
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
export const DEFAULT_PONG_TIMEOUT = 30;

const TLS_VERSIONS: TlsVersion[] = [TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3];

type Problem = string;

function optionProblem(name: string, problem: string): Problem {
  return badArgument(2, "connect", `option '${name}' ${problem}`);
}

function positiveNumber(options: LuaTable, name: string, fallback: number | undefined): number | undefined | Problem {
  const value = options.get(name);
  if (value === undefined) return fallback;
  if (type(value) !== "number" || !(value > 0) || value === Infinity) {
    return optionProblem(name, `must be a positive number of seconds or bytes (${typeProblem("number", value)} or out of range)`);
  }
  return value as number;
}

/** A string, or an array of strings, as a list. */
function stringList(value: unknown, name: string): string[] | Problem {
  if (type(value) === "string") return [value as string];
  if (type(value) !== "table") return optionProblem(name, `must be a string or an array of strings (got ${type(value)})`);
  const list: string[] = [];
  const table = value as LuaTable<number, unknown>;
  const count = table.length();
  for (let i = 1; i <= count; i++) {
    const item = table.get(i);
    if (type(item) !== "string") return optionProblem(name, `must hold strings only (item ${i} is a ${type(item)})`);
    list.push(item as string);
  }
  return list;
}

function readProtocols(options: LuaTable): string[] | Problem {
  const value = options.get("protocols");
  if (value === undefined) return [];
  const list = stringList(value, "protocols");
  if (typeof list === "string") return list;
  const seen: Record<string, boolean> = {};
  for (const protocol of list) {
    if (seen[protocol]) return optionProblem("protocols", `offers '${protocol}' twice`);
    seen[protocol] = true;
  }
  return list;
}

function readHeaders(options: LuaTable): [string, string][] | Problem {
  const value = options.get("headers");
  if (value === undefined) return [];
  if (type(value) !== "table") return optionProblem("headers", `must be a table (${typeProblem("table", value)})`);
  const names: string[] = [];
  const valuesByName: Record<string, string[]> = {};
  for (const [name, entry] of pairs(value as LuaTable<AnyNotNil, unknown>)) {
    if (type(name) !== "string") return optionProblem("headers", `must be keyed by header names (got a ${type(name)} key)`);
    const values = stringList(entry, `headers.${name}`);
    if (typeof values === "string") return values;
    names.push(name as string);
    valuesByName[name as string] = values;
  }
  table.sort(names);
  const headers: [string, string][] = [];
  for (const name of names) {
    for (const text of valuesByName[name]) headers.push([name, text]);
  }
  return headers;
}

/** Reads and checks `options`; returns the ready values, or the `bad argument #2 to 'connect'` message. */
export function readConnectOptions(options: LuaTable | undefined): ConnectOptions | Problem {
  const o = options ?? new LuaTable();

  const port = o.get("port");
  if (port !== undefined && (type(port) !== "number" || port < 1 || port > 65535 || math.floor(port) !== port)) {
    return optionProblem("port", `must be an integer from 1 to 65535 (got ${tostring(port)})`);
  }

  const tls = o.get("tls") ?? TLS_1_2;
  if (TLS_VERSIONS.indexOf(tls) < 0) {
    return optionProblem("tls", `must be one of ws.TLS_1_0, ws.TLS_1_1, ws.TLS_1_2, ws.TLS_1_3 (got ${tostring(tls)})`);
  }

  const verify = o.get("verify");
  if (verify !== undefined && type(verify) !== "boolean") {
    return optionProblem("verify", `must be a boolean (${typeProblem("boolean", verify)})`);
  }

  const text: Record<string, string | undefined> = {};
  for (const name of ["ca", "username", "password", "origin"]) {
    const value = o.get(name);
    if (value !== undefined && type(value) !== "string") {
      return optionProblem(name, `must be a string (${typeProblem("string", value)})`);
    }
    text[name] = value as string | undefined;
  }
  const timeout = positiveNumber(o, "timeout", DEFAULT_TIMEOUT);
  if (typeof timeout === "string") return timeout;
  const maxMessageSize = positiveNumber(o, "maxMessageSize", DEFAULT_MAX_MESSAGE_SIZE);
  if (typeof maxMessageSize === "string") return maxMessageSize;
  const pongTimeout = positiveNumber(o, "pongTimeout", DEFAULT_PONG_TIMEOUT);
  if (typeof pongTimeout === "string") return pongTimeout;
  const pingInterval = o.get("pingInterval") === false ? undefined : positiveNumber(o, "pingInterval", undefined);
  if (typeof pingInterval === "string") return pingInterval;

  const protocols = readProtocols(o);
  if (typeof protocols === "string") return protocols;
  const headers = readHeaders(o);
  if (typeof headers === "string") return headers;

  return {
    port: port as number | undefined,
    tls: tls as TlsVersion,
    verify: verify !== false,
    ca: text.ca,
    headers,
    protocols,
    username: text.username,
    password: text.password,
    origin: text.origin,
    timeout: timeout as number,
    maxMessageSize: maxMessageSize as number,
    pingInterval,
    pongTimeout: pongTimeout as number,
  };
}
