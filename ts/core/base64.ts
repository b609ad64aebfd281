/**
 * Base64 (RFC 4648 section 4) of byte strings, for Sec-WebSocket-Key, Sec-WebSocket-Accept and Basic
 * authentication. Inputs are a few dozen bytes, so clarity wins over speed.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function digit(value: number): string {
  return ALPHABET.charAt(value);
}

export function base64Encode(bytes: string): string {
  const parts: string[] = [];
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = bytes.charCodeAt(i) * 65536 + bytes.charCodeAt(i + 1) * 256 + bytes.charCodeAt(i + 2);
    parts.push(digit(Math.floor(n / 262144)) + digit(Math.floor(n / 4096) % 64) + digit(Math.floor(n / 64) % 64) + digit(n % 64));
  }
  const left = bytes.length - whole;
  if (left === 1) {
    const n = bytes.charCodeAt(whole) * 65536;
    parts.push(digit(Math.floor(n / 262144)) + digit(Math.floor(n / 4096) % 64) + "==");
  } else if (left === 2) {
    const n = bytes.charCodeAt(whole) * 65536 + bytes.charCodeAt(whole + 1) * 256;
    parts.push(digit(Math.floor(n / 262144)) + digit(Math.floor(n / 4096) % 64) + digit(Math.floor(n / 64) % 64) + "=");
  }
  return parts.join("");
}

/** True when `text` is padded base64 (RFC 4648 section 4) of exactly `count` bytes: a server's check of
 *  Sec-WebSocket-Key ("a base64-encoded value that, when decoded, is 16 bytes in length"). */
export function isBase64OfLength(text: string, count: number): boolean {
  const left = count % 3;
  const digits = Math.floor(count / 3) * 4 + (left === 0 ? 0 : left + 1);
  const padding = left === 0 ? 0 : 3 - left;
  if (text.length !== digits + padding) return false;
  for (let i = 0; i < digits; i++) {
    if (ALPHABET.indexOf(text.charAt(i)) < 0) return false;
  }
  for (let i = digits; i < text.length; i++) {
    if (text.charAt(i) !== "=") return false;
  }
  return true;
}
