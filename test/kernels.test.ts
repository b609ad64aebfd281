// The hot kernels: masking (RFC 6455 section 5.3), incremental UTF-8 validation (RFC 3629 via RFC 6455
// section 8.1), SHA-1 (RFC 3174) and the bit layer under it.
//
// The vectors are checked first against the TypeScript twin (test/support/kernels-twin.ts) with known
// answers and independent oracles (Node's TextDecoder and crypto). Then the Lua kernels inside the
// built plugin run the same vectors in every runtime, with every strategy each runtime can run, and
// must give the twin's answers byte for byte, down to what each call carries over between fragments.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as twin from "./support/kernels-twin";
import { PROJECT_ROOT, runLua, runtimesToTest, type Runtime } from "./support/runtimes";
import { seededRandom } from "./support/seeded-random";

const bytes = (...codes: number[]): string => String.fromCharCode(...codes);
const utf8 = (text: string): string => Buffer.from(text, "utf8").toString("latin1");
const hex = (data: string): string => Buffer.from(data, "latin1").toString("hex");

function randomBytes(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(random() * 256));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Vectors
// ---------------------------------------------------------------------------------------------------

/** Published SHA-1 answers: FIPS 180 examples and the RFC 6455 section 1.3 handshake. */
const SHA1_KNOWN: { name: string; data: string; digest: string }[] = [
  { name: "abc", data: "abc", digest: "a9993e364706816aba3e25717850c26c9cd0d89d" },
  { name: "the empty string", data: "", digest: "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
  {
    name: "448 bits",
    data: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    digest: "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
  },
  {
    name: "896 bits",
    data: "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
    digest: "a49b2446a02c645bf419f995b67091253a04a259",
  },
  {
    name: "the RFC 6455 key and GUID",
    data: "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
    digest: Buffer.from("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "base64").toString("hex"),
  },
];
const MILLION_A_DIGEST = "34aa973cd4c4daa4f61eeb2bdbad27316534016f";
/** Lengths around the padding boundaries: 55 bytes still fit one block, 56 need a second. */
const SHA1_RANDOM_LENGTHS = [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000];

/** What each UTF-8 input must give on its own: "" valid, undefined invalid, else the open tail. */
const UTF8_TABLE: { name: string; data: string; expected: string | undefined }[] = [
  { name: "empty", data: "", expected: "" },
  { name: "ASCII with NUL and DEL", data: "a\x00b\x7f", expected: "" },
  { name: "U+0080, the first 2-byte form", data: bytes(0xc2, 0x80), expected: "" },
  { name: "U+07FF, the last 2-byte form", data: bytes(0xdf, 0xbf), expected: "" },
  { name: "U+0800, the first 3-byte form", data: bytes(0xe0, 0xa0, 0x80), expected: "" },
  { name: "U+0FFF", data: bytes(0xe0, 0xbf, 0xbf), expected: "" },
  { name: "U+1000", data: bytes(0xe1, 0x80, 0x80), expected: "" },
  { name: "U+CFFF", data: bytes(0xec, 0xbf, 0xbf), expected: "" },
  { name: "U+D000", data: bytes(0xed, 0x80, 0x80), expected: "" },
  { name: "U+D7FF, the last before the surrogates", data: bytes(0xed, 0x9f, 0xbf), expected: "" },
  { name: "U+E000, the first after the surrogates", data: bytes(0xee, 0x80, 0x80), expected: "" },
  { name: "U+FFFF", data: bytes(0xef, 0xbf, 0xbf), expected: "" },
  { name: "U+10000, the first 4-byte form", data: bytes(0xf0, 0x90, 0x80, 0x80), expected: "" },
  { name: "U+3FFFF", data: bytes(0xf0, 0xbf, 0xbf, 0xbf), expected: "" },
  { name: "U+40000", data: bytes(0xf1, 0x80, 0x80, 0x80), expected: "" },
  { name: "U+FFFFF", data: bytes(0xf3, 0xbf, 0xbf, 0xbf), expected: "" },
  { name: "U+100000", data: bytes(0xf4, 0x80, 0x80, 0x80), expected: "" },
  { name: "U+10FFFF, the last code point", data: bytes(0xf4, 0x8f, 0xbf, 0xbf), expected: "" },
  { name: "Greek kosme", data: utf8("\u03ba\u1f79\u03c3\u03bc\u03b5"), expected: "" },
  { name: "Cyrillic, CJK and emoji", data: utf8("\u041f\u0440\u0438\u0432\u0435\u0442, \u4e16\u754c \u{1f600}!"), expected: "" },
  { name: "lone continuation 80", data: bytes(0x80), expected: undefined },
  { name: "lone continuation BF", data: bytes(0xbf), expected: undefined },
  { name: "continuation after ASCII", data: "a" + bytes(0x80), expected: undefined },
  { name: "one continuation too many", data: bytes(0xc2, 0x80, 0x80), expected: undefined },
  { name: "continuation after a 4-byte form", data: bytes(0xf0, 0x90, 0x80, 0x80, 0x80), expected: undefined },
  { name: "overlong C0 80 (NUL)", data: bytes(0xc0, 0x80), expected: undefined },
  { name: "overlong C0 AF (slash)", data: bytes(0xc0, 0xaf), expected: undefined },
  { name: "overlong C1 BF", data: bytes(0xc1, 0xbf), expected: undefined },
  { name: "overlong E0 80 80", data: bytes(0xe0, 0x80, 0x80), expected: undefined },
  { name: "overlong E0 9F BF", data: bytes(0xe0, 0x9f, 0xbf), expected: undefined },
  { name: "overlong F0 80 80 80", data: bytes(0xf0, 0x80, 0x80, 0x80), expected: undefined },
  { name: "overlong F0 8F BF BF", data: bytes(0xf0, 0x8f, 0xbf, 0xbf), expected: undefined },
  { name: "surrogate U+D800", data: bytes(0xed, 0xa0, 0x80), expected: undefined },
  { name: "surrogate U+DFFF", data: bytes(0xed, 0xbf, 0xbf), expected: undefined },
  { name: "surrogate pair", data: bytes(0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80), expected: undefined },
  { name: "U+110000", data: bytes(0xf4, 0x90, 0x80, 0x80), expected: undefined },
  { name: "F4 BF BF BF", data: bytes(0xf4, 0xbf, 0xbf, 0xbf), expected: undefined },
  { name: "F5 lead", data: bytes(0xf5, 0x80, 0x80, 0x80), expected: undefined },
  { name: "F7 BF BF BF", data: bytes(0xf7, 0xbf, 0xbf, 0xbf), expected: undefined },
  { name: "5-byte form", data: bytes(0xf8, 0x88, 0x80, 0x80, 0x80), expected: undefined },
  { name: "6-byte form", data: bytes(0xfc, 0x84, 0x80, 0x80, 0x80, 0x80), expected: undefined },
  { name: "FE", data: bytes(0xfe), expected: undefined },
  { name: "FF", data: bytes(0xff), expected: undefined },
  { name: "2-byte lead before ASCII", data: bytes(0xc2, 0x41), expected: undefined },
  { name: "3-byte lead, ASCII third", data: bytes(0xe1, 0x80, 0x41), expected: undefined },
  { name: "4-byte lead, ASCII fourth", data: bytes(0xf1, 0x80, 0x80, 0x41), expected: undefined },
  { name: "two leads", data: bytes(0xc2, 0xc2, 0x80), expected: undefined },
  { name: "a surrogate after valid text", data: utf8("\u03ba\u1f79\u03c3\u03bc\u03b5") + bytes(0xed, 0xa0, 0x80) + "x", expected: undefined },
  { name: "prefix E0 80 can never be completed", data: bytes(0xe0, 0x80), expected: undefined },
  { name: "prefix ED A0 can never be completed", data: bytes(0xed, 0xa0), expected: undefined },
  { name: "prefix F0 8F can never be completed", data: bytes(0xf0, 0x8f), expected: undefined },
  { name: "prefix F4 90 can never be completed", data: bytes(0xf4, 0x90), expected: undefined },
  { name: "C0 at the end", data: "ab" + bytes(0xc0), expected: undefined },
  { name: "F5 at the end", data: "ab" + bytes(0xf5), expected: undefined },
  { name: "open 2-byte form", data: bytes(0xc2), expected: bytes(0xc2) },
  { name: "open 3-byte form after E0", data: bytes(0xe0, 0xa0), expected: bytes(0xe0, 0xa0) },
  { name: "open 3-byte form after ED", data: bytes(0xed, 0x9f), expected: bytes(0xed, 0x9f) },
  { name: "open 4-byte form after F0", data: bytes(0xf0, 0x90, 0x80), expected: bytes(0xf0, 0x90, 0x80) },
  { name: "open 4-byte form after F4", data: bytes(0xf4, 0x8f, 0xbf), expected: bytes(0xf4, 0x8f, 0xbf) },
  { name: "open 3-byte form after text", data: "euro " + bytes(0xe2, 0x82), expected: bytes(0xe2, 0x82) },
];

/** One code point from a range, boundaries favoured, encoded as UTF-8. */
function randomCodePoint(random: () => number): string {
  const ranges: [number, number][] = [
    [0x20, 0x7e], [0x00, 0x7f], [0x80, 0x7ff], [0x400, 0x4ff], [0x800, 0xd7ff], [0xe000, 0xffff],
    [0x4e00, 0x9fff], [0x10000, 0x10ffff], [0x1f300, 0x1faff],
  ];
  const [low, high] = ranges[Math.floor(random() * ranges.length)];
  const roll = random();
  const codePoint = roll < 0.1 ? low : roll < 0.2 ? high : low + Math.floor(random() * (high - low + 1));
  return utf8(String.fromCodePoint(codePoint));
}

/** Bytes that sit on a boundary of the UTF-8 grammar: what a corruption most likely gets wrong. */
const BOUNDARY_BYTES = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];

/** Text of random code points, half of it then damaged: one byte replaced, removed or cut off. */
function randomText(random: () => number, codePoints: number, asciiRun = 0): string {
  let text = "";
  for (let i = 0; i < codePoints; i++) {
    text += randomCodePoint(random);
    if (asciiRun > 0 && random() < 0.1) text += "x".repeat(asciiRun);
  }
  if (text.length === 0 || random() < 0.5) return text;
  const at = Math.floor(random() * text.length);
  const damage = random();
  if (damage < 0.5) {
    const replacement = random() < 0.6 ? BOUNDARY_BYTES[Math.floor(random() * BOUNDARY_BYTES.length)] : Math.floor(random() * 256);
    return text.slice(0, at) + bytes(replacement) + text.slice(at + 1);
  }
  if (damage < 0.8) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at);
}

