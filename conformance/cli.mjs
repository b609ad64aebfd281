#!/usr/bin/env node
// Runs the conformance server on its own, for any Autobahn-style client:
//   node conformance/cli.mjs [--port 9001] [--profile full|standard|small] [--time-scale X]
//                            [--compression] [--reports DIR]
// Prints each case's verdict as it is played; reports are read at GET /getReport?agent=NAME.
import { parseArgs } from "node:util";
import { FuzzingServer } from "./server.mjs";
import { PROFILE_NAMES } from "./profiles.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9001" },
    host: { type: "string", default: "127.0.0.1" },
    profile: { type: "string", default: "full" },
    reports: { type: "string" },
    "time-scale": { type: "string" },
    compression: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
  },
});
if (!PROFILE_NAMES.includes(values.profile)) {
  console.error(`--profile must be one of ${PROFILE_NAMES.join(", ")}`);
  process.exit(2);
}
const server = new FuzzingServer({
  profile: values.profile,
  reportDir: values.reports,
  compression: values.compression,
  timeScale: values["time-scale"] ? Number(values["time-scale"]) : undefined,
});
server.on("log", (line) => console.error(line));
if (!values.quiet) {
  server.on("caseDone", (agent, testCase, result) => {
    const why = result.reasons.length > 0 ? `  (${result.reasons.join("; ")})` : "";
    console.log(`${agent} ${testCase.id} ${result.verdict} ${result.durationMs} ms${why}`);
  });
}
server.on("reportsUpdated", (agent, report) => {
  const s = report.summary;
  console.log(`${agent}: ${s.run}/${s.cases} cases, OK ${s.OK}, NON-STRICT ${s["NON-STRICT"]}, INFORMATIONAL ${s.INFORMATIONAL}, UNIMPLEMENTED ${s.UNIMPLEMENTED}, FAILED ${s.FAILED}`);
});
const url = await server.listen(Number(values.port), values.host);
console.log(`conformance server (${values.profile} profile, ${server.cases.length} cases) at ${url}`);
