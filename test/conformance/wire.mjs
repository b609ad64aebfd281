// The RFC 6455 wire format as the fuzzing server writes it. Server-to-client frames are never masked
// (RFC 6455 section 5.1), and the server may set any bit, so every field of a frame is a parameter:
// the cases build frames that no well-behaved server would send.

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
export function encodeFrame({ opcode, payload = Buffer.alloc(0), fin = true, rsv = 0, length }) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "utf8");
  const header = encodeHeader({ opcode, fin, rsv, length: length ?? body.length });
  return Buffer.concat([header, body]);
}

/** The header alone, for frames whose payload is written separately (streamed). */
export function encodeHeader({ opcode, fin = true, rsv = 0, length }) {
  const first = (fin ? FIN_BIT : 0) | ((rsv & 0x7) << 4) | (opcode & OPCODE_MASK);
  if (length <= MAX_LENGTH_7_BIT) return Buffer.from([first, length]);
  if (length <= MAX_LENGTH_16_BIT) {
    const header = Buffer.alloc(4);
    header[0] = first;
    header[1] = LENGTH_16_BIT;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = LENGTH_64_BIT;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
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