function randomAscii(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(random() * 0x80));
  return out;
}

function buildUtf8Inputs(): string[] {
  const random = seededRandom(0x7574663);
  const inputs = UTF8_TABLE.map((c) => c.data);
  for (let i = 0; i < 160; i++) inputs.push(randomText(random, 1 + Math.floor(random() * 10)));
  // Long enough for 64-byte blocks and long ASCII runs, errors anywhere in them.
  for (let i = 0; i < 16; i++) inputs.push(randomText(random, 20 + Math.floor(random() * 20), 66));
  // Short ASCII text, answered by the ASCII check alone, and the same text with one byte of 80-FF
  // anywhere in it, which that check must hand on to the strategy.
  for (let length = 1; length <= 80; length++) {
    const text = randomAscii(random, length);
    const at = Math.floor(random() * length);
    inputs.push(text, text.slice(0, at) + bytes(0x80 + Math.floor(random() * 0x80)) + text.slice(at + 1));
  }
  return inputs;
}

/** Operands at the edges of 32 bits, negative ones standing for their two's complement. */
const BIT_VALUES = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1, -2147483648, 0x12345678, 0xdeadbeef, 0x0f0f0f0f];
const SHIFT_COUNTS = [0, 1, 4, 16, 31];
type BitCase = [operation: string, a: number, b: number];

