/**
 * The `options` table of `ws:connect(uri, options)` (SPEC "connect options"): checked once, with a
 * clear message for each mistake, and turned into plain values with the defaults filled in.
 * Unknown keys are ignored, as the original plugin ignored them, but each is reported once per run
 * (option-keys.ts) so a typo does not pass silently. What the handshake itself forbids (reserved or
 * malformed header fields, control characters) is checked by the core's checkHandshakeOptions once
 * the URL is known.
 *
 * Every mistake reads the same way, naming the option and what was wrong with it:
 *   bad argument #2 to 'connect' (option 'timeout': number expected, got string)
 *   bad argument #2 to 'connect' (option 'timeout': must be positive, got -1)
 */
import { DEFAULT_DEFLATE_SETTINGS, type DeflateSettings } from "../core/deflate-negotiation";
import { TlsVersion } from "../transport/contract";
import { badArgument, typeProblem } from "./arguments";
import { TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3 } from "./constants";
import { warnUnknownKeys } from "./option-keys";
import { readPem } from "./pem-source";
import { DEFAULT_RECONNECT, ReconnectSettings } from "./reconnect-policy";

export interface ConnectOptions {
  /** Overrides the URI's port when given. */
  port?: number;
  tls: TlsVersion;
  verify: boolean;
  /** PEM text of the CA certificates to trust instead of the platform's store (read from the file
   *  when the game gave a path). */
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
  /** SPEC section 8: reconnect after an end the game did not ask for; undefined = off. */
  reconnect?: ReconnectSettings;
  /** permessage-deflate's settings (SPEC section 6), or undefined when `compression = false`. */
  compression?: DeflateSettings;
  /** SPEC section 9: messages delivered in pieces as they arrive (ONMESSAGE `isFinal`). */
  receiveFragments: boolean;
}

export const DEFAULT_TIMEOUT = 10;
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
export const DEFAULT_PONG_TIMEOUT = 30;

const TLS_VERSIONS: TlsVersion[] = [TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3];

/** SPEC section 2's table: every key `connect` understands. Anything else draws a warning. */
const KNOWN_KEYS: Record<string, boolean> = {
  port: true,
  tls: true,
  verify: true,
  ca: true,
  headers: true,
  protocols: true,
  username: true,
  password: true,
  origin: true,
  timeout: true,
  maxMessageSize: true,
  pingInterval: true,
  pongTimeout: true,
  compression: true,
  reconnect: true,
  receiveFragments: true,
};

type Problem = string;

/** `bad argument #2 to 'connect' (option 'name': problem)`: the one shape of every option error. */
function optionProblem(name: string, problem: string): Problem {
  return badArgument(2, "connect", `option '${name}': ${problem}`);
}

/** A number above zero (seconds or bytes), or `fallback` when absent. */
function positiveNumber(options: LuaTable, name: string, fallback: number | undefined, label = name): number | undefined | Problem {
  const value = options.get(name);
  if (value === undefined) return fallback;
  if (type(value) !== "number") return optionProblem(label, typeProblem("number", value));
  // NaN fails every comparison, so `> 0` refuses it too.
  if (!((value as number) > 0)) return optionProblem(label, `must be positive, got ${value === value ? tostring(value) : "nan"}`);
  if (value === Infinity) return optionProblem(label, "must be finite, got inf");
  return value as number;
}

/** A string, or an array of strings, as a list. */
function stringList(value: unknown, name: string): string[] | Problem {
  if (type(value) === "string") return [value as string];
  if (type(value) !== "table") return optionProblem(name, `string or array of strings expected, got ${type(value)}`);
  const list: string[] = [];
  const table = value as LuaTable<number, unknown>;
  const count = table.length();
  for (let i = 1; i <= count; i++) {
    const item = table.get(i);
    if (type(item) !== "string") return optionProblem(name, `item ${i}: string expected, got ${type(item)}`);
    list.push(item as string);
  }
  return list;
}

/** `ca`: PEM text as given, or the PEM read from the file it names (pem-source.ts). */
function readCa(options: LuaTable): string | undefined | { problem: Problem } {
  const value = options.get("ca");
  if (value === undefined) return undefined;
  if (type(value) !== "string") return { problem: optionProblem("ca", typeProblem("string", value)) };
  if (value === "") return { problem: optionProblem("ca", "PEM text or the path of a PEM file expected, got an empty string") };
  const pem = readPem(value as string, "option 'ca'");
  if ("problem" in pem) return { problem: badArgument(2, "connect", pem.problem) };
  return pem.pem;
}

const COMPRESSION_KEYS: Record<string, boolean> = {
  threshold: true,
  level: true,
  clientNoContextTakeover: true,
  serverNoContextTakeover: true,
  clientMaxWindowBits: true,
  serverMaxWindowBits: true,
};

