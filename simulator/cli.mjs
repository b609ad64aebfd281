#!/usr/bin/env node
// The headless simulator from the command line (`npm run simulator -- ...` builds the plugin first):
//
//   node simulator/cli.mjs PROJECT_DIR [--runtime lua5.1|luajit|lua5.3|lua5.4|wasmoon|fengari] [--timeout SECONDS]
//        [--url [FROM=]TO]... [--exit-when-idle] [--platform NAME] [--tap ID@SECONDS]... [-- LAUNCH_ARGS...]
//
// The exit status is the project's os.exit code, 1 after a Lua error, 0 with --exit-when-idle once
// nothing is left to do, 124 after the timeout. LAUNCH_ARGS reach main.lua as `(...).args`.
// SIGUSR1 suspends the app (Runtime "system" event applicationSuspend), SIGUSR2 resumes it.
import { defaultRuntime, parseUrlMapping, runProject, SIMULATOR_RUNTIMES } from "./simulator.mjs";

const USAGE = `usage: simulator/cli.mjs PROJECT_DIR [--runtime ${SIMULATOR_RUNTIMES.join("|")}] [--timeout SECONDS] [--url [FROM=]TO]... [--exit-when-idle] [--platform NAME] [--tap ID@SECONDS]... [-- LAUNCH_ARGS...]`;

function usage(problem) {
  process.stderr.write(`${problem ? `simulator: ${problem}\n` : ""}${USAGE}\n`);
  process.exit(2);
}

function parse(argv) {
  const options = { runtime: undefined, timeoutSeconds: undefined, launchArgs: [], taps: [], urlMap: [], exitWhenIdle: false };
  let projectDir;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      options.launchArgs.push(...argv.slice(i + 1));
      break;
    } else if (a === "--runtime") {
      options.runtime = argv[++i];
      if (!SIMULATOR_RUNTIMES.includes(options.runtime)) usage(`unknown runtime '${options.runtime}'`);
    } else if (a === "--timeout") {
      options.timeoutSeconds = Number(argv[++i]);
      if (!(options.timeoutSeconds > 0)) usage("--timeout needs a number of seconds");
    } else if (a === "--url") {
      try {
        options.urlMap.push(parseUrlMapping(argv[++i] ?? ""));
      } catch (e) {
        usage(e.message);
      }
    } else if (a === "--exit-when-idle") {
      options.exitWhenIdle = true;
    } else if (a === "--platform") {
      options.platform = argv[++i];
      if (!options.platform) usage("--platform needs a name (android, ios, macos, win32, ...)");
    } else if (a === "--tap") {
      const match = /^(.+)@([\d.]+)$/.exec(argv[++i] ?? "");
      if (!match) usage("--tap needs ID@SECONDS");
      options.taps.push({ id: match[1], atSeconds: Number(match[2]) });
    } else if (projectDir === undefined && !a.startsWith("--")) {
      projectDir = a;
    } else {
      options.launchArgs.push(a);
    }
  }
  if (projectDir === undefined) usage("no project folder");
  options.runtime ??= defaultRuntime();
  return { projectDir, options };
}

const { projectDir, options } = parse(process.argv.slice(2));
// Signals that arrive before the project runs are kept and applied once it does.
let control;
const early = [];
const signal = (what) => (control ? control[what]() : early.push(what));
process.on("SIGUSR1", () => signal("suspend"));
process.on("SIGUSR2", () => signal("resume"));
options.onControl = (c) => {
  control = c;
  for (const what of early.splice(0)) control[what]();
};

let status;
try {
  status = await runProject(projectDir, options);
} catch (e) {
  process.stderr.write(`simulator: ${e.message}\n`);
  status = 1;
}
process.exit(status);