/** The bit layer's answers, computed with JavaScript's own 32-bit operators. */
function expectedBit([operation, a, n]: BitCase): number {
  switch (operation) {
    case "band": return (a & n) >>> 0;
    case "bor": return (a | n) >>> 0;
    case "bxor": return (a ^ n) >>> 0;
    case "bnot": return ~a >>> 0;
    case "lshift": return (a << n) >>> 0;
    case "rshift": return a >>> n;
    case "lrotate": return n === 0 ? a >>> 0 : ((a << n) | (a >>> (32 - n))) >>> 0;
    case "rrotate": return n === 0 ? a >>> 0 : ((a >>> n) | (a << (32 - n))) >>> 0;
  }
  throw new Error(`unknown operation ${operation}`);
}

function buildBitCases(): BitCase[] {
  const cases: BitCase[] = [];
  for (const operation of ["band", "bor", "bxor"]) {
    for (const a of BIT_VALUES) for (const b of BIT_VALUES) cases.push([operation, a, b]);
  }
  for (const a of BIT_VALUES) cases.push(["bnot", a, 0]);
  for (const operation of ["lshift", "rshift", "lrotate", "rrotate"]) {
    for (const a of BIT_VALUES) for (const n of SHIFT_COUNTS) cases.push([operation, a, n]);
  }
  return cases;
}

