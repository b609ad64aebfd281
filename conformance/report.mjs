// One agent's results: every case it ran with its verdict and why, and a summary that counts
// verdicts like Autobahn's report index, in all and per section.
import fs from "node:fs/promises";
import path from "node:path";
import { sectionOf } from "./cases/index.mjs";
import { describe, VERDICTS } from "./verdict.mjs";

export class AgentReport {
  constructor(agent, profileName, cases) {
    this.agent = agent;
    this.profileName = profileName;
    this.cases = cases;
    this.results = new Map();
    this.updatedAt = undefined;
  }

  add(testCase, result) {
    const peer = result.run?.peer;
    this.results.set(testCase.id, {
      id: testCase.id,
      description: testCase.description,
      verdict: result.verdict,
      behavior: result.behavior,
      behaviorClose: result.behaviorClose,
      reasons: result.reasons,
      durationMs: result.durationMs,
      sentBack: describe(result.run?.received ?? []),
      remoteCloseCode: peer?.remoteClose ? (peer.remoteClose.code ?? null) : null,
      closedByMe: Boolean(peer?.closedByMe),
      wasClean: Boolean(peer?.wasClean),
    });
  }

  markUpdated() {
    this.updatedAt = new Date().toISOString();
  }

  toJSON() {
    const results = this.cases.filter((c) => this.results.has(c.id)).map((c) => this.results.get(c.id));
    return {
      agent: this.agent,
      profile: this.profileName,
      updatedAt: this.updatedAt ?? null,
      summary: {
        cases: this.cases.length,
        run: results.length,
        ...countVerdicts(results),
        notRun: this.cases.filter((c) => !this.results.has(c.id)).map((c) => c.id),
        durationMs: results.reduce((sum, r) => sum + r.durationMs, 0),
        sections: sectionSummary(results),
      },
      cases: results,
    };
  }
}

export function countVerdicts(results) {
  return Object.fromEntries(VERDICTS.map((v) => [v, results.filter((r) => r.verdict === v).length]));
}

/** `{ "1": { cases, OK, ... }, ... }` in case order. */
export function sectionSummary(results) {
  const sections = {};
  for (const r of results) {
    const s = sectionOf(r.id);
    sections[s] ??= { cases: 0, ...Object.fromEntries(VERDICTS.map((v) => [v, 0])) };
    sections[s].cases += 1;
    sections[s][r.verdict] += 1;
  }
  return sections;
}

/** Writes DIR/AGENT.json (the agent name made safe for a file name). */
export async function writeReport(directory, report) {
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, `${report.agent.replace(/[^A-Za-z0-9._-]/g, "_") || "agent"}.json`);
  await fs.writeFile(file, JSON.stringify(report, null, 2) + "\n");
  return file;
}
