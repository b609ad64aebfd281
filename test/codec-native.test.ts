// The native codec of the Node host (Node's zlib, host/codec-natives.mjs) behind the codec
// interface (ts/codec/native.ts), held to the same vectors as the pure codec: under Node through
// the wrapper directly, and in wasmoon and fengari through the built plugin's selectCodec and the
// host transport's `codec`. Inflating must give the same outputs and the same kinds of failure as
// the pure codec (but for a message cut short inside a block, which zlib cannot tell: see
// CorruptVector.truncated); what it deflates, zlib and the pure inflater (window held exactly) inflate back.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { InflaterOptions } from "../ts/codec/codec";
import { PureInflater } from "../ts/codec/inflate";
import { nativeCodec, type NativeCodec } from "../ts/codec/index";
import { deflateAll, inflateAll } from "./codec/run-codec";
import { buildLuaVectors } from "./codec/lua-vectors";
import { corruptVectors, inflateVectors, sampleMessages } from "./codec/vectors";
import { commandFor, luaPathEnv, PROJECT_ROOT } from "./support/runtimes";
import { toLuaChunk } from "./vectors/lua-literal";
// @ts-expect-error: a plain ES module without type declarations
import { newDeflateStream, newInflateStream } from "../host/codec-natives.mjs";
// @ts-expect-error: a plain ES module without type declarations
import { zlibInflateMessages } from "../bench/codec/zlib-messages.mjs";

const LIMIT = 16 * 1024 * 1024;

/** host/codec-natives.mjs's streams in the NativeCodec shape, with byte strings as the Lua side has them. */
const nodeZlib: NativeCodec = {
  name: "node-zlib",
  newInflateStream(windowBits: number) {
    const stream = newInflateStream(windowBits);
    return {
      push: (data: string) => stream.push(Buffer.from(data, "latin1")),
      pull: (max: number) => {
        const [data, state] = stream.pull(max);
        return (data === undefined ? [undefined, state] : [data.toString("latin1"), state]) as never;
      },
      reset: () => stream.reset(),
      close: () => stream.close(),
    };
  },
  newDeflateStream(windowBits: number, level: number) {
    const stream = newDeflateStream(windowBits, level);
    return {
      deflate: (data: string, flush: boolean) => {
        const [out, problem] = stream.deflate(Buffer.from(data, "latin1"), flush);
        return (out === undefined ? [undefined, problem] : [out.toString("latin1")]) as never;
      },
      reset: () => stream.reset(),
      close: () => stream.close(),
    };
  },
};
const codec = nativeCodec(nodeZlib);
const pure = (options: InflaterOptions) => new PureInflater(options);

