// The plugin inside Solar2D's conventions: which transport it picks, and that it services itself
// from an enterFrame listener that exists only while there is work. Both run against a real `ws`
// echo server on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { WebSocketServer } from "ws";
import { makeTestCertificates } from "./support/certs";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

let server: WebSocketServer;
let url: string;

beforeAll(async () => {
  server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  server.on("connection", (socket) => socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise((resolve) => server.once("listening", resolve));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const SELECTION = path.join(PROJECT_ROOT, "test/lua/transport-selection.lua");

describe("transport selection", () => {
  for (const runtime of runtimesToTest(["wasmoon", "fengari"])) {
    it(`${runtime}: a present plugin.websockets_native carries every byte, ahead of the host's transport`, async () => {
      const run = await runLua(runtime, SELECTION, [url, "native"], { timeoutMs: 30_000 });
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain("ECHO through the selected transport");
      expect(run.stdout).toContain("RESULT ok");
      const [, opens, writes, reads] = /OPENS (\d+) WRITES (\d+) READS (\d+)/.exec(run.stdout)!.map(Number);
      expect(opens).toBe(1);
      expect(writes).toBeGreaterThanOrEqual(2); // the handshake request, the message, the close frame
      expect(reads).toBeGreaterThanOrEqual(1);
    });
  }

  for (const runtime of runtimesToTest(["lua5.1", "luajit"])) {
    it(`${runtime}: without a native or host module the bundled LuaSocket transport is used`, async () => {
      const run = await runLua(runtime, SELECTION, [url, "none"], { timeoutMs: 30_000 });
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain("OPENS 0");
      expect(run.stdout).toContain("ECHO through the selected transport");
      expect(run.stdout).toContain("RESULT ok");
    });
  }
});

/** Runs a project folder in the headless simulator with `args` as launch arguments. */
function simulate(project: string, args: string[], runtime?: string) {
  const runtimeArgs = runtime === undefined ? [] : ["--runtime", runtime];
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "simulator/cli.mjs"), project, ...runtimeArgs, "--timeout", "20", "--", ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("inside Solar2D (headless simulator): ca as a project file", () => {
  let certs: ReturnType<typeof makeTestCertificates>;
  let project: string;
  let secure: https.Server;
  let wssUrl: string;

  beforeAll(async () => {
    certs = makeTestCertificates();
    project = fs.mkdtempSync(path.join(os.tmpdir(), "ca-project-"));
    secure = https.createServer({ cert: certs.server.cert, key: certs.server.key });
    new WebSocketServer({ server: secure }).on("connection", (socket) => socket.on("message", (data) => socket.send(data.toString())));
    fs.cpSync(path.join(PROJECT_ROOT, "test/fixtures/ca-project"), project, { recursive: true });
    fs.mkdirSync(path.join(project, "certs"));
    fs.copyFileSync(certs.caFile, path.join(project, "certs/test-ca.pem"));
    await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
    wssUrl = `wss://127.0.0.1:${(secure.address() as { port: number }).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => secure.close(resolve));
    fs.rmSync(project, { recursive: true, force: true });
    certs.remove();
  });

  // The simulator runs from the project root, not the project folder: only pathForFile finds the file.
  for (const runtime of runtimesToTest(["lua5.1", "wasmoon"])) {
    it(`${runtime}: a relative ca is read from the project; a missing one is an argument error naming it`, async () => {
      const result = await simulate(project, [wssUrl], runtime);
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain(
        "MISSING\tbad argument #2 to 'connect' (option 'ca': cannot read 'certs/missing.pem': no such file in the project (system.ResourceDirectory))",
      );
      expect(result.stdout).toContain("CONNECT\ttrue");
      expect(result.stdout).toContain("ECHO trusted");
      expect(result.stdout).toContain("CLOSE 1000 true");
      expect(result.status).toBe(0);
    });
  }
});

describe("inside Solar2D (headless simulator)", () => {
  it("services clients from enterFrame and keeps that listener only while a client is active", async () => {
    const project = path.join(PROJECT_ROOT, "test/fixtures/enterframe-project");
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "simulator/cli.mjs"), project, "--timeout", "20", "--", url]);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (b) => (stdout += b));
      child.stderr.on("data", (b) => (stderr += b));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("LISTENERS before 0");
    expect(result.stdout).toContain("LISTENERS connecting 1");
    expect(result.stdout).toContain("LISTENERS open 1");
    expect(result.stdout).toContain("CLOSE 1000 true");
    expect(result.stdout).toContain("EVENTS onOpen,onMessage,onClose");
    expect(result.stdout).toContain("LISTENERS after 0");
    expect(result.status).toBe(0);
  });
});
