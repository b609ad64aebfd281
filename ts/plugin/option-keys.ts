/**
 * Unknown option keys (SPEC section 2): ignored, as the original plugin ignored them, but each one
 * printed once per run, so a typo such as `tsl` or `pingIntervall` does not pass silently.
 */

/** Keys already warned about in this run, by "connect:tsl". */
const warned: Record<string, boolean> = {};

/** How warnings reach the developer: the console (Solar2D's print). */
const warn: (this: void, message: string) => void = (message) => print(message);

/** Prints one warning for each string key of `options` that `known` lacks and that was not yet
 *  reported for `kind` ("connect", "listen"). */
export function warnUnknownKeys(options: LuaTable, known: Record<string, boolean>, kind: string): void {
  for (const [key] of pairs(options)) {
    const name = tostring(key);
    if (type(key) === "string" && known[name] === true) continue;
    const id = `${kind}:${name}`;
    if (warned[id] === true) continue;
    warned[id] = true;
    warn(`plugin.websockets: unknown ${kind} option '${name}' ignored`);
  }
}
