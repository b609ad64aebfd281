// The plugin's server (SPEC section 7) end to end: test/lua/server.lua listens in each runtime
// (LuaSocket in lua5.1 and LuaJIT, the Node host in wasmoon and fengari) and real `ws` clients and
// raw sockets talk to it over loopback. Assertions are on what both sides saw: the clients' frames
// and HTTP answers, and the events the server dispatched to game code (and those it did not).
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "./support/certs";
import { startLuaServer, type LuaServer, type ServerLine } from "./support/lua-server";
import { PROJECT_ROOT, runLua, runtimesToTest, type Runtime } from "./support/runtimes";

interface Flavour {
  runtime: Runtime;
  /** Concurrent peers of the load case: fengari is an interpreter in JavaScript, so fewer. */
  concurrent: number;
}

const FLAVOURS: Flavour[] = [
  ...runtimesToTest(["lua5.1", "luajit"]).map((runtime): Flavour => ({ runtime, concurrent: 200 })),
  { runtime: "wasmoon", concurrent: 200 },
  { runtime: "fengari", concurrent: 40 },
];

const MAIN_OPTIONS = { path: "/game", protocols: "chat,superchat", verify: 1, handshakeTimeout: 1, maxClients: 250 };

function opened(url: string, protocols?: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`status ${res.statusCode}`)));
  });
}

/** The HTTP status a refused handshake got. */
function refusedWith(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => reject(new Error("opened")));
    ws.once("error", () => {});
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      _req.destroy();
    });
  });
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; binary: boolean }> {
  return new Promise((resolve) => ws.once("message", (data: Buffer, binary: boolean) => resolve({ data, binary })));
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
}

/** Writes `bytes` on a raw socket and resolves with everything that came back until the server closed. */
function rawExchange(port: number, bytes: Buffer | string): Promise<{ response: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ host: "127.0.0.1", port }, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {});
    socket.on("close", () => resolve({ response: Buffer.concat(chunks).toString("latin1"), ms: Date.now() - started }));
  });
}

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
function upgradeHead(pathname: string, extra: string[] = [], version = "13"): string {
  return [`GET ${pathname} HTTP/1.1`, "Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
    `Sec-WebSocket-Key: ${KEY}`, `Sec-WebSocket-Version: ${version}`, ...extra, "", ""].join("\r\n");
}

const count = (server: LuaServer, match: (l: ServerLine) => boolean) => server.events.filter(match).length;
const luaErrors = (server: LuaServer) => server.lines.filter((l) => l.startsWith("LUAERROR"));

