// The reference for bench/codec/e2e-client.lua: the same compressed echo made by the `ws` Node
// client with perMessageDeflate (threshold 0, level 1), against the same server.
//
//   node e2e-ws-client.mjs URL MESSAGES_JSON COUNT DEPTH
//
// Prints the same RESULT line (cpu: this process's user + system CPU time over the span).
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";

const [url, file, countText, depthText] = process.argv.slice(2);
const count = Number(countText);
const depth = Number(depthText);
const messages = JSON.parse(fs.readFileSync(file, "latin1")).map((m) => Buffer.from(m, "latin1"));

function fail(message) {
  process.stderr.write(`compressed echo: ${message}\n`);
  process.exit(1);
}

const ws = new WebSocket(url, { maxPayload: 16 * 1024 * 1024, perMessageDeflate: { threshold: 0, zlibDeflateOptions: { level: 1 } } });
ws.once("error", (error) => fail(String(error)));
await new Promise((resolve) => ws.once("open", resolve));
if (!ws.extensions.includes("permessage-deflate")) fail("permessage-deflate was not negotiated");
let sent = 0;
let received = 0;
let bytes = 0;
const started = performance.now();
const startedCpu = process.cpuUsage();
await new Promise((resolve) => {
  const pump = () => {
    while (sent < count && sent - received < depth) {
      ws.send(messages[sent % messages.length], { binary: false });
      sent += 1;
    }
  };
  ws.on("message", (data) => {
    const expected = messages[received % messages.length];
    if (!Buffer.from(data).equals(expected)) fail(`echo ${received + 1} differs from what was sent`);
    received += 1;
    bytes += data.length;
    if (received === count) resolve();
    else pump();
  });
  pump();
});
const seconds = (performance.now() - started) / 1000;
const cpuUsed = process.cpuUsage(startedCpu);
const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
ws.close();
await new Promise((resolve) => ws.once("close", resolve));
console.log(`RESULT seconds=${seconds.toFixed(6)} cpu=${cpu.toFixed(6)} count=${count} bytes=${bytes} extensions=${ws.extensions.replace(/[\s;]+/g, ",")}`);