/** An integer from `low` to `high` in the compression table, or `fallback` when absent. */
function compressionInteger(table: LuaTable, name: string, low: number, high: number, fallback: number, problem: (name: string, text: string) => Problem): number | Problem {
  const value = table.get(name);
  if (value === undefined) return fallback;
  if (type(value) !== "number") return problem(`compression.${name}`, typeProblem("number", value));
  const n = value as number;
  if (!(n >= low && n <= high) || math.floor(n) !== n) {
    return problem(`compression.${name}`, `integer from ${low} to ${high} expected, got ${n === n ? tostring(n) : "nan"}`);
  }
  return math.floor(n);
}

/**
 * `compression` (SPEC section 6): true or absent for the defaults, false for none, or a table of
 * settings. Shared with listen options (the same table), hence the `problem` formatter.
 */
export function readCompression(value: unknown, problem: (name: string, text: string) => Problem, functionName: string): DeflateSettings | undefined | { problem: Problem } {
  if (value === undefined || value === true) return { ...DEFAULT_DEFLATE_SETTINGS };
  if (value === false) return undefined;
  if (type(value) !== "table") return { problem: problem("compression", `boolean or table expected, got ${type(value)}`) };
  const table = value as LuaTable;
  warnUnknownKeys(table, COMPRESSION_KEYS, `${functionName} compression`);
  const threshold = table.get("threshold");
  if (threshold !== undefined && (type(threshold) !== "number" || !((threshold as number) >= 0))) {
    return { problem: problem("compression.threshold", type(threshold) !== "number" ? typeProblem("number", threshold) : `must not be negative, got ${tostring(threshold)}`) };
  }
  const level = compressionInteger(table, "level", 0, 9, DEFAULT_DEFLATE_SETTINGS.level, problem);
  if (typeof level === "string") return { problem: level };
  const clientBits = compressionInteger(table, "clientMaxWindowBits", 8, 15, 15, problem);
  if (typeof clientBits === "string") return { problem: clientBits };
  const serverBits = compressionInteger(table, "serverMaxWindowBits", 8, 15, 15, problem);
  if (typeof serverBits === "string") return { problem: serverBits };
  const flags: Record<string, boolean> = {};
  for (const name of ["clientNoContextTakeover", "serverNoContextTakeover"]) {
    const flag = table.get(name);
    if (flag !== undefined && type(flag) !== "boolean") return { problem: problem(`compression.${name}`, typeProblem("boolean", flag)) };
    flags[name] = flag === true;
  }
  return {
    threshold: threshold === undefined ? DEFAULT_DEFLATE_SETTINGS.threshold : (threshold as number),
    level,
    clientNoContextTakeover: flags.clientNoContextTakeover,
    serverNoContextTakeover: flags.serverNoContextTakeover,
    clientMaxWindowBits: clientBits,
    serverMaxWindowBits: serverBits,
  };
}

/**
 * `receiveFragments` (SPEC section 9): type-checked here so a mistake is caught at connect like any
 * other.
 */
function checkFeatureSwitches(options: LuaTable): Problem | undefined {
  const receiveFragments = options.get("receiveFragments");
  if (receiveFragments !== undefined && type(receiveFragments) !== "boolean") {
    return optionProblem("receiveFragments", typeProblem("boolean", receiveFragments));
  }
  return undefined;
}

/** A number from 0 to 1 (a share), or `fallback` when absent. */
function shareNumber(table: LuaTable, name: string, fallback: number): number | Problem {
  const value = table.get(name);
  if (value === undefined) return fallback;
  if (type(value) !== "number") return optionProblem(`reconnect.${name}`, typeProblem("number", value));
  if (!((value as number) >= 0 && (value as number) <= 1)) {
    return optionProblem(`reconnect.${name}`, `must be from 0 to 1, got ${value === value ? tostring(value) : "nan"}`);
  }
  return value as number;
}

const RECONNECT_KEYS: Record<string, boolean> = { delay: true, maxDelay: true, factor: true, jitter: true, maxAttempts: true };

