#!/usr/bin/env node
// Runs the fuzzing client against any WebSocket echo server and writes a report:
//   node conformance/cli-client.mjs --url ws://127.0.0.1:9001 [--agent NAME] [--profile full|standard|small]
//                                   [--compression] [--time-scale X] [--cases 1.,2.10,9.7] [--reports DIR] [--quiet]
// --compression adds sections 12 and 13 (permessage-deflate; UNIMPLEMENTED for a server without it).
// --cases keeps the case ids starting with any of the given prefixes. Prints each case's verdict as
// it is played and the summary; exits 1 when a case FAILED.
import { parseArgs } from "node:util";
import { FuzzingClient } from "./client.mjs";
import { PROFILE_NAMES } from "./profiles.mjs";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    agent: { type: "string" },
    profile: { type: "string", default: "full" },
    cases: { type: "string" },
    reports: { type: "string", default: "reports/servers" },
    quiet: { type: "boolean", default: false },
    compression: { type: "boolean", default: false },
    "time-scale": { type: "string" },
  },
});
if (!values.url || !PROFILE_NAMES.includes(values.profile)) {
  console.error(`usage: cli-client.mjs --url ws://HOST:PORT [--agent NAME] [--profile ${PROFILE_NAMES.join("|")}] [--cases PREFIXES] [--reports DIR]`);
  process.exit(2);
}
const prefixes = values.cases?.split(",").filter(Boolean);
const client = new FuzzingClient({
  url: values.url,
  agent: values.agent,
  profile: values.profile,
  reportDir: values.reports,
  compression: values.compression,
  timeScale: values["time-scale"] ? Number(values["time-scale"]) : undefined,
  cases: prefixes ? (id) => prefixes.some((p) => id === p || id.startsWith(p.endsWith(".") ? p : `${p}.`)) : undefined,
});
if (!values.quiet) {
  client.on("caseDone", (testCase, result) => {
    const why = result.verdict !== "OK" && result.reasons.length > 0 ? `  (${result.reasons.join("; ")})` : "";
    console.log(`${testCase.id} ${result.verdict} ${result.durationMs} ms${why}`);
  });
}
const report = await client.run();
const s = report.summary;
console.log(`${report.agent}: ${s.run}/${s.cases} cases, OK ${s.OK}, NON-STRICT ${s["NON-STRICT"]}, INFORMATIONAL ${s.INFORMATIONAL}, UNIMPLEMENTED ${s.UNIMPLEMENTED}, FAILED ${s.FAILED}; report ${report.file}`);
process.exit(s.FAILED > 0 ? 1 : 0);
