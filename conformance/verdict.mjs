// Grades one case as Autobahn|TestSuite does, in two parts:
//   behavior       what the endpoint sent back (messages with their type, pings, pongs, in order)
//                  against the case's alternatives: the first that matches gives OK or NON-STRICT;
//                  none is FAILED. Some cases grade themselves instead (INFORMATIONAL for behaviour
//                  the RFC leaves open, the performance cases of section 9, UNIMPLEMENTED for an
//                  extension the endpoint did not agree to).
//   behaviorClose  how the connection ended: the right side closed first, the close handshake was
//                  clean where the case requires it (else UNCLEAN), the endpoint's close code is one
//                  the case expects (else WRONG CODE), and, for the fuzzing client, the server closed
//                  TCP (else FAILED BY CLIENT, "it is preferred that the server close the TCP
//                  connection").
// Autobahn prints the two in two columns. Our one-word verdict is the behavior, made FAILED when the
// close grade is FAILED or UNCLEAN, or when the endpoint broke a rule of RFC 6455 on the wire (an
// Autobahn fuzzer would have failed the connection there); WRONG CODE and FAILED BY CLIENT stay
// notes, as Autobahn colours them amber, not red.

export const OK = "OK";
export const NON_STRICT = "NON-STRICT";
export const FAILED = "FAILED";
export const INFORMATIONAL = "INFORMATIONAL";
export const UNIMPLEMENTED = "UNIMPLEMENTED";
export const VERDICTS = [OK, NON_STRICT, INFORMATIONAL, UNIMPLEMENTED, FAILED];

export const CloseGrade = Object.freeze({
  OK: "OK",
  FAILED: "FAILED",
  UNCLEAN: "UNCLEAN",
  WRONG_CODE: "WRONG CODE",
  FAILED_BY_CLIENT: "FAILED BY CLIENT",
  INFORMATIONAL: "INFORMATIONAL",
});

/** Two received items are the same: kind, type and bytes (Autobahn compares them pickled). */
function sameItem(a, b) {
  if (a.kind !== b.kind) return false;
  if (a.kind === "timeout") return a.tag === b.tag;
  if (a.kind === "message" && a.binary !== b.binary) return false;
  return a.data.equals(b.data);
}

export function sameEvents(received, expected) {
  return received.length === expected.length && received.every((item, i) => sameItem(item, expected[i]));
}

/**
 * Autobahn's onConnectionLost for a case run `run` (case-runner.mjs): sets run.behavior,
 * run.behaviorClose, run.result and run.resultClose.
 */
export function gradeConnection(run) {
  const { peer } = run;
  for (const [grade, alternative] of Object.entries(run.expected)) {
    if (sameEvents(run.received, alternative)) {
      run.behavior = grade;
      run.result = "Actual events match at least one expected.";
      break;
    }
  }
  const expectedClose = run.expectedClose;
  const code = peer.remoteClose?.code;
  if (expectedClose.closedByMe !== peer.closedByMe) {
    run.behaviorClose = CloseGrade.FAILED;
    run.resultClose = "The connection was failed by the wrong endpoint";
  } else if (expectedClose.requireClean && !peer.wasClean) {
    run.behaviorClose = CloseGrade.UNCLEAN;
    run.resultClose = "The spec requires the connection to be failed cleanly here";
  } else if (code !== undefined && !expectedClose.closeCode.includes(code)) {
    run.behaviorClose = CloseGrade.WRONG_CODE;
    run.resultClose = `The close code should have been ${expectedClose.closeCode.join(",")} or empty`;
  } else if (peer.role === "client" && peer.droppedByMe) {
    run.behaviorClose = CloseGrade.FAILED_BY_CLIENT;
    run.resultClose = "It is preferred that the server close the TCP connection";
  } else {
    run.behaviorClose = CloseGrade.OK;
    run.resultClose = "Connection was properly closed";
  }
  // For the UTF-8 cases, the wrong side closing means the endpoint never noticed the bad text.
  if (expectedClose.closedByWrongEndpointIsFatal && expectedClose.closedByMe !== peer.closedByMe) run.behavior = FAILED;
}

/** The one-word verdict and the sentences that explain everything below OK. */
export function finalVerdict(run) {
  const reasons = [];
  let verdict = run.behavior;
  if (verdict !== OK) reasons.push(`${verdict}: ${run.result}`);
  if (run.behaviorClose !== CloseGrade.OK && run.behaviorClose !== CloseGrade.INFORMATIONAL) reasons.push(`close ${run.behaviorClose}: ${run.resultClose}`);
  const selfGraded = verdict === INFORMATIONAL || verdict === UNIMPLEMENTED;
  if (!selfGraded && (run.behaviorClose === CloseGrade.FAILED || run.behaviorClose === CloseGrade.UNCLEAN)) verdict = FAILED;
  if (run.peer.violations.length > 0 && verdict !== UNIMPLEMENTED) {
    reasons.push(...run.peer.violations.map((v) => `protocol: ${v}`));
    verdict = FAILED;
  }
  if (run.scriptError) {
    reasons.push(`case script error: ${run.scriptError.message}`);
    verdict = FAILED;
  }
  return { verdict, reasons };
}

/** "2 messages (text 125 B, binary 0 B) and 1 pong (13 B)" */
export function describe(list) {
  if (list.length === 0) return "nothing";
  const counts = new Map();
  for (const item of list) {
    const label = item.kind === "message" ? (item.binary ? "binary" : "text") : item.kind;
    const entry = counts.get(label) ?? { n: 0, bytes: [] };
    entry.n += 1;
    if (entry.bytes.length < 3 && item.data) entry.bytes.push(`${item.data.length} B`);
    counts.set(label, entry);
  }
  return [...counts].map(([label, { n, bytes }]) => `${n} ${label}${bytes.length > 0 ? ` (${bytes.join(", ")}${n > 3 ? ", ..." : ""})` : ""}`).join(", ");
}
