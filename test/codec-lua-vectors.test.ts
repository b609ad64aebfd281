// The DEFLATE codec on the built plugin (plugin/websockets.lua) in every runtime: the vectors of
// test/codec/vectors.ts (zlib's output made now, corrupt streams, a bomb) and of test/codec/lua-vectors.ts
// (every level x window 8-15 x takeover mode each way on short messages, each window's edges) are written as a Lua
// chunk to test/.tmp, test/lua/codec-vectors.lua runs them through `_core.codec`, and each
// observation must equal what the codec gives under Node: the same outputs and failures for
// inflating, byte for byte the same payloads for deflating (which zlib inflates back).
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PureDeflater } from "../ts/codec/deflate";
import { PureInflater } from "../ts/codec/inflate";
import { deflateAll, inflateAll } from "./codec/run-codec";
import { buildLuaVectors } from "./codec/lua-vectors";
import { commandFor, luaPathEnv, PROJECT_ROOT, runtimesToTest, type Runtime } from "./support/runtimes";
import { toLuaChunk } from "./vectors/lua-literal";
// @ts-expect-error: a plain ES module without type declarations
import { zlibInflateMessages } from "../bench/codec/zlib-messages.mjs";

const BUILT = path.join(PROJECT_ROOT, "plugin/websockets.lua");
const VECTORS_FILE = path.join(PROJECT_ROOT, "test/.tmp/codec-vectors.lua");
const RUNNER = path.join(PROJECT_ROOT, "test/lua/codec-vectors.lua");
const LIMIT = 16 * 1024 * 1024;

async function runToFile(runtime: Runtime): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const outFile = path.join(PROJECT_ROOT, `test/.tmp/codec-vectors.${runtime}.out`);
  const fd = openSync(outFile, "w");
  // fengari is two orders of magnitude slower per call: bigger pieces and the vectors marked for it
  // only (short messages). wasmoon, five times slower than lua5.4: pieces of 64 bytes. Vectors marked
  // bytePieces go byte by byte on both too, as everything does on the other four interpreters.
  const args = runtime === "fengari" ? [VECTORS_FILE, "512", "fengari"] : runtime === "wasmoon" ? [VECTORS_FILE, "64"] : [VECTORS_FILE];
  const [cmd, argv] = commandFor(runtime, RUNNER, args);
  const child = spawn(cmd, argv, { cwd: PROJECT_ROOT, env: { ...process.env, ...luaPathEnv() }, stdio: ["ignore", fd, "pipe"] });
  const stderr: Buffer[] = [];
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  closeSync(fd);
  return { code, stdout: readFileSync(outFile, "latin1"), stderr: Buffer.concat(stderr).toString("latin1") };
}

describe("codec vectors on the built Lua", async () => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
  const vectors = await buildLuaVectors();
  mkdirSync(path.dirname(VECTORS_FILE), { recursive: true });
  writeFileSync(VECTORS_FILE, toLuaChunk(vectors));

  // What the codec gives under Node, which zlib and the vectors of codec-pure.test.ts hold right.
  const expectedInflate = vectors.inflate.map((v) =>
    ["whole", "pieces"].map((split) => {
      const inflater = new PureInflater({ windowBits: v.windowBits, noContextTakeover: v.noContextTakeover, maxMessageSize: v.maxMessageSize });
      return inflateAll(inflater, v.payloads, split === "whole" ? 0 : 1, split === "whole" ? 65536 : 300);
    }),
  );
  const expectedDeflate = vectors.deflate.map((v) => deflateAll(new PureDeflater(v), v.messages, v.budget).payloads);

  it("the Node twin's deflate payloads inflate back with zlib in the same window, without a final block", async () => {
    for (let i = 0; i < vectors.deflate.length; i++) {
      const v = vectors.deflate[i];
      expect(await zlibInflateMessages(expectedDeflate[i], { windowBits: v.windowBits }, v.noContextTakeover), v.name).toEqual(v.messages);
      const strict = new PureInflater({ windowBits: v.windowBits, noContextTakeover: v.noContextTakeover, maxMessageSize: LIMIT, exactWindow: true });
      expect(inflateAll(strict, expectedDeflate[i], 0, 65536).outputs, v.name).toEqual(v.messages);
      expect(strict.finalBlocks, v.name).toBe(0);
    }
  });

  it("the matrix covers every level, window 8-15 and takeover mode each way, and the window edges can fail", () => {
    const settings = (list: { name: string }[], prefix: string) => list.filter((v) => v.name.startsWith(prefix)).length;
    expect(settings(vectors.inflate, "matrix: ")).toBe(160);
    expect(settings(vectors.deflate, "matrix: ")).toBe(160);
    expect(settings(vectors.inflate, "edge: ")).toBe(16);
    expect(settings(vectors.deflate, "edge: ")).toBe(32);
    // zlib in the bigger window took the repeat 2^w + 1 back: the Node twin refuses it in this one.
    const beyond = vectors.inflate.map((v, i) => ({ v, i })).filter(({ v }) => v.name.startsWith("beyond the window"));
    expect(beyond.length).toBe(7);
    for (const { v, i } of beyond) for (const outcome of expectedInflate[i]) expect(outcome.failure?.error, v.name).toContain("too far back");
  });

  describe.concurrent("runtimes", () => {
    for (const runtime of runtimesToTest()) {
      it(runtime, async () => {
        const run = await runToFile(runtime);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        const lines = run.stdout.trim().split("\n");
        expect(lines.pop()).toBe("DONE");
        let inflates = 0;
        let deflates = 0;
        for (const text of lines) {
          const line = JSON.parse(text) as { kind: string; index: number; split: string; observation: Record<string, unknown> };
          const i = line.index - 1;
          if (line.kind === "inflate") {
            const v = vectors.inflate[i];
            const expected = expectedInflate[i][line.split === "whole" ? 0 : 1];
            const observed = line.observation;
            const label = `${runtime} inflate ${v.name} (${line.split})`;
            expect(observed.outputs, label).toEqual(expected.outputs);
            const failure = observed.failure as { status: string; error?: string; message: number; delivered: number } | undefined;
            expect(failure?.status, label).toBe(expected.failure?.status);
            expect(failure?.error, label).toBe(expected.failure?.error);
            if (line.split === "pieces") expect(observed.largestRead as number, label).toBeLessThanOrEqual(300);
            if (v.name.startsWith("bomb")) expect(failure?.delivered, label).toBeLessThanOrEqual(4096);
            inflates += 1;
          } else if (line.kind === "deflate") {
            const payloads = line.observation.payloads as string[];
            expect(payloads.length).toBe(expectedDeflate[i].length);
            for (let m = 0; m < payloads.length; m++) expect(payloads[m] === expectedDeflate[i][m], `${runtime} deflate ${vectors.deflate[i].name} #${m}`).toBe(true);
            deflates += 1;
          } else {
            throw new Error(`unexpected line ${text.slice(0, 100)}`);
          }
        }
        const fengari = runtime === "fengari";
        const inflateCount = fengari ? vectors.inflate.filter((v) => v.fengari).length : vectors.inflate.length;
        const deflateCount = fengari ? vectors.deflate.filter((v) => v.fengari).length : vectors.deflate.length;
        expect({ inflates, deflates }).toEqual({ inflates: inflateCount * 2, deflates: deflateCount });
      });
    }
  });
});