/** `reconnect`: false/absent (off), true (the defaults) or a table of settings (SPEC section 8). */
function readReconnect(options: LuaTable): ReconnectSettings | undefined | { problem: Problem } {
  const value = options.get("reconnect");
  if (value === undefined || value === false) return undefined;
  if (value === true) return { ...DEFAULT_RECONNECT };
  if (type(value) !== "table") return { problem: optionProblem("reconnect", `boolean or table expected, got ${type(value)}`) };
  const t = value as LuaTable;
  // A misspelt setting is reported once and ignored, like an unknown option (SPEC section 2).
  warnUnknownKeys(t, RECONNECT_KEYS, "reconnect");
  const numbers: Record<string, number> = {};
  for (const [name, fallback] of [
    ["delay", DEFAULT_RECONNECT.delay],
    ["maxDelay", DEFAULT_RECONNECT.maxDelay],
    ["factor", DEFAULT_RECONNECT.factor],
  ] as [string, number][]) {
    const n = positiveNumber(t, name, fallback, `reconnect.${name}`);
    if (typeof n === "string") return { problem: n };
    numbers[name] = n as number;
  }
  if (numbers.factor < 1) return { problem: optionProblem("reconnect.factor", `must be at least 1, got ${tostring(numbers.factor)}`) };
  if (numbers.maxDelay < numbers.delay) {
    return { problem: optionProblem("reconnect.maxDelay", `must be at least delay (${tostring(numbers.delay)}), got ${tostring(numbers.maxDelay)}`) };
  }
  const jitter = shareNumber(t, "jitter", DEFAULT_RECONNECT.jitter);
  if (typeof jitter === "string") return { problem: jitter };
  const maxAttempts = t.get("maxAttempts");
  if (maxAttempts !== undefined) {
    if (type(maxAttempts) !== "number") return { problem: optionProblem("reconnect.maxAttempts", typeProblem("number", maxAttempts)) };
    if (!(maxAttempts >= 1) || math.floor(maxAttempts) !== maxAttempts || maxAttempts === Infinity) {
      return { problem: optionProblem("reconnect.maxAttempts", `must be a whole number of at least 1, got ${maxAttempts === maxAttempts ? tostring(maxAttempts) : "nan"}`) };
    }
  }
  return { delay: numbers.delay, maxDelay: numbers.maxDelay, factor: numbers.factor, jitter, maxAttempts: maxAttempts as number | undefined };
}

function readProtocols(options: LuaTable): string[] | Problem {
  const value = options.get("protocols");
  if (value === undefined) return [];
  const list = stringList(value, "protocols");
  if (typeof list === "string") return list;
  const seen: Record<string, boolean> = {};
  for (const protocol of list) {
    if (seen[protocol]) return optionProblem("protocols", `'${protocol}' offered twice`);
    seen[protocol] = true;
  }
  return list;
}

function readHeaders(options: LuaTable): [string, string][] | Problem {
  const value = options.get("headers");
  if (value === undefined) return [];
  if (type(value) !== "table") return optionProblem("headers", typeProblem("table", value));
  const names: string[] = [];
  const valuesByName: Record<string, string[]> = {};
  for (const [name, entry] of pairs(value as LuaTable<AnyNotNil, unknown>)) {
    if (type(name) !== "string") return optionProblem("headers", `header names expected as keys, got a ${type(name)} key`);
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

/**
 * Reads and checks `options`; returns the ready values, or the `bad argument #2 to 'connect'` message.
 * `tlsFiles = false` (HTML5 builds, where the browser verifies and `ca` is ignored with a warning)
 * leaves the `ca` file unread.
 */
export function readConnectOptions(options: LuaTable | undefined, tlsFiles = true): ConnectOptions | Problem {
  const o = options ?? new LuaTable();
  warnUnknownKeys(o, KNOWN_KEYS, "connect");

  const port = o.get("port");
  if (port !== undefined) {
    if (type(port) !== "number") return optionProblem("port", typeProblem("number", port));
    if (port < 1 || port > 65535 || math.floor(port) !== port) {
      return optionProblem("port", `must be an integer from 1 to 65535, got ${tostring(port)}`);
    }
  }

  const tls = o.get("tls") ?? TLS_1_2;
  if (TLS_VERSIONS.indexOf(tls) < 0) {
    return optionProblem("tls", `ws.TLS_1_0, ws.TLS_1_1, ws.TLS_1_2 or ws.TLS_1_3 expected, got ${tostring(tls)}`);
  }

  const verify = o.get("verify");
  if (verify !== undefined && type(verify) !== "boolean") return optionProblem("verify", typeProblem("boolean", verify));

  const text: Record<string, string | undefined> = {};
  for (const name of ["username", "password", "origin"]) {
    const value = o.get(name);
    if (value !== undefined && type(value) !== "string") return optionProblem(name, typeProblem("string", value));
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
  const switchProblem = checkFeatureSwitches(o);
  if (switchProblem !== undefined) return switchProblem;
  const reconnect = readReconnect(o);
  if (reconnect !== undefined && "problem" in reconnect) return reconnect.problem;
  const compression = readCompression(o.get("compression"), optionProblem, "connect");
  if (compression !== undefined && "problem" in compression) return compression.problem;
  // Last: the file is read only when everything else is right.
  const ca = tlsFiles ? readCa(o) : undefined;
  if (typeof ca === "object") return ca.problem;

  return {
    port: port as number | undefined,
    tls: tls as TlsVersion,
    verify: verify !== false,
    ca,
    headers,
    protocols,
    username: text.username,
    password: text.password,
    origin: text.origin,
    timeout: timeout as number,
    maxMessageSize: maxMessageSize as number,
    pingInterval,
    pongTimeout: pongTimeout as number,
    reconnect: reconnect as ReconnectSettings | undefined,
    compression: compression as DeflateSettings | undefined,
    receiveFragments: o.get("receiveFragments") === true,
  };
}
