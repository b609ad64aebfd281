// The original plugin's demo, as its main.lua is written (json, timer.performWithDelay, ws:send,
// ws:disconnect, the four event types, a hard-coded wss:// URL), runs unchanged in the headless
// simulator: `--url wss://example.invalid/=ws://127.0.0.1:PORT/` points the hard-coded address at a
// local echo server and `--exit-when-idle` ends the run once the client and its timers are done.
// In lua5.1 (what Solar2D embeds, with the LuaSocket transport) and wasmoon (the Node transport).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { WebSocketServer } from "ws";
import { PROJECT_ROOT, runtimesToTest } from "../test/support/runtimes";

const CLI = path.join(PROJECT_ROOT, "simulator/cli.mjs");
const PROJECT = path.join(PROJECT_ROOT, "test/fixtures/original-demo");

function simulate(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, PROJECT, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("close", (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr });
    });
  });
}

let server: WebSocketServer;
let port: number;
const paths: string[] = [];

beforeAll(async () => {
  server = await new Promise<WebSocketServer>((resolve) => {
    const s: WebSocketServer = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  port = (server.address() as net.AddressInfo).port;
  server.on("connection", (socket, request) => {
    paths.push(request.url ?? "");
    socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.each(runtimesToTest(["lua5.1", "wasmoon"]))("the original demo, unchanged, in %s", (runtime) => {
  it("connects through the URL mapping, echoes its json messages, disconnects and exits 0 when idle", async () => {
    const before = paths.length;
    const run = await simulate(["--runtime", runtime, "--exit-when-idle", "--timeout", "10", "--url", `wss://example.invalid/=ws://127.0.0.1:${port}/`]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(["connected", "message\thello\t1", "message\tagain\t2", "disconnected\t1000\t", ""].join("\n"));
    expect(run.status).toBe(0);
    // The hard-coded URL's path survives the mapping.
    expect(paths.slice(before)).toEqual(["/socket"]);
  });

  it("reports a refused connection through ONERROR and ONCLOSE, then exits 0 when idle", async () => {
    const closed = net.createServer();
    const freePort = await new Promise<number>((resolve) => closed.listen(0, "127.0.0.1", () => resolve((closed.address() as net.AddressInfo).port)));
    await new Promise((resolve) => closed.close(resolve));
    const run = await simulate(["--runtime", runtime, "--exit-when-idle", "--timeout", "10", "--url", `ws://127.0.0.1:${freePort}/`]);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^error\t1006\t.*127\.0\.0\.1/);
    expect(lines[1]).toMatch(/^disconnected\t1006\t/);
    expect(lines).toHaveLength(2); // the later send and disconnect find a closed client and do nothing
    expect(run.status).toBe(0);
  });
});