function buildMaskCases(): { data: string; key: string; sweep?: boolean }[] {
  const random = seededRandom(0x6d61736b);
  const cases: { data: string; key: string; sweep?: boolean }[] = [];
  // Every length a short path or a block's remainder can have: the strategies mask up to a block
  // (64, 128 or 512 bytes) in one call, compiled per length, so each length is separate code.
  for (let length = 0; length <= 560; length++) cases.push({ data: randomBytes(random, length), key: randomBytes(random, 4), sweep: true });
  cases.push({ data: randomBytes(random, 33), key: bytes(0, 0, 0, 0) });
  cases.push({ data: randomBytes(random, 33), key: bytes(0xff, 0xff, 0xff, 0xff) });
  cases.push({ data: bytes(0, 0, 0, 0, 0, 0, 0, 0, 0), key: bytes(0x80, 0x7f, 0x01, 0xfe) });
  // Every key byte against every data byte: the lookup strategy builds a table row per key byte.
  const everyByte = bytes(...Array.from({ length: 256 }, (_, i) => i));
  for (let k = 0; k < 256; k += 4) cases.push({ data: everyByte, key: bytes(k, k + 1, k + 2, k + 3) });
  // Around and past the strategies' block sizes (64, 128, 512 bytes) and large payloads.
  // Payloads up to 4096 bytes are masked into reused tables and buffers: around that limit, and
  // shorter payloads after longer ones, so that nothing left over from a call can show in the next.
  // 1021-1027 also straddle where the Node host's native masking takes over (1 KiB).
  for (const length of [4093, 4095, 4096, 4097, 65539, 4096, 130, 1021, 1022, 1023, 1024, 1025, 1026, 1027, 513, 33]) {
    cases.push({ data: randomBytes(random, length), key: randomBytes(random, 4) });
  }
  return cases;
}

function buildSha1Inputs(): string[] {
  const random = seededRandom(0x73686131);
  return [...SHA1_KNOWN.map((v) => v.data), ...SHA1_RANDOM_LENGTHS.map((n) => randomBytes(random, n))];
}

