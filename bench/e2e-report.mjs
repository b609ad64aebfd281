// What bench/e2e.mjs measures, how each result becomes a figure, the targets the figures are held
// to, and how they are shown: a text table, the Markdown of docs/benchmarks.md's e2e section, and an
// SVG chart of the throughput figures relative to ws.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DOCS_FILE = path.join(PROJECT_ROOT, "docs/benchmarks.md");
const CHART_FILE = path.join(PROJECT_ROOT, "docs/benchmarks-e2e.svg");
const MiB = 1024 * 1024;
export const REFERENCE = "ws";

export const SCENARIOS = [
  { id: "roundtrip", label: "Round trips, 32-byte text, one in flight", unit: "round trips/s", higherIsBetter: true, digits: 0 },
  { id: "pipelined", label: "Messages, 32-byte text, 100 in flight", unit: "msg/s", higherIsBetter: true, digits: 0 },
  { id: "binary", label: "1 MiB binary echo", unit: "MiB/s", higherIsBetter: true, digits: 1 },
  { id: "text", label: "1 MiB multi-byte text echo", unit: "MiB/s", higherIsBetter: true, digits: 1 },
  { id: "idle", label: "Heap per idle connection", unit: "KiB", higherIsBetter: false, digits: 1, notComparable: true },
  { id: "loaded", label: "Heap of the loaded plugin, before any connection", unit: "KiB", higherIsBetter: false, digits: 0, notComparable: true },
  { id: "dispatch", label: "Dispatching N queued 100-byte messages", unit: "ms", higherIsBetter: false, digits: 2, notComparable: true },
];
const THROUGHPUT = SCENARIOS.filter((s) => !s.notComparable);

/** A measurement's RESULT fields as the scenario's figure. */
export function figureOf(scenario, raw) {
  switch (scenario.id) {
    case "roundtrip":
    case "pipelined":
      return raw.count / raw.seconds;
    case "binary":
    case "text":
      return raw.bytes / MiB / raw.seconds;
    case "idle":
    case "loaded":
      return raw.heapKiB;
    case "dispatch":
      return raw.seconds * 1000;
    default:
      throw new Error(`unknown scenario ${scenario.id}`);
  }
}

/** The project's targets; `check(results)` gives `{ met, figure }` or undefined when not measured. */
const TARGETS = [
  { text: "lua5.1 binary echo ≥ 35 MiB/s", check: (r) => absolute(r, "binary", "lua5.1", (v) => v >= 35, "MiB/s") },
  { text: "lua5.1 multi-byte text echo ≥ 20 MiB/s", check: (r) => absolute(r, "text", "lua5.1", (v) => v >= 20, "MiB/s") },
  { text: "luajit binary echo ≥ 0.8× ws", check: (r) => relative(r, "binary", "luajit", 0.8) },
  { text: "lua5.1 pipelined ≥ 0.5× ws", check: (r) => relative(r, "pipelined", "lua5.1", 0.5) },
  { text: "luajit pipelined ≥ 1× ws", check: (r) => relative(r, "pipelined", "luajit", 1) },
  { text: "lua5.1 round trips ≥ 0.8× ws", check: (r) => relative(r, "roundtrip", "lua5.1", 0.8) },
  { text: "lua5.1 dispatches 1,000 queued messages in ≤ 2 ms", check: (r) => absolute(r, "dispatch", "lua5.1", (v) => v <= 2, "ms") },
  {
    text: "≤ 32 KiB Lua heap per idle connection (every Lua runtime)",
    check: (r) => {
      const lua = Object.entries(r.idle ?? {}).filter(([client, x]) => client !== REFERENCE && !x.error);
      if (lua.length === 0) return undefined;
      const [client, worst] = lua.reduce((a, b) => (b[1].value > a[1].value ? b : a));
      return { met: worst.value <= 32, figure: `largest ${worst.value.toFixed(1)} KiB (${client})` };
    },
  },
];

