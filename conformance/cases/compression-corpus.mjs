// The payloads of sections 12 and 13, made here: the suite sends slices of five files (a large JSON
// file, a 512x512 grey bitmap, a German text, a large HTML page, a PDF); these are generated data of
// the same five kinds, deterministic, 256 KiB each, so that compression ratios are alike without
// shipping anyone's files. The two text kinds are ASCII, so a slice of N bytes is N characters.

const SIZE = 256 * 1024;

/** A small deterministic pseudo-random generator (xorshift32), numbers in [0, 1). */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

function fill(generate) {
  const parts = [];
  let length = 0;
  while (length < SIZE) {
    const part = Buffer.from(generate(), "latin1");
    parts.push(part);
    length += part.length;
  }
  return Buffer.concat(parts).subarray(0, SIZE);
}

const WORDS = ["player", "score", "level", "health", "position", "velocity", "team", "match", "round", "weapon", "armor", "state", "update", "entity"];

function jsonData() {
  const r = random(1);
  let id = 0;
  return fill(() =>
    JSON.stringify({
      id: id++,
      type: WORDS[Math.floor(r() * WORDS.length)],
      name: `${WORDS[Math.floor(r() * WORDS.length)]}_${Math.floor(r() * 1000)}`,
      x: Math.round(r() * 100000) / 100,
      y: Math.round(r() * 100000) / 100,
      alive: r() > 0.2,
      tags: [WORDS[Math.floor(r() * WORDS.length)], WORDS[Math.floor(r() * WORDS.length)]],
    }) + ",\n",
  );
}

function bitmap() {
  const width = 512;
  const height = 512;
  const header = Buffer.alloc(54 + 1024);
  header.write("BM", 0, "latin1");
  header.writeUInt32LE(header.length + width * height, 2);
  header.writeUInt32LE(header.length, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(8, 28);
  header.writeUInt32LE(width * height, 34);
  header.writeUInt32LE(256, 46);
  for (let i = 0; i < 256; i++) header.writeUInt32LE(i * 0x010101, 54 + i * 4);
  const r = random(2);
  const pixels = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = 128 + 60 * Math.sin(x / 37) * Math.cos(y / 23) + 40 * Math.sin((x + y) / 71);
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(shade + (r() - 0.5) * 24)));
    }
  }
  return Buffer.concat([header, pixels]).subarray(0, SIZE);
}

const GERMAN = ["Habe", "nun", "ach", "Philosophie", "Juristerei", "und", "Medizin", "leider", "auch", "Theologie", "durchaus", "studiert", "mit", "heissem", "Bem\xfchn", "da", "steh", "ich", "armer", "Tor", "bin", "so", "klug", "als", "wie", "zuvor", "Stra\xdfe", "Gr\xfc\xdfe", "sch\xf6n"];

function germanText() {
  const r = random(3);
  return fill(() => {
    const n = 5 + Math.floor(r() * 9);
    const words = Array.from({ length: n }, () => GERMAN[Math.floor(r() * GERMAN.length)]);
    return `${words.join(" ")}${r() > 0.7 ? ".\n" : ",\n"}`;
  });
}

function html() {
  const r = random(4);
  let n = 0;
  return fill(() => {
    n += 1;
    const word = () => WORDS[Math.floor(r() * WORDS.length)];
    return `<div class="row ${word()}" id="item-${n}"><a href="/${word()}/${n}.html">${word()} ${word()}</a><span class="value">${Math.floor(r() * 10000)}</span><p>${word()} ${word()} ${word()}.</p></div>\n`;
  });
}

function pdf() {
  const r = random(5);
  let n = 0;
  return fill(() => {
    n += 1;
    // Text objects compress well, the "image streams" between them hardly at all, as in a real PDF.
    const stream = Buffer.alloc(200 + Math.floor(r() * 800));
    for (let i = 0; i < stream.length; i++) stream[i] = Math.floor(r() * 256);
    return `${n} 0 obj\n<< /Type /XObject /Subtype /Image /Length ${stream.length} /Filter /FlateDecode >>\nstream\n${stream.toString("latin1")}\nendstream\nendobj\n`;
  });
}

/** The five data sets in the suite's order: 12.1 JSON, 12.2 bitmap, 12.3 German text, 12.4 HTML, 12.5 PDF. */
export const COMPRESSION_DATA = [
  { key: "json_data1", description: "Large JSON data file", binary: false, make: jsonData },
  { key: "lena512", description: "Bitmap 512x512 grey", binary: true, make: bitmap },
  { key: "gutenberg_faust", description: "Human readable text (German)", binary: true, make: germanText },
  { key: "html_data1", description: "Large HTML file", binary: false, make: html },
  { key: "ooms", description: "A larger PDF", binary: true, make: pdf },
];

const made = new Map();
export function dataOf(entry) {
  if (!made.has(entry.key)) made.set(entry.key, entry.make());
  return made.get(entry.key);
}
