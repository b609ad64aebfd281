// Runs a Solar2D project as an HTML5 build would run, in a real headless Chromium (Debian's
// `chromium`, driven by playwright-core; nothing is downloaded): the page (index.html, runtime.js)
// loads the built plugin/websockets.lua into wasmoon behind an emulation of Solar2D's JavaScript
// plugin bridge, with native-html5/plugin_websockets_js.js as the plugin's JavaScript module.
//
//   const browser = await openBrowser({ trustedSpki: [hash] });
//   const run = await browser.runProject(projectDir, { launchArgs, timeoutSeconds, onLine });
//   // run: { status, lines, console }
//   await browser.close();
//
// The page is served from 127.0.0.1 on a free port. The app folder it sees (/app/) is what
// Solar2D's HTML5 builder makes of the project and the plugin's `web` archive: the project's
// files, plugin/websockets.lua, plugin_websockets_js.js, and dkjson.lua (built into Solar2D; here
// Debian's lua-dkjson).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HERE = path.join(ROOT, "simulator/html5");

/** Debian's lua-dkjson, for whichever Lua version directory is there (the file is the same). */
const DKJSON_CANDIDATES = ["5.4", "5.3", "5.1"].map((v) => `/usr/share/lua/${v}/dkjson.lua`);
const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Chromium's flags: headless, and nothing that reaches past loopback. */
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The Chromium executable, or undefined (CHROMIUM=path overrides). */
export function findChromium() {
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : CHROMIUM_CANDIDATES;
  return candidates.find((file) => fs.existsSync(file));
}

/** dkjson.lua, or undefined. */
export function findDkjson() {
  return DKJSON_CANDIDATES.find((file) => fs.existsSync(file));
}

/** What the browser needs that is missing here, as a sentence, or undefined when nothing is. */
export function missingForBrowser() {
  const missing = [];
  if (!findChromium()) missing.push("chromium (apt-get install chromium)");
  if (!findDkjson()) missing.push("dkjson.lua (apt-get install lua-dkjson)");
  if (!fs.existsSync(path.join(ROOT, "plugin/websockets.lua"))) missing.push("plugin/websockets.lua (npm run build)");
  return missing.length > 0 ? missing.join(", ") : undefined;
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".lua": "text/plain" };

/** The file behind a URL path, or undefined: the page, wasmoon, the Solar2D globals, the app. */
function resolveFile(urlPath, projectDir) {
  const clean = path.posix.normalize(decodeURIComponent(urlPath));
  if (clean.includes("..")) return undefined;
  const [, top, ...rest] = clean.split("/");
  const tail = rest.join("/");
  switch (top) {
    case "index.html":
      return path.join(HERE, "index.html");
    case "html5":
      return path.join(HERE, tail);
    case "wasmoon":
      return path.join(ROOT, "node_modules/wasmoon/dist", tail);
    case "solar2d":
      return path.join(ROOT, "simulator/solar2d", tail);
    case "app":
      if (tail === "plugin/websockets.lua") return path.join(ROOT, "plugin/websockets.lua");
      if (tail === "plugin_websockets_js.js") return path.join(ROOT, "native-html5/plugin_websockets_js.js");
      if (tail === "dkjson.lua") return findDkjson();
      return path.join(projectDir, tail);
  }
  return undefined;
}

function startPageServer(state) {
  const server = http.createServer((request, response) => {
    const file = resolveFile(new URL(request.url, "http://127.0.0.1").pathname, state.projectDir);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    response.end(fs.readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

/**
 * Starts Chromium with a fresh profile. `trustedSpki`: base64 SHA-256 hashes of server
 * certificates' public keys that Chromium accepts without a known CA
 * (--ignore-certificate-errors-spki-list); every other certificate is checked as usual.
 */
export async function openBrowser({ trustedSpki = [] } = {}) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("chromium not found (apt-get install chromium, or set CHROMIUM=path)");
  const { chromium } = await import("playwright-core");
  const state = { projectDir: ROOT };
  const server = await startPageServer(state);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "websockets-chromium-"));
  const args = [...CHROMIUM_FLAGS];
  if (trustedSpki.length > 0) args.push(`--ignore-certificate-errors-spki-list=${trustedSpki.join(",")}`);
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args });
  } catch (error) {
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const origin = `http://127.0.0.1:${server.address().port}`;

  /** Runs one project in a page of its own until os.exit or the timeout (status 124). */
  async function runProject(projectDir, { launchArgs = [], timeoutSeconds = 30, onLine } = {}) {
    state.projectDir = path.resolve(projectDir);
    const page = await context.newPage();
    const lines = [];
    const consoleLog = [];
    page.on("console", (message) => consoleLog.push(`[${message.type()}] ${message.text()}`));
    page.on("pageerror", (error) => consoleLog.push(`[pageerror] ${error.stack ?? error.message}`));
    await page.exposeFunction("__hostLine", (text) => {
      lines.push(text);
      if (onLine) onLine(text);
    });
    let status;
    try {
      await page.goto(`${origin}/index.html?args=${encodeURIComponent(JSON.stringify(launchArgs))}`);
      await page.waitForFunction(() => window.__exitStatus !== undefined, null, { timeout: timeoutSeconds * 1000, polling: 50 });
      status = await page.evaluate(() => window.__exitStatus);
    } catch (error) {
      if (!/Timeout/i.test(String(error))) throw error;
      status = 124;
      consoleLog.push(`[runner] timed out after ${timeoutSeconds} s`);
    } finally {
      await page.close();
    }
    return { status, lines, console: consoleLog };
  }

  async function close() {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(profile, { recursive: true, force: true });
  }

  return { runProject, close };
}
