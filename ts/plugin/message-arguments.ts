/**
 * The argument checks of the calls that put a message or a control frame on the wire: `send` (and
 * its pieces), `ping`, `close` (and a server's `broadcast` and `close`), one set for clients, peers and servers,
 * so all of them word and judge the same mistake the same way (SPEC guarantee 4). Each raises at the
 * caller of the API method (CALLER_OF_CHECK: the method calls the check), so the error names the game's line.
 */
import { isValidApplicationCloseCode } from "../core/close-codes";
import { utf8Continue } from "../../lua/kernels";
import { PieceVerdict } from "../core/outgoing-stream";
import { badArgument, CALLER_OF_CHECK, checkType, typeProblem } from "./arguments";

/** RFC 6455 section 5.5: control frame payloads are at most 125 bytes; a close reason 123. */
export const MAX_PING_PAYLOAD = 125;
export const MAX_CLOSE_REASON = 123;

/** Integers below this print exactly with %.0f on every runtime (fengari's integers are 32-bit). */
const EXACT_DIGITS_BELOW = 2 ** 63;

export function isUtf8(text: string): boolean {
  return utf8Continue("", text) === "";
}

/** A string sends as it is; a number as Lua writes it, except that an integral float (2^53) is
 *  written with all its digits rather than as `9.007199254741e+15`. */
export function toLuaString(value: unknown): string | undefined {
  if (type(value) === "string") return value as string;
  if (type(value) !== "number") return undefined;
  const n = value as number;
  const mathType = (math as unknown as { type?: (this: void, x: number) => string }).type;
  if (mathType !== undefined && mathType(n) === "integer") return tostring(n);
  if (n === math.floor(n) && math.abs(n) < EXACT_DIGITS_BELOW) return string.format("%.0f", n);
  return tostring(n);
}

/**
 * `send(data[, options])`: the bytes, whether they go as binary, and whether they end their message
 * (`fin`, false only for `{ fin = false }`: a piece of a message sent in pieces, SPEC section 9).
 * Text is judged alone, except a piece of a message already open (`pieceOpen`): its bytes are
 * judged with the pieces before it when it is queued (pieceRefusal). A first piece may end inside a
 * UTF-8 sequence, and no more. Errors are raised `level` frames up (CALLER_OF_CHECK: the game's line).
 */
export function checkSendArguments(fname: string, data: unknown, options: unknown, pieceOpen = false, level = CALLER_OF_CHECK): LuaMultiReturn<[string, boolean, boolean]> {
  // No calls for the common case, a string and no options or a table of them: this runs per send.
  const text = type(data) === "string" ? (data as string) : toLuaString(data);
  if (text === undefined) error(badArgument(1, fname, typeProblem("string", data)), level);
  let binary = false;
  let fin = true;
  if (options !== undefined) {
    if (type(options) !== "table") error(checkType(options, "table", 2, fname)!, level);
    binary = (options as LuaTable).get("binary") === true;
    fin = (options as LuaTable).get("fin") !== false;
  }
  if (!binary && !pieceOpen) {
    const carry = utf8Continue("", text);
    if (carry === undefined || (fin && carry !== "")) {
      error(badArgument(1, fname, "text message is not valid UTF-8; send bytes with { binary = true }"), level);
    }
  }
  return $multi(text, binary, fin);
}

/** `broadcast(data[, options])`: as send's, but a message in pieces cannot go to every peer at once. */
export function checkBroadcastArguments(data: unknown, options: unknown): LuaMultiReturn<[string, boolean]> {
  // Level 4: through this function to broadcast's caller.
  const [text, binary, fin] = checkSendArguments("broadcast", data, options, false, CALLER_OF_CHECK + 1);
  if (!fin) error(badArgument(2, "broadcast", "fin = false is not supported: send a message in pieces to each peer with peer:send"), CALLER_OF_CHECK);
  return $multi(text, binary);
}

/**
 * What a piece of a message sent in pieces came to (Connection.sendPiece): undefined when it was
 * queued; the `false, message` text for a refusal of state (the connection is not open, a piece of
 * the other type, too much held); and an argument error for text that cannot be valid, raised at
 * the game's line. Nothing of a refused piece was queued, and the message stays open.
 */
export function pieceRefusal(fname: string, verdict: PieceVerdict, binary: boolean): string | undefined {
  if (verdict === PieceVerdict.Accepted) return undefined;
  // Raised here, not returned into a tail call: level 3 must count this function's frame.
  if (verdict === PieceVerdict.InvalidUtf8) {
    error(badArgument(1, fname, "text piece is not valid UTF-8 after the pieces before it; nothing of it was sent"), CALLER_OF_CHECK);
  }
  if (verdict === PieceVerdict.UnfinishedUtf8) {
    error(badArgument(1, fname, "last text piece ends inside a UTF-8 sequence; nothing of it was sent"), CALLER_OF_CHECK);
  }
  if (verdict === PieceVerdict.TypeMismatch) {
    return binary
      ? `${fname}: a text message is being sent in pieces; a binary piece cannot continue it`
      : `${fname}: a binary message is being sent in pieces; a text piece cannot continue it`;
  }
  if (verdict === PieceVerdict.TooBig) {
    return `${fname}: the pieces of this message would exceed maxMessageSize, which bounds what a browser holds until the last piece`;
  }
  return `${fname}: the connection is not open`;
}

/** `ping([payload])`: the payload, "" when none. */
export function checkPingArguments(payload: unknown): string {
  const data = payload === undefined ? "" : toLuaString(payload);
  if (data === undefined) error(badArgument(1, "ping", typeProblem("string", payload)), CALLER_OF_CHECK);
  if (data.length > MAX_PING_PAYLOAD) {
    error(badArgument(1, "ping", `payload is ${data.length} bytes; at most ${MAX_PING_PAYLOAD} allowed`), CALLER_OF_CHECK);
  }
  return data;
}

/** `close([code[, reason]])`: the reason, "" when none. A server's close may also say 1001. */
export function checkCloseArguments(fname: string, code: unknown, reason: unknown, allowGoingAway: boolean): string {
  if (code !== undefined) {
    const valid = type(code) === "number" && (isValidApplicationCloseCode(code as number) || (allowGoingAway && code === 1001));
    if (!valid) {
      const allowed = allowGoingAway ? "1000, 1001 or 3000-4999" : "1000 or 3000-4999";
      const problem = type(code) === "number" ? `close code ${code} not allowed; use ${allowed}` : typeProblem("number", code);
      error(badArgument(1, fname, problem), CALLER_OF_CHECK);
    }
  }
  const why = reason === undefined ? "" : toLuaString(reason);
  if (why === undefined) error(badArgument(2, fname, typeProblem("string", reason)), CALLER_OF_CHECK);
  if (why.length > MAX_CLOSE_REASON) error(badArgument(2, fname, `reason is ${why.length} bytes; at most ${MAX_CLOSE_REASON} allowed`), CALLER_OF_CHECK);
  if (!isUtf8(why)) error(badArgument(2, fname, "reason is not valid UTF-8"), CALLER_OF_CHECK);
  return why;
}
