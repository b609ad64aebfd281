// Streamed messages (SPEC section 9), both ways, as client connection vectors: messages sent in pieces
// (Connection.sendPiece: opcodes, FIN bits, masking, the type rule, UTF-8 validated across pieces,
// refused pieces leaving nothing on the wire) and messages received in pieces (receiveFragments:
// what arrived once the events before it are taken, text on character boundaries, the size limit
// and UTF-8 judged on the whole message). Run like the other connection vectors, on the TypeScript
// core and on the built Lua in every runtime.
import { clientFrame, closeBody, countingBytes, hex, serverFrame, serverHeader, utf8 } from "./bytes";
import { type ConnectionVector, type ExpectedEvent, HANDSHAKE_OK, RFC_NONCE, type Step } from "./connection";
import { RFC_MASK_KEY as K } from "./frames";

const OPEN: ExpectedEvent = { type: "open", protocol: "" };
const open: Step = { receive: HANDSHAKE_OK };
const OPEN_STATE = 1;
const CLOSING = 2;
const CLOSED = 3;
/** PieceVerdict (ts/core/outgoing-stream.ts), written out: the vectors must not import the code under test. */
const ACCEPTED = 0;
const NOT_OPEN = 1;
const TYPE_MISMATCH = 2;
const INVALID_UTF8 = 3;
const UNFINISHED_UTF8 = 4;

const TEXT = 1;
const BINARY = 2;
const CONTINUATION = 0;

const piece = (data: string, fin: boolean, binary = false): Step => ({ piece: data, fin, binary });
const message = (data: string, binary: boolean, partial?: true): ExpectedEvent => ({ type: "message", data, binary, partial });

/** A text message cut at every byte of `char` (two pieces), then sent one byte per piece: each piece
 *  is accepted, and the frames carry the bytes as they were cut. */
function splitEverywhere(name: string, char: string): ConnectionVector {
  const bytes = utf8(char);
  const steps: Step[] = [open];
  const sent: string[] = [];
  const verdicts: number[] = [];
  for (let cut = 1; cut < bytes.length; cut++) {
    const head = "<" + bytes.slice(0, cut);
    const tail = bytes.slice(cut) + ">";
    steps.push(piece(head, false), piece(tail, true));
    sent.push(clientFrame(TEXT, head, K, false), clientFrame(CONTINUATION, tail, K, true));
    verdicts.push(ACCEPTED, ACCEPTED);
  }
  // Then one byte per piece, framed by ASCII at both ends: fengari keys strings by the unpadded hex
  // of their bytes, so a lone "\x80" in the vectors chunk would be taken for a "\x08\x00" of another
  // vector (its lexer interns every string of a chunk in one table).
  for (let i = 0; i < bytes.length; i++) {
    const last = i === bytes.length - 1;
    const data = (i === 0 ? "<" : "") + bytes[i] + (last ? ">" : "");
    steps.push(piece(data, last));
    sent.push(clientFrame(i === 0 ? TEXT : CONTINUATION, data, K, last));
    verdicts.push(ACCEPTED);
  }
  return { name, steps, events: [OPEN], sent: sent.join(""), verdicts, state: OPEN_STATE };
}