const UTF8_INPUTS = buildUtf8Inputs();
const BIT_CASES = buildBitCases();
const MASK_CASES = buildMaskCases();
const SHA1_INPUTS = buildSha1Inputs();

// ---------------------------------------------------------------------------------------------------
// The twin
// ---------------------------------------------------------------------------------------------------

function wholeMessageIsValid(data: string): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(data, "latin1"));
    return true;
  } catch {
    return false;
  }
}

/** The answers of utf8Continue for one input, as the Lua script prints them. */
function utf8Answers(utf8Continue: (carry: string, chunk: string) => string | undefined, data: string): string {
  const answer = (result: string | undefined) => (result === undefined ? "!" : "=" + hex(result));
  const splits: string[] = [];
  for (let at = 0; at <= data.length; at++) {
    const carry = utf8Continue("", data.slice(0, at));
    const rest = carry === undefined ? undefined : utf8Continue(carry, data.slice(at));
    splits.push(answer(carry) + "/" + answer(rest));
  }
  let carry: string | undefined = "";
  for (let at = 0; at < data.length && carry !== undefined; at++) carry = utf8Continue(carry, data[at]);
  return `${answer(utf8Continue("", data))} ${splits.join(",")} ${answer(carry)}`;
}

describe("the twin", () => {
  it.each(SHA1_KNOWN)("SHA-1 of $name", ({ data, digest }) => {
    expect(hex(twin.sha1(data))).toBe(digest);
  });

  it("SHA-1 of one million 'a'", () => {
    expect(hex(twin.sha1("a".repeat(1_000_000)))).toBe(MILLION_A_DIGEST);
  });

  it("masks with the key repeated from the first byte, and unmasks with the same key", () => {
    // RFC 6455 section 5.7: "Hello" masked with 37 fa 21 3d.
    expect(hex(twin.mask("Hello", bytes(0x37, 0xfa, 0x21, 0x3d)))).toBe("7f9f4d5158");
    for (const { data, key } of MASK_CASES) expect(twin.mask(twin.mask(data, key), key)).toBe(data);
  });

  it.each(UTF8_TABLE)("UTF-8: $name", ({ data, expected }) => {
    expect(twin.utf8Continue("", data)).toBe(expected);
  });

  it("UTF-8: every split of every input ends as the whole input does, and fails no later", () => {
    for (const data of UTF8_INPUTS) {
      const whole = twin.utf8Continue("", data);
      for (let at = 0; at <= data.length; at++) {
        const carry = twin.utf8Continue("", data.slice(0, at));
        if (carry === undefined) {
          expect(whole, `${hex(data)} failed early at ${at}`).toBeUndefined();
          continue;
        }
        expect(carry.length).toBeLessThanOrEqual(3);
        expect(twin.utf8Continue(carry, data.slice(at)), `${hex(data)} split at ${at}`).toBe(whole);
      }
    }
  });

  it("UTF-8: a message is valid exactly when a strict decoder accepts it", () => {
    let invalid = 0;
    for (const data of UTF8_INPUTS) {
      const valid = twin.utf8Continue("", data) === "";
      if (!valid) invalid++;
      expect(valid, hex(data)).toBe(wholeMessageIsValid(data));
    }
    // The inputs must exercise both answers, or this test proves nothing.
    expect(invalid).toBeGreaterThan(UTF8_INPUTS.length / 5);
    expect(invalid).toBeLessThan((UTF8_INPUTS.length * 4) / 5);
  });
});

// ---------------------------------------------------------------------------------------------------
// The Lua kernels in every runtime
// ---------------------------------------------------------------------------------------------------

const TMP = path.join(PROJECT_ROOT, "test/.tmp");
const VECTORS_FILE = path.join(TMP, `kernels-vectors-${process.pid}.lua`);
const SCRIPT = path.join(PROJECT_ROOT, "test/lua/kernels-vectors.lua");

