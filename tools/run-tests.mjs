// `npm test` after the build: the vitest suites and the native checks (the Android transport's JUnit
// tests and JVM harness, the Apple shim's C checks) side by side. Most of the vitest files wait on
// Lua interpreters, browsers and sockets rather than on the CPU, and the native checks are mostly
// compilers, so running both at once keeps two cores busy instead of one after the other.
// The native output is held and printed after vitest's, so the two never interleave; the exit code
// is non-zero when either failed.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const extra = process.argv.slice(2);

function run(command, args, { capture }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
    const chunks = [];
    if (capture) {
      child.stdout.on("data", (chunk) => chunks.push(chunk));
      child.stderr.on("data", (chunk) => chunks.push(chunk));
    }
    child.on("close", (code, signal) => resolve({ code: code ?? 1, signal, output: Buffer.concat(chunks).toString() }));
  });
}

const started = Date.now();
const native = run("npm", ["run", "--silent", "test:native"], { capture: true });
// vitest's JSON report gives the counts for the closing line.
const report = path.join(root, "test/.tmp/vitest-report.json");
rmSync(report, { force: true });
const vitest = await run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extra], { capture: false });
const nativeResult = await native;
process.stdout.write("\n" + nativeResult.output);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
const failed = [vitest.code !== 0 && "vitest", nativeResult.code !== 0 && "native checks"].filter(Boolean);
console.log(failed.length === 0 ? `all suites passed in ${seconds} s` : `FAILED: ${failed.join(", ")} (${seconds} s)`);
try {
  const counts = JSON.parse(readFileSync(report, "utf8"));
  console.log(`vitest: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests + counts.numTodoTests} skipped`);
} catch {
  console.log("vitest: no report was written");
}
process.exit(failed.length === 0 ? 0 : 1);
