/**
 * The `options` table of `server:listen(options)` (SPEC section 7): checked once, with a clear
 * message for each mistake, and turned into plain values with the defaults filled in. Unknown keys
 * are ignored with one warning per key and run, as for connect options.
 */
import type { DeflateSettings } from "../core/deflate-negotiation";
import { readCompression } from "./connect-options";
import { badArgument, typeProblem } from "./arguments";
import { warnUnknownKeys } from "./option-keys";
import { readPem } from "./pem-source";

export interface ListenOptions {
  /** 0: any free port (server:getPort() tells which). */
  port: number;
  /** "0.0.0.0" every IPv4 interface, "127.0.0.1" this device only, "::" IPv6. */
  host: string;
  /** Only requests for this path are accepted (others get 404); undefined = any path. */
  path?: string;
  /** The subprotocols the server speaks, in preference order. */
  protocols: string[];
  /** Called with the request table; returns true, or false[, status[, reason]]. */
  verifyClient?: (this: void, request: unknown) => LuaMultiReturn<[boolean, number?, string?]>;
  /** Beyond it a request gets 503. */
  maxClients: number;
  maxMessageSize: number;
  pingInterval?: number;
  pongTimeout: number;
  /** Seconds a client has to complete its handshake before it is dropped. */
  handshakeTimeout: number;
  /** PEM bytes of the certificate chain and key for wss://. */
  tls?: { certificate: string; key: string };
  /** permessage-deflate's settings (SPEC sections 6 and 7), or undefined when `compression = false`. */
  compression?: DeflateSettings;
}

export const DEFAULT_MAX_CLIENTS = 64;
export const DEFAULT_HANDSHAKE_TIMEOUT = 5;
export const DEFAULT_SERVER_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
export const DEFAULT_SERVER_PONG_TIMEOUT = 30;

const KNOWN_KEYS: Record<string, boolean> = {
  port: true,
  host: true,
  path: true,
  protocols: true,
  verifyClient: true,
  maxClients: true,
  maxMessageSize: true,
  pingInterval: true,
  pongTimeout: true,
  compression: true,
  handshakeTimeout: true,
  tls: true,
};

type Problem = string;

function optionProblem(name: string, problem: string): Problem {
  return badArgument(1, "listen", `option '${name}' ${problem}`);
}

function positive(options: LuaTable, name: string, fallback: number | undefined): number | undefined | Problem {
  const value = options.get(name);
  if (value === undefined) return fallback;
  if (type(value) !== "number") return optionProblem(name, typeProblem("number", value));
  if (!((value as number) > 0) || value === Infinity) return optionProblem(name, `must be positive, got ${tostring(value)}`);
  return value as number;
}

function readProtocols(options: LuaTable): string[] | Problem {
  const value = options.get("protocols");
  if (value === undefined) return [];
  if (type(value) === "string") return [value as string];
  if (type(value) !== "table") return optionProblem("protocols", `must be a string or an array of strings (got ${type(value)})`);
  const list: string[] = [];
  const items = value as LuaTable<number, unknown>;
  for (let i = 1; i <= items.length(); i++) {
    const item = items.get(i);
    if (type(item) !== "string") return optionProblem("protocols", `must hold strings only (item ${i} is a ${type(item)})`);
    list.push(item as string);
  }
  return list;
}

function readTls(options: LuaTable): { certificate: string; key: string } | undefined | Problem {
  const value = options.get("tls");
  if (value === undefined || value === false) return undefined;
  if (type(value) !== "table") return optionProblem("tls", `must be a table { certificate = ..., key = ... } (${typeProblem("table", value)})`);
  const result: Record<string, string> = {};
  for (const name of ["certificate", "key"]) {
    const entry = (value as LuaTable).get(name);
    if (type(entry) !== "string") return optionProblem(`tls.${name}`, `must be PEM text or the path of a PEM file (${typeProblem("string", entry)})`);
    const pem = readPem(entry as string, `option 'tls.${name}'`);
    if ("problem" in pem) return badArgument(1, "listen", pem.problem);
    result[name] = pem.pem;
  }
  return { certificate: result.certificate, key: result.key };
}

/** Reads and checks `options`; returns the ready values, or the `bad argument #1 to 'listen'` message. */
export function readListenOptions(options: LuaTable | undefined): ListenOptions | Problem {
  const o = options ?? new LuaTable();
  warnUnknownKeys(o, KNOWN_KEYS, "listen");

  const port = o.get("port") ?? 0;
  if (type(port) !== "number" || port < 0 || port > 65535 || math.floor(port) !== port) {
    return optionProblem("port", `must be an integer from 0 to 65535 (got ${tostring(port)})`);
  }
  const host = o.get("host") ?? "0.0.0.0";
  if (type(host) !== "string" || host === "") return optionProblem("host", `must be a host name or address (${typeProblem("string", host)})`);
  const path = o.get("path");
  if (path !== undefined && (type(path) !== "string" || string.sub(path as string, 1, 1) !== "/")) {
    return optionProblem("path", `must be a string starting with '/' (got ${tostring(path)})`);
  }
  const verifyClient = o.get("verifyClient");
  if (verifyClient !== undefined && type(verifyClient) !== "function") {
    return optionProblem("verifyClient", typeProblem("function", verifyClient));
  }
  const maxClients = o.get("maxClients") ?? DEFAULT_MAX_CLIENTS;
  if (type(maxClients) !== "number" || maxClients < 1 || math.floor(maxClients) !== maxClients) {
    return optionProblem("maxClients", `must be a whole number of at least 1 (got ${tostring(maxClients)})`);
  }
  const maxMessageSize = positive(o, "maxMessageSize", DEFAULT_SERVER_MAX_MESSAGE_SIZE);
  if (typeof maxMessageSize === "string") return maxMessageSize;
  const pongTimeout = positive(o, "pongTimeout", DEFAULT_SERVER_PONG_TIMEOUT);
  if (typeof pongTimeout === "string") return pongTimeout;
  const handshakeTimeout = positive(o, "handshakeTimeout", DEFAULT_HANDSHAKE_TIMEOUT);
  if (typeof handshakeTimeout === "string") return handshakeTimeout;
  const pingInterval = o.get("pingInterval") === false ? undefined : positive(o, "pingInterval", undefined);
  if (typeof pingInterval === "string") return pingInterval;
  const protocols = readProtocols(o);
  if (typeof protocols === "string") return protocols;
  const tls = readTls(o);
  if (typeof tls === "string") return tls;
  const compression = readCompression(o.get("compression"), optionProblem, "listen");
  if (compression !== undefined && "problem" in compression) return compression.problem;

  return {
    port: port as number,
    host: host as string,
    path: path as string | undefined,
    protocols,
    verifyClient: verifyClient as ListenOptions["verifyClient"],
    maxClients: maxClients as number,
    maxMessageSize: maxMessageSize as number,
    pingInterval,
    pongTimeout: pongTimeout as number,
    handshakeTimeout: handshakeTimeout as number,
    tls,
    compression: compression as DeflateSettings | undefined,
  };
}
