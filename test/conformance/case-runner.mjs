// Plays one case against a connected client and grades it. The sequence is Autobahn's: run the
// case's script (it sends whatever it sends); then either the server starts the close handshake once
// the client has sent back what it should, or the client is expected to fail the connection; then
// wait for TCP to go away. Everything happens within the case's time budget.
import { performance } from "node:perf_hooks";
import { judge } from "./verdict.mjs";

/**
 * After the expected echoes arrived (or when none is expected), how long the server still listens
 * before it closes, so that an echo that should not have come is seen.
 */
export const SETTLE_MS = 100;

export async function runCase(testCase, peer) {
  const started = performance.now();
  const remaining = () => Math.max(0, started + testCase.timeoutMs - performance.now());
  let timedOut = false;
  let scriptError;

  const script = Promise.resolve()
    .then(() => testCase.run(peer))
    .then(
      () => true,
      (error) => {
        scriptError = error;
        return true;
      },
    );
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), remaining())));
  timedOut = !(await Promise.race([script, timeout]));
  clearTimeout(timer);

  if (!timedOut && testCase.close.kind === "server-closes" && !peer.serverClose && !peer.stopped) {
    await awaitExpectedEchoes(testCase, peer, remaining);
    if (!peer.stopped) await peer.sendClose(testCase.close.code, { reason: testCase.close.reason });
  }
  if (!timedOut && testCase.close.kind === "client-fails") await awaitFailure(testCase, peer, remaining);
  if (!timedOut) timedOut = !(await peer.waitFor(() => peer.closed, remaining()));
  if (timedOut) peer.destroy();

  const outcome = { ...peer.record(), timedOut, durationMs: Math.round(performance.now() - started) };
  if (scriptError) outcome.violations = [...outcome.violations, `case script error: ${scriptError.message}`];
  return { outcome, ...judge(testCase, outcome) };
}

/**
 * Waits until the client has sent back as much as the longest expected answer. When what arrived so
 * far is as long as a shorter alternative, the server waits only a quiet spell for more. When nothing
 * is expected, it still listens for a quiet spell so that an unexpected echo is seen.
 */
async function awaitExpectedEchoes(testCase, peer, remaining) {
  const alternatives = [...testCase.expect.ok, ...(testCase.expect.nonStrict ?? [])];
  const lengths = new Set(alternatives.map((a) => a.length));
  const longest = Math.max(0, ...lengths);
  while (!peer.stopped && remaining() > 0) {
    const count = peer.observations.length;
    if (count > longest || (count === longest && longest > 0)) return;
    const patience = lengths.has(count) ? Math.min(SETTLE_MS, remaining()) : remaining();
    const progressed = await peer.waitFor(() => peer.stopped || peer.observations.length > count, patience);
    if (!progressed) return;
  }
}

/**
 * Waits for the client to fail the connection. A client that instead answers more than any expected
 * alternative (it echoed what it should have refused) has already failed the case: the server stops
 * waiting and drops the connection rather than spend the whole time budget.
 */
async function awaitFailure(testCase, peer, remaining) {
  const alternatives = [...testCase.expect.ok, ...(testCase.expect.nonStrict ?? [])];
  const longest = Math.max(0, ...alternatives.map((a) => a.length));
  await peer.waitFor(() => peer.closed || peer.clientClose !== undefined || peer.observations.length > longest, remaining());
  if (!peer.closed && !peer.clientClose && peer.observations.length > longest) peer.destroy();
}
