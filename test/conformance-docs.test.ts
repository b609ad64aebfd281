// docs/conformance.md's result tables are written by the runners (tools/autobahn.mjs --write-docs,
// tools/autobahn-server.mjs --fuzz --write-docs), but nothing stopped a hand edit, a partial run or
// a FAILED run from being committed. This file reads the committed tables (no network, no Lua) and
// requires that each block is a whole, passing run: every runtime the runners support, every case
// id the conformance code defines (conformance/cases/index.mjs) in each runtime's column, the
// summary counting them all, and no FAILED or NON-STRICT anywhere.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { buildCases } from "../conformance/cases/index.mjs";
// @ts-expect-error plain JavaScript module without types
import { profile } from "../conformance/profiles.mjs";
// @ts-expect-error plain JavaScript module without types
import { AUTOBAHN_RUNTIMES } from "../tools/autobahn.mjs";
import { ALL_RUNTIMES, PROJECT_ROOT } from "./support/runtimes";

const VERDICTS = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"];
const ids = (compression: boolean): string[] => {
  const all = buildCases(profile("small"), { compression }).map((c: { id: string }) => c.id);
  return compression ? all.filter((id: string) => id.startsWith("12.") || id.startsWith("13.")) : all;
};
const BASE_IDS = ids(false);
const COMPRESSION_IDS = ids(true);

/** The blocks the runners write, with the command that must have written them and the ids it plays. */
const BLOCKS = [
  { name: "summary", tool: "node tools/autobahn.mjs --all", ids: BASE_IDS },
  { name: "plugin-server", tool: "node tools/autobahn-server.mjs --fuzz", ids: BASE_IDS },
  { name: "compression", tool: "node tools/autobahn.mjs --all", ids: COMPRESSION_IDS },
  { name: "compression-server", tool: "node tools/autobahn-server.mjs --fuzz", ids: COMPRESSION_IDS },
];

