/**
 * The RFC 6455 wire format (section 5.2), named. The core has no bitwise operators (they do not compile
 * for every Lua target), so each bit is a place value: a header byte is split with division and `%`.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-------+-+-------------+-------------------------------+
 *   |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *   |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *   |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *   | |1|2|3|       |K|             |                               |
 *   +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 */

/** Opcodes (section 5.2, 11.8). */
export const enum Opcode {
  /** "%x0 denotes a continuation frame" */
  Continuation = 0,
  /** "%x1 denotes a text frame" */
  Text = 1,
  /** "%x2 denotes a binary frame" */
  Binary = 2,
  /** "%x8 denotes a connection close" */
  Close = 8,
  /** "%x9 denotes a ping" */
  Ping = 9,
  /** "%xA denotes a pong" */
  Pong = 10,
}

/** First header byte: FIN is its top bit. */
export const FIN_BIT = 128;
/** First header byte: RSV1..RSV3 are the three bits below FIN and the opcode is the low nibble, so
 *  with FIN removed a value of 16 or more has an RSV bit set, and a smaller one is the opcode. */
export const OPCODE_VALUES = 16;
/** First header byte: the place values of RSV1, RSV2 and RSV3. */
export const RSV1_BIT = 64;
export const RSV2_BIT = 32;
export const RSV3_BIT = 16;
/** Second header byte: MASK is its top bit; the 7-bit payload length is byte % 128. */
export const MASK_BIT = 128;

/** "If 126, the following 2 bytes interpreted as a 16-bit unsigned integer are the payload length." */
export const PAYLOAD_LENGTH_16 = 126;
/** "If 127, the following 8 bytes interpreted as a 64-bit unsigned integer (the most significant bit
 *  MUST be 0) are the payload length." */
export const PAYLOAD_LENGTH_64 = 127;
/** The largest length the 7-bit field carries directly. */
export const MAX_PAYLOAD_7 = 125;
/** The largest length the 16-bit field carries. */
export const MAX_PAYLOAD_16 = 65535;
/** "All control frames MUST have a payload length of 125 bytes or less" (section 5.5). */
export const MAX_CONTROL_PAYLOAD = 125;
/** The longest frame header: 2 bytes, a 64-bit extended length, a masking key (section 5.2). */
export const MAX_HEADER_SIZE = 14;
/** Bytes in a masking key (section 5.3). */
export const MASK_KEY_LENGTH = 4;

/** Place values as floats, so 64-bit lengths stay exact on fengari's 32-bit integers. */
export const TWO_POW_8 = 2 ** 8;
export const TWO_POW_16 = 2 ** 16;
export const TWO_POW_24 = 2 ** 24;
export const TWO_POW_32 = 2 ** 32;
/** The most significant bit of the 64-bit length is set when the high 32-bit word reaches this. */
export const TWO_POW_31 = 2 ** 31;

/** Control frames have the top bit of the opcode set (section 5.5). */
export function isControlOpcode(opcode: number): boolean {
  return opcode >= Opcode.Close;
}

/** Opcodes %x3-7 and %xB-F are reserved (section 5.2): receiving one fails the connection. */
export function isKnownOpcode(opcode: number): boolean {
  return opcode <= Opcode.Binary || (opcode >= Opcode.Close && opcode <= Opcode.Pong);
}

/** Which end of the connection this is. It decides masking (section 5.3: "a client MUST mask all
 *  frames that it sends to the server ... A server MUST NOT mask any frames that it sends to the
 *  client") and who closes TCP first (section 7.1.1). */
export const enum Role {
  Client = 0,
  Server = 1,
}