/** A Lua string literal of any bytes: printable ASCII as is, everything else as \ddd. */
function luaString(data: string): string {
  let out = '"';
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    out += c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c ? data[i] : "\\" + String(c).padStart(3, "0");
  }
  return out + '"';
}

/** Lengths of the sweep only a 512-byte block (words64) has separate code for: fengari, which cannot
 *  run words64 (its integers are 32-bit), skips them, as they cost it seconds for nothing. */
function onlyForWideBlocks(c: { data: string; sweep?: boolean }): boolean {
  return c.sweep === true && c.data.length > 140 && c.data.length < 500;
}

function vectorsSource(): string {
  const lines = ["-- Generated by test/kernels.test.ts; deleted after the run.", "return {", "bits = {"];
  for (const [operation, a, b] of BIT_CASES) lines.push(`{ "${operation}", ${a}, ${b} },`);
  lines.push("},", "sha1 = {");
  for (const data of SHA1_INPUTS) lines.push(luaString(data) + ",");
  lines.push("},", "mask = {");
  for (const c of MASK_CASES) lines.push(`{ data = ${luaString(c.data)}, key = ${luaString(c.key)}${onlyForWideBlocks(c) ? ", wide = true" : ""} },`);
  lines.push("},", "utf8 = {");
  for (const data of UTF8_INPUTS) lines.push(luaString(data) + ",");
  lines.push("},", "join = {");
  for (const { values, lengthModulus, count } of JOIN_CASES) {
    lines.push(`{ values = ${values}, lengthModulus = ${lengthModulus}${count === undefined ? "" : `, count = ${count}`} },`);
  }
  lines.push("},", "}", "");
  return lines.join("\n");
}

/**
 * Joins: lists made in Lua from these descriptions (test/lua/kernels-vectors.lua's joinList), across
 * the one-pass strategy's group of 64 values and its levels (4,097 values: two levels and a rest),
 * with and without a count, empty strings and numbers among the values.
 */
const JOIN_CASES: { values: number; lengthModulus: number; count?: number }[] = [
  { values: 0, lengthModulus: 5 },
  { values: 1, lengthModulus: 5 },
  { values: 13, lengthModulus: 5, count: 13 },
  { values: 2, lengthModulus: 3 },
  { values: 9, lengthModulus: 5 },
  { values: 64, lengthModulus: 300 },
  { values: 65, lengthModulus: 300 },
  { values: 130, lengthModulus: 500, count: 129 },
  { values: 4097, lengthModulus: 8 },
  { values: 70, lengthModulus: 7, count: 0 },
];

/** What the Lua side joins for a case, as the twin joins it. */
function joinList({ values, lengthModulus }: { values: number; lengthModulus: number }): string[] {
  const list: string[] = [];
  for (let i = 1; i <= values; i++) {
    list.push(i % 13 === 0 ? String(i) : String.fromCharCode(i % 256).repeat((i * 7) % lengthModulus));
  }
  return list;
}

/** The strategies each runtime must choose by itself: the fastest it can run (docs/benchmarks.md). */
const EXPECTED_DEFAULTS: Record<Runtime, string> = {
  "lua5.1": "bitop lookup dfa one-pass",
  luajit: "bitop ffi dfa-jit concat",
  "lua5.3": "native-ops words64 utf8.len concat",
  "lua5.4": "native-ops words64 utf8.len concat",
  wasmoon: "native-ops host utf8.len concat",
  fengari: "native-ops-int32 host utf8.len concat",
};

/** Each runtime's answers, keyed by everything before the answer ("MASK lookup 3" -> hex). */
function parseAnswers(stdout: string): Map<string, string> {
  const answers = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const parts = line.split(" ");
    const keyLength = { DEFAULT: 1, AVAILABLE: 1, "SHA1-MILLION": 2 }[parts[0]] ?? 3;
    if (parts.length > keyLength) answers.set(parts.slice(0, keyLength).join(" "), parts.slice(keyLength).join(" "));
  }
  return answers;
}