function absolute(results, scenario, client, test, unit) {
  const x = results[scenario]?.[client];
  if (!x || x.error) return undefined;
  return { met: test(x.value), figure: `${x.value.toFixed(2)} ${unit}` };
}

function relative(results, scenario, client, factor) {
  const x = results[scenario]?.[client];
  const ref = results[scenario]?.[REFERENCE];
  if (!x || x.error || !ref || ref.error) return undefined;
  const ratio = x.value / ref.value;
  return { met: ratio >= factor, figure: `${ratio.toFixed(2)}× (${format(x.value, 0)} vs ${format(ref.value, 0)})` };
}

const format = (value, digits) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function cell(scenario, results, client) {
  const x = results[scenario.id]?.[client];
  if (!x) return "–";
  if (x.error) return "error";
  let text = format(x.value, scenario.digits);
  const ref = results[scenario.id]?.[REFERENCE];
  if (!scenario.notComparable && client !== REFERENCE && ref && !ref.error) text += ` (${(x.value / ref.value).toFixed(2)}×)`;
  if (scenario.id === "dispatch" && x.raw?.polls > 1) text += ` in ${x.raw.polls} polls`;
  return text;
}

/** The Markdown table, the targets list and a plain-text version for the console. */
export function renderReport({ results, counts, rounds, clients, quick }) {
  const header = `| | ${clients.join(" | ")} |`;
  const rule = `|---|${clients.map(() => "---:").join("|")}|`;
  const label = (s) => s.label.replace("N", counts[s.id].toLocaleString("en-US"));
  const rows = SCENARIOS.map((s) => `| ${label(s)} (${s.unit}) | ${clients.map((c) => cell(s, results, c)).join(" | ")} |`);
  const table = [header, rule, ...rows].join("\n");
  const targets = quick
    ? "- checked at full counts only (this was --quick)"
    : TARGETS.map((t) => {
        const outcome = t.check(results);
        if (!outcome) return `- ${t.text}: not measured`;
        return `- ${t.text}: **${outcome.met ? "met" : "missed"}**, ${outcome.figure}`;
      }).join("\n");
  const errors = SCENARIOS.flatMap((s) =>
    Object.entries(results[s.id] ?? {})
      .filter(([, x]) => x.error)
      .map(([client, x]) => `- ${s.id} in ${client}: ${x.error}`),
  );
  const setup =
    `Counts: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}; best of ${rounds} interleaved round${rounds === 1 ? "" : "s"}. ` +
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version}.`;
  const text = [table, "", "Targets:", targets, ...(errors.length ? ["", "Errors:", ...errors] : [])].join("\n");
  return { table, targets, errors, setup, text };
}

// ---- chart -----------------------------------------------------------------------------------

const COLORS = { "lua5.1": "#3b6ea5", luajit: "#e07b39", "lua5.4": "#4a9a5b", wasmoon: "#8c62aa", fengari: "#b0a040" };

/** Horizontal bars: each Lua client's throughput as a multiple of ws (the dashed line at 1×). */
export function renderChart({ results, clients }) {
  const lua = clients.filter((c) => c !== REFERENCE);
  const width = 760;
  const labelWidth = 250;
  const barHeight = 16;
  const groupGap = 22;
  const top = 40;
  const ratios = THROUGHPUT.flatMap((s) => lua.map((c) => ratioOf(results, s.id, c) ?? 0));
  const maxRatio = Math.max(1.25, ...ratios) * 1.1;
  const plotWidth = width - labelWidth - 60;
  const x = (ratio) => labelWidth + (ratio / maxRatio) * plotWidth;
  const parts = [];
  let y = top;
  for (const scenario of THROUGHPUT) {
    parts.push(`<text x="10" y="${y + (lua.length * barHeight) / 2 + 4}" font-size="12">${escapeXml(scenario.label)}</text>`);
    for (const client of lua) {
      const ratio = ratioOf(results, scenario.id, client);
      if (ratio !== undefined) {
        parts.push(`<rect x="${labelWidth}" y="${y}" width="${(x(ratio) - labelWidth).toFixed(1)}" height="${barHeight - 3}" fill="${COLORS[client] ?? "#888"}"/>`);
        parts.push(`<text x="${(x(ratio) + 4).toFixed(1)}" y="${y + barHeight - 5}" font-size="11">${ratio.toFixed(2)}×</text>`);
      }
      y += barHeight;
    }
    y += groupGap;
  }
  const height = y + 30;
  const legend = lua
    .map((client, i) => `<rect x="${labelWidth + i * 100}" y="12" width="12" height="12" fill="${COLORS[client] ?? "#888"}"/><text x="${labelWidth + i * 100 + 16}" y="22" font-size="12">${client}</text>`)
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="13" font-weight="bold">Throughput relative to ws</text>`,
    legend,
    ...parts,
    `<line x1="${x(1)}" y1="${top - 6}" x2="${x(1)}" y2="${height - 24}" stroke="#333" stroke-dasharray="4 3"/>`,
    `<text x="${x(1) - 14}" y="${height - 10}" font-size="11">ws = 1×</text>`,
    `</svg>`,
    "",
  ].join("\n");
}

function ratioOf(results, scenario, client) {
  const x = results[scenario]?.[client];
  const ref = results[scenario]?.[REFERENCE];
  if (!x || x.error || !ref || ref.error) return undefined;
  return x.value / ref.value;
}

const escapeXml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

// ---- docs/benchmarks.md ------------------------------------------------------------------------

const E2E_BEGIN = "<!-- e2e:begin -->";
const E2E_END = "<!-- e2e:end -->";
const RESULTS_BEGIN = "<!-- e2e:results:begin -->";
const RESULTS_END = "<!-- e2e:results:end -->";
const SKELETON = `# Benchmarks

