// Turns what a client did in one case into a verdict, as Autobahn|TestSuite grades: OK, NON-STRICT
// (allowed, but not what the RFC recommends), FAILED. A case's verdict is the worst of four checks:
//   behavior       what it sent back (messages and pongs, exact type and bytes) against the case's
//                  OK and NON-STRICT alternatives;
//   behaviorClose  how the connection ended (the close code, or a TCP drop where RFC 6455 allows
//                  "fail the connection");
//   protocol       every frame it wrote followed the RFC (masking with fresh keys, no reserved bits...);
//   timing         the case finished within its time budget.

export const OK = "OK";
export const NON_STRICT = "NON-STRICT";
export const FAILED = "FAILED";
const RANK = { [OK]: 0, [NON_STRICT]: 1, [FAILED]: 2 };

export function worst(...verdicts) {
  return verdicts.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), OK);
}

/**
 * `outcome` is the peer's record plus `{ timedOut, durationMs }`. Returns
 * `{ verdict, behavior, behaviorClose, reasons }`; `reasons` explains every grade below OK.
 */
export function judge(testCase, outcome) {
  const reasons = [];
  const behavior = judgeBehavior(testCase.expect, outcome.observations, reasons);
  const behaviorClose = outcome.timedOut ? FAILED : judgeClose(testCase.close, outcome, reasons);
  let verdict = worst(behavior, behaviorClose);
  if (outcome.timedOut) {
    reasons.push(`did not finish within ${testCase.timeoutMs} ms`);
    verdict = FAILED;
  }
  if (outcome.violations.length > 0) {
    reasons.push(...outcome.violations.map((v) => `protocol: ${v}`));
    verdict = FAILED;
  }
  const own = testCase.judge?.(outcome);
  if (own) {
    reasons.push(own.reason);
    verdict = worst(verdict, own.verdict);
  }
  return { verdict, behavior, behaviorClose, reasons };
}

// ---- behavior --------------------------------------------------------------------------------

/**
 * Messages must come back in order; pongs must come back in order. The two streams are compared
 * apart because RFC 6455 does not order an automatic pong against an application's echo.
 */
function judgeBehavior(expect, observations, reasons) {
  if (expect.ok.some((alternative) => matches(alternative, observations))) return OK;
  if ((expect.nonStrict ?? []).some((alternative) => matches(alternative, observations))) {
    reasons.push(`sent back ${describe(observations)}, the NON-STRICT alternative`);
    return NON_STRICT;
  }
  reasons.push(`sent back ${describe(observations)}; expected ${expect.ok.map(describe).join(" or ")}`);
  const difference = firstDifference(expect.ok[0], observations);
  if (difference) reasons.push(difference);
  return FAILED;
}

const messagesOf = (list) => list.filter((o) => o.kind !== "pong");
const pongsOf = (list) => list.filter((o) => o.kind === "pong");

function matches(expected, observed) {
  return sameSequence(messagesOf(expected), messagesOf(observed)) && sameSequence(pongsOf(expected), pongsOf(observed));
}

function sameSequence(expected, observed) {
  return expected.length === observed.length && expected.every((e, i) => e.kind === observed[i].kind && e.data.equals(observed[i].data));
}

/** "2 messages (text 125 B, binary 0 B) and 1 pong (13 B)" */
export function describe(list) {
  const messages = messagesOf(list);
  const pongs = pongsOf(list);
  if (list.length === 0) return "nothing";
  const parts = [];
  if (messages.length > 0) {
    const shown = messages.slice(0, 3).map((m) => `${m.kind} ${m.data.length} B`);
    if (messages.length > 3) shown.push("...");
    parts.push(`${messages.length} message${messages.length === 1 ? "" : "s"} (${shown.join(", ")})`);
  }
  if (pongs.length > 0) parts.push(`${pongs.length} pong${pongs.length === 1 ? "" : "s"}`);
  return parts.join(" and ");
}

function firstDifference(expected, observed) {
  for (const pick of [messagesOf, pongsOf]) {
    const e = pick(expected);
    const o = pick(observed);
    for (let i = 0; i < Math.min(e.length, o.length); i++) {
      if (e[i].kind !== o[i].kind) return `item ${i + 1}: ${o[i].kind} instead of ${e[i].kind}`;
      if (!e[i].data.equals(o[i].data)) {
        const at = firstDifferingByte(e[i].data, o[i].data);
        return `item ${i + 1} (${e[i].kind}): ${o[i].data.length} B instead of ${e[i].data.length} B, first difference at byte ${at}`;
      }
    }
  }
  return undefined;
}

function firstDifferingByte(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

// ---- close -----------------------------------------------------------------------------------

/**
 * Two kinds of ending:
 * - `{ kind: "server-closes", code, nonStrictCodes }`: the server starts the close handshake; the
 *   client must answer with a close frame, typically echoing the code (RFC 6455 section 5.5.1), so
 *   the code or 1000 is OK, no code at all is NON-STRICT.
 * - `{ kind: "client-fails", codes, nonStrictCodes }`: the client must _Fail the WebSocket
 *   Connection_ (section 7.1.7): a close frame with one of `codes` is OK; dropping TCP without one
 *   is NON-STRICT (the endpoint "SHOULD send a Close frame").
 */
function judgeClose(close, outcome, reasons) {
  const { clientClose, serverClose, droppedWithoutClose } = outcome;
  const code = clientClose?.code;
  const shown = code === undefined ? "no status code" : `code ${code}`;
  if (close.kind === "server-closes") {
    if (!serverClose) {
      reasons.push(clientClose ? `closed the connection itself with ${shown}` : "dropped TCP before the server closed");
      return FAILED;
    }
    if (!clientClose) {
      reasons.push("did not answer the server's close frame with a close frame (section 5.5.1)");
      return FAILED;
    }
    if (code === close.code || code === 1000) return OK;
    if (close.nonStrictCodes?.includes(code)) {
      reasons.push(`answered the server's close frame with ${shown}`);
      return NON_STRICT;
    }
    if (code === undefined) {
      reasons.push("answered the server's close frame without echoing its status code (section 5.5.1)");
      return NON_STRICT;
    }
    reasons.push(`answered the server's close frame with ${shown}; expected ${close.code ?? "none"} or 1000`);
    return FAILED;
  }
  if (clientClose) {
    if (close.codes.includes(code)) return OK;
    if (close.nonStrictCodes?.includes(code)) {
      reasons.push(`failed the connection with ${shown}; ${close.codes.join(" or ")} is the precise code`);
      return NON_STRICT;
    }
    reasons.push(`closed with ${shown}; expected it to fail the connection with ${close.codes.join(" or ")}`);
    return FAILED;
  }
  if (droppedWithoutClose) {
    const how = outcome.tcpError === "ECONNRESET" ? "resetting TCP" : "dropping TCP";
    reasons.push(`failed the connection by ${how} without a close frame (section 7.1.7: SHOULD send one)`);
    return NON_STRICT;
  }
  reasons.push(`did not fail the connection; expected close code ${close.codes.join(" or ")}`);
  return FAILED;
}
