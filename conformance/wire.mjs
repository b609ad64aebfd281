// The RFC 6455 wire format as the fuzzers write it. The fuzzer may set any bit, so every field of a
// frame is a parameter: the cases build frames that no well-behaved endpoint would send. Which side
// masks is the role's business (section 5.1: a client masks every frame, a server never does), so a
// frame is masked exactly when it is given a mask key.
import { endianness } from "node:os";

/** Opcodes (RFC 6455 section 5.2, "Opcode"). */
export const Opcode = Object.freeze({
  CONTINUATION: 0x0,
  TEXT: 0x1,
  BINARY: 0x2,
  CLOSE: 0x8,
  PING: 0x9,
  PONG: 0xa,
});

/** First header byte: FIN and the three reserved bits, then the opcode in the low nibble. */
export const FIN_BIT = 0x80;
export const RSV1_BIT = 0x40;
export const RSV2_BIT = 0x20;
export const RSV3_BIT = 0x10;
export const OPCODE_MASK = 0x0f;
/** Second header byte: MASK, then the 7-bit payload length. */
export const MASK_BIT = 0x80;
export const LENGTH_MASK = 0x7f;
/** 7-bit length values that announce a 16-bit or a 64-bit extended length (section 5.2). */
export const LENGTH_16_BIT = 126;
export const LENGTH_64_BIT = 127;
/** The largest payload a 7-bit length holds, and the largest for a 16-bit one. */
export const MAX_LENGTH_7_BIT = 125;
export const MAX_LENGTH_16_BIT = 0xffff;
/** "All control frames MUST have a payload length of 125 bytes or less" (section 5.5). */
export const MAX_CONTROL_PAYLOAD = 125;

/** True for close, ping, pong and the reserved control opcodes 0xB-0xF (section 5.5). */
export function isControlOpcode(opcode) {
  return (opcode & 0x08) !== 0;
}

/**
 * One frame as bytes. `rsv` is a 3-bit number (RSV1 = 4, RSV2 = 2, RSV3 = 1) as Autobahn counts it;
 * `length` may claim a payload length other than the real one (the server then streams or omits
 * the rest); `payload` is a Buffer or a string (UTF-8).
 */
export function encodeFrame({ opcode, payload = Buffer.alloc(0), fin = true, rsv = 0, length, maskKey }) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "utf8");
  const header = encodeHeader({ opcode, fin, rsv, length: length ?? body.length, maskKey });
  return Buffer.concat([header, maskKey ? maskCopy(body, maskKey) : body]);
}

/** The header alone (with the mask key when there is one), for payloads written separately. */
export function encodeHeader({ opcode, fin = true, rsv = 0, length, maskKey }) {
  const first = (fin ? FIN_BIT : 0) | ((rsv & 0x7) << 4) | (opcode & OPCODE_MASK);
  const maskBit = maskKey ? MASK_BIT : 0;
  let header;
  if (length <= MAX_LENGTH_7_BIT) {
    header = Buffer.from([first, maskBit | length]);
  } else if (length <= MAX_LENGTH_16_BIT) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = maskBit | LENGTH_16_BIT;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | LENGTH_64_BIT;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return maskKey ? Buffer.concat([header, maskKey]) : header;
}

/** XOR with the 4-byte key repeated (section 5.3), into a new buffer; `offset` is where in the key to start. */
export function maskCopy(payload, key, offset = 0) {
  const out = Buffer.from(payload);
  maskInPlace(out, key, offset);
  return out;
}

/** Int32Array reads memory in the platform's byte order. */
const LITTLE_ENDIAN = endianness() === "LE";

/**
 * XOR in place with the 4-byte key repeated; its own inverse. Four bytes at a time where the buffer
 * is aligned for it (the 16 MiB messages of section 9 go through here).
 */
export function maskInPlace(bytes, key, offset = 0) {
  let i = 0;
  const n = bytes.length;
  if (n >= 64 && bytes.byteOffset % 4 === 0) {
    const rotated = Buffer.from([key[offset & 3], key[(offset + 1) & 3], key[(offset + 2) & 3], key[(offset + 3) & 3]]);
    const word = LITTLE_ENDIAN ? rotated.readInt32LE(0) : rotated.readInt32BE(0);
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, n >> 2);
    for (let w = 0; w < words.length; w++) words[w] ^= word;
    i = words.length << 2;
  }
  for (; i < n; i++) bytes[i] ^= key[(i + offset) & 3];
}

/** A close frame's payload: a 2-byte code and a reason (section 5.5.1); none when code is undefined. */
export function closePayload(code, reason = Buffer.alloc(0)) {
  if (code === undefined) return Buffer.alloc(0);
  const codeBytes = Buffer.alloc(2);
  codeBytes.writeUInt16BE(code, 0);
  return Buffer.concat([codeBytes, Buffer.isBuffer(reason) ? reason : Buffer.from(reason, "utf8")]);
}

/**
 * Close codes an endpoint may put on the wire (RFC 6455 section 7.4.1 and 7.4.2, plus the IANA
 * registrations 1012-1014). 1004, 1005, 1006 and 1015 are reserved and must never be sent.
 */
export function isSendableCloseCode(code) {
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}
