// Writes vector data as a Lua chunk (`return { ... }`) that every runtime can load: ASCII only, bytes
// outside printable ASCII as \ddd escapes, and each long string written once, in a table of its own,
// however often the vectors use it (the 64 KiB payloads recur).

const LONG_STRING = 256;

export function toLuaChunk(value: unknown): string {
  const interned = new Map<string, number>();
  const longStrings: string[] = [];
  const literal = (v: unknown): string => {
    if (v === undefined || v === null) return "nil";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error(`cannot write ${v} to Lua`);
      // Integers above 2^31 are written as floats, exact up to 2^53, so fengari does not wrap them.
      return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? String(v) : `${v.toPrecision(17)}`.replace(/\.?0+$/, "") + ".0";
    }
    if (typeof v === "string") {
      if (v.length < LONG_STRING) return shortString(v);
      let index = interned.get(v);
      if (index === undefined) {
        longStrings.push(v);
        index = longStrings.length;
        interned.set(v, index);
      }
      return `S[${index}]`;
    }
    if (Array.isArray(v)) return `{${v.map(literal).join(", ")}}`;
    if (typeof v === "object") {
      const fields = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `[${shortString(k)}] = ${literal(x)}`);
      return `{${fields.join(", ")}}`;
    }
    throw new Error(`cannot write ${typeof v} to Lua`);
  };
  const body = literal(value);
  const lines = [
    "-- Generated from test/vectors by the test suite; do not edit.",
    "local S = {}",
    ...longStrings.map((s, i) => `S[${i + 1}] = ${shortString(s)}`),
    `return ${body}`,
  ];
  return lines.join("\n") + "\n";
}

function shortString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new Error("not a byte string");
    if (c === 34 || c === 92) out += "\\" + s[i];
    else if (c >= 32 && c <= 126) out += s[i];
    else out += "\\" + String(c).padStart(3, "0");
  }
  return out + '"';
}
