// `npm run demo -- --lan`: the demo's LAN mode (demo/lan.lua) end to end, a host and two joining
// players in three simulator processes over loopback, in lua5.1 with LuaSocket (as the Solar2D
// Simulator runs it). Needs the built plugin (npm test builds it first).
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { PROJECT_ROOT, runtimesToTest } from "../test/support/runtimes";

function run(script: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, script), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The lines one copy printed ("[alice] [lan] ..." -> "..."), in order. */
const linesOf = (stdout: string, label: string) =>
  stdout.split("\n").filter((l) => l.startsWith(`[${label}] [lan] `)).map((l) => l.slice(label.length + 9));

describe.concurrent.each(runtimesToTest(["lua5.1"]))("the demo's LAN mode in %s", (runtime) => {
  it("hosts a match that two players join: each hears every line of the other, all leave cleanly, exit 0", async () => {
    const { status, stdout, stderr } = await run("simulator/run-demo.mjs", ["--lan", "--runtime", runtime, "--timeout", "30"]);
    expect(stderr).toBe("");
    const host = linesOf(stdout, "host");
    expect(host[0]).toMatch(/^hosting on 127\.0\.0\.1:\d+$/);
    for (const [me, other] of [["alice", "bob"], ["bob", "alice"]]) {
      expect(host).toContain(`${me} joined from 127.0.0.1`);
      expect(host).toContain(`${me} left (1000)`);
      const mine = linesOf(stdout, me);
      expect(mine[0]).toMatch(/^joined 127\.0\.0\.1:\d+$/);
      expect(mine).toContain(`host: welcome ${me}`);
      expect(mine).toContain("host: start 2");
      // What the other player said, relayed by the host, in the order it was said.
      const heard = mine.filter((l) => l.startsWith(`host: ${other}: `));
      expect(heard).toEqual([`host: ${other}: hello`, `host: ${other}: I move to 3,4`, `host: ${other}: good game`]);
      expect(host.filter((l) => l.startsWith(`${me}: `))).toEqual([`${me}: hello`, `${me}: I move to 3,4`, `${me}: good game`]);
      expect(mine.slice(-2)).toEqual(["left (1000)", "session completed"]);
    }
    expect(host.slice(-2)).toEqual(["server closed (1000)", "session completed"]);
    expect(status).toBe(0);
  });

  it("a player with no host to join fails its session and exits 1", async () => {
    const closed = net.createServer();
    const port = await new Promise<number>((resolve) => closed.listen(0, "127.0.0.1", () => resolve((closed.address() as net.AddressInfo).port)));
    await new Promise((resolve) => closed.close(resolve));
    const args = ["demo", "--runtime", runtime, "--timeout", "30", "--", "--scripted", "--lan=join", "--address=127.0.0.1", `--port=${port}`, "--name=carol"];
    const { status, stdout } = await run("simulator/cli.mjs", args);
    expect(stdout).toMatch(/\[lan\] error connect: cannot connect to 127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/\[lan\] session FAILED: closed with 1006 after 0 lines\n$/);
    expect(status).toBe(1);
  });
});