describe("Node's zlib behind the codec interface", async () => {
  const vectors = await inflateVectors(false);
  it("inflates every zlib setting's vectors like the pure codec, whole and in 1-byte pieces with 300-byte slices", () => {
    for (const v of vectors) {
      const options = { windowBits: v.windowBits, noContextTakeover: v.noContextTakeover, maxMessageSize: LIMIT };
      expect(inflateAll(codec.newInflater(options), v.payloads, 0, 65536).outputs, v.name).toEqual(v.messages);
      const sliced = inflateAll(codec.newInflater(options), v.payloads, 1, 300);
      expect(sliced.outputs, v.name).toEqual(v.messages);
      expect(sliced.largestRead).toBeLessThanOrEqual(300);
      expect(codec.newInflater(options).implementation).toBe("node-zlib");
    }
  });

  it("fails where the pure codec fails", () => {
    for (const v of corruptVectors()) {
      if (v.truncated) continue;
      const run = inflateAll(codec.newInflater({ windowBits: 15, noContextTakeover: false, maxMessageSize: LIMIT }), [v.payload], 0, 65536);
      expect(run.failure?.status, v.name).toBe("error");
      expect(inflateAll(pure({ windowBits: 15, noContextTakeover: false, maxMessageSize: LIMIT }), [v.payload], 0, 65536).failure?.status).toBe("error");
    }
  });

  it("stops a bomb at the size limit", async () => {
    const { default: zlib } = await import("node:zlib");
    const bomb = zlib.deflateRawSync(Buffer.alloc(4 * 1024 * 1024), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("latin1").slice(0, -4);
    const run = inflateAll(codec.newInflater({ windowBits: 15, noContextTakeover: false, maxMessageSize: 100000 }), [bomb], 0, 65536);
    expect(run.failure?.status).toBe("too-big");
    expect(run.failure!.delivered).toBeLessThanOrEqual(100000);
  });

  it("deflates at every level and window, with and without takeover, into what zlib and the strict pure inflater read back", async () => {
    const messages = sampleMessages(false);
    for (let level = 0; level <= 9; level++) {
      for (const noContextTakeover of [false, true]) {
        for (const windowBits of [8, 9, 12, 15]) {
          const label = `level ${level}, window ${windowBits}${noContextTakeover ? ", no takeover" : ""}`;
          const { payloads } = deflateAll(codec.newDeflater({ level, windowBits, noContextTakeover }), messages, 4096);
          expect(await zlibInflateMessages(payloads, { windowBits }, noContextTakeover), label).toEqual(messages);
          const strict = new PureInflater({ windowBits, noContextTakeover, maxMessageSize: LIMIT, exactWindow: true });
          expect(inflateAll(strict, payloads, 0, 65536).outputs, label).toEqual(messages);
          expect(strict.finalBlocks).toBe(0);
          expect(payloads[messages.indexOf("")]).toBe("\x00");
        }
      }
    }
  });
});

async function runNative(runtime: "wasmoon" | "fengari", vectorsFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const outFile = path.join(PROJECT_ROOT, `test/.tmp/codec-native.${runtime}.out`);
  const fd = openSync(outFile, "w");
  const args = runtime === "fengari" ? [vectorsFile, "512", "fengari", "native"] : [vectorsFile, "64", "-", "native"];
  const [cmd, argv] = commandFor(runtime, path.join(PROJECT_ROOT, "test/lua/codec-vectors.lua"), args);
  const child = spawn(cmd, argv, { cwd: PROJECT_ROOT, env: { ...process.env, ...luaPathEnv() }, stdio: ["ignore", fd, "pipe"] });
  const stderr: Buffer[] = [];
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  closeSync(fd);
  return { code, stdout: readFileSync(outFile, "latin1"), stderr: Buffer.concat(stderr).toString("latin1") };
}

describe("Node's zlib as the built plugin's codec in wasmoon and fengari", async () => {
  const vectors = await buildLuaVectors({ matrix: false });
  const file = path.join(PROJECT_ROOT, "test/.tmp/codec-native-vectors.lua");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, toLuaChunk(vectors));
  describe.concurrent("runtimes", () => {
    for (const runtime of ["wasmoon", "fengari"] as const) {
      it(runtime, async () => {
        const run = await runNative(runtime, file);
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
            if (v.truncated) continue;
            const expected = inflateAll(pure(v), v.payloads, line.split === "whole" ? 0 : 1, line.split === "whole" ? 65536 : 300);
            const failure = line.observation.failure as { status: string; delivered: number } | undefined;
            expect(line.observation.outputs, `${runtime} ${v.name} (${line.split})`).toEqual(expected.outputs);
            expect(failure?.status, `${runtime} ${v.name} (${line.split})`).toBe(expected.failure?.status);
            if (failure) expect(failure.delivered).toBeLessThanOrEqual(v.maxMessageSize);
            inflates += 1;
          } else {
            const v = vectors.deflate[i];
            const payloads = line.observation.payloads as string[];
            expect(await zlibInflateMessages(payloads, { windowBits: v.windowBits }, v.noContextTakeover), `${runtime} deflate ${v.name}`).toEqual(v.messages);
            deflates += 1;
          }
        }
        const fengari = runtime === "fengari";
        expect(inflates).toBe(vectors.inflate.filter((v) => !v.truncated && (v.fengari || !fengari)).length * 2);
        expect(deflates).toBe(fengari ? vectors.deflate.filter((v) => v.fengari).length : vectors.deflate.length);
      });
    }
  });
});
