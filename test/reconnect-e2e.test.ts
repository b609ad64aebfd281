// Reconnect end to end (SPEC section 8) against a real server, on LuaSocket (lua5.1) and the Node
// host (wasmoon): the server closes with 1012, answers 503, stops and starts again on the same port
// (so an attempt is refused meanwhile), and finally closes with 1000, after which the client stays
// closed. The server counts the handshakes it saw.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/reconnect-e2e.lua");
/** How long the server stays stopped: a few 0.2 s waits, so at least one attempt is refused. */
const DOWN_MS = 700;

/** The server of the story; `handshakes` counts upgrade requests, `down` the refused window. */
async function startStoryServer() {
  const wss = new WebSocketServer({ noServer: true });
  let handshakes = 0;
  let http: Server;
  let port = 0;
  let restarted: Promise<void> = Promise.resolve();
  const listen = () =>
    new Promise<void>((resolve) => {
      http = createServer();
      http.on("upgrade", onUpgrade);
      http.listen(port, "127.0.0.1", () => {
        port = (http.address() as AddressInfo).port;
        resolve();
      });
    });
  function onUpgrade(request: IncomingMessage, socket: Socket, head: Buffer) {
    handshakes++;
    const n = handshakes;
    if (n === 2) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      // Stop, then start again on the same port: attempts meanwhile are refused.
      http.close();
      restarted = new Promise((resolve) => setTimeout(() => listen().then(resolve), DOWN_MS));
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.send(`hello ${n}`);
      setTimeout(() => ws.close(n === 1 ? 1012 : 1000), 100);
    });
  }
  await listen();
  return {
    url: () => `ws://127.0.0.1:${port}/`,
    handshakes: () => handshakes,
    close: async () => {
      await restarted;
      wss.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

describe("reconnect end to end against a server that restarts", () => {
  for (const runtime of runtimesToTest(["lua5.1", "wasmoon"])) {
    it(runtime, async () => {
      const server = await startStoryServer();
      try {
        const run = await runLua(runtime, SCRIPT, [server.url()], { timeoutMs: 12_000 });
        const log = run.stdout + run.stderr;
        expect(run.stdout, log).toMatch(/^DONE$/m);
        const events = run.stdout.split("\n").filter((l) => l.startsWith("EVENT ")).map((l) => l.slice(6));
        const opens = events.filter((e) => e.startsWith("onOpen"));
        expect(opens, log).toEqual(["onOpen reconnected=false", "onOpen reconnected=true"]);
        const closes = events.filter((e) => e.startsWith("onClose"));
        // 1012 retries, the 503 retries, each refused attempt retries, 1000 does not.
        expect(closes[0], log).toBe("onClose code=1012 willReconnect=true reconnectDelay=0.2 stateDuringWait=true sendDuringWait=false");
        expect(closes[1], log).toMatch(/^onClose code=1006 willReconnect=true reconnectDelay=0.2 /);
        const refused = closes.slice(2, -1);
        expect(refused.length, log).toBeGreaterThanOrEqual(1);
        for (const close of refused) expect(close, log).toMatch(/^onClose code=1006 willReconnect=true /);
        expect(closes[closes.length - 1], log).toBe("onClose code=1000 willReconnect=false");
        const errors = events.filter((e) => e.startsWith("onError"));
        expect(errors[0], log).toMatch(/errorType=handshake/);
        for (const error of errors.slice(1)) expect(error, log).toMatch(/errorType=connect/);
        expect(errors.length, log).toBe(1 + refused.length);
        expect(events.filter((e) => e.startsWith("onMessage")), log).toEqual(["onMessage data=hello 1", "onMessage data=hello 3"]);
        // Wait a moment: no attempt follows the 1000.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(server.handshakes(), log).toBe(3);
      } finally {
        await server.close();
      }
    }, 20_000);
  }
});
