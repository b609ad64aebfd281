// plugin.websockets in an HTML5 build, in a real browser: headless Chromium runs the built
// plugin/websockets.lua in wasmoon behind an emulation of Solar2D's JavaScript plugin bridge
// (simulator/html5/), with native-html5/plugin_websockets_js.js carrying the messages over the
// browser's own WebSocket, against real local `ws` servers (plain, TLS with a trusted certificate,
// TLS with an untrusted one, a server that never answers the handshake, a closed port).
//
// Each scenario of test/html5/main.lua runs in a page of its own in one browser. A failing
// scenario shows its output and the browser console. Where Chromium (or dkjson) is missing the
// suite is skipped with a message, except under CI=true, where it fails.
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
// @ts-expect-error: a plain JavaScript module
import { missingForBrowser, openBrowser } from "../simulator/html5/browser.mjs";
import { makeTestCertificates, type TestCertificates } from "./support/certs";
import { PROJECT_ROOT } from "./support/runtimes";

const PROJECT = path.join(PROJECT_ROOT, "test/html5");
const SCENARIOS = [
  "bridge",
  "text",
  "binary",
  "big",
  "closeCodes",
  "serverDrop",
  "refusedPort",
  "tls",
  "subprotocols",
  "refusedOptions",
  "maxMessageSize",
  "timeouts",
  "streams",
];

const missing = missingForBrowser();
if (missing && process.env.CI) throw new Error(`HTML5 browser tests need ${missing}; CI must have it`);
if (missing) console.warn(`skipping the HTML5 browser tests: missing ${missing}`);

type Route = (ws: WebSocket, url: URL) => void;

/** What the /record route received, per connection, in order: messages, then the close. */
const recorded: string[][] = [];

/** A message as the record shows it: its type, length and an Adler-like sum, or the text. */
function summary(data: Buffer, isBinary: boolean): string {
  if (!isBinary) return `text ${data.toString("utf8")}`;
  let sum = 0;
  for (const byte of data) sum = (sum * 31 + byte) % 1000000007;
  return `binary ${data.length} ${sum}`;
}

const ROUTES: Record<string, Route> = {
  "/echo": (ws) => ws.on("message", (data, isBinary) => ws.send(data as Buffer, { binary: isBinary })),
  "/close": (ws, url) => {
    const code = url.searchParams.get("code");
    if (code === "none") ws.close();
    else ws.close(Number(code), url.searchParams.get("reason") ?? "");
  },
  "/destroy": (ws) => ws.once("message", (data) => ws.send(data as Buffer, () => ws.terminate())),
  "/record": (ws) => {
    const log: string[] = [];
    recorded.push(log);
    ws.on("message", (data, isBinary) => log.push(summary(data as Buffer, isBinary)));
    ws.on("close", (code, reason) => log.push(`close ${code} ${reason.toString()}`));
  },
};

/** A `ws` server on `server` with the routes above; it speaks chat.v2 and chat.v1 and deflate. */
function attachWebSockets(server: http.Server): WebSocketServer {
  const wss = new WebSocketServer({
    server,
    perMessageDeflate: true,
    maxPayload: 64 * 1024 * 1024,
    handleProtocols: (offered) => ["chat.v2", "chat.v1"].find((p) => offered.has(p)) ?? false,
  });
  wss.on("connection", (ws, request) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    ws.on("error", () => {});
    (ROUTES[url.pathname] ?? ROUTES["/echo"])(ws, url);
  });
  return wss;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** base64 SHA-256 of a certificate's public key: what --ignore-certificate-errors-spki-list takes. */
function spkiHash(pem: string): string {
  const spki = new crypto.X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return crypto.createHash("sha256").update(spki).digest("base64");
}

describe.skipIf(missing !== undefined)("HTML5 build in headless Chromium", () => {
  let certs: TestCertificates;
  const servers: net.Server[] = [];
  const stalled: net.Socket[] = [];
  let browser: { runProject: Function; close: () => Promise<void> };
  const args: string[] = [];
  let results: Promise<{ status: number; lines: string[]; console: string[] }>;

  beforeAll(async () => {
    certs = makeTestCertificates();
    const plain = http.createServer();
    const good = https.createServer({ cert: certs.server.cert, key: certs.server.key });
    const bad = https.createServer({ cert: certs.wrongHost.cert, key: certs.wrongHost.key });
    attachWebSockets(plain);
    attachWebSockets(good);
    attachWebSockets(bad);
    // Accepts TCP, reads the handshake and never answers it.
    const stall = net.createServer((socket) => {
      stalled.push(socket);
      socket.on("error", () => {});
    });
    // A port that was free a moment ago: nothing listens there.
    const closed = net.createServer();
    servers.push(plain, good, bad, stall);
    const [plainPort, goodPort, badPort, stallPort, refusedPort] = await Promise.all([
      listen(plain), listen(good), listen(bad), listen(stall), listen(closed),
    ]);
    await new Promise((resolve) => closed.close(resolve));
    args.push(
      `echo=ws://127.0.0.1:${plainPort}/echo`,
      `close=ws://127.0.0.1:${plainPort}/close`,
      `destroy=ws://127.0.0.1:${plainPort}/destroy`,
      `record=ws://127.0.0.1:${plainPort}/record`,
      `wss=wss://localhost:${goodPort}/echo`,
      `badWss=wss://localhost:${badPort}/echo`,
      `stall=ws://127.0.0.1:${stallPort}/`,
      `refused=ws://127.0.0.1:${refusedPort}/`,
    );
    // Chromium trusts the good server's key alone; the bad one is an unknown certificate.
    browser = await openBrowser({ trustedSpki: [spkiHash(certs.server.cert)] });
    results = browser.runProject(PROJECT, { launchArgs: [`scenarios=${SCENARIOS.join(",")}`, ...args], timeoutSeconds: 60 });
  });

  afterAll(async () => {
    await results?.catch(() => undefined);
    await browser?.close();
    for (const socket of stalled) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    certs?.remove();
  });

  /** The lines of one scenario, from its BEGIN to its PASS or FAIL. */
  function section(lines: string[], scenario: string): string[] {
    const begin = lines.indexOf(`BEGIN ${scenario}`);
    if (begin < 0) return [];
    const end = lines.findIndex((l, i) => i > begin && (l === `PASS ${scenario}` || l.startsWith(`FAIL ${scenario}:`)));
    return lines.slice(begin, end < 0 ? undefined : end + 1);
  }

  for (const scenario of SCENARIOS) {
    it(scenario, async () => {
      const run = await results;
      const lines = section(run.lines, scenario);
      const report = [`--- output of '${scenario}' ---`, ...lines, `--- run status ${run.status}; browser console ---`,
        ...run.console.filter((l: string) => !l.includes("404 (Not Found)"))].join("\n");
      const timing = lines.find((l: string) => l.startsWith("timing:"));
      if (timing) console.log(`html5 ${scenario}: ${timing}`);
      expect(lines, report).toContain(`PASS ${scenario}`);
    });
  }

  it("hands a big send, the sends after it and the close to the server in order", async () => {
    await results;
    // The scenario's 100 KiB message: period 251 of (i * 7 + 3) % 256, as pattern() in main.lua.
    const big = Buffer.alloc(100 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = ((i % 251) * 7 + 3) % 256;
    expect(recorded).toContainEqual([summary(big, true), "text after the big one", "close 4001 in order"]);
  });

  it("the run as a whole exits 0 when every scenario passed", async () => {
    const run = await results;
    expect(run.status, run.lines.slice(-20).join("\n")).toBe(0);
  });
});
