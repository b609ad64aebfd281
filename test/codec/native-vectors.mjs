#!/usr/bin/env node
// Writes the codec vectors for the native codecs' own test suites (JUnit in native-android/test.sh,
// the C test of native-ios/check.sh), which cannot run Node's zlib themselves: messages compressed
// by zlib now, in the settings test/codec/vectors.ts covers, plus corrupt streams and a bomb, as
// lines of text:
//   V <name>\t<windowBits>\t<noContextTakeover 0|1>\t<maxMessageSize>\t<ok|error|too-big>
//   M <hex>   a message (what the payloads inflate to, for "ok")
//   P <hex>   a payload (without its 00 00 ff ff)
//   E
//
//   node test/codec/native-vectors.mjs <out-file>
import fs from "node:fs";
import zlib from "node:zlib";
import { makeCorpus } from "../../bench/codec/corpus.mjs";
import { zlibDeflateMessages } from "../../bench/codec/zlib-messages.mjs";

function noise(length, seed) {
  let state = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(Math.floor(state / 8388608) % 256);
  }
  return out;
}

const { messages: corpus } = makeCorpus({ small: 12, every: 100 });
const block = noise(300, 11);
const messages = [...corpus, "", "x", "a".repeat(3000), noise(1500, 3), "", block + block + noise(300, 12) + block, corpus[1]];

const settings = [];
for (let level = 0; level <= 9; level++) settings.push([`level ${level}`, { level }, false]);
for (let windowBits = 8; windowBits <= 15; windowBits++) {
  settings.push([`window ${windowBits}`, { level: 6, windowBits }, false]);
  settings.push([`window ${windowBits}, no context takeover`, { level: 1, windowBits }, true]);
}
settings.push(["fixed Huffman blocks", { strategy: zlib.constants.Z_FIXED }, false]);
settings.push(["Huffman only", { strategy: zlib.constants.Z_HUFFMAN_ONLY }, false]);
settings.push(["run-length", { strategy: zlib.constants.Z_RLE }, false]);

const hex = (s) => Buffer.from(s, "latin1").toString("hex");
const lines = [];
const vector = (name, windowBits, noContextTakeover, max, expect, msgs, payloads) => {
  lines.push(`V ${name}\t${windowBits}\t${noContextTakeover ? 1 : 0}\t${max}\t${expect}`);
  for (const m of msgs) lines.push(`M ${hex(m)}`);
  for (const p of payloads) lines.push(`P ${hex(p)}`);
  lines.push("E");
};

const out = process.argv[2];
if (!out) throw new Error("usage: native-vectors.mjs <out-file>");
for (const [name, options, noContextTakeover] of settings) {
  vector(name, options.windowBits ?? 15, noContextTakeover, 16777216, "ok", messages, await zlibDeflateMessages(messages, options, noContextTakeover));
}
const finished = zlib.deflateRawSync(Buffer.from("finished with a final block")).toString("latin1");
vector("final block (BFINAL=1)", 15, true, 16777216, "ok", ["finished with a final block"], [finished]);
// Corrupt streams (the bytes test/codec/vectors.ts builds bit by bit), and a bomb.
vector("invalid block type 3", 15, false, 16777216, "error", [], ["\x06"]);
vector("stored block lengths that disagree", 15, false, 16777216, "error", [], ["\x00\x05\x00\x00\x00hello"]);
vector("distance too far back", 15, false, 16777216, "error", [], ["\x02\x02\x00"]);
vector("incomplete code lengths code", 15, false, 16777216, "error", [], [Buffer.from("04e0ffffffffff7f", "hex").toString("latin1")]);
const bomb = zlib.deflateRawSync(Buffer.alloc(4 * 1024 * 1024), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("latin1").slice(0, -4);
vector("bomb: 4 MiB of zeros, limit 100000", 15, false, 100000, "too-big", [], [bomb]);
fs.writeFileSync(out, lines.join("\n") + "\n");
