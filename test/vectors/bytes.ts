// Byte-string helpers for writing vectors the way RFC 6455 prints its examples. Deliberately independent
// of ts/core: expected bytes must not come from the code under test.

/** Bytes from hex, spaces allowed: hex("81 05") === "\x81\x05". */
export function hex(text: string): string {
  const digits = text.replace(/\s+/g, "");
  if (digits.length % 2 !== 0) throw new Error(`odd hex: ${text}`);
  return Buffer.from(digits, "hex").toString("latin1");
}

/** UTF-8 bytes of a JavaScript string, as a byte string. */
export function utf8(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** `n` bytes counting 0, 1, ..., 255, 0, ... (so a misplaced or dropped byte shows). */
export function countingBytes(n: number): string {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i % 256;
  return b.toString("latin1");
}

/** `n` ASCII letters, valid as text. */
export function letters(n: number): string {
  return "abcdefghijklmnopqrstuvwxyz".repeat(Math.ceil(n / 26)).slice(0, n);
}

/** The length field as RFC 6455 section 5.2 writes it: 7 bits, or 126 + 16 bits, or 127 + 64 bits.
 *  `form` forces a longer (non-minimal) encoding. */
function lengthBytes(length: number, form: 7 | 16 | 64): number[] {
  if (form === 7) return [length];
  if (form === 16) return [126, Math.floor(length / 256), length % 256];
  const out = [127];
  let rest = BigInt(length);
  const bytes: number[] = [];
  for (let i = 0; i < 8; i++) {
    bytes.unshift(Number(rest % 256n));
    rest /= 256n;
  }
  return out.concat(bytes);
}

function minimalForm(length: number): 7 | 16 | 64 {
  return length <= 125 ? 7 : length <= 65535 ? 16 : 64;
}

export interface ServerFrameOptions {
  fin?: boolean;
  /** RSV bits as a 3-bit number (4 = RSV1). */
  rsv?: number;
  form?: 7 | 16 | 64;
  /** A masking key: servers must not mask, so this makes an invalid frame. */
  maskKey?: string;
}

/** An unmasked frame as a server sends it. */
export function serverFrame(opcode: number, payload: string, options: ServerFrameOptions = {}): string {
  const fin = options.fin ?? true;
  const first = (fin ? 0x80 : 0) + (options.rsv ?? 0) * 16 + opcode;
  const len = lengthBytes(payload.length, options.form ?? minimalForm(payload.length));
  if (options.maskKey !== undefined) {
    len[0] += 0x80;
    return Buffer.from([first, ...len]).toString("latin1") + options.maskKey + xorMask(payload, options.maskKey);
  }
  return Buffer.from([first, ...len]).toString("latin1") + payload;
}

/** Just the header of an unmasked server frame declaring `length` (which may be huge). */
export function serverHeader(opcode: number, length: number, fin = true): string {
  return Buffer.from([(fin ? 0x80 : 0) + opcode, ...lengthBytes(length, minimalForm(length))]).toString("latin1");
}

export function xorMask(payload: string, key: string): string {
  const b = Buffer.from(payload, "latin1");
  for (let i = 0; i < b.length; i++) b[i] ^= key.charCodeAt(i % 4);
  return b.toString("latin1");
}

/** A masked frame as the client must send it (section 5.3); `rsv` as in ServerFrameOptions. */
export function clientFrame(opcode: number, payload: string, maskKey: string, fin = true, rsv = 0): string {
  const first = (fin ? 0x80 : 0) + rsv * 16 + opcode;
  const len = lengthBytes(payload.length, minimalForm(payload.length));
  len[0] += 0x80;
  return Buffer.from([first, ...len]).toString("latin1") + maskKey + xorMask(payload, maskKey);
}

/** A close frame body: 2-byte code in network order, then the reason. */
export function closeBody(code: number, reason = ""): string {
  return String.fromCharCode(Math.floor(code / 256), code % 256) + reason;
}
