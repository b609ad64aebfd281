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
