/**
 * Frames to the peer (RFC 6455 section 5.2), for either role. "A client MUST mask all frames that it
 * sends to the server" (section 5.3), each with a fresh 4-byte masking key that the caller draws from
 * its random source, so nothing here is random itself; "a server MUST NOT mask any frames", which is
 * a masking key of "" here.
 */
import { mask } from "../../lua/kernels";
import {
  FIN_BIT,
  MASK_BIT,
  MAX_PAYLOAD_16,
  MAX_PAYLOAD_7,
  PAYLOAD_LENGTH_16,
  PAYLOAD_LENGTH_64,
  TWO_POW_16,
  TWO_POW_24,
  TWO_POW_32,
  TWO_POW_8,
} from "./frame";

/**
 * The header of a frame: the first two bytes, the extended length when needed ("the minimal number of
 * bytes MUST be used to encode the length", section 5.2) and the masking key ("" for an unmasked
 * frame). `rsv` is the sum of the RSV bits an extension sets (RSV1_BIT .. RSV3_BIT), 0 without one.
 * `length` may be any payload length up to 2^53; it is split into bytes with float arithmetic, so it
 * is exact on every runtime, fengari's 32-bit integers included.
 */
export function encodeFrameHeader(opcode: number, fin: boolean, length: number, maskKey: string, rsv = 0): string {
  const first = (fin ? FIN_BIT : 0) + rsv + opcode;
  const maskBit = maskKey === "" ? 0 : MASK_BIT;
  if (length <= MAX_PAYLOAD_7) {
    return String.fromCharCode(first, maskBit + length) + maskKey;
  }
  if (length <= MAX_PAYLOAD_16) {
    return String.fromCharCode(first, maskBit + PAYLOAD_LENGTH_16, Math.floor(length / TWO_POW_8), length % TWO_POW_8) + maskKey;
  }
  const high = Math.floor(length / TWO_POW_32);
  const low = length % TWO_POW_32;
  return (
    String.fromCharCode(
      first,
      maskBit + PAYLOAD_LENGTH_64,
      Math.floor(high / TWO_POW_24),
      Math.floor(high / TWO_POW_16) % TWO_POW_8,
      Math.floor(high / TWO_POW_8) % TWO_POW_8,
      high % TWO_POW_8,
      Math.floor(low / TWO_POW_24),
      Math.floor(low / TWO_POW_16) % TWO_POW_8,
      Math.floor(low / TWO_POW_8) % TWO_POW_8,
      low % TWO_POW_8,
    ) + maskKey
  );
}

/** A whole frame: header, then the payload XORed with `maskKey` (4 bytes), or as it is when the key
 *  is "" (a server's frame). */
export function encodeFrame(opcode: number, fin: boolean, payload: string, maskKey: string, rsv = 0): string {
  const header = encodeFrameHeader(opcode, fin, payload.length, maskKey, rsv);
  if (payload.length === 0) return header;
  return header + (maskKey === "" ? payload : mask(payload, maskKey));
}
