// Payloads of exact byte lengths. Deterministic, so a failed echo can be reported by offset.

const ASCII_PHRASE = "The quick brown fox jumps over the lazy dog. 0123456789 ";

/** ASCII text of exactly `length` bytes (any cut of ASCII is valid UTF-8). */
export function asciiText(length) {
  const phrase = Buffer.from(ASCII_PHRASE, "latin1");
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += phrase.length) phrase.copy(out, i, 0, Math.min(phrase.length, length - i));
  return out;
}

/** Binary data of exactly `length` bytes that runs through all 256 byte values, NUL included. */
export function binaryPattern(length) {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 151 + (i >> 8) * 7 + 3) & 0xff;
  return out;
}

// 1-, 2-, 3- and 4-byte UTF-8 sequences: "a", U+00E9, U+00DF, U+03BA, U+4E16, U+754C, U+20AC,
// U+1F3B2, U+10348.
const MULTI_BYTE_UNITS = ["a", "\u00e9", "\u00df", "\u03ba", "\u4e16", "\u754c", "\u20ac", "\u{1f3b2}", "\u{10348}"].map((c) =>
  Buffer.from(c, "utf8"),
);

/** Valid UTF-8 of exactly `length` bytes, mostly 2-, 3- and 4-byte characters. */
export function multiByteText(length) {
  const out = Buffer.alloc(length);
  let offset = 0;
  for (let i = 0; offset < length; i++) {
    const unit = MULTI_BYTE_UNITS[i % MULTI_BYTE_UNITS.length];
    if (offset + unit.length > length) {
      out.fill(0x2e, offset); // pad the last few bytes with "."
      break;
    }
    unit.copy(out, offset);
    offset += unit.length;
  }
  return out;
}
