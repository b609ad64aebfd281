/**
 * Argument checks for calls from game code, worded like Lua's own so errors read like any built-in
 * function's: `bad argument #1 to 'connect' (string expected, got nil)`.
 *
 * The checks return a message instead of raising, and the API method raises it with
 * `error(msg, CALLER_OF_METHOD)`, so the error points at the game code's line whatever depth the
 * check ran at.
 */

/**
 * The `error` level that names the game's line from inside an API method of a client, server or
 * peer: the game calls the method of the object's facade (facade.ts), which calls the method.
 */
export const CALLER_OF_METHOD = 3;
/** The same from a check that the API method calls (message-arguments.ts). */
export const CALLER_OF_CHECK = 4;

export function badArgument(index: number, fname: string, problem: string): string {
  return `bad argument #${index} to '${fname}' (${problem})`;
}

/** "string expected, got nil" */
export function typeProblem(expected: string, value: unknown): string {
  return `${expected} expected, got ${type(value)}`;
}

/** A message when `value` is not of Lua type `expected` (nil allowed when `optional`). */
export function checkType(
  value: unknown,
  expected: "string" | "number" | "table" | "boolean",
  index: number,
  fname: string,
  optional = false,
): string | undefined {
  if (optional && value === undefined) return undefined;
  if (type(value) === expected) return undefined;
  return badArgument(index, fname, typeProblem(expected, value));
}
