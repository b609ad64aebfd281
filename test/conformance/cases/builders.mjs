// The vocabulary the case files are written in: frames, the answers expected back, and the two ways
// a case ends (the server closes, or the client must fail the connection).
import { Opcode, encodeFrame } from "../wire.mjs";

const bytes = (data) => (Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8"));

// ---- frames the server sends ----------------------------------------------------------------

export const textFrame = (payload, options = {}) => ({ opcode: Opcode.TEXT, payload: bytes(payload), ...options });
export const binaryFrame = (payload, options = {}) => ({ opcode: Opcode.BINARY, payload: bytes(payload), ...options });
export const continuationFrame = (payload, options = {}) => ({ opcode: Opcode.CONTINUATION, payload: bytes(payload), ...options });
export const pingFrame = (payload = "", options = {}) => ({ opcode: Opcode.PING, payload: bytes(payload), ...options });
export const pongFrame = (payload = "", options = {}) => ({ opcode: Opcode.PONG, payload: bytes(payload), ...options });

/** `payload` as a message in fragments of `size` bytes (the last may be shorter). */
export function fragmented(opcode, payload, size) {
  const frames = [];
  for (let offset = 0; offset === 0 || offset < payload.length; offset += size) {
    const fin = offset + size >= payload.length;
    frames.push({ opcode: offset === 0 ? opcode : Opcode.CONTINUATION, payload: payload.subarray(offset, offset + size), fin });
  }
  return frames;
}

/** The bytes of several frames, back to back. */
export const wire = (...frames) => Buffer.concat(frames.map(encodeFrame));

// ---- what the client should send back -------------------------------------------------------

export const text = (data) => ({ kind: "text", data: bytes(data) });
export const binary = (data) => ({ kind: "binary", data: bytes(data) });
export const pong = (data = "") => ({ kind: "pong", data: bytes(data) });

// ---- how a case ends ------------------------------------------------------------------------

/** The server closes (after the expected answer arrived); the client must answer the handshake. */
export const serverCloses = (code = 1000, reason = "", nonStrictCodes = []) => ({ kind: "server-closes", code, reason, nonStrictCodes });
/** The server closes with an empty close frame (no status code). */
export const serverClosesWithoutCode = () => ({ kind: "server-closes", code: undefined, reason: "", nonStrictCodes: [] });
/** The client must fail the connection with one of `codes` (section 7.1.7). */
export const clientFails = (codes = [1002], nonStrictCodes = []) => ({ kind: "client-fails", codes, nonStrictCodes });

// ---- cases ----------------------------------------------------------------------------------

/**
 * A case whose messages must all come back, after which the server closes normally. `send` is an
 * async script, or a list of frames written one TCP write each.
 */
export function echoCase(profile, { id, description, send, echoes, bytes: volume = 0, ok, nonStrict, close, judge }) {
  return {
    id,
    description,
    run: toScript(send),
    expect: { ok: ok ?? [echoes], nonStrict },
    close: close ?? serverCloses(),
    judge,
    timeoutMs: profile.timeoutFor(volume),
  };
}

/**
 * A case the client must fail. `before` lists what it should still send back before failing (the
 * echo of valid messages sent ahead of the bad frame); failing before that echo went out is
 * NON-STRICT, as in Autobahn.
 */
export function failCase(profile, { id, description, send, before = [], codes = [1002], nonStrictCodes = [], bytes: volume = 0, judge }) {
  return {
    id,
    description,
    run: toScript(send),
    expect: { ok: [before], nonStrict: before.length > 0 ? [[]] : undefined },
    close: clientFails(codes, nonStrictCodes),
    judge,
    timeoutMs: profile.timeoutFor(volume),
  };
}

/** Gap between frames written "frame-wise", long enough for each to reach the client on its own. */
export const FRAME_GAP_MS = 10;

function toScript(send) {
  if (typeof send === "function") return send;
  return async (peer) => {
    for (const [i, frame] of send.entries()) {
      if (i > 0) await peer.sleep(FRAME_GAP_MS);
      await peer.sendFrame(frame);
    }
  };
}
