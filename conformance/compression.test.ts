// Sections 12 and 13 (permessage-deflate) in both roles, against `ws` with perMessageDeflate: the
// fuzzing server against ws's client, the fuzzing client against ws's server. Every one of the 216
// cases must be OK, in the "small" profile with 2 messages per case (the sizes, fragmentations and
// parameter sets are the suite's). Without compression on the other side they are UNIMPLEMENTED, as
// Autobahn grades them, never a pass.
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
// @ts-expect-error plain JavaScript module without types
import { FuzzingServer } from "./server.mjs";
// @ts-expect-error plain JavaScript module without types
import { FuzzingClient } from "./client.mjs";

interface CaseResult {
  id: string;
  verdict: string;
  reasons: string[];
}
const compressionOnly = (id: string) => /^1[23]\./.test(id);
const notOk = (cases: CaseResult[]) => cases.filter((c) => c.verdict !== "OK").map((c) => `${c.id} ${c.verdict}: ${c.reasons.join("; ")}`);

/** The plugin runner's protocol, with a ws client that does or does not offer compression. */
async function playServer(server: FuzzingServer, agent: string, perMessageDeflate: boolean): Promise<CaseResult[]> {
  for (let n = 1; n <= server.cases.length; n++) {
    await new Promise((resolve) => {
      const ws = new WebSocket(`${server.url}/runCase?case=${n}&agent=${agent}`, { perMessageDeflate });
      ws.on("message", (data: Buffer, isBinary: boolean) => ws.send(data, { binary: isBinary }));
      ws.on("error", () => {});
      ws.on("close", resolve);
    });
  }
  await new Promise((resolve) => {
    const ws = new WebSocket(`${server.url}/updateReports?agent=${agent}`);
    ws.on("error", () => {});
    ws.on("close", resolve);
  });
  return server.reportFor(agent).cases;
}

async function echoServer(perMessageDeflate: boolean): Promise<{ url: string; wss: WebSocketServer }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate });
  wss.on("connection", (ws) => {
    ws.on("error", () => {});
    ws.on("message", (data: Buffer, isBinary: boolean) => ws.send(data, { binary: isBinary }));
  });
  await new Promise((resolve) => wss.once("listening", resolve));
  return { url: `ws://127.0.0.1:${(wss.address() as net.AddressInfo).port}`, wss };
}

describe("permessage-deflate cases (12, 13)", () => {
  const servers: FuzzingServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it("fuzzing server: ws's client with perMessageDeflate is OK on all 216 cases", { timeout: 90_000 }, async () => {
    const server = new FuzzingServer({ profile: "small", compressionCount: 2, compression: true, cases: compressionOnly });
    servers.push(server);
    await server.listen();
    expect(server.cases.length).toBe(216);
    expect(notOk(await playServer(server, "ws-deflate", true))).toEqual([]);
  });

  it("fuzzing client: ws's server with perMessageDeflate is OK on all 216 cases", { timeout: 90_000 }, async () => {
    const { url, wss } = await echoServer(true);
    try {
      const report = await new FuzzingClient({ url, agent: "ws", profile: "small", compressionCount: 2, compression: true, cases: compressionOnly }).run();
      expect(report.summary.run).toBe(216);
      expect(notOk(report.cases)).toEqual([]);
    } finally {
      wss.close();
    }
  });

  it("both roles grade a peer without compression UNIMPLEMENTED", { timeout: 30_000 }, async () => {
    const firstOfEach = (id: string) => /^1[23]\.\d\.1$/.test(id);
    const server = new FuzzingServer({ profile: "small", compression: true, cases: firstOfEach });
    servers.push(server);
    await server.listen();
    const fromServer = await playServer(server, "ws-plain", false);
    const { url, wss } = await echoServer(false);
    try {
      const fromClient = (await new FuzzingClient({ url, profile: "small", compression: true, cases: firstOfEach }).run()).cases as CaseResult[];
      for (const cases of [fromServer, fromClient]) {
        expect(cases.length).toBe(12);
        expect(cases.filter((c) => c.verdict !== "UNIMPLEMENTED").map((c) => c.id)).toEqual([]);
      }
    } finally {
      wss.close();
    }
  });
});
