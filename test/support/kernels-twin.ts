// The TypeScript twin of lua/kernels.lua (contract: lua/kernels.d.ts). Under vitest the protocol core
// runs on it instead of the Lua kernels, and test/kernels.test.ts holds the Lua kernels, in every
// runtime and with every strategy, to its answers. So it is written to be obviously right, not fast:
// one byte at a time, straight from the RFCs' own rules.
import { createHash } from "node:crypto";

export const backend = "twin";
export const maskStrategy = "twin";
export const utf8Strategy = "twin";
export const joinStrategy = "twin";
export const joinGroup = 64;
/** Under Node the joiner takes the path Lua 5.1 needs, so the tests exercise it. */
export const concatMergesPairwise = true;

/** RFC 6455 section 5.3: octet i of the result is octet i of the data XOR octet (i MOD 4) of the key. */
export function mask(data: string, key: string): string {
  let out = "";
  for (let i = 0; i < data.length; i++) {
    out += String.fromCharCode(data.charCodeAt(i) ^ key.charCodeAt(i % 4));
  }
  return out;
}

/** SHA-1 (RFC 3174) of a binary string, as 20 raw bytes. */
export function sha1(data: string): string {
  return createHash("sha1").update(Buffer.from(data, "latin1")).digest("latin1");
}

/** Bytes a sequence led by `lead` needs in all, or 0 when `lead` cannot start one (RFC 3629 section 4). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The range the second byte of a sequence must lie in; it excludes overlongs, surrogates and > U+10FFFF. */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * Validates `carry + chunk` from the start: undefined at the first byte that no valid text can have
 * there, otherwise the incomplete sequence at the end ("" when there is none).
 */
export function utf8Continue(carry: string, chunk: string): string | undefined {
  const bytes = carry + chunk;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes.charCodeAt(i);
    const need = sequenceLength(lead);
    if (need === 0) return undefined;
    for (let k = 1; k < need; k++) {
      if (i + k >= bytes.length) return bytes.substring(i);
      const c = bytes.charCodeAt(i + k);
      const [lo, hi] = k === 1 ? secondByteRange(lead) : [0x80, 0xbf];
      if (c < lo || c > hi) return undefined;
    }
    i += need;
  }
  return "";
}

/** Lua's string.byte(s, i): the byte at 1-based `index` (undefined past the end). */
export function byte(s: string, index: number): number {
  return index >= 1 && index <= s.length ? s.charCodeAt(index - 1) : (undefined as unknown as number);
}

/** Lua's string.sub(s, i, j) for 1-based i >= 1 and j >= i - 1 (all the core uses). */
export function sub(s: string, first: number, last?: number): string {
  return s.substring(first - 1, last === undefined ? s.length : last);
}

/** table.concat(list, "", 1, count): the first `count` strings of `list` (all when undefined), in order. */
export function join(list: string[], count?: number): string {
  return (count === undefined ? list : list.slice(0, count)).join("");
}
