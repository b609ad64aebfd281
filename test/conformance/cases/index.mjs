// The whole case list, in the order clients run it (case N of /runCase is the N-th here, from 1).
import { framingCases } from "./framing.mjs";
import { pingPongCases } from "./ping-pong.mjs";
import { reservedBitCases } from "./reserved-bits.mjs";
import { opcodeCases } from "./opcodes.mjs";
import { fragmentationCases } from "./fragmentation.mjs";
import { utf8Cases } from "./utf8.mjs";
import { closeCases } from "./close.mjs";
import { limitCases } from "./limits.mjs";
import { deliveryCases } from "./delivery.mjs";

export const SECTIONS = [
  ["1", "Framing", framingCases],
  ["2", "Pings and pongs", pingPongCases],
  ["3", "Reserved bits", reservedBitCases],
  ["4", "Opcodes", opcodeCases],
  ["5", "Fragmentation", fragmentationCases],
  ["6", "UTF-8", utf8Cases],
  ["7", "Close handshake", closeCases],
  ["9", "Limits and volume", limitCases],
  ["10", "Delivery", deliveryCases],
];

export function buildCases(profile) {
  const cases = SECTIONS.flatMap(([, , build]) => build(profile));
  const seen = new Set();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`case id ${c.id} is used twice`);
    seen.add(c.id);
  }
  return cases;
}