<!-- core:begin -->
<!-- core:end -->

${E2E_BEGIN}
## End to end

${RESULTS_BEGIN}
${RESULTS_END}
${E2E_END}
`;

/**
 * Writes the results block inside the e2e section of docs/benchmarks.md (creating the file with both
 * sections when it is absent; the core section belongs to bench/run.mjs and is never touched) and
 * the chart. Returns the files written.
 */
export function writeDocs(run) {
  const report = renderReport(run);
  fs.writeFileSync(CHART_FILE, renderChart(run));
  const block = [
    RESULTS_BEGIN,
    `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/e2e.mjs\`. ${report.setup}`,
    "",
    report.table,
    "",
    `![Throughput relative to ws](${path.basename(CHART_FILE)})`,
    "",
    "Targets:",
    "",
    report.targets,
    ...(report.errors.length ? ["", "Errors:", "", ...report.errors] : []),
    RESULTS_END,
  ].join("\n");
  let doc = fs.existsSync(DOCS_FILE) ? fs.readFileSync(DOCS_FILE, "utf8") : SKELETON;
  if (!doc.includes(E2E_BEGIN) || !doc.includes(E2E_END)) doc = doc.trimEnd() + `\n\n${E2E_BEGIN}\n## End to end\n\n${RESULTS_BEGIN}\n${RESULTS_END}\n${E2E_END}\n`;
  const sectionStart = doc.indexOf(E2E_BEGIN);
  const sectionEnd = doc.indexOf(E2E_END);
  let section = doc.slice(sectionStart, sectionEnd);
  if (!section.includes(RESULTS_BEGIN)) section = section.trimEnd() + `\n\n${RESULTS_BEGIN}\n${RESULTS_END}\n`;
  const start = section.indexOf(RESULTS_BEGIN);
  const end = section.indexOf(RESULTS_END) + RESULTS_END.length;
  section = section.slice(0, start) + block + section.slice(end);
  fs.writeFileSync(DOCS_FILE, doc.slice(0, sectionStart) + section + doc.slice(sectionEnd));
  return [path.relative(PROJECT_ROOT, DOCS_FILE), path.relative(PROJECT_ROOT, CHART_FILE)];
}
