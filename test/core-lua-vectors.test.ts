// The core vectors on the built plugin (plugin/websockets.lua) in every runtime: the vectors are written
// as a Lua chunk to test/.tmp, test/lua/core-vectors.lua runs them through `_core` and prints what it
// observed, and each observation is compared with the vector exactly as the TypeScript suites do.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commandFor, luaPathEnv, PROJECT_ROOT, runtimesToTest, type Runtime } from "./support/runtimes";
import { connectionVectors as plainConnectionVectors, DEFAULT_URL } from "./vectors/connection";
import { streamVectors } from "./vectors/streams";
import { decodeVectors, encodeVectors, headerVectors } from "./vectors/frames";
import { toLuaChunk } from "./vectors/lua-literal";
import { DEFAULT_RANDOM, expectedConversation, expectedServe, projectConversation, projectServe, type ConnectionObservation, type ServerObservation } from "./vectors/run";
import { serverVectors } from "./vectors/server";
import { urlVectors } from "./vectors/url";

const BUILT = path.join(PROJECT_ROOT, "plugin/websockets.lua");
const VECTORS_FILE = path.join(PROJECT_ROOT, "test/.tmp/core-vectors.lua");
const RUNNER = path.join(PROJECT_ROOT, "test/lua/core-vectors.lua");
const connectionVectors = [...plainConnectionVectors, ...streamVectors];
const BYTE_SPLIT_LIMIT: Partial<Record<Runtime, number>> = { fengari: 256, wasmoon: 1024 };

function writeVectors(): void {
  mkdirSync(path.dirname(VECTORS_FILE), { recursive: true });
  const connection = connectionVectors.map((v) => ({
    ...v,
    url: v.url ?? DEFAULT_URL,
    protocols: v.protocols ?? [],
    headers: v.headers ?? [],
    maxMessageSize: v.maxMessageSize ?? 16 * 1024 * 1024,
    random: v.random ?? DEFAULT_RANDOM,
  }));
  const server = serverVectors.map((v) => ({ ...v, protocols: v.protocols ?? [], maxMessageSize: v.maxMessageSize ?? 16 * 1024 * 1024 }));
  writeFileSync(VECTORS_FILE, toLuaChunk({ url: urlVectors, encode: encodeVectors, header: headerVectors, decode: decodeVectors, connection, server }));
}

/**
 * Runs the vector runner with its stdout going to a file rather than a pipe. The Node hosts print with
 * fs.writeSync(1, ...), which on a full, non-blocking pipe writes only part of a large output and
 * drops the rest; a regular file takes every byte.
 */
async function runToFile(runtime: Runtime): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const outFile = path.join(PROJECT_ROOT, `test/.tmp/core-vectors.${runtime}.out`);
  const fd = openSync(outFile, "w");
  // fengari and wasmoon are one to two orders of magnitude slower per call: see the byteSplitLimit of
  // core-vectors.lua. Byte by byte they feed each input's edges (headers, the first and last bytes of
  // payloads, where their 32-bit and host-boundary risks lie); the four native interpreters feed
  // every input byte by byte whole.
  const limit = BYTE_SPLIT_LIMIT[runtime];
  const [cmd, argv] = commandFor(runtime, RUNNER, limit === undefined ? [VECTORS_FILE] : [VECTORS_FILE, String(limit)]);
  const child = spawn(cmd, argv, { cwd: PROJECT_ROOT, env: { ...process.env, ...luaPathEnv() }, stdio: ["ignore", fd, "pipe"] });
  const stderr: Buffer[] = [];
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  // A guard against a hung runner, not a speed check: fengari takes 17-25 s on its own and passed
  // 60 s when the whole suite shared two cores with other work (vitest itself gives up at 120 s).
  const timer = setTimeout(() => child.kill("SIGKILL"), 110_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  closeSync(fd);
  return { code, stdout: readFileSync(outFile, "latin1"), stderr: Buffer.concat(stderr).toString("latin1") };
}

interface Line {
  kind: string;
  index: number;
  split: string;
  observation: unknown;
}

describe("core vectors on the built Lua", () => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
  writeVectors();

  for (const runtime of runtimesToTest()) {
    it(runtime, async () => {
      const run = await runToFile(runtime);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines.pop()).toBe("DONE");
      const seen = new Map<string, number>();
      for (const text of lines) {
        const line = JSON.parse(text) as Line;
        const observed = line.observation as Record<string, unknown>;
        const i = line.index - 1;
        const label = `${line.kind} #${line.index} (${line.split})`;
        seen.set(line.kind, (seen.get(line.kind) ?? 0) + 1);
        if (line.kind === "url") {
          const v = urlVectors[i];
          if (v.url) expect(observed, `${label}: ${v.name}`).toEqual({ url: v.url });
          else expect(String(observed.error), `${label}: ${v.name}`).toContain(v.errorIncludes);
        } else if (line.kind === "encode") {
          expect(observed.bytes === encodeVectors[i].bytes, `${label}: ${encodeVectors[i].name}`).toBe(true);
        } else if (line.kind === "header") {
          expect(observed.header, `${label}: ${headerVectors[i].name}`).toBe(headerVectors[i].header);
        } else if (line.kind === "decode") {
          expect(observed, `${label}: ${decodeVectors[i].name}`).toEqual(decodeVectors[i].outputs);
        } else if (line.kind === "connection") {
          const v = connectionVectors[i];
          const projected = projectConversation(v, observed as unknown as ConnectionObservation);
          expect(projected, `${label}: ${v.name}`).toEqual(expectedConversation(v));
        } else if (line.kind === "server") {
          const v = serverVectors[i];
          // Lua's empty tables print as arrays: an absent request is null, absent origin missing.
          const projected = projectServe(v, observed as unknown as ServerObservation);
          expect(projected, `${label}: ${v.name}`).toEqual(expectedServe(v));
        } else if (line.kind === "flood") {
          // 20,000 queued events take about 1 MB on lua5.1 (measured with the bound lifted); the bounded queue keeps 256.
          if (runtime !== "fengari") expect(observed.heapKiB as number, `${label}: heap growth after receiving 20,000 frames`).toBeLessThan(256);
          expect(observed.wantsInputAfterReceive, `${label}: the bound stops reading`).toBe(false);
          expect(observed.messages, `${label}: every frame still becomes a message`).toBe(20000);
        } else {
          throw new Error(`unexpected line ${text.slice(0, 100)}`);
        }
      }
      // Every vector ran: one line each, two for the vectors run whole and byte by byte.
      expect(Object.fromEntries(seen)).toEqual({
        url: urlVectors.length,
        encode: encodeVectors.length,
        header: headerVectors.length,
        decode: decodeVectors.length * 2,
        connection: connectionVectors.length * 2,
        server: serverVectors.length * 2,
        flood: 1,
      });
    });
  }
});
