// The core benchmark harness (bench/run.mjs): every core script runs in every runtime and yields
// every figure, and a run rewrites only the core section of docs/benchmarks.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without type declarations
import { rewriteCoreSection } from "../bench/run.mjs";
import { PROJECT_ROOT, runtimesToTest } from "./support/runtimes";

const KERNEL_FIGURES = ["mask (MiB/s)", "utf8-ascii (MiB/s)", "utf8-multibyte (MiB/s)"];

function runHarness(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "bench/run.mjs"), ...args], { cwd: PROJECT_ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The Markdown table as rows of cells, keyed by the first cell. */
function parseTable(stdout: string): { runtimes: string[]; rows: Map<string, string[]> } {
  const lines = stdout.split("\n").filter((l) => l.startsWith("|"));
  const cells = (line: string) => line.split("|").slice(1, -1).map((c) => c.trim());
  const [header, , ...body] = lines;
  const rows = new Map<string, string[]>();
  for (const line of body) {
    const [label, ...values] = cells(line);
    rows.set(label, values);
  }
  return { runtimes: cells(header).slice(1), rows };
}

describe("npm run bench: the core harness", () => {
  it("runs every core script in every runtime, and each yields every figure", async () => {
    const docs = path.join(PROJECT_ROOT, "docs/benchmarks.md");
    const before = fs.existsSync(docs) ? fs.readFileSync(docs, "utf8") : undefined;
    const run = await runHarness(["--quick", "--no-write"]);
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.code).toBe(0);

    const { runtimes, rows } = parseTable(run.stdout);
    const figures = [...rows.keys()].filter((label) => / \(.+\)$/.test(label));
    expect(figures).toEqual(expect.arrayContaining(KERNEL_FIGURES));
    for (const runtime of runtimesToTest()) {
      const column = runtimes.indexOf(runtime);
      expect(column, `${runtime} has a column`).toBeGreaterThanOrEqual(0);
      for (const figure of figures) {
        const value = Number(rows.get(figure)![column]);
        expect(value, `${figure} on ${runtime}`).toBeGreaterThan(0);
      }
    }
    // --no-write leaves the page alone.
    expect(fs.existsSync(docs) ? fs.readFileSync(docs, "utf8") : undefined).toBe(before);
  });

  it("rewrites only what lies between the core markers", () => {
    const page = [
      "# Benchmarks", "", "prose", "<!-- core:begin -->", "old table", "<!-- core:end -->", "",
      "<!-- e2e:begin -->", "end-to-end figures", "<!-- e2e:end -->", "",
    ].join("\n");
    const rewritten = rewriteCoreSection(page, "new table");
    expect(rewritten).toBe(page.replace("old table", "new table"));
  });
});