export const streamVectors: ConnectionVector[] = [
  // ---- sending in pieces ----
  {
    name: "pieces out: a Text frame without FIN, Continuation frames, FIN on the last, each masked",
    random: [RFC_NONCE, hex("01 02 03 04"), hex("05 06 07 08"), hex("09 0a 0b 0c")],
    steps: [open, piece("Hel", false), piece("lo", false), piece("!", true)],
    events: [OPEN],
    sent:
      clientFrame(TEXT, "Hel", hex("01 02 03 04"), false) +
      clientFrame(CONTINUATION, "lo", hex("05 06 07 08"), false) +
      clientFrame(CONTINUATION, "!", hex("09 0a 0b 0c"), true),
    verdicts: [ACCEPTED, ACCEPTED, ACCEPTED],
    state: OPEN_STATE,
  },
  {
    name: "pieces out: binary, ended by a plain send, then a whole message as usual",
    steps: [open, piece(countingBytes(3), false, true), piece("", false, true), { send: countingBytes(2), binary: true }, { send: "next" }],
    events: [OPEN],
    sent:
      clientFrame(BINARY, countingBytes(3), K, false) +
      clientFrame(CONTINUATION, "", K, false) +
      clientFrame(CONTINUATION, countingBytes(2), K, true) +
      clientFrame(TEXT, "next", K, true),
    verdicts: [ACCEPTED, ACCEPTED],
    state: OPEN_STATE,
  },
  {
    name: "pieces out: a binary piece cannot continue a text message, nor a text piece a binary one",
    steps: [open, piece("ab", false), piece("xy", false, true), piece("cd", true), piece("12", false, true), piece("34", true), piece("56", true, true)],
    events: [OPEN],
    sent: clientFrame(TEXT, "ab", K, false) + clientFrame(CONTINUATION, "cd", K, true) + clientFrame(BINARY, "12", K, false) + clientFrame(CONTINUATION, "56", K, true),
    verdicts: [ACCEPTED, TYPE_MISMATCH, ACCEPTED, ACCEPTED, TYPE_MISMATCH, ACCEPTED],
    state: OPEN_STATE,
  },
  splitEverywhere("pieces out: a 2-byte character cut at every byte", "\u00e9"),
  splitEverywhere("pieces out: a 3-byte character cut at every byte", "\u20ac"),
  splitEverywhere("pieces out: a 4-byte character cut at every byte", "\u{1f600}"),
  {
    name: "pieces out: a piece that cannot continue valid UTF-8 is refused, nothing of it sent, the message stays open",
    steps: [open, piece("a", false), piece(hex("ff"), false), piece(hex("e2"), false), piece("A", false), piece(hex("82 ac"), false), piece(hex("ed a0 80"), true), piece("z", true)],
    events: [OPEN],
    sent: clientFrame(TEXT, "a", K, false) + clientFrame(CONTINUATION, hex("e2"), K, false) + clientFrame(CONTINUATION, hex("82 ac"), K, false) + clientFrame(CONTINUATION, "z", K, true),
    verdicts: [ACCEPTED, INVALID_UTF8, ACCEPTED, INVALID_UTF8, ACCEPTED, INVALID_UTF8, ACCEPTED],
    state: OPEN_STATE,
  },
  {
    name: "pieces out: a last piece that leaves a UTF-8 sequence unfinished is refused; so is a first and last piece",
    steps: [open, piece(hex("e2 82"), true), piece("a", false), piece(hex("e2 82"), true), piece(hex("e2 82 ac"), true)],
    events: [OPEN],
    sent: clientFrame(TEXT, "a", K, false) + clientFrame(CONTINUATION, hex("e2 82 ac"), K, true),
    verdicts: [UNFINISHED_UTF8, ACCEPTED, UNFINISHED_UTF8, ACCEPTED],
    state: OPEN_STATE,
  },
  {
    name: "pieces out: a ping and a close between the pieces go as they come; no piece after the close",
    steps: [open, piece("ab", false), { ping: "p" }, piece("cd", false), { close: true, code: 1000 }, piece("ef", true)],
    events: [OPEN],
    sent: clientFrame(TEXT, "ab", K, false) + clientFrame(9, "p", K) + clientFrame(CONTINUATION, "cd", K, false) + clientFrame(8, closeBody(1000), K),
    verdicts: [ACCEPTED, ACCEPTED, NOT_OPEN],
    state: CLOSING,
  },
  {
    name: "pieces out: an answer to a ping goes between the pieces",
    steps: [open, piece("ab", false), { write: true }, { receive: serverFrame(9, "q") }, piece("cd", true)],
    events: [OPEN],
    sent: clientFrame(TEXT, "ab", K, false) + clientFrame(10, "q", K) + clientFrame(CONTINUATION, "cd", K, true),
    verdicts: [ACCEPTED, ACCEPTED],
    state: OPEN_STATE,
  },
  {
    name: "pieces out: refused before the connection is open",
    steps: [piece("ab", false), open, piece("cd", true)],
    events: [OPEN],
    sent: clientFrame(TEXT, "cd", K, true),
    verdicts: [NOT_OPEN, ACCEPTED],
    state: OPEN_STATE,
  },

  // ---- receiving in pieces (receiveFragments) ----
  {
    name: "pieces in: each piece as it is taken, the last with isFinal",
    receiveFragments: true,
    steps: [open, { receive: serverFrame(TEXT, "Hel", { fin: false }) }, { take: true }, { receive: serverFrame(CONTINUATION, "lo", { fin: false }) + serverFrame(CONTINUATION, "!") }],
    events: [OPEN, message("Hel", false, true), message("lo!", false)],
    state: OPEN_STATE,
  },
  {
    name: "pieces in: a big single frame gives what has arrived of it, each time events are taken",
    receiveFragments: true,
    steps: [open, { receive: serverHeader(BINARY, 10) + countingBytes(4) }, { take: true }, { take: true }, { receive: countingBytes(7).slice(4) }, { take: true }, { receive: countingBytes(10).slice(7) }],
    events: [OPEN, message(countingBytes(4), true, true), message(countingBytes(7).slice(4), true, true), message(countingBytes(10).slice(7), true)],
    state: OPEN_STATE,
  },
  {
    name: "pieces in: text pieces end on character boundaries; a piece of only an unfinished sequence waits",
    receiveFragments: true,
    steps: [
      open,
      { receive: serverFrame(TEXT, "a" + hex("e2 82"), { fin: false }) },
      { take: true },
      { receive: serverFrame(CONTINUATION, hex("ac") + "b" + hex("f0"), { fin: false }) },
      { take: true },
      { receive: serverFrame(CONTINUATION, hex("9f"), { fin: false }) },
      { take: true },
      { receive: serverFrame(CONTINUATION, hex("98 80")) },
    ],
    events: [OPEN, message("a", false, true), message(utf8("\u20acb"), false, true), message(utf8("\u{1f600}"), false)],
    state: OPEN_STATE,
  },
  {
    name: "pieces in: an empty last piece ends the message; whole messages stay whole",
    receiveFragments: true,
    steps: [open, { receive: serverFrame(BINARY, "ab", { fin: false }) }, { take: true }, { receive: serverFrame(CONTINUATION, "") + serverFrame(TEXT, "whole") }],
    events: [OPEN, message("ab", true, true), message("", true), message("whole", false)],
    state: OPEN_STATE,
  },
  {
    name: "pieces in: what arrived before a pong is handed out before it",
    receiveFragments: true,
    steps: [open, { receive: serverFrame(BINARY, "ab", { fin: false }) + serverFrame(10, "p") + serverFrame(CONTINUATION, "cd") }],
    events: [OPEN, message("ab", true, true), { type: "pong", data: "p" }, message("cd", true)],
    state: OPEN_STATE,
  },
  {
    name: "pieces in: maxMessageSize counts the whole message (1009)",
    receiveFragments: true,
    maxMessageSize: 5,
    steps: [open, { receive: serverFrame(TEXT, "abc", { fin: false }) }, { take: true }, { receive: serverFrame(CONTINUATION, "def") }],
    events: [OPEN, message("abc", false, true), { type: "error", errorType: "limit", code: 1009 }, { type: "close", code: 1009, wasClean: false }],
    sent: clientFrame(8, closeBody(1009), K),
    state: CLOSED,
  },
  {
    name: "pieces in: UTF-8 is judged across pieces (1007)",
    receiveFragments: true,
    steps: [open, { receive: serverFrame(TEXT, "a" + hex("e2"), { fin: false }) }, { take: true }, { receive: serverFrame(CONTINUATION, "A") }],
    events: [OPEN, message("a", false, true), { type: "error", errorType: "protocol", code: 1007 }, { type: "close", code: 1007, wasClean: false }],
    sent: clientFrame(8, closeBody(1007), K),
    state: CLOSED,
  },
  {
    name: "pieces in: a text message ending inside a sequence fails (1007)",
    receiveFragments: true,
    steps: [open, { receive: serverFrame(TEXT, "a" + hex("e2 82"), { fin: false }) }, { take: true }, { receive: serverFrame(CONTINUATION, "") }],
    events: [OPEN, message("a", false, true), { type: "error", errorType: "protocol", code: 1007 }, { type: "close", code: 1007, wasClean: false }],
    sent: clientFrame(8, closeBody(1007), K),
    state: CLOSED,
  },
];