/** Compares each expected answer; lists the differences by case so a failure says what broke. */
function differences(answers: Map<string, string>, expected: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [key, value] of expected) {
    const actual = answers.get(key);
    if (actual !== value) {
      const shorten = (s: string | undefined) => (s && s.length > 120 ? s.slice(0, 120) + "..." : String(s));
      found.push(`${key}: got ${shorten(actual)}, expected ${shorten(value)}`);
    }
  }
  return found;
}

describe("the Lua kernels in the built plugin", () => {
  beforeAll(() => {
    const plugin = path.join(PROJECT_ROOT, "plugin/websockets.lua");
    if (!fs.existsSync(plugin)) throw new Error(`${plugin} is missing: run \`npm run build\` first`);
    fs.mkdirSync(TMP, { recursive: true });
    fs.writeFileSync(VECTORS_FILE, vectorsSource());
  });
  afterAll(() => { if (!process.env.KEEP_VECTORS) fs.rmSync(VECTORS_FILE, { force: true }); });

  const expectedUtf8 = UTF8_INPUTS.map((data) => utf8Answers(twin.utf8Continue, data));

  it.each(runtimesToTest())("%s: every strategy it can run gives the twin's answers", async (runtime) => {
    // One million "a" is 15625 SHA-1 blocks: seconds on fengari's JavaScript integers, so not there.
    const million = runtime === "fengari" ? [] : ["million"];
    const narrow = runtime === "fengari";
    const run = await runLua(runtime, SCRIPT, [VECTORS_FILE, ...million, ...(narrow ? ["narrow"] : [])], { timeoutMs: 90_000 });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const answers = parseAnswers(run.stdout);

    expect(answers.get("DEFAULT")).toBe(EXPECTED_DEFAULTS[runtime]);
    const [bitLayers, maskStrategies, utf8Strategies, joinStrategies] = answers
      .get("AVAILABLE")!
      .split(" ")
      .map((list) => list.split(","));
    // The fallbacks run everywhere, so every runtime tests them too.
    expect(bitLayers).toContain("arith");
    expect(maskStrategies).toContain("lookup");
    expect(utf8Strategies).toContain("dfa");
    expect(joinStrategies).toEqual(expect.arrayContaining(["one-pass", "concat"]));

    const expected = new Map<string, string>();
    for (const name of bitLayers) {
      BIT_CASES.forEach((c, i) => expected.set(`BITS ${name} ${i + 1}`, String(expectedBit(c))));
      SHA1_INPUTS.forEach((data, i) => expected.set(`SHA1 ${name} ${i + 1}`, hex(twin.sha1(data))));
    }
    if (million.length > 0) expected.set(`SHA1-MILLION ${bitLayers[0]}`, MILLION_A_DIGEST);
    for (const name of maskStrategies) {
      MASK_CASES.forEach(({ data, key }, i) => {
        // The host's native masking starts at 1 KiB; below, it is the Lua kernel tested by its own name.
        if (name === "host" && data.length < 1000) return;
        if (narrow && onlyForWideBlocks(MASK_CASES[i])) return;
        expected.set(`MASK ${name} ${i + 1}`, hex(twin.mask(data, key)));
      });
    }
    for (const name of utf8Strategies) {
      expectedUtf8.forEach((answer, i) => expected.set(`UTF8 ${name} ${i + 1}`, answer));
    }
    for (const name of joinStrategies) {
      JOIN_CASES.forEach((c, i) => {
        const joined = twin.join(joinList(c), c.count);
        expected.set(`JOIN ${name} ${i + 1}`, `${joined.length} ${hex(twin.sha1(joined))}`);
      });
    }
    expect(differences(answers, expected)).toEqual([]);
  });
});
