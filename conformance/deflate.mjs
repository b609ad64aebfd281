// permessage-deflate (RFC 7692) for the fuzzers, on Node's zlib: the offer and answer grammar of the
// Sec-WebSocket-Extensions header (section 5, 7.1), and the codec (section 7.2): raw DEFLATE with
// sync flush, the trailing 00 00 FF FF taken off each sent message and put back on each received
// one, with or without context takeover, in the window the peer allows.
import zlib from "node:zlib";

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
export const EXTENSION = "permessage-deflate";

/**
 * The client's offers, as Autobahn's PerMessageDeflateOffer: what it accepts for its own sending
 * (`acceptNoContextTakeover`, `acceptMaxWindowBits`: the client_no_context_takeover and
 * client_max_window_bits hints, both on by default) and what it asks of the server
 * (`requestNoContextTakeover`, `requestMaxWindowBits`: server_no_context_takeover,
 * server_max_window_bits=N).
 */
export function offerHeader(offers) {
  return offers
    .map(({ acceptNoContextTakeover = true, acceptMaxWindowBits = true, requestNoContextTakeover = false, requestMaxWindowBits = 0 } = {}) => {
      const parts = [EXTENSION];
      if (acceptNoContextTakeover) parts.push("client_no_context_takeover");
      if (acceptMaxWindowBits) parts.push("client_max_window_bits");
      if (requestNoContextTakeover) parts.push("server_no_context_takeover");
      if (requestMaxWindowBits) parts.push(`server_max_window_bits=${requestMaxWindowBits}`);
      return parts.join("; ");
    })
    .join(", ");
}

/**
 * Parses a Sec-WebSocket-Extensions value into `[{ name, params: Map }]` (RFC 6455 section 9.1; a
 * parameter without a value maps to true). Throws on a malformed value.
 */
export function parseExtensions(value) {
  if (!value) return [];
  return value.split(",").map((element) => {
    const [name, ...rest] = element.split(";").map((s) => s.trim());
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new Error(`malformed extension '${element.trim()}'`);
    const params = new Map();
    for (const param of rest) {
      const eq = param.indexOf("=");
      const key = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
      let val = eq < 0 ? true : param.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
      if (params.has(key)) throw new Error(`parameter ${key} given twice`);
      params.set(key, val);
    }
    return { name: name.toLowerCase(), params };
  });
}

const windowBits = (value, name) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 8 || n > 15) throw new Error(`${name}=${value} is not 8-15`);
  return n;
};

/** One offer as the server sees it (the client's parameters). */
export function readOffer(params) {
  const offer = { acceptNoContextTakeover: true, acceptMaxWindowBits: false, requestNoContextTakeover: false, requestMaxWindowBits: 0 };
  for (const [key, val] of params) {
    if (key === "client_max_window_bits") {
      offer.acceptMaxWindowBits = true;
      if (val !== true) windowBits(val, key);
    } else if (key === "client_no_context_takeover" && val === true) offer.acceptNoContextTakeover = true;
    else if (key === "server_no_context_takeover" && val === true) offer.requestNoContextTakeover = true;
    else if (key === "server_max_window_bits") offer.requestMaxWindowBits = windowBits(val, key);
    else throw new Error(`unknown or malformed parameter '${key}'`);
  }
  return offer;
}

/**
 * The server's answer to an accepted offer (Autobahn's PerMessageDeflateOfferAccept): it grants what
 * the client asked of it, and may ask the client for no context takeover and a smaller window.
 * Returns `{ header, agreement }`; the agreement is from the server's side.
 */
export function acceptOffer(offer, { requestNoContextTakeover = false, requestMaxWindowBits = 0 } = {}) {
  const parts = [EXTENSION];
  if (offer.requestNoContextTakeover) parts.push("server_no_context_takeover");
  if (offer.requestMaxWindowBits) parts.push(`server_max_window_bits=${offer.requestMaxWindowBits}`);
  if (requestNoContextTakeover) parts.push("client_no_context_takeover");
  if (requestMaxWindowBits) parts.push(`client_max_window_bits=${requestMaxWindowBits}`);
  return {
    header: parts.join("; "),
    agreement: {
      serverNoContextTakeover: offer.requestNoContextTakeover,
      serverMaxWindowBits: offer.requestMaxWindowBits || 15,
      clientNoContextTakeover: requestNoContextTakeover,
      clientMaxWindowBits: requestMaxWindowBits || 15,
    },
  };
}