describe.each(FLAVOURS)("server in $runtime", ({ runtime, concurrent }) => {
  let server: LuaServer;
  let port: number;
  let base: string;
  beforeAll(async () => {
    server = startLuaServer(runtime, MAIN_OPTIONS);
    port = await server.port;
    base = `ws://127.0.0.1:${port}`;
  });
  afterAll(() => server?.kill());

  it("ONLISTEN with the real port; echoes text, binary, fragmented and 1 MiB; server-preferred subprotocol", async () => {
    const listen = await server.waitFor((l) => l.who === "server" && l.type === "onListen", "ONLISTEN");
    expect(Number(listen.fields.port)).toBe(port);
    expect(listen.fields.state).toBe("1");
    const ws = await opened(`${base}/game?room=7`, ["superchat", "chat"]);
    expect(ws.protocol).toBe("chat"); // the server's first preference among those offered
    const verify = await server.waitFor((l) => l.type === "verify" && l.fields.query === "room=7", "verifyClient call");
    expect(verify.fields).toMatchObject({ path: "/game", protocol: "chat", address: "127.0.0.1", portType: "number" });
    const echoes: { data: Buffer; binary: boolean }[] = [];
    ws.on("message", (data: Buffer, binary: boolean) => echoes.push({ data, binary }));
    const big = Buffer.alloc(1024 * 1024, 0).map((_, i) => (i * 31) % 256);
    ws.send("héllo");
    ws.send(Buffer.from([0, 1, 2, 255]));
    ws.send("frag", { fin: false });
    ws.send("ment", { fin: true });
    ws.send(big);
    ws.send("cmd:info");
    await expect.poll(() => echoes.length, { timeout: 10_000 }).toBe(5);
    expect(echoes[0]).toEqual({ data: Buffer.from("héllo"), binary: false });
    expect(echoes[1]).toEqual({ data: Buffer.from([0, 1, 2, 255]), binary: true });
    expect(echoes[2]).toEqual({ data: Buffer.from("fragment"), binary: false });
    expect(echoes[3].binary).toBe(true);
    expect(echoes[3].data.equals(big)).toBe(true);
    expect(echoes[4].data.toString()).toBe("info 127.0.0.1 number chat 1");
    const done = closed(ws);
    ws.close(4000, "bye");
    expect((await done).code).toBe(4000); // the server echoes the code (RFC 6455 5.5.1)
    const close = await server.waitFor((l) => l.type === "close" && l.fields.code === "4000", "the peer's ONCLOSE");
    expect(close.fields).toMatchObject({ reason: "bye", wasClean: "true", state: "3" });
    // Nothing in common: it opens without a subprotocol (ws, as a client, would refuse that answer).
    const closeFrame = Buffer.from([0x88, 0x80, 0, 0, 0, 0]); // masked (with a zero key), no code
    const none = await rawExchange(port, Buffer.concat([Buffer.from(upgradeHead("/game", ["Sec-WebSocket-Protocol: other, more"])), closeFrame]));
    expect(none.response).toMatch(/^HTTP\/1\.1 101 /);
    expect(none.response).not.toMatch(/Sec-WebSocket-Protocol/i);
    await server.waitFor((l) => l.type === "close" && l.fields.code === "1005", "the ONCLOSE of a close frame without a code");
  });

  it("ping/pong both ways; peer:close, peer:disconnect; a vanished client; an unmasked frame (1002)", async () => {
    const ws = await opened(`${base}/game`);
    const pong = new Promise<string>((resolve) => ws.once("pong", (data: Buffer) => resolve(data.toString())));
    ws.ping("abc");
    expect(await pong).toBe("abc"); // answered by the core, no event for the game
    const ping = new Promise<string>((resolve) => ws.once("ping", (data: Buffer) => resolve(data.toString())));
    ws.send("cmd:ping:xyz");
    expect(await ping).toBe("xyz");
    await server.waitFor((l) => l.type === "pong" && l.fields.data === "xyz", "ONPONG of peer:ping");
    const byServer = closed(ws);
    ws.send("cmd:close:4001:srv");
    expect(await byServer).toEqual({ code: 4001, reason: "srv" });
    await server.waitFor((l) => l.type === "close" && l.fields.code === "4001" && l.fields.wasClean === "true", "ONCLOSE 4001");

    const second = await opened(`${base}/game`);
    const disconnected = closed(second);
    second.send("cmd:disconnect");
    expect((await disconnected).code).toBe(1000);

    const third = await opened(`${base}/game`);
    third.send("cmd:clients");
    await nextMessage(third);
    third.terminate(); // gone without a close frame
    await server.waitFor((l) => l.type === "error" && l.fields.errorType === "closed", "ONERROR closed");
    await server.waitFor((l) => l.type === "close" && l.fields.code === "1006" && l.fields.wasClean === "false", "ONCLOSE 1006");

    // A client frame without a mask: the server fails the connection with 1002 (RFC 6455 5.1).
    const unmasked = Buffer.concat([Buffer.from(upgradeHead("/game")), Buffer.from([0x81, 0x02, 0x68, 0x69])]);
    const { response } = await rawExchange(port, unmasked);
    expect(response).toMatch(/^HTTP\/1\.1 101 /);
    const frame = Buffer.from(response.slice(response.indexOf("\r\n\r\n") + 4), "latin1");
    expect(frame[0]).toBe(0x88);
    expect(frame.readUInt16BE(2)).toBe(1002);
    await server.waitFor((l) => l.type === "error" && l.fields.errorType === "protocol" && l.fields.code === "1002", "ONERROR 1002");
  });

  it("verifyClient accepts and refuses with a status; its error refuses with 500 and propagates; path 404", async () => {
    expect(await refusedWith(`${base}/game?deny=401`)).toBe(401);
    const before = count(server, (l) => l.type === "connection");
    expect(await refusedWith(`${base}/game?boom`)).toBe(500);
    await expect.poll(() => luaErrors(server).some((l) => l.includes("verify%20boom")), { timeout: 5000 }).toBe(true);
    expect(await refusedWith(`${base}/elsewhere`)).toBe(404);
    expect(count(server, (l) => l.type === "verify" && l.fields.path === "/elsewhere")).toBe(0); // 404 before verifyClient
    const ws = await opened(`${base}/game`); // the server keeps serving
    ws.close();
    await expect.poll(() => count(server, (l) => l.type === "close" && l.fields.code === "1005"), { timeout: 5000 }).toBe(2);
    await server.waitFor((l) => l.type === "connection" && server.events.filter((e) => e.type === "connection").length > before, "a new connection");
    expect(count(server, (l) => l.type === "connection")).toBe(before + 1); // refused requests never announced
  });

  it("400, 426 with the version, 431 for a big head, and a dropped slow handshake: none reach game code", async () => {
    const before = server.events.length;
    const bad = await rawExchange(port, "GET /game HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(bad.response).toMatch(/^HTTP\/1\.1 400 /);
    const version = await rawExchange(port, upgradeHead("/game", [], "8"));
    expect(version.response).toMatch(/^HTTP\/1\.1 426 /);
    expect(version.response).toMatch(/\r\nSec-WebSocket-Version: 13\r\n/);
    const huge = await rawExchange(port, upgradeHead("/game", [`X-Filler: ${"a".repeat(17 * 1024)}`]));
    expect(huge.response).toMatch(/^HTTP\/1\.1 431 /);
    const garbage = await rawExchange(port, Buffer.alloc(20 * 1024, 0xfe));
    expect(garbage.response).toMatch(/^HTTP\/1\.1 (400|431) /);
    // A client that trickles its head one byte at a time never completes it: dropped after
    // handshakeTimeout (1 s here).
    const trickled = await new Promise<number>((resolve) => {
      const started = Date.now();
      const socket = net.connect({ host: "127.0.0.1", port });
      const head = upgradeHead("/game");
      let i = 0;
      const timer = setInterval(() => socket.writable && socket.write(head[i++ % 20]), 100);
      socket.on("error", () => {});
      socket.on("close", () => {
        clearInterval(timer);
        resolve(Date.now() - started);
      });
    });
    expect(trickled).toBeGreaterThanOrEqual(900);
    expect(trickled).toBeLessThan(4000);
    expect(server.events.slice(before).filter((l) => l.who !== "server" || l.type !== "verify")).toEqual([]);
  });

  it("misuse raises argument errors or returns false, message; broadcast reaches every open peer", async () => {
    const a = await opened(`${base}/game`);
    a.send("cmd:misuse");
    expect((await nextMessage(a)).data.toString()).toBe("misuse ok");
    const others = await Promise.all([opened(`${base}/game`), opened(`${base}/game`)]);
    const got = [a, ...others].map((ws) => nextMessage(ws));
    a.send("cmd:broadcast:to everyone");
    for (const message of await Promise.all(got)) expect(message.data.toString()).toBe("to everyone");
    const sent = await server.waitFor((l) => l.type === "broadcast", "broadcast count");
    expect(sent.fields.count).toBe("3");
    for (const ws of [a, ...others]) ws.close();
  });

  it(`${concurrent} concurrent peers echoing`, async () => {
    const clients = await Promise.all(Array.from({ length: concurrent }, () => opened(`${base}/game`)));
    const echoes = clients.map((ws) => nextMessage(ws));
    clients.forEach((ws, i) => ws.send(`peer ${i}`));
    const answers = await Promise.all(echoes);
    answers.forEach((answer, i) => expect(answer.data.toString()).toBe(`peer ${i}`));
    clients[0].send("cmd:clients");
    expect((await nextMessage(clients[0])).data.toString()).toBe(`clients ${concurrent}`);
    await Promise.all(clients.map((ws) => { const done = closed(ws); ws.close(); return done; }));
  }, 30_000);

  it("server:close() with peers open: each peer's ONCLOSE 1001, then the server's own ONCLOSE", async () => {
    const clients = await Promise.all([1, 2, 3].map(() => opened(`${base}/game`)));
    const closes = clients.map((ws) => closed(ws));
    clients[0].send("cmd:shutdown");
    for (const close of await Promise.all(closes)) expect(close.code).toBe(1001);
    const end = await server.waitFor((l) => l.who === "server" && l.type === "onClose", "the server's ONCLOSE");
    expect(end.fields).toMatchObject({ code: "1001", state: "3", clients: "0" });
    const index = server.events.indexOf(end);
    const peerCloses = server.events.filter((l, i) => l.type === "close" && l.fields.code === "1001" && i < index);
    expect(peerCloses.length).toBe(3);
    expect(await server.exited).toBe(0);
    expect(server.lines).toContain("RESULT ok");
    expect(luaErrors(server).length, luaErrors(server).join("\n")).toBe(1);
    expect(luaErrors(server)[0]).toMatch(/verify%20boom/);
  });

  it("maxClients: beyond it 503; a port in use: ONERROR + ONCLOSE, no Lua error", async () => {
    const small = startLuaServer(runtime, { maxClients: 2 });
    try {
      const smallPort = await small.port;
      const two = await Promise.all([opened(`ws://127.0.0.1:${smallPort}/`), opened(`ws://127.0.0.1:${smallPort}/`)]);
      expect(await refusedWith(`ws://127.0.0.1:${smallPort}/`)).toBe(503);
      two.forEach((ws) => ws.close());
      const busy = startLuaServer(runtime, { port: smallPort });
      // A second interpreter starts here: fengari takes seconds to load the plugin on a busy machine.
      const error = await busy.waitFor((l) => l.who === "server" && l.type === "onError", "ONERROR for a port in use", 40_000);
      expect(error.fields.errorType).toBe("listen");
      expect(error.fields.reason).toMatch(/in use/);
      await busy.waitFor((l) => l.who === "server" && l.type === "onClose", "ONCLOSE after the failure", 40_000);
      expect(await busy.exited).toBe(0);
      expect(luaErrors(busy)).toEqual([]);
    } finally {
      small.kill();
    }
  });
});

describe.each(FLAVOURS.filter((f) => f.runtime === "lua5.1" || f.runtime === "wasmoon"))("hostile clients, server in $runtime", ({ runtime }) => {
  it("a client that reads nothing: the queue for it stops at 16 MiB, send says so, broadcast skips it", async () => {
    const server = startLuaServer(runtime, {});
    try {
      const port = await server.port;
      const socket = net.connect({ host: "127.0.0.1", port });
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.on("error", () => {});
      socket.write(upgradeHead("/"));
      await new Promise((resolve) => socket.once("data", resolve));
      socket.pause(); // from now on nothing is read
      const command = Buffer.from("cmd:flood:1048576");
      socket.write(Buffer.concat([Buffer.from([0x81, 0x80 + command.length, 0, 0, 0, 0]), command]));
      const flooded = await server.waitFor((l) => l.type === "flooded", "the flood's end", 20_000);
      const sent = Number(flooded.fields.sent);
      expect(sent).toBeGreaterThanOrEqual(16); // 16 MiB are queued ...
      expect(sent).toBeLessThan(200); // ... and then send refuses
      expect(Number(flooded.fields.buffered)).toBeLessThan(16 * 1048576 + 1048576 + 1024);
      expect(flooded.fields.reason).toMatch(/reads too slowly/);
      expect(flooded.fields.broadcast).toBe("0");
      socket.destroy();
    } finally {
      server.kill();
    }
  }, 30_000);

  it("keep-alive: a client that answers no ping is lost after pongTimeout; a message over maxMessageSize gets 1009", async () => {
    const server = startLuaServer(runtime, { pingInterval: 0.3, pongTimeout: 0.6, maxMessageSize: 1000 });
    try {
      const port = await server.port;
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.on("error", () => {});
      const frames: Buffer[] = [];
      let head = true;
      socket.on("data", (chunk: Buffer) => {
        if (head) head = false; // the 101; raw sockets answer no ping
        else frames.push(chunk);
      });
      await new Promise((resolve) => socket.once("connect", resolve));
      const started = Date.now();
      socket.write(upgradeHead("/"));
      const lost = await server.waitFor((l) => l.type === "error" && l.fields.errorType === "timeout", "the pong timeout");
      expect(lost.fields.code).toBe("1006");
      expect(Date.now() - started).toBeGreaterThanOrEqual(800); // 0.3 s to the ping, then 0.6 s
      await server.waitFor((l) => l.type === "close" && l.fields.code === "1006", "ONCLOSE 1006");
      expect(Buffer.concat(frames)[0]).toBe(0x89); // the keep-alive ping went out
      socket.destroy();

      const ws = await opened(`ws://127.0.0.1:${port}/`);
      const done = closed(ws);
      ws.send("x".repeat(1001));
      expect((await done).code).toBe(1009);
      await server.waitFor((l) => l.type === "error" && l.fields.errorType === "limit" && l.fields.code === "1009", "ONERROR limit");
    } finally {
      server.kill();
    }
  }, 30_000);

  it("500 connection attempts that say nothing or hang up: bounded, silent, and an honest client still gets in", async () => {
    const server = startLuaServer(runtime, { handshakeTimeout: 1 });
    try {
      const port = await server.port;
      const sockets = Array.from({ length: 500 }, (_, i) => {
        const socket = net.connect({ host: "127.0.0.1", port });
        socket.on("error", () => {});
        if (i % 2 === 0) socket.once("connect", () => socket.destroy());
        return socket;
      });
      const ws = await opened(`ws://127.0.0.1:${port}/`);
      ws.send("still here");
      expect((await nextMessage(ws)).data.toString()).toBe("still here");
      // The silent half is dropped after handshakeTimeout, at most 128 waiting at a time.
      await Promise.all(sockets.map((s) => (s.destroyed ? undefined : new Promise((resolve) => s.once("close", resolve)))));
      expect(server.events.filter((l) => l.who !== "server" && l.type !== "command").map((l) => l.type)).toEqual(["connection"]);
      ws.close();
    } finally {
      server.kill();
    }
  }, 30_000);
});

describe("wss:// with tls = { certificate, key } as PEM text", () => {
  let certificates: TestCertificates;
  beforeAll(() => {
    certificates = makeTestCertificates();
    const { cert, key } = certificates.server;
    fs.writeFileSync(path.join(certificates.dir, "server_certificate.lua"),
      `return { certificate = [==[${cert}]==], key = [==[${key}]==] }\n`);
  });
  afterAll(() => certificates?.remove());
  it.each(runtimesToTest(["lua5.1", "wasmoon"]))("%s: a verifying ws client echoes through TLS", async (runtime) => {
    const server = startLuaServer(runtime, { tls: certificates.dir }, 30_000);
    try {
      const port = await server.port;
      const ws = new WebSocket(`wss://127.0.0.1:${port}/`, { ca: fs.readFileSync(certificates.caFile) });
      await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
      ws.send("secret");
      expect((await nextMessage(ws)).data.toString()).toBe("secret");
      ws.close();
    } finally {
      server.kill();
    }
  }, 30_000);
});

describe("a server in an HTML5 build (scripted browser)", () => {
  it.each(runtimesToTest(["lua5.1", "wasmoon"]))("%s: listen ends in ONERROR unsupported + ONCLOSE", async (runtime) => {
    const run = await runLua(runtime, path.join(PROJECT_ROOT, "test/lua/server-html5.lua"));
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("ok");
  });
});

describe("the plugin's client against the plugin's server, across runtimes", () => {
  const pairs: [Runtime, Runtime][] = [["lua5.1", "wasmoon"], ["wasmoon", "luajit"]];
  it.each(pairs.filter((pair) => runtimesToTest(pair).length === 2))("%s server, %s client", async (serverRuntime, clientRuntime) => {
    const server = startLuaServer(serverRuntime, { protocols: "chat" });
    try {
      const port = await server.port;
      const run = await runLua(clientRuntime, path.join(PROJECT_ROOT, "test/lua/server-client.lua"), [`url=ws://127.0.0.1:${port}/`, "count=20"], { timeoutMs: 30_000 });
      expect(run.stdout, run.stdout + run.stderr).toContain("RESULT ok");
      await server.waitFor((l) => l.type === "close" && l.fields.code === "1000" && l.fields.wasClean === "true", "the clean close");
    } finally {
      server.kill();
    }
  }, 40_000);
});

describe.runIf(runtimesToTest(["lua5.1"]).length === 1)("1,000 connect/disconnect cycles (lua5.1)", () => {
  it("leave neither heap nor file descriptors behind", async () => {
    const server = startLuaServer("lua5.1", { heap: 1, quiet: 1, maxClients: 64 }, 90_000);
    try {
      const port = await server.port;
      const fds = () => fs.readdirSync(`/proc/${server.pid}/fd`).length;
      const heaps = () => server.lines.filter((l) => l.startsWith("HEAP ")).map((l) => Number(l.slice(5)));
      const cycle = async () => {
        const ws = await opened(`ws://127.0.0.1:${port}/`);
        const done = closed(ws);
        ws.close();
        await done;
      };
      const batch = async (n: number) => {
        for (let i = 0; i < n; i += 20) await Promise.all(Array.from({ length: 20 }, cycle));
      };
      await batch(100);
      await new Promise((r) => setTimeout(r, 1200));
      const fdsAfterWarmup = fds();
      const heapAfterWarmup = heaps().at(-1)!;
      await batch(900);
      await new Promise((r) => setTimeout(r, 2200)); // let finished streams go and a HEAP line come
      expect(fds()).toBeLessThanOrEqual(fdsAfterWarmup + 2);
      expect(heaps().at(-1)!).toBeLessThan(heapAfterWarmup + 256); // KiB
    } finally {
      server.kill();
    }
  }, 60_000);
});
