// How the benchmarks run their clients: a child process that prints one "RESULT key=value ..." line
// (bench/e2e-client.lua, bench/e2e-hostile-client.lua, bench/codec/e2e-client.lua, and their ws
// twins). One place reads its output, so every benchmark reports a failed client the same way.
import { spawn } from "node:child_process";

/**
 * Runs `command args` to its end. Resolves to { fields, output }: the RESULT line's fields as
 * strings, and everything the child printed; or to { error } when it exits non-zero, prints no
 * RESULT line, or is still running after `timeoutMs` (killed; no limit when undefined).
 */
export function runForResult(command, args, { env = process.env, cwd, timeoutMs } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b) => (output += b));
    child.stderr.on("data", (b) => (output += b));
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = output.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) {
        resolve({ error: `exit ${code}: ${output.trim().split("\n").slice(-3).join(" | ")}` });
        return;
      }
      resolve({ fields: Object.fromEntries(line.split(" ").slice(1).map((kv) => kv.split("="))), output });
    });
  });
}
