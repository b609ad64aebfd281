// The whole case list, in Autobahn|TestSuite's order (case N of /runCase is the N-th here, from 1):
// sections 1-7, 9 and 10, 301 cases, the same for the fuzzing server and the fuzzing client; and the
// compression sections 12 and 13 when a profile asks for them.
import { framingCases } from "./framing.mjs";
import { pingPongCases } from "./ping-pong.mjs";
import { reservedBitCases } from "./reserved-bits.mjs";
import { opcodeCases } from "./opcodes.mjs";
import { fragmentationCases } from "./fragmentation.mjs";
import { utf8Cases } from "./utf8.mjs";
import { closeCases } from "./close.mjs";
import { performanceCases } from "./performance.mjs";
import { autoFragmentationCases } from "./auto-fragmentation.mjs";
import { compressionCases } from "./compression.mjs";

export const SECTIONS = [
  ["1", "Framing", framingCases],
  ["2", "Pings/Pongs", pingPongCases],
  ["3", "Reserved Bits", reservedBitCases],
  ["4", "Opcodes", opcodeCases],
  ["5", "Fragmentation", fragmentationCases],
  ["6", "UTF-8 Handling", utf8Cases],
  ["7", "Close Handling", closeCases],
  ["9", "Limits/Performance", performanceCases],
  ["10", "Auto-Fragmentation", autoFragmentationCases],
];
/** Sections 12 and 13, played when asked for (`compression: true`). */
export const COMPRESSION_SECTIONS = [["12-13", "WebSocket Compression", compressionCases]];

export function buildCases(profile, { compression = false } = {}) {
  const sections = compression ? [...SECTIONS, ...COMPRESSION_SECTIONS] : SECTIONS;
  const cases = sections.flatMap(([, , build]) => build(profile));
  const seen = new Set();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`case id ${c.id} is used twice`);
    seen.add(c.id);
  }
  return cases;
}

/** "6.4.1" -> "6" */
export const sectionOf = (id) => id.split(".")[0];