/** The server's answer as the client reads it; throws when the server answered what it must not. */
export function readAnswer(params, offers) {
  const agreement = { serverNoContextTakeover: false, serverMaxWindowBits: 15, clientNoContextTakeover: false, clientMaxWindowBits: 15 };
  for (const [key, val] of params) {
    if (key === "server_no_context_takeover" && val === true) agreement.serverNoContextTakeover = true;
    else if (key === "client_no_context_takeover" && val === true) agreement.clientNoContextTakeover = true;
    else if (key === "server_max_window_bits") agreement.serverMaxWindowBits = windowBits(val, key);
    else if (key === "client_max_window_bits") {
      if (!offers.some((o) => o.acceptMaxWindowBits !== false)) throw new Error("client_max_window_bits answered but not offered (RFC 7692 section 7.1.2.2)");
      agreement.clientMaxWindowBits = windowBits(val, key);
    } else throw new Error(`unknown or malformed parameter '${key}'`);
  }
  return agreement;
}

/**
 * The codec for one connection, seen from `role` ("server" or "client"). What it receives is always
 * inflated with the context kept: that decodes a peer that resets its context as well as one that
 * does not, so the fuzzer never depends on the peer keeping its word.
 */
export function codecFor(agreement, role) {
  const server = role === "server";
  return new PerMessageDeflate({
    sendWindowBits: server ? agreement.serverMaxWindowBits : agreement.clientMaxWindowBits,
    sendNoContextTakeover: server ? agreement.serverNoContextTakeover : agreement.clientNoContextTakeover,
  });
}

export class PerMessageDeflate {
  constructor({ sendWindowBits = 15, sendNoContextTakeover = false, level = zlib.constants.Z_DEFAULT_COMPRESSION } = {}) {
    // zlib deflates with at least a 9-bit window; the suite never allows less than 9.
    this.sendWindowBits = Math.max(9, sendWindowBits);
    this.sendNoContextTakeover = sendNoContextTakeover;
    this.level = level;
    this.sending = Promise.resolve();
    this.receiving = Promise.resolve();
  }

  /** One message's payload, compressed; calls are served in order. */
  compress(data) {
    const result = this.sending.then(() => {
      if (!this.deflater || this.sendNoContextTakeover) {
        this.deflater?.close();
        this.deflater = zlib.createDeflateRaw({ windowBits: this.sendWindowBits, level: this.level });
      }
      return flushThrough(this.deflater, data);
    }).then((out) => (out.length >= 4 && out.subarray(-4).equals(TAIL) ? out.subarray(0, -4) : out));
    this.sending = result.catch(() => {});
    return result;
  }

  /** One message's compressed payload, inflated; calls are served in order. */
  decompress(data) {
    const result = this.receiving.then(() => {
      this.inflater ??= zlib.createInflateRaw({ windowBits: 15 });
      return flushThrough(this.inflater, Buffer.concat([data, TAIL]));
    });
    this.receiving = result.catch(() => {
      this.inflater = undefined;
    });
    return result;
  }

  close() {
    this.deflater?.close();
    this.inflater?.close();
  }
}

/** Writes `data` through a zlib stream and sync-flushes it; resolves with everything that came out.
 *  Also the reference codec of the benchmarks and codec vectors (bench/codec/zlib-messages.mjs). */
export function flushThrough(stream, data) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const onData = (chunk) => chunks.push(chunk);
    const onError = (error) => {
      stream.off("data", onData);
      reject(error);
    };
    stream.on("data", onData);
    stream.once("error", onError);
    if (data.length > 0) stream.write(data);
    stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      stream.off("data", onData);
      stream.off("error", onError);
      resolve(Buffer.concat(chunks));
    });
  });
}
