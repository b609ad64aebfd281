// Listening transports (ts/transport/contract.ts: listen, Listener) in real Lua: LuaSocket's
// (lua/transport-luasocket-listener.lua) in lua5.1 and LuaJIT, the Node host's (host/node-listener.mjs)
// in wasmoon and fengari. test/lua/transport-listener.lua listens and serves; the clients here are
// Node's net and tls, so every byte crosses a real loopback socket; the assertions are on what both
// sides saw.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import tls from "node:tls";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "./support/certs";
import { PROJECT_ROOT, commandFor, luaPathEnv, runtimesToTest, type Runtime } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/transport-listener.lua");
const MIB = 1024 * 1024;

interface Flavour {
  runtime: Runtime;
  transport: "luasocket" | "host";
  /** Concurrent connections of the load case: fengari is an interpreter in JavaScript, so smaller. */
  concurrent: number;
  bigPayload: number;
}

const FLAVOURS: Flavour[] = [
  ...runtimesToTest(["lua5.1", "luajit"]).map((runtime): Flavour =>
    ({ runtime, transport: "luasocket", concurrent: 200, bigPayload: MIB })),
  { runtime: "wasmoon", transport: "host", concurrent: 200, bigPayload: MIB },
  { runtime: "fengari", transport: "host", concurrent: 50, bigPayload: 256 * 1024 },
];

let certificates: TestCertificates;
beforeAll(() => {
  certificates = makeTestCertificates();
  // The PEM texts as a Lua module the script can require (the Node host's Lua has no io library).
  const { cert, key } = certificates.server;
  fs.writeFileSync(path.join(certificates.dir, "listener_certificate.lua"),
    `return { certificate = [==[${cert}]==], key = [==[${key}]==] }\n`);
});
afterAll(() => certificates?.remove());

interface Running {
  /** The port the script printed. */
  port: Promise<number>;
  /** Resolves when the script prints a line starting with `key`. */
  said(key: string): Promise<void>;
  /** Every "key value" line once the script has exited (code 0 required). */
  result: Promise<Record<string, string>>;
}

/**
 * How to run a script as a user without privileges, so that binding a port below 1024 is refused:
 * directly when this already is such a user; as root, through setpriv without the one capability that
 * allows it (CAP_NET_BIND_SERVICE), keeping root's uid so that a checkout only root can read still
 * opens; null when neither works or the system lets everyone bind low ports
 * (ip_unprivileged_port_start), so there is nothing to refuse.
 */
function unprivilegedPrefix(): string[] | null {
  let lowestFreePort = 1024;
  try {
    lowestFreePort = Number(fs.readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8"));
  } catch {
    // not Linux: the classic rule
  }
  if (lowestFreePort <= 80) return null;
  if (process.getuid?.() !== 0) return [];
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((file) => fs.existsSync(file));
  return setpriv ? [setpriv, "--bounding-set=-net_bind_service", "--inh-caps=-net_bind_service"] : null;
}

/** Starts the scenario; the script prints "port N" once it listens. */
function start(flavour: Flavour, scenario: string, params: Record<string, string | number> = {},
  prefix: string[] = []): Running {
  const args = [scenario, `transport=${flavour.transport}`, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)];
  const [interpreter, interpreterArgs] = commandFor(flavour.runtime, SCRIPT, args);
  const [command, ...argv] = [...prefix, interpreter, ...interpreterArgs];
  const child = spawn(command, argv, { cwd: PROJECT_ROOT, env: { ...process.env, ...luaPathEnv([path.join(PROJECT_ROOT, "lua")]) }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let announce: (port: number) => void;
  let refuse: (error: Error) => void;
  const port = new Promise<number>((resolve, reject) => {
    announce = resolve;
    refuse = reject;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
  const expected: { key: string; resolve: () => void }[] = [];
  const checkSaid = () => {
    for (const wanted of expected) if (new RegExp(`^${wanted.key} `, "m").test(stdout)) wanted.resolve();
  };
  child.stdout.setEncoding("latin1").on("data", (text: string) => {
    stdout += text;
    const found = /^port (\d+)$/m.exec(stdout);
    if (found) announce(Number(found[1]));
    checkSaid();
  });
  const said = (key: string) =>
    new Promise<void>((resolve) => {
      expected.push({ key, resolve });
      checkSaid();
    });
  child.stderr.setEncoding("latin1").on("data", (text: string) => (stderr += text));
  const result = new Promise<Record<string, string>>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const failure = new Error(`${flavour.runtime} ${scenario} exited ${code}: ${stderr}\n${stdout}`);
      refuse(failure);
      if (code !== 0) return reject(failure);
      const lines: Record<string, string> = {};
      for (const line of stdout.split("\n")) {
        const space = line.indexOf(" ");
        if (space > 0) lines[line.slice(0, space)] = line.slice(space + 1);
      }
      resolve(lines);
    });
  });
  result.catch(() => {});
  port.catch(() => {});
  return { port, said, result };
}

/** `size` bytes cycling through every byte value from `seed`. */
function pattern(size: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i + seed) % 256;
  return bytes;
}

