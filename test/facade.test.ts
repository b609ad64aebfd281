// Game-facing objects show only the public API (ts/plugin/facade.ts), on every runtime:
// test/lua/facade.lua runs a real server and client over 127.0.0.1 and checks that `pairs` over a
// client, a server and a peer yields only their public methods, that nothing reachable from them or
// from any event leads to the objects doing the work, that a peer is the same table in every event
// and in getClients(), that argument errors and dot calls still name the game's line, and that a
// game's own field on a client stays.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/facade.lua");

describe("game-facing objects", () => {
  for (const runtime of runtimesToTest()) {
    it(runtime, async () => {
      const run = await runLua(runtime, SCRIPT, [], { timeoutMs: 20_000 });
      expect(run.stderr).toBe("");
      expect(run.stdout.trim().split("\n")).toEqual(["ok"]);
    });
  }
});

// The run above sees the events it makes happen; these two rules keep every other one (and every
// method added later) right, where the objects behind the facades are written.
describe("the objects behind the facades", () => {
  const sources = ["client.ts", "server.ts", "peer.ts"].map((file) => ({
    file,
    lines: fs.readFileSync(path.join(PROJECT_ROOT, "ts/plugin", file), "utf8").split("\n"),
  }));

  it("hand game code facades only: no event key is the object itself", () => {
    const leaks = sources.flatMap(({ file, lines }) =>
      lines.flatMap((line, i) => (/\b(target|client|server): (this|peer)\b(?!\.facade)/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(leaks).toEqual([]);
  });

  it("raise argument errors at the game's line (CALLER_OF_METHOD), not at level 2, which is the facade", () => {
    // The checks the methods share (message-arguments.ts) raise one frame further up: CALLER_OF_CHECK.
    const checks = { file: "message-arguments.ts", lines: fs.readFileSync(path.join(PROJECT_ROOT, "ts/plugin/message-arguments.ts"), "utf8").split("\n") };
    const wrongLevel = [...sources, checks].flatMap(({ file, lines }) =>
      lines.flatMap((line, i) => (/\berror\(.*, [123]\);/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(wrongLevel).toEqual([]);
  });
});
