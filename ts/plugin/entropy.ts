/**
 * Random bytes for mask keys (4 per frame) and the handshake key (16), drawn from the transport's
 * strong source in blocks, so a message costs a string.sub rather than a call across the host
 * boundary. RFC 6455 section 5.3 wants mask keys unpredictable; a transport without a strong source
 * falls back to math.random, seeded once from the clock and the address of a fresh table.
 */
import { Transport } from "../transport/contract";

const BLOCK = 1024;

export type RandomBytes = (this: void, count: number) => string;

function weakRandom(count: number): string {
  const bytes: number[] = [];
  for (let i = 0; i < count; i++) bytes.push(math.random(0, 255));
  return string.char(...bytes);
}

let seeded = false;

function seedWeakRandom(): void {
  if (seeded) return;
  seeded = true;
  const address = tonumber(string.match(tostring({}), "0x(%x+)")[0] ?? "0", 16) ?? 0;
  math.randomseed((os.time() + address) % 2147483647);
}

export function randomSource(transport: Transport): RandomBytes {
  const strong = transport.random;
  if (strong === undefined) seedWeakRandom();
  const draw = strong ?? weakRandom;
  let pool = "";
  let position = 1;
  return (count: number) => {
    if (position + count - 1 > pool.length) {
      pool = draw(math.max(BLOCK, count));
      position = 1;
    }
    const bytes = string.sub(pool, position, position + count - 1);
    position += count;
    return bytes;
  };
}
