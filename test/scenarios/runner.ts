// Runs one scenario script in one Lua runtime and reads what the harness (harness.lua) printed.
//
// Unlike test/support/runtimes.ts's runLua, every output line is stamped with the moment it arrived,
// so a test can time what a scenario marked (MARK) against the events that followed (timeouts).
import { spawn } from "node:child_process";
import path from "node:path";
import { commandFor, luaPathEnv, PROJECT_ROOT, type Runtime } from "../support/runtimes";

export const SCENARIO_DIR = path.join(PROJECT_ROOT, "test/scenarios");

export interface ScenarioEvent {
  /** Milliseconds since the script started. */
  at: number;
  client: string;
  type: string;
  /** Decoded key=value fields: code, reason, wasClean, errorType, protocol, isBinary, len, sum, hex, text. */
  fields: Record<string, string>;
}

export interface ScenarioRun {
  runtime: Runtime;
  script: string;
  exitCode: number | null;
  timedOut: boolean;
  /** "ok", "fail <why>", or undefined when the script never printed a verdict. */
  result?: string;
  failures: string[];
  events: ScenarioEvent[];
  /** REPORT name -> its values. */
  reports: Map<string, string[]>;
  /** MARK name -> milliseconds since the script started. */
  marks: Map<string, number>;
  /** Every stdout line in order. */
  lines: string[];
  stderr: string;
  /** Everything, for an assertion message: stdout lines with their times, then stderr. */
  log: string;
}

function decode(value: string): string {
  return Buffer.from(value.replace(/%([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), "latin1")
    .toString("latin1");
}

function parseEvent(at: number, line: string): ScenarioEvent {
  const [, client, , type, ...pairs] = line.split(" ");
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    fields[pair.slice(0, eq)] = decode(pair.slice(eq + 1));
  }
  return { at, client, type, fields };
}

export function runScenario(
  runtime: Runtime,
  script: string,
  args: Record<string, string>,
  timeoutMs: number,
): Promise<ScenarioRun> {
  const scriptPath = path.join(SCENARIO_DIR, script);
  const [command, argv] = commandFor(runtime, scriptPath, Object.entries(args).map(([k, v]) => `${k}=${v}`));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...luaPathEnv([SCENARIO_DIR]) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stamped: { at: number; text: string }[] = [];
    let partial = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      const at = Date.now() - started;
      const pieces = (partial + chunk.toString("latin1")).split("\n");
      partial = pieces.pop()!;
      for (const text of pieces) stamped.push({ at, text });
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("latin1")));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      if (partial) stamped.push({ at: Date.now() - started, text: partial });
      const run: ScenarioRun = {
        runtime,
        script,
        exitCode,
        timedOut,
        failures: [],
        events: [],
        marks: new Map(),
        reports: new Map(),
        lines: stamped.map((l) => l.text),
        stderr,
        log: "",
      };
      for (const { at, text } of stamped) {
        if (text.startsWith("EVENT ")) run.events.push(parseEvent(at, text));
        else if (text.startsWith("MARK ")) run.marks.set(text.slice(5), at);
        else if (text.startsWith("FAIL ")) run.failures.push(text.slice(5));
        else if (text.startsWith("REPORT ")) {
          const [name, ...values] = text.slice(7).split(" ");
          run.reports.set(name, values.map(decode));
        }
        else if (text.startsWith("RESULT ")) run.result = text.slice(7);
      }
      run.log = [
        `${runtime} ${script}: exit ${exitCode}${timedOut ? `, killed after ${timeoutMs} ms` : ""}`,
        ...stamped.map((l) => `${String(l.at).padStart(6)} ms  ${l.text}`),
        stderr ? `stderr:\n${stderr}` : "",
      ].join("\n");
      resolve(run);
    });
  });
}

/** Milliseconds from MARK `mark` to the first `type` event of `client` after it. */
export function elapsedSince(run: ScenarioRun, mark: string, client: string, type: string): number | undefined {
  const start = run.marks.get(mark);
  if (start === undefined) return undefined;
  const event = run.events.find((e) => e.client === client && e.type === type && e.at >= start);
  return event === undefined ? undefined : event.at - start;
}
