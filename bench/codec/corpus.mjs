// The benchmark corpus of the permessage-deflate codec: game-like JSON made here, deterministically
// (a seeded generator), so every run and every runtime sees the same bytes. Small state updates of
// 100-300 bytes, as a game server sends many times a second, and larger snapshots of 10-100 KB, as
// it sends on joining or on a level change.

/** A small linear congruential generator: the same numbers on every machine. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const KINDS = ["orc", "elf", "troll", "knight", "archer", "mage", "wolf", "slime"];

function entity(random, id) {
  return {
    id,
    kind: KINDS[Math.floor(random() * KINDS.length)],
    x: Math.round(random() * 100000) / 100,
    y: Math.round(random() * 100000) / 100,
    hp: Math.floor(random() * 100),
    state: random() < 0.5 ? "idle" : "moving",
  };
}

/** One state update of about 100-300 bytes (about 230 on average). */
export function smallUpdate(random, tick) {
  const players = [];
  const count = 2 + Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    players.push({ id: 1 + Math.floor(random() * 16), x: Math.round(random() * 100000) / 100, y: Math.round(random() * 100000) / 100, vx: Math.round(random() * 200 - 100) / 10, hp: Math.floor(random() * 100) });
  }
  return JSON.stringify({ type: "state", tick, time: 1700000000 + tick * 50, players });
}

/** A snapshot of the world: `entities` entities, about 110 bytes each. */
export function snapshot(random, tick, entities) {
  const list = [];
  for (let i = 0; i < entities; i++) list.push(entity(random, i + 1));
  return JSON.stringify({ type: "snapshot", tick, map: "dungeon-" + (tick % 7), entities: list });
}

/**
 * The corpus: `small` state updates with a snapshot of 10-100 KB after every `every` of them.
 * Returns { messages, smallMessages } as arrays of latin1 strings (JSON is ASCII).
 */
export function makeCorpus({ small = 400, every = 50, seed = 7 } = {}) {
  const random = generator(seed);
  const messages = [];
  const smallMessages = [];
  for (let tick = 1; tick <= small; tick++) {
    const update = smallUpdate(random, tick);
    messages.push(update);
    smallMessages.push(update);
    if (tick % every === 0) messages.push(snapshot(random, tick, 140 + Math.floor(random() * 1200)));
  }
  return { messages, smallMessages };
}

/** `s` as a Lua string literal (bytes outside printable ASCII as decimal escapes), for writing the
 *  corpus as a Lua file the Lua benchmark clients load. */
export function luaString(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) out += "\\" + s[i];
    else if (c < 32 || c > 126) out += "\\" + String(c).padStart(3, "0");
    else out += s[i];
  }
  return out + '"';
}
