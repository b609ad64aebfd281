// `npm run demo`: the demo project's scripted session in the headless simulator, against the
// embedded echo server, in lua5.1 (the default where installed, over LuaSocket) and both Node
// runtimes. Needs the built plugin (npm test builds it first).
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { PROJECT_ROOT, runtimesToTest } from "../test/support/runtimes";

const RUN_DEMO = path.join(PROJECT_ROOT, "simulator/run-demo.mjs");

function runDemo(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN_DEMO, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The events the session must print, in this order. */
const EXPECTED_EVENTS = [
  /ONOPEN/,
  /ONMESSAGE text 18 bytes: Hello from Solar2D/,
  /ONMESSAGE binary 256 bytes: \\0\\1\\2/,
  /ONPONG are you there\?/,
  /ONCLOSE code=1000 reason='demo done' wasClean=true/,
  /ONOPEN/,
  /ONMESSAGE text 18 bytes: Hello from Solar2D/,
  /ONCLOSE code=1000 reason='demo done' wasClean=true/,
];

describe("the demo", () => {
  it("has a built plugin to run", () => {
    expect(fs.existsSync(path.join(PROJECT_ROOT, "plugin/websockets.lua")), "run `npm run build` first").toBe(true);
  });

  describe.each(runtimesToTest(["lua5.1", "wasmoon", "fengari"]))("in %s", (runtime) => {
    it("completes its scripted session against the embedded echo server and exits 0", async () => {
      const run = await runDemo(["--runtime", runtime, "--timeout", "30"]);
      expect(run.stderr).toBe("");
      const events = run.stdout.split("\n").filter((line) => /^\[demo\] ON/.test(line));
      expect(events).toHaveLength(EXPECTED_EVENTS.length);
      EXPECTED_EVENTS.forEach((pattern, i) => expect(events[i]).toMatch(pattern));
      expect(run.stdout).toMatch(/\[demo\] session completed\n$/);
      expect(run.status).toBe(0);
    });
  });

  it("exits nonzero when the session meets an unexpected event", async () => {
    const closed = net.createServer();
    const port = await new Promise<number>((resolve) => closed.listen(0, "127.0.0.1", () => resolve((closed.address() as net.AddressInfo).port)));
    await new Promise((resolve) => closed.close(resolve));
    const run = await runDemo(["--url", `ws://127.0.0.1:${port}/`, "--timeout", "30"]);
    expect(run.stdout).toMatch(/ONERROR connect code=1006/);
    expect(run.stdout).toMatch(/session FAILED: step 1 expected ONOPEN/);
    expect(run.status).toBe(1);
  });
});

describe("the demo in the real Solar2D Simulator", () => {
  /** demo/build.settings as Solar2D reads it: a Lua chunk that sets the global `settings`. */
  function readSettings(runtime: string) {
    const script = [
      "dofile(arg[1])",
      'local ssl = settings.plugins["plugin.openssl"]',
      "local plist = settings.iphone.plist",
      'print(ssl and ssl.publisherId, plist.NSAppTransportSecurity == nil, type(plist.NSLocalNetworkUsageDescription))',
    ].join("\n");
    return spawnSync(runtime, ["-e", `arg = { "${path.join(PROJECT_ROOT, "demo/build.settings")}" }\n${script}`], { encoding: "utf8" });
  }

  it("adds plugin.openssl for wss://, has no App Transport Security key, and explains local-network access", () => {
    const [runtime] = runtimesToTest(["lua5.1"]);
    if (!runtime) return;
    const run = readSettings(runtime);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("com.coronalabs\ttrue\tstring\n");
  });

  it("connects by default to the public echo server its README documents", () => {
    const main = fs.readFileSync(path.join(PROJECT_ROOT, "demo/main.lua"), "utf8");
    const url = /local DEFAULT_URL = "([^"]+)"/.exec(main)![1];
    expect(url).toMatch(/^wss:\/\//);
    expect(fs.readFileSync(path.join(PROJECT_ROOT, "demo/README.md"), "utf8")).toContain(`public echo server \`${url}\``);
  });
});