type Connect = (port: number) => net.Socket;
const plainConnect: Connect = (port) => net.connect({ host: "127.0.0.1", port });
/** Verifies the chain against the test CA and the name 127.0.0.1, as a careful client would. */
const tlsConnect: Connect = (port) =>
  tls.connect({ host: "127.0.0.1", port, ca: fs.readFileSync(certificates.caFile) });

/** Connects, waits until the connection is usable (TLS: handshake and chain verified). */
function connected(connect: Connect, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port);
    socket.once("error", reject);
    socket.once(socket instanceof tls.TLSSocket ? "secureConnect" : "connect", () => resolve(socket));
  });
}

/** Sends `payload` and resolves with exactly as many bytes as came back. */
function echoOf(socket: net.Socket, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= payload.length) resolve(Buffer.concat(chunks));
    });
    socket.once("error", reject);
    socket.once("close", () => received < payload.length && reject(new Error(`closed after ${received} bytes`)));
    socket.write(payload);
  });
}

function closedByPeer(socket: net.Socket): Promise<{ data: number; how: string }> {
  return new Promise((resolve) => {
    let data = 0;
    let how = "close";
    socket.on("data", (chunk: Buffer) => (data += chunk.length));
    socket.on("error", (error: NodeJS.ErrnoException) => (how = error.code ?? "error"));
    socket.on("end", () => (how = "end"));
    socket.on("close", () => resolve({ data, how }));
  });
}

async function holdPort(): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

describe.each(FLAVOURS)("listener: $transport in $runtime", (flavour) => {
  it("accepts several connections and echoes every byte value, and 1 MiB, both ways", async () => {
    const run = start(flavour, "echo", { count: 4 });
    const port = await run.port;
    expect(port).toBeGreaterThan(0); // port 0 became a real port
    const payloads = [pattern(256), pattern(256, 7), pattern(3000, 100), pattern(flavour.bigPayload, 1)];
    const sockets = await Promise.all(payloads.map(() => connected(plainConnect, port)));
    const echoes = await Promise.all(sockets.map((socket, i) => echoOf(socket, payloads[i])));
    echoes.forEach((echo, i) => expect(echo.equals(payloads[i])).toBe(true));
    sockets.forEach((socket) => socket.end());
    const result = await run.result;
    expect(result.accepted).toBe("4");
    expect(result.ended).toBe("4");
    expect(result.echoedBytes).toBe(String(payloads.reduce((sum, p) => sum + p.length, 0)));
    expect(result.peers).toBe("127.0.0.1 number"); // the peer's address and a numeric port
    expect(result.afterClose).toBe("failed"); // a closed listener says so and accepts nothing
    expect(result.acceptAfterClose).toBe("nil");
  });

  it(`holds ${flavour.concurrent} concurrent accepted connections`, async () => {
    const run = start(flavour, "echo", { count: flavour.concurrent });
    const port = await run.port;
    const sockets = await Promise.all(Array.from({ length: flavour.concurrent }, () => connected(plainConnect, port)));
    const echoes = await Promise.all(sockets.map((socket, i) => echoOf(socket, pattern(64, i))));
    echoes.forEach((echo, i) => expect(echo.equals(pattern(64, i))).toBe(true));
    sockets.forEach((socket) => socket.end());
    const result = await run.result;
    expect(result.accepted).toBe(String(flavour.concurrent));
    expect(result.maxOpen).toBe(String(flavour.concurrent)); // all were open at once
  });

  it("serves TLS to Node's tls client; a client speaking no TLS fails its own stream only", async () => {
    // LuaSocket hands the stream over before its handshake, which then fails in step(); Node does
    // the handshake before accept(), so that client never reaches Lua at all.
    const handshakeInLua = flavour.transport === "luasocket";
    const run = start(flavour, "echo", { count: handshakeInLua ? 3 : 2, tls: certificates.dir });
    const port = await run.port;
    // Plain bytes where a ClientHello belongs: that accepted stream fails with "tls".
    const garbage = plainConnect(port);
    const garbageClosed = closedByPeer(garbage);
    garbage.write(Buffer.from("GET / HTTP/1.1\r\n\r\n"));
    const sockets = await Promise.all([connected(tlsConnect, port), connected(tlsConnect, port)]);
    const payloads = [pattern(256), pattern(flavour.bigPayload, 3)];
    const echoes = await Promise.all(sockets.map((socket, i) => echoOf(socket, payloads[i])));
    echoes.forEach((echo, i) => expect(echo.equals(payloads[i])).toBe(true));
    sockets.forEach((socket) => socket.end());
    expect((await garbageClosed).data).toBeLessThan(100); // at most a TLS alert, never an echo
    const result = await run.result;
    expect(result.handshakeFailures).toBe(handshakeInLua ? "1" : "0");
    if (handshakeInLua) expect(result.handshakeFailure).toBe("tls");
    expect(result.accepted).toBe(handshakeInLua ? "3" : "2");
    expect(result.ended).toBe(result.accepted);
  });

  // Reading the files is the transport's own code (Lua for LuaSocket, JavaScript for the Node host),
  // the same in every runtime that uses it: one runtime of each is enough.
  if (flavour.runtime === "lua5.1" || flavour.runtime === "wasmoon") {
    it("a port below 1024 for a user without privileges is permission denied", async () => {
      const prefix = unprivilegedPrefix();
      if (prefix === null) return console.warn("skipping: every user may bind port 80 here, or no way to drop root");
      const result = await start(flavour, "listen", { port: 80 }, prefix).result;
      expect(result.failed).toBe("permission denied");
      expect(result.message).toContain("127.0.0.1:80");
    });

    it("takes the certificate and key as paths of PEM files too", async () => {
      const run = start(flavour, "echo", { count: 1, tls: certificates.dir, tlsByPath: 1 });
      const socket = await connected(tlsConnect, await run.port);
      expect((await echoOf(socket, pattern(256))).equals(pattern(256))).toBe(true);
      socket.end();
      expect((await run.result).accepted).toBe("1");
    });
  }

  it("closing the listener closes connections still waiting to be accepted", async () => {
    const run = start(flavour, "pending");
    const port = await run.port;
    const sockets = await Promise.all([1, 2, 3].map(() => connected(plainConnect, port)));
    const outcomes = Promise.all(sockets.map(closedByPeer));
    await run.said("closed");
    // The script lives on for 0.7 s after closing: these closes come from the listener's close,
    // not from the process ending.
    const closedInTime = await Promise.race([outcomes.then(() => true), new Promise((r) => setTimeout(() => r(false), 400))]);
    expect(closedInTime).toBe(true);
    for (const outcome of await outcomes) expect(outcome.data).toBe(0);
    const result = await run.result;
    expect(result.wokeAfterConnection).toBe("true"); // wait() on the listener woke for a connection
    expect(result.closed).toBe("true");
  });

  it("port in use, a host that is not this machine's, a bad certificate: error values naming the cause", async () => {
    const held = await holdPort();
    try {
      const port = (held.address() as net.AddressInfo).port;
      const result = await start(flavour, "failures", { inUse: port }).result;
      expect(result["inUse.failed"]).toBe("address in use");
      expect(result["inUse.message"]).toContain(String(port));
      expect(result["unknownHost.failed"]).toBe("bad host");
      expect(result["unknownHost.message"]).toContain("no-such-host.invalid");
      expect(result["foreignAddress.failed"]).toBe("bad host");
      expect(result["foreignAddress.message"]).toContain("192.0.2.1");
      expect(result["badCertificate.failed"]).toBe("tls");
      expect(result.closedWhileStarting).toBe("failed"); // closed, and it stays so
    } finally {
      held.close();
    }
  });
});

