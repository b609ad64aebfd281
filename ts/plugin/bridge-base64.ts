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
 * Lua side only, and written for speed in Lua-in-wasm, the HTML5 engine, where the interpreter
 * is slow and the string library's C is fast: both directions are two `string.gsub` passes with
 * lookup tables through hexadecimal (a byte is 2 hex digits, 3 hex digits are 2 base64 digits),
 * so no Lua code runs per byte. A loop over `string.byte` is as fast in native Lua but 4 to 8
 * times slower in wasm (measured in wasmoon). Input is taken in chunks so the hexadecimal text
 * stays small.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX = "0123456789abcdef";
/** Bytes per encoded chunk: a multiple of 3, so only the last chunk has padding. */
const ENCODE_CHUNK = 3 * 16384;
/** Digits per decoded chunk: a multiple of 4. */
const DECODE_CHUNK = 4 * 16384;

function charAt(text: string, index: number): string {
  return string.sub(text, index + 1, index + 1);
}

interface Tables {
  HEX_OF_BYTE: Record<string, string>;
  BYTE_OF_HEX: Record<string, string>;
  /** 3 hex digits (12 bits) <-> 2 base64 digits. */
  DIGITS_OF_HEX: Record<string, string>;
  HEX_OF_DIGITS: Record<string, string>;
}

/** Built on first use: only HTML5 builds cross the bridge, and the tables hold 8,704 entries (about
 *  500 KiB of Lua heap on Lua 5.4) that every collection would otherwise walk in every client. */
let built: Tables | undefined;

function tables(): Tables {
  if (built !== undefined) return built;
  const t: Tables = { HEX_OF_BYTE: {}, BYTE_OF_HEX: {}, DIGITS_OF_HEX: {}, HEX_OF_DIGITS: {} };
  for (let i = 0; i < 256; i++) {
    const hex = charAt(HEX, math.floor(i / 16)) + charAt(HEX, i % 16);
    t.HEX_OF_BYTE[string.char(i)] = hex;
    t.BYTE_OF_HEX[hex] = string.char(i);
  }
  for (let n = 0; n < 4096; n++) {
    const hex = charAt(HEX, math.floor(n / 256)) + charAt(HEX, math.floor(n / 16) % 16) + charAt(HEX, n % 16);
    const digits = charAt(ALPHABET, math.floor(n / 64)) + charAt(ALPHABET, n % 64);
    t.DIGITS_OF_HEX[hex] = digits;
    t.HEX_OF_DIGITS[digits] = hex;
  }
  built = t;
  return t;
}

function encodeChunk(bytes: string): string {
  const { HEX_OF_BYTE, DIGITS_OF_HEX } = tables();
  const [hex] = string.gsub(bytes, ".", HEX_OF_BYTE);
  const left = bytes.length % 3;
  if (left === 0) {
    const [digits] = string.gsub(hex, "...", DIGITS_OF_HEX);
    return digits;
  }
  // 1 byte left: 2 hex digits, padded to 3, give 2 digits and "=="; 2 bytes: 4 hex digits,
  // padded to 6, give 4 digits of which the last is padding only: 3 digits and "=".
  const [digits] = string.gsub(hex + (left === 1 ? "0" : "00"), "...", DIGITS_OF_HEX);
  return left === 1 ? digits + "==" : string.sub(digits, 1, -2) + "=";
}

export function encodeBase64(bytes: string): string {
  if (bytes.length <= ENCODE_CHUNK) return encodeChunk(bytes);
  const parts: string[] = [];
  for (let i = 1; i <= bytes.length; i += ENCODE_CHUNK) parts.push(encodeChunk(string.sub(bytes, i, i + ENCODE_CHUNK - 1)));
  return table.concat(parts);
}

function decodeChunk(text: string): string {
  const { HEX_OF_DIGITS, BYTE_OF_HEX } = tables();
  const padding = string.sub(text, -2) === "==" ? 2 : string.sub(text, -1) === "=" ? 1 : 0;
  // "XY==" holds 1 byte (the first 2 of its 3 hex digits); "XYZ=" holds 2 (read as "XYZA").
  const digits = padding === 0 ? text : string.sub(text, 1, -3) + (padding === 2 ? "" : string.sub(text, -2, -2) + "A");
  const [hex] = string.gsub(digits, "..", HEX_OF_DIGITS);
  const usable = padding === 2 ? hex.length - 1 : padding === 1 ? hex.length - 2 : hex.length;
  const [bytes] = string.gsub(string.sub(hex, 1, usable), "..", BYTE_OF_HEX);
  return bytes;
}

/** Decodes base64 as the JavaScript module writes it (btoa: padded, no line breaks). */
export function decodeBase64(text: string): string {
  if (text.length <= DECODE_CHUNK) return decodeChunk(text);
  const parts: string[] = [];
  for (let i = 1; i <= text.length; i += DECODE_CHUNK) parts.push(decodeChunk(string.sub(text, i, i + DECODE_CHUNK - 1)));
  return table.concat(parts);
}
