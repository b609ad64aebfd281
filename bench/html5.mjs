#!/usr/bin/env node
// `npm run bench:html5`: what the HTML5 bridge costs, in headless Chromium (simulator/html5/):
// runs bench/html5/main.lua in the page against a local `ws` echo server and prints its figures.
// The page's Lua is wasmoon (Lua 5.4 in wasm); Solar2D's HTML5 engine is Lua 5.1 in wasm, so the
// figures show the order of magnitude, not Solar2D's exact costs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";
import { missingForBrowser, openBrowser } from "../simulator/html5/browser.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const missing = missingForBrowser();
if (missing) {
  console.error(`bench:html5 needs ${missing}`);
  process.exit(2);
}
const server = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * 1024 * 1024 });
server.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
await new Promise((resolve) => server.on("listening", resolve));
const browser = await openBrowser();
const run = await browser.runProject(path.join(HERE, "html5"), {
  launchArgs: [`ws://127.0.0.1:${server.address().port}/`],
  timeoutSeconds: 120,
  onLine: (line) => console.log(line.replace(/^figure: /, "")),
});
await browser.close();
server.close();
if (run.status !== 0) console.error(run.console.join("\n"));
process.exit(run.status);
