// Turns what Node reports about a socket into the transport contract's failure categories
// (ts/transport/contract.ts, StreamFailure): "dns", "connect", "tls", "closed", each with a message
// that names the cause, so the plugin's ONERROR reason tells a developer what went wrong.

/** getaddrinfo's answers for a name that does not resolve (now or at all). */
const DNS_ERROR_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"]);

/** Where the stream was when it failed: it decides the category more than the error itself does. */
export const Phase = Object.freeze({
  CONNECTING: "connecting", // name lookup and TCP connect
  HANDSHAKING: "handshaking", // TCP is up, the TLS handshake is not done
  OPEN: "open",
});

function codeOf(error) {
  if (!error) return undefined;
  if (error.code) return error.code;
  // autoSelectFamily tries every address and reports an AggregateError of the attempts.
  if (Array.isArray(error.errors) && error.errors.length > 0) return codeOf(error.errors[0]);
  return undefined;
}

/** OpenSSL's codes for "no protocol version both sides accept". */
const TLS_VERSION_MISMATCH = /PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE/;

function describe(error) {
  const code = codeOf(error);
  // OpenSSL's own message is a multi-line dump with source paths; its reason says it in words.
  const message = error && error.reason ? error.reason : error && error.message ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * The category and message for `error`, which ended a stream to `target` ({ host, port, minTls })
 * in `phase`.
 * Returns { category, message }.
 */
export function classifyFailure(error, phase, target) {
  const code = codeOf(error);
  if (phase === Phase.OPEN) {
    const what = code === "ECONNRESET" ? `connection reset by the ${target.peer ?? "server"}` : "connection failed";
    return { category: "closed", message: `${what} (${describe(error)})` };
  }
  if (DNS_ERROR_CODES.has(code) || (error && error.syscall === "getaddrinfo")) {
    return { category: "dns", message: `cannot resolve host ${target.host} (${describe(error)})` };
  }
  if (phase === Phase.HANDSHAKING) {
    let message = `TLS handshake with ${target.host}:${target.port} failed: ${describe(error)}`;
    if (TLS_VERSION_MISMATCH.test(code ?? "")) {
      message += ` (no TLS version both sides support: this client accepts TLS ${target.minTls ?? "1.2"} or later)`;
    }
    return { category: "tls", message };
  }
  return { category: "connect", message: `cannot connect to ${target.host}:${target.port} (${describe(error)})` };
}

/** The stream ended without an error: the peer closed it (or the connection dropped silently). */
export function endedCleanly(phase, target) {
  if (phase === Phase.OPEN) {
    // `peer`: "client" for a connection a listener accepted (node-listener.mjs).
    const who = target.peer ?? "server";
    return { category: "closed", message: `the ${who} closed the connection (end of stream from ${target.host}:${target.port})` };
  }
  if (phase === Phase.HANDSHAKING) {
    return { category: "tls", message: `${target.host}:${target.port} closed the connection during the TLS handshake` };
  }
  return { category: "connect", message: `${target.host}:${target.port} closed the connection while connecting` };
}
