// host/run-lua.mjs as a command-line Lua: exit statuses, tracebacks, binary-safe print, and the
// main chunk running as a coroutine whose waits yield to Node's event loop (and only there).
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NODE_RUNTIMES, PROJECT_ROOT, runLua, runtimesToTest } from "../test/support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "host/fixtures/host-behaviour.lua");

describe.each(runtimesToTest(NODE_RUNTIMES))("run-lua.mjs in %s", (runtime) => {
  it("blocks in wait() from the main chunk, even inside pcall, and never inside a nested coroutine", async () => {
    const run = await runLua(runtime, SCRIPT, ["waits"]);
    expect(run.stderr).toBe("");
    const [, nested, inPcall, main] = /^nested (\d+) pcall (\d+) main (\d+)$/.exec(run.stdout.trim())!.map(Number);
    expect(nested).toBeLessThan(100);
    for (const waited of [inPcall, main]) {
      expect(waited).toBeGreaterThanOrEqual(290);
      expect(waited).toBeLessThan(1500);
    }
  });

  it.each([
    ["7", 7],
    ["true", 0],
    ["false", 1],
  ])("exits with os.exit(%s) as status %i", async (value, status) => {
    expect((await runLua(runtime, SCRIPT, ["exit", value])).code).toBe(status);
  });

  it("exits 1 and prints the traceback on a Lua error", async () => {
    const run = await runLua(runtime, SCRIPT, ["raise"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/host-behaviour\.lua:\d+: raised on purpose/);
    expect(run.stderr).toMatch(/stack traceback:[\s\S]*deliberately_failing/);
  });

  it("opens files of the real disk for reading with io.open, and says why one is missing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "io-open-"));
    const file = path.join(dir, "text.txt");
    fs.writeFileSync(file, "line one\nline \0 two\n", "latin1");
    try {
      const run = await runLua(runtime, SCRIPT, ["read", file]);
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe(`20\ttrue\tline one|line \0 two\tnil\t${file}.missing: No such file or directory\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints bytes unchanged, NUL included", async () => {
    const run = await runLua(runtime, SCRIPT, ["bytes"]);
    expect(run.code).toBe(0);
    const expected = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("") + "\n";
    expect(run.stdout).toBe(expected);
  });
});
