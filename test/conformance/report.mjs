// One agent's results: every case it ran with its verdict and why, and a summary that counts
// verdicts like Autobahn's report index. Served as JSON by /getReport and written on /updateReports.
import fs from "node:fs/promises";
import path from "node:path";
import { describe, FAILED, NON_STRICT, OK } from "./verdict.mjs";

export class AgentReport {
  constructor(agent, profileName, cases) {
    this.agent = agent;
    this.profileName = profileName;
    this.cases = cases;
    this.results = new Map();
    this.updatedAt = undefined;
  }

  add(testCase, result) {
    const { outcome } = result;
    this.results.set(testCase.id, {
      id: testCase.id,
      description: testCase.description,
      verdict: result.verdict,
      behavior: result.behavior,
      behaviorClose: result.behaviorClose,
      reasons: result.reasons,
      durationMs: outcome.durationMs,
      sentBack: describe(outcome.observations),
      clientClose: outcome.clientClose ? { code: outcome.clientClose.code ?? null, reason: outcome.clientClose.reason } : null,
      droppedWithoutClose: Boolean(outcome.droppedWithoutClose),
    });
  }

  markUpdated() {
    this.updatedAt = new Date().toISOString();
  }

  toJSON() {
    const results = this.cases.filter((c) => this.results.has(c.id)).map((c) => this.results.get(c.id));
    const count = (verdict) => results.filter((r) => r.verdict === verdict).length;
    return {
      agent: this.agent,
      profile: this.profileName,
      updatedAt: this.updatedAt ?? null,
      summary: {
        cases: this.cases.length,
        run: results.length,
        [OK]: count(OK),
        [NON_STRICT]: count(NON_STRICT),
        [FAILED]: count(FAILED),
        notRun: this.cases.filter((c) => !this.results.has(c.id)).map((c) => c.id),
        durationMs: results.reduce((sum, r) => sum + r.durationMs, 0),
      },
      cases: results,
    };
  }
}

/** Writes DIR/AGENT.json (the agent name made safe for a file name). */
export async function writeReport(directory, report) {
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, `${report.agent.replace(/[^A-Za-z0-9._-]/g, "_") || "agent"}.json`);
  await fs.writeFile(file, JSON.stringify(report, null, 2) + "\n");
  return file;
}
