// The reference: the same measurements as bench/e2e-client.lua, made by the `ws` Node client.
//
//   node bench/e2e-ws-client.mjs SCENARIO URL COUNT
//
// Prints the same RESULT line. For "idle" it reports the JavaScript heap per connection, for
// "loaded" the JavaScript heap one client object keeps (`ws` itself is loaded with this script, so
// its module is not counted), and for
// "dispatch" the time from resuming a paused socket with the whole burst waiting until the last
// message event: neither is the same quantity as the Lua figures, so the report shows them apart.
import { performance } from "node:perf_hooks";
import WebSocket from "ws";

const [scenario, url, countText] = process.argv.slice(2);
const count = Number(countText);
const MiB = 1024 * 1024;
const PIPELINE_DEPTH = 100;
const SMALL = Buffer.from("x".repeat(32));
const UNIT = Buffer.from("\u03ba\u00e9\u4e16\u754c\u20ac\u{1f3b2}", "utf8");
const MULTI_BYTE = Buffer.concat([Buffer.alloc(Math.floor(MiB / UNIT.length) * UNIT.length).fill(UNIT), Buffer.alloc(MiB % UNIT.length, ".")]);
const BINARY = Buffer.alloc(MiB).map((_, i) => i & 0xff);

function fail(message) {
  process.stderr.write(`${scenario}: ${message}\n`);
  process.exit(1);
}

function open(path) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url + path, { maxPayload: 64 * MiB, perMessageDeflate: false });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

function report(fields) {
  const parts = ["RESULT", `scenario=${scenario}`, ...Object.entries(fields).map(([k, v]) => `${k}=${v}`)];
  console.log(parts.join(" "));
}

async function echoRun(payload, binary, depth) {
  const ws = await open("/echo");
  let sent = 0;
  let received = 0;
  const started = performance.now();
  await new Promise((resolve) => {
    const topUp = () => {
      while (sent < count && sent - received < depth) {
        ws.send(payload, { binary });
        sent++;
      }
    };
    ws.on("message", (data, isBinary) => {
      if (isBinary !== binary || !payload.equals(data)) fail("echo differs from what was sent");
      received++;
      if (received === count) resolve();
      else topUp();
    });
    topUp();
  });
  const seconds = (performance.now() - started) / 1000;
  ws.close();
  report({ seconds, count, bytes: count * payload.length });
}

async function idleRun() {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const clients = await Promise.all(Array.from({ length: count }, () => open("/echo")));
  global.gc?.();
  const perConnection = (process.memoryUsage().heapUsed - before) / 1024 / count;
  for (const ws of clients) ws.close();
  report({ heapKiB: perConnection.toFixed(2), count });
}

async function loadedRun() {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const client = new WebSocket(url + "/echo", { perMessageDeflate: false });
  client.on("error", () => {});
  global.gc?.();
  const kib = (process.memoryUsage().heapUsed - before) / 1024;
  client.terminate();
  report({ heapKiB: kib.toFixed(1), count: 1 });
}

async function dispatchRun() {
  const ws = await open("/burst");
  const expected = Buffer.from("m".repeat(100));
  ws.pause();
  ws.send(String(count));
  await new Promise((resolve) => setTimeout(resolve, 300));
  let dispatched = 0;
  const started = performance.now();
  await new Promise((resolve) => {
    ws.on("message", (data) => {
      if (!expected.equals(data)) fail("burst message differs");
      if (++dispatched === count) resolve();
    });
    ws.resume();
  });
  const seconds = (performance.now() - started) / 1000;
  ws.close();
  report({ seconds, dispatched, count });
}

const runs = {
  roundtrip: () => echoRun(SMALL, false, 1),
  pipelined: () => echoRun(SMALL, false, PIPELINE_DEPTH),
  binary: () => echoRun(BINARY, true, 1),
  text: () => echoRun(MULTI_BYTE, false, 1),
  idle: idleRun,
  loaded: loadedRun,
  dispatch: dispatchRun,
};
if (!runs[scenario] || !url || !(count > 0)) fail("usage: e2e-ws-client.mjs SCENARIO URL COUNT");
await runs[scenario]();
