#!/usr/bin/env node
// Writes the codec vectors for the native codecs' own test suites (JUnit in native-android/test.sh,
// the C test of native-ios/check.sh), which cannot run Node's zlib themselves: the set vitest holds
// the pure and Node codecs to (test/codec/vector-set.mjs, through vectors.ts), that is every zlib
// setting's messages compressed now and the hand-made streams that inflate, every corrupt stream,
// and a bomb, as lines of text:
//   V <name>\t<windowBits>\t<noContextTakeover 0|1>\t<maxMessageSize>\t<expect>
//   M <hex>   a message (what the payloads inflate to, for "ok")
//   P <hex>   a payload (without its 00 00 ff ff)
//   E
//   C <ok> <error> <too-big> <truncated>   the counts of each expect, last, so a reader can tell it read all
// where <expect> is "ok" (the payloads inflate to the messages), "error" (the stream is corrupt),
// "too-big" (the output passes maxMessageSize) or "truncated" (cut short inside a block: zlib
// waits for more input and cannot tell, so either outcome passes, as long as the codec survives it).
//
//   node test/codec/native-vectors.mjs <out-file>
import fs from "node:fs";
import zlib from "node:zlib";
import { corruptVectors, inflateVectors } from "./vector-set.mjs";

const LIMIT = 16 * 1024 * 1024;
const hex = (s) => Buffer.from(s, "latin1").toString("hex");
const lines = [];
const counts = { ok: 0, error: 0, "too-big": 0, truncated: 0 };
const vector = (name, windowBits, noContextTakeover, max, expect, msgs, payloads) => {
  if (/[\t\n]/.test(name)) throw new Error(`a vector name with a tab or newline: ${name}`);
  lines.push(`V ${name}\t${windowBits}\t${noContextTakeover ? 1 : 0}\t${max}\t${expect}`);
  for (const m of msgs) lines.push(`M ${hex(m)}`);
  for (const p of payloads) lines.push(`P ${hex(p)}`);
  lines.push("E");
  counts[expect] += 1;
};

const out = process.argv[2];
if (!out) throw new Error("usage: native-vectors.mjs <out-file>");
for (const v of await inflateVectors(false)) vector(v.name, v.windowBits, v.noContextTakeover, LIMIT, "ok", v.messages, v.payloads);
for (const v of corruptVectors()) vector(`corrupt: ${v.name}`, 15, false, LIMIT, v.truncated ? "truncated" : "error", [], [v.payload]);
// The bomb of test/codec-native.test.ts.
const bomb = zlib.deflateRawSync(Buffer.alloc(4 * 1024 * 1024), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("latin1").slice(0, -4);
vector("bomb: 4 MiB of zeros, limit 100000", 15, false, 100000, "too-big", [], [bomb]);
lines.push(`C ${counts.ok} ${counts.error} ${counts["too-big"]} ${counts.truncated}`);
fs.writeFileSync(out, lines.join("\n") + "\n");
