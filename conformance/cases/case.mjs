// The vocabulary the case files are written in, after Autobahn|TestSuite's case descriptions: a case
// has an id, what it does and what it expects; `open(run)` sends and sets timers on `run.p` (the
// peer), and sets `run.expected` (the alternatives by grade) and `run.expectedClose`; `onMessage`
// replaces the default recording of messages (the performance cases count instead); `lost(run)`
// regrades once the connection is gone. The same definitions serve the fuzzing server and the
// fuzzing client: only the peer's role differs.
import { NON_STRICT, OK } from "../verdict.mjs";

export const CLOSE_NORMAL = 1000;
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_INVALID_PAYLOAD = 1007;

/**
 * `budgetSeconds` is the longest the case's own timers may keep it going (before the time scale);
 * the runner cuts it off a little after that. `deflate` (compression cases only): the client's
 * permessage-deflate offers and the server's way of accepting one (cases/compression.mjs).
 */
export function defineCase({ id, description, expectation, open, onMessage, lost, suppressClose = false, budgetSeconds = 10, deflate }) {
  return {
    id,
    deflate,
    description,
    expectation,
    suppressClose,
    budgetSeconds,
    onMessage,
    lost,
    open: (run) => {
      run.p = run.peer;
      return open(run);
    },
  };
}

const bytes = (data) => (Buffer.isBuffer(data) ? data : Buffer.from(data, "latin1"));

/** What the endpoint should send: a message (text unless `binary`), a ping, a pong; a timer mark. */
export const message = (data, binary = false) => ({ kind: "message", data: bytes(data), binary });
export const ping = (data = "") => ({ kind: "ping", data: bytes(data) });
export const pong = (data = "") => ({ kind: "pong", data: bytes(data) });
export const timeout = (tag) => ({ kind: "timeout", tag });

/** `run.expected` with OK first, then NON-STRICT when given. */
export function expect(run, ok, nonStrict) {
  run.expected = { [OK]: ok };
  if (nonStrict) run.expected[NON_STRICT] = nonStrict;
}

/** The fuzzer closes once the answer is in; the endpoint must complete a clean close handshake. */
export function expectCleanClose(run, codes = [CLOSE_NORMAL]) {
  run.expectedClose = { closedByMe: true, closeCode: codes, requireClean: true };
}

/** The endpoint must fail the connection itself, with one of `codes` or none at all (or drop TCP). */
export function expectFailure(run, codes = [CLOSE_PROTOCOL_ERROR], { closedByWrongEndpointIsFatal = false } = {}) {
  run.expectedClose = { closedByMe: false, closeCode: codes, requireClean: false, closedByWrongEndpointIsFatal };
}

/** An ASCII pattern repeated to `length` bytes, as Autobahn's payload * n. */
export const repeat = (pattern, length) => Buffer.alloc(length, bytes(pattern));