describe("listener: one runtime's listener, another runtime's client streams", () => {
  const native = FLAVOURS.find((f) => f.transport === "luasocket");
  const wasmoon = FLAVOURS.find((f) => f.runtime === "wasmoon")!;
  const pairs = native ? [{ server: native, client: wasmoon }, { server: wasmoon, client: native }] : [];
  it.each(pairs)("$server.runtime listens, $client.runtime connects", async ({ server, client }) => {
    const run = start(server, "echo", { count: 3 });
    const port = await run.port;
    const clients = await start(client, "client", { port, count: 3 }).result;
    expect(clients.intact).toBe("3");
    const result = await run.result;
    expect(result.accepted).toBe("3");
    expect(result.echoedBytes).toBe(String(3 * 65536));
  });
});

// The queue is host/node-listener.mjs's, the same JavaScript under both VMs: wasmoon shows it.
describe.each(FLAVOURS.filter((f) => f.runtime === "wasmoon"))("listener: host only, $runtime", (flavour) => {
  it("connections beyond the backlog are closed at once instead of waiting without bound", async () => {
    const run = start(flavour, "backlog", { backlog: 2, settle: 1 });
    const port = await run.port;
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => connected(plainConnect, port)));
    let closedEarly = 0;
    sockets.forEach((socket) => closedByPeer(socket).then(() => closedEarly++));
    await new Promise((resolve) => setTimeout(resolve, 400)); // Lua is still asleep, accepting nothing
    expect(closedEarly).toBe(3);
    const result = await run.result;
    expect(result.accepted).toBe("2");
  });
});

describe.each(FLAVOURS.filter((f) => f.transport === "luasocket"))("listener: luasocket only, $runtime", (flavour) => {
  it("its own client streams against its own listener, 1 MiB each way on each of 3 connections", async () => {
    const result = await start(flavour, "self", { count: 3 }).result;
    expect(result.accepted).toBe("3");
    expect(result.intact).toBe("6");
  });

  it("without LuaSec, tls is 'tls unsupported here'", async () => {
    const result = await start(flavour, "listen", { tls: certificates.dir, hide: "ssl" }).result;
    expect(result.failed).toBe("tls unsupported here");
    expect(result.message).toContain("LuaSec");
  });

  it("listens on IPv6 '::1' when the system has it", async () => {
    const result = await start(flavour, "listen", { host: "::1" }).result;
    if (result.failed === "bad host") return console.warn("skipping: no IPv6 loopback here");
    expect(Number(result.listening)).toBeGreaterThan(0);
  });
});