/** The text between `<!-- NAME:begin -->` and `<!-- NAME:end -->`. */
export function block(markdown: string, name: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const from = markdown.indexOf(begin);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/conformance.md has no ${begin} ... ${end}`);
  return markdown.slice(from + begin.length, to);
}

/** Every markdown table of a block: its header cells and its rows (the |---| line left out). */
export function tables(text: string): { header: string[]; rows: string[][] }[] {
  const found: { header: string[]; rows: string[][] }[] = [];
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
  let current: { header: string[]; rows: string[][] } | undefined;
  for (const line of text.split("\n")) {
    if (!line.trim().startsWith("|")) {
      current = undefined;
      continue;
    }
    if (!current) {
      current = { header: cells(line), rows: [] };
      found.push(current);
    } else if (!/^\|[-:|\s]+\|$/.test(line.trim())) {
      current.rows.push(cells(line));
    }
  }
  return found;
}

/** The problems of one block: empty when it records a whole, passing run of `expectedIds` on every runtime. */
export function blockProblems(text: string, { tool, ids: expectedIds }: { tool: string; ids: string[] }): string[] {
  const problems: string[] = [];
  const lastRun = /^Last run: \d{4}-\d{2}-\d{2}, `([^`]+)`/m.exec(text);
  if (!lastRun) problems.push("no 'Last run: DATE, `command`' line");
  else if (!lastRun[1].startsWith(tool) || !lastRun[1].includes("--write-docs")) problems.push(`written by '${lastRun[1]}', not by ${tool} ... --write-docs`);
  const all = tables(text);
  const summary = all.find((t) => t.header[0] === "runtime" && t.header.includes("FAILED"));
  const perCase = all.find((t) => t.header[0] === "case");
  if (!summary) return [...problems, "no summary table"];
  const expectedHeader = ["runtime", "profile", "cases", ...VERDICTS, "duration"];
  if (summary.header.join("|") !== expectedHeader.join("|")) problems.push(`summary header ${summary.header.join(" | ")}`);
  const runtimes = summary.rows.map((row) => row[0]);
  if (runtimes.join(",") !== AUTOBAHN_RUNTIMES.join(",")) problems.push(`summary runtimes ${runtimes.join(", ")}, not ${AUTOBAHN_RUNTIMES.join(", ")}`);
  for (const row of summary.rows) {
    const [runtime, , cases, ...rest] = row;
    const counts = Object.fromEntries(VERDICTS.map((v, i) => [v, Number(rest[i])]));
    if (cases !== `${expectedIds.length}/${expectedIds.length}`) problems.push(`${runtime}: ${cases} cases run, not ${expectedIds.length}/${expectedIds.length}`);
    const total = VERDICTS.reduce((sum, v) => sum + counts[v], 0);
    if (total !== expectedIds.length) problems.push(`${runtime}: verdicts add up to ${total}, not ${expectedIds.length}`);
    if (counts.FAILED !== 0) problems.push(`${runtime}: ${rest[4]} FAILED`);
    if (counts["NON-STRICT"] !== 0) problems.push(`${runtime}: ${rest[1]} NON-STRICT`);
  }
  if (!perCase) return [...problems, "no table of every case"];
  if (perCase.header.slice(1).join(",") !== runtimes.join(",")) problems.push(`case table columns ${perCase.header.slice(1).join(", ")}, not the summary's runtimes`);
  const listed = perCase.rows.map((row) => row[0]);
  const missing = expectedIds.filter((id) => !listed.includes(id));
  const unknown = listed.filter((id) => !expectedIds.includes(id));
  if (missing.length > 0) problems.push(`case table lacks ${missing.join(", ")}`);
  if (unknown.length > 0) problems.push(`case table has unknown ids ${unknown.join(", ")}`);
  if (new Set(listed).size !== listed.length) problems.push("case table lists an id twice");
  for (const row of perCase.rows) {
    row.slice(1).forEach((verdict, i) => {
      if (verdict !== "OK" && verdict !== "INFORMATIONAL") problems.push(`${row[0]} on ${perCase.header[i + 1]}: ${verdict || "(empty)"}`);
    });
    if (row.length !== perCase.header.length) problems.push(`${row[0]}: ${row.length - 1} verdicts for ${perCase.header.length - 1} runtimes`);
  }
  for (const runtime of runtimes) {
    const column = perCase.header.indexOf(runtime);
    const row = summary.rows.find((r) => r[0] === runtime)!;
    for (const [i, verdict] of VERDICTS.entries()) {
      const inTable = perCase.rows.filter((r) => r[column] === verdict).length;
      if (inTable !== Number(row[3 + i])) problems.push(`${runtime}: summary says ${row[3 + i]} ${verdict}, the case table ${inTable}`);
    }
  }
  return problems;
}

const DOCS = fs.readFileSync(path.join(PROJECT_ROOT, "docs/conformance.md"), "utf8");

describe("docs/conformance.md records whole, passing runs", () => {
  it("the runners cover every runtime the plugin supports", () => {
    expect([...AUTOBAHN_RUNTIMES].sort()).toEqual([...ALL_RUNTIMES].sort());
    expect(BASE_IDS.length).toBe(301);
    expect(COMPRESSION_IDS.length).toBe(216);
  });

  it.each(BLOCKS)("$name: every runtime, every case id, 0 FAILED, 0 NON-STRICT", ({ name, tool, ids: expectedIds }) => {
    expect(blockProblems(block(DOCS, name), { tool, ids: expectedIds })).toEqual([]);
  });

  it("a block with a row removed, a FAILED verdict or a runtime missing is refused", () => {
    const good = block(DOCS, "summary");
    expect(blockProblems(good, { tool: BLOCKS[0].tool, ids: BASE_IDS })).toEqual([]);
    const withoutRow = good.replace(/^\| 6\.4\.2 \|.*\n/m, "");
    expect(withoutRow).not.toBe(good);
    expect(blockProblems(withoutRow, { tool: BLOCKS[0].tool, ids: BASE_IDS })).toContain("case table lacks 6.4.2");
    const failed = good.replace(/^\| 1\.1\.1 \| OK \|/m, "| 1.1.1 | FAILED |");
    expect(failed).not.toBe(good);
    expect(blockProblems(failed, { tool: BLOCKS[0].tool, ids: BASE_IDS }).join("\n")).toMatch(/1\.1\.1 on lua5\.1: FAILED/);
    const summaryFailed = good.replace(/^(\| lua5\.1 \| \w+ \| 301\/301 \| )298 \| 0 \| 3 \| 0 \| 0 \|/m, "$1297 | 0 | 3 | 0 | 1 |");
    expect(summaryFailed).not.toBe(good);
    expect(blockProblems(summaryFailed, { tool: BLOCKS[0].tool, ids: BASE_IDS })).toContain("lua5.1: 1 FAILED");
    const noLua53 = good.replace(/^\| lua5\.3 \|.*\n/m, "");
    expect(blockProblems(noLua53, { tool: BLOCKS[0].tool, ids: BASE_IDS }).join("\n")).toMatch(/summary runtimes/);
  });
});
