// Connect options in real Lua on all six runtimes, over a scripted transport
// (test/lua/connect-options.lua): `ca` as PEM text or a path, read by the plugin (relative to the
// working directory, or a project file through system.pathForFile); option and URL errors in one
// shape; one warning per unknown key and run; getUrl.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/connect-options.lua");

let fixtures: string;
beforeAll(() => {
  // The files only need to look like PEM: the scripted transport compares bytes, it trusts nothing.
  fixtures = fs.mkdtempSync(path.join(os.tmpdir(), "connect-options-"));
  fs.mkdirSync(path.join(fixtures, "certs"));
  fs.mkdirSync(path.join(fixtures, "project/certs"), { recursive: true });
  fs.writeFileSync(path.join(fixtures, "certs/test-ca.pem"), "-----BEGIN CERTIFICATE-----\nd29ya2luZyBkaXJlY3Rvcnk=\n-----END CERTIFICATE-----\n");
  fs.writeFileSync(path.join(fixtures, "certs/not-pem.txt"), "a certificate, honestly\n");
  fs.writeFileSync(path.join(fixtures, "project/certs/game-ca.pem"), "-----BEGIN CERTIFICATE-----\ncHJvamVjdA==\n-----END CERTIFICATE-----\n");
});
afterAll(() => fs.rmSync(fixtures, { recursive: true, force: true }));

describe("connect options", () => {
  for (const runtime of runtimesToTest()) {
    it(`${runtime}: ca as PEM text or a path, errors in one shape, one warning per unknown key, getUrl`, async () => {
      const run = await runLua(runtime, SCRIPT, [fixtures], { cwd: fixtures, timeoutMs: 20_000 });
      const failed = run.stdout.split("\n").filter((line) => line.startsWith("FAIL "));
      expect(failed, run.stdout + run.stderr).toEqual([]);
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain("RESULT ok");
      expect(run.stdout.match(/^WARNING .*/gm)).toEqual([
        "WARNING plugin.websockets: unknown connect option 'pingIntervall' ignored",
        "WARNING plugin.websockets: unknown connect option 'tsl' ignored",
        "WARNING plugin.websockets: unknown connect option 'Timeout' ignored",
      ]);
    });
  }
});
