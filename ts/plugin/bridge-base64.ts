/**
 * Base64 (RFC 4648 section 4) for binary messages crossing Solar2D's Lua-JavaScript bridge.
 *
 * The bridge marshals every argument and return value as JSON text that must be valid UTF-8
 * (dkjson on the Lua side, `UTF8ToString`/`JSON.parse` on the JavaScript side), so a Lua string of
 * arbitrary bytes does not survive it: bytes that are not UTF-8 become U+FFFD. Base64 is ASCII
 * without a character JSON escapes, so it crosses in one piece: 4/3 of the size, and no escape for
 * dkjson's decoder to walk through one by one (Latin-1 in JSON would cost 1 to 6 bytes per byte and
 * an escape per control byte: zero-filled buffers are the worst case).
 *
 * Lua side only. Both directions run on `string.gsub` with lookup tables, so the work per byte is
 * done in C: bytes -> 8-character bit strings -> 6-character groups -> digits, and back. Input is
 * taken in chunks so the bit strings stay small (eight times a chunk).
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Bytes per encoded chunk: a multiple of 3, so every chunk but the last has no padding. */
const ENCODE_CHUNK = 3 * 16384;
/** Digits per decoded chunk: a multiple of 4, so every chunk decodes to whole bytes. */
const DECODE_CHUNK = 4 * 16384;

function bitString(value: number, width: number): string {
  let bits = "";
  let rest = value;
  for (let i = 0; i < width; i++) {
    bits = (rest % 2 === 1 ? "1" : "0") + bits;
    rest = math.floor(rest / 2);
  }
  return bits;
}

const BITS_OF_BYTE: Record<string, string> = {};
const BYTE_OF_BITS: Record<string, string> = {};
for (let i = 0; i < 256; i++) {
  BITS_OF_BYTE[string.char(i)] = bitString(i, 8);
  BYTE_OF_BITS[bitString(i, 8)] = string.char(i);
}
const DIGIT_OF_BITS: Record<string, string> = {};
const BITS_OF_DIGIT: Record<string, string> = {};
for (let i = 0; i < 64; i++) {
  const digit = string.sub(ALPHABET, i + 1, i + 1);
  DIGIT_OF_BITS[bitString(i, 6)] = digit;
  BITS_OF_DIGIT[digit] = bitString(i, 6);
}

function encodeChunk(bytes: string): string {
  const [bits] = string.gsub(bytes, ".", BITS_OF_BYTE);
  // 1 or 2 trailing bytes: pad the bits to whole digits, then the text to whole quads.
  const spare = bits.length % 6;
  const padded = spare === 0 ? bits : bits + string.rep("0", 6 - spare);
  const [digits] = string.gsub(padded, "......", DIGIT_OF_BITS);
  const left = bytes.length % 3;
  return left === 0 ? digits : digits + string.rep("=", 3 - left);
}

export function encodeBase64(bytes: string): string {
  if (bytes.length <= ENCODE_CHUNK) return encodeChunk(bytes);
  const parts: string[] = [];
  for (let i = 1; i <= bytes.length; i += ENCODE_CHUNK) parts.push(encodeChunk(string.sub(bytes, i, i + ENCODE_CHUNK - 1)));
  return table.concat(parts);
}

function decodeChunk(text: string): string {
  const [digits] = string.gsub(text, "=", "");
  const [bits] = string.gsub(digits, ".", BITS_OF_DIGIT);
  // Bits past the last whole byte are padding.
  const whole = bits.length - (bits.length % 8);
  const [bytes] = string.gsub(string.sub(bits, 1, whole), "........", BYTE_OF_BITS);
  return bytes;
}

/** Decodes base64 as the JavaScript module writes it (btoa: padded, no line breaks). */
export function decodeBase64(text: string): string {
  if (text.length <= DECODE_CHUNK) return decodeChunk(text);
  const parts: string[] = [];
  for (let i = 1; i <= text.length; i += DECODE_CHUNK) parts.push(decodeChunk(string.sub(text, i, i + DECODE_CHUNK - 1)));
  return table.concat(parts);
}
