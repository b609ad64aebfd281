#!/usr/bin/env node
// The headless simulator from the command line:
//   node simulator/cli.mjs PROJECT_DIR [--runtime wasmoon|fengari] [--timeout SECONDS]
//                          [--tap ID@SECONDS]... [-- LAUNCH_ARGS...]
// (`npm run simulator -- ...` builds the plugin first.) The exit status is the project's os.exit
// code, 1 after a Lua error, 124 after the timeout. LAUNCH_ARGS reach main.lua as `(...).args`.
import { NODE_RUNTIMES } from "../host/lua-vm.mjs";
import { runProject } from "./simulator.mjs";

const USAGE = `usage: simulator/cli.mjs PROJECT_DIR [--runtime ${NODE_RUNTIMES.join("|")}] [--timeout SECONDS] [--tap ID@SECONDS]... [-- LAUNCH_ARGS...]`;

function usage(problem) {
  process.stderr.write(`${problem ? `simulator: ${problem}\n` : ""}${USAGE}\n`);
  process.exit(2);
}

function parse(argv) {
  const options = { runtime: "wasmoon", timeoutSeconds: undefined, launchArgs: [], taps: [] };
  let projectDir;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      options.launchArgs.push(...argv.slice(i + 1));
      break;
    } else if (a === "--runtime") {
      options.runtime = argv[++i];
      if (!NODE_RUNTIMES.includes(options.runtime)) usage(`unknown runtime '${options.runtime}'`);
    } else if (a === "--timeout") {
      options.timeoutSeconds = Number(argv[++i]);
      if (!(options.timeoutSeconds > 0)) usage("--timeout needs a number of seconds");
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
  return { projectDir, options };
}

const { projectDir, options } = parse(process.argv.slice(2));
let status;
try {
  status = await runProject(projectDir, options);
} catch (e) {
  process.stderr.write(`simulator: ${e.message}\n`);
  status = 1;
}
process.exit(status);
