// Plays one case on a connected peer and grades it, in either role. The sequence is Autobahn's: the
// case's `open` sends whatever it sends and sets its timers; every message, ping and pong the
// endpoint sends is recorded and, once what arrived matches every expected alternative, the fuzzer
// starts the close handshake itself when the case expects it to close; the case ends when TCP is
// gone. Then the case is graded (verdict.mjs), and may grade itself further (`lost`).
import { performance } from "node:perf_hooks";
import { FAILED, OK, finalVerdict, gradeConnection, sameEvents } from "./verdict.mjs";

/** However a case's timers are set, a run is cut off after this (plus the case's own budget). */
const HARD_CAP_MARGIN_MS = 10_000;

export class CaseRun {
  constructor(testCase, peer, profile) {
    this.testCase = testCase;
    this.peer = peer;
    this.profile = profile;
    this.received = [];
    /** Alternatives by grade, OK first; empty when the case grades itself. */
    this.expected = {};
    this.expectedClose = { closedByMe: true, closeCode: [1000], requireClean: true };
    this.behavior = FAILED;
    this.behaviorClose = FAILED;
    this.result = "Actual events differ from any expected.";
    this.resultClose = "TCP connection was dropped without close handshake";
    this.facts = {};
  }

  /** Autobahn's finishWhenDone: close once what arrived matches every alternative. */
  finishWhenDone() {
    if (!Object.values(this.expected).every((alternative) => sameEvents(this.received, alternative))) return;
    if (this.expectedClose.closedByMe && !this.testCase.suppressClose) this.peer.sendClose(this.expectedClose.closeCode[0]);
  }
}

export async function runCase(testCase, peer, profile) {
  const started = performance.now();
  const run = new CaseRun(testCase, peer, profile);
  peer.onReceived = (item) => {
    if (item.kind === "message" && testCase.onMessage) {
      testCase.onMessage(run, item);
      return;
    }
    run.received.push(item);
    run.finishWhenDone();
  };
  try {
    await testCase.open(run);
  } catch (error) {
    run.scriptError = error;
    peer.drop();
  }
  const capMs = testCase.budgetSeconds * 1000 * Math.max(peer.timeScale, peer.deadlineScale) + HARD_CAP_MARGIN_MS;
  const finished = await peer.waitFor(() => peer.closed, capMs);
  if (!finished) {
    run.hardCap = true;
    peer.drop();
    await peer.waitFor(() => peer.closed, 1000);
  }
  // Messages still inflating when TCP went away are part of what the endpoint sent.
  if (peer.inflating) await peer.inflating;
  gradeConnection(run);
  testCase.lost?.(run);
  const { verdict, reasons } = finalVerdict(run);
  if (run.hardCap) reasons.push(`did not finish within ${Math.round(capMs)} ms`);
  // A reset erases what the fuzzer had received but not read yet: say so where it may explain a verdict.
  if (verdict !== OK && peer.tcpError === "ECONNRESET") reasons.push("TCP: the endpoint reset the connection (bytes not yet read when it came are lost)");
  return {
    verdict: run.hardCap ? FAILED : verdict,
    behavior: run.behavior,
    behaviorClose: run.behaviorClose,
    reasons,
    run,
    durationMs: Math.round(performance.now() - started),
  };
}
