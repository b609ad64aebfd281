#!/usr/bin/env node
// Packs plugin.websockets into the per-platform archives of a self-hosted Solar2D plugin
// (`npm run package`, after `npm run build` has produced plugin/websockets.lua).
//
// Output: <out>/<platform>/data.tgz for each platform below, laid out so that copying the platform
// folders into ~/Solar2DPlugins/<publisherId>/plugin.websockets/ is a working local install
// (Solar2D's "Local File System Per Platform" locator), and so that each file can be uploaded as the
// `supportedPlatforms[platform].url` of a hosted plugin. Next to them: <out>/websockets.lua, the
// plugin as one file to copy into a project, <out>/typings/ (the editor typings of plugin/typings/:
// LuaLS definitions and TypeScript declarations), and <out>/README.md, which says how to use either
// without Node, and what each archive written here holds.
//
//   lua         lua_51/plugin/websockets.lua: the portable plugin. Every platform without an archive
//               of its own falls back to it (Solar2D's platformFallbacks end in "lua"); there the
//               plugin talks through LuaSocket, which Solar2D preloads.
//   win32-sim   the same Lua plugin: the Windows Simulator has no native shim and uses LuaSocket
//               too. It is spelled out rather than left to the fallback so that a hosted setup can
//               give it a url like the others.
//   android     the Lua plugin + plugin.websockets_native.jar and its metadata.lua, from
//               native-android/build-jar.sh. Left out, with a note, when no JDK is installed
//               (Android then falls back to `lua`).
//   iphone, iphone-sim
//               the Lua plugin; with the static library from native-ios/build.sh (macOS only) also
//               libplugin_websockets_native.a and plugin/<platform>/metadata.lua. Without the
//               library the metadata is left out too, since it would make the app's link fail.
//   mac-sim     the Lua plugin; with plugin_websockets_native.dylib when built on macOS. The
//               Simulator loads the dylib by name; it takes no metadata.lua.
//   web         HTML5 builds: the Lua plugin, native-html5/plugin_websockets_js.js at the root
//               (Solar2D's JavaScript module loader looks for <module>.js in the app's root) and
//               plugin/web/metadata.lua (format = 'js'). The HTML5 builder unpacks the archive into
//               the app folder, so require("plugin.websockets") finds plugin/websockets.lua there.
//
// The Lua file sits under lua_51/ in every archive: Solar2D merges lua_51/ into the plugin's root
// when it extracts an archive, and Android's build strips the prefix from module names.
//
// Archives are written by a small ustar writer below rather than the `tar` command, so they are
// byte-for-byte reproducible (fixed dates, owners and order) on Linux and macOS alike.
//
// usage: node tools/package.mjs [--out DIR] [--ios-build DIR] [--only PLATFORM,...]
//   --out        where to write (default: dist)
//   --ios-build  where native-ios/build.sh left its output (default: native-ios/build)
//   --only       just these platforms (default: all)
//   PUBLISHER_ID (environment) the publisher folder named in the printed install commands
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PLUGIN_NAME = "plugin.websockets";
const BUILT_PLUGIN = path.join(ROOT, "plugin/websockets.lua");
const TYPINGS = path.join(ROOT, "plugin/typings");
const LUA_ENTRY = "lua_51/plugin/websockets.lua";
const IOS_LIBRARY = "libplugin_websockets_native.a";
const MAC_LIBRARY = "plugin_websockets_native.dylib";
const BROWSER_MODULE = "plugin_websockets_js.js";
const PLATFORMS = ["lua", "win32-sim", "android", "iphone", "iphone-sim", "mac-sim", "web"];

function parseArguments(argv) {
  const options = {
    out: path.join(ROOT, "dist"),
    iosBuild: path.join(ROOT, "native-ios/build"),
    only: [...PLATFORMS],
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--out" && value) options.out = path.resolve(value), i++;
    else if (argv[i] === "--ios-build" && value) options.iosBuild = path.resolve(value), i++;
    else if (argv[i] === "--only" && value) options.only = value.split(","), i++;
    else throw new Error(`unknown argument '${argv[i]}' (usage: package.mjs [--out DIR] [--ios-build DIR] [--only PLATFORM,...])`);
  }
  const unknown = options.only.filter((name) => !PLATFORMS.includes(name));
  if (unknown.length > 0) throw new Error(`unknown platform(s) ${unknown.join(", ")}; known: ${PLATFORMS.join(", ")}`);
  return options;
}

// ---- ustar writer (POSIX.1-1988 ustar, as in the pax specification) ----

const BLOCK = 512;
// 2020-01-01T00:00:00Z: any fixed date keeps archives reproducible; 0 (1970) upsets some tools.
const FIXED_MTIME = 1577836800;

function octal(value, width) {
  // width - 1 octal digits, then NUL.
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

function tarHeader(name, size, isDirectory) {
  if (Buffer.byteLength(name) > 100) throw new Error(`path too long for ustar: ${name}`);
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, "utf8");
  header.write(octal(isDirectory ? 0o755 : 0o644, 8), 100, "ascii"); // mode
  header.write(octal(0, 8), 108, "ascii"); // uid
  header.write(octal(0, 8), 116, "ascii"); // gid
  header.write(octal(size, 12), 124, "ascii"); // size
  header.write(octal(FIXED_MTIME, 12), 136, "ascii"); // mtime
  header.fill(" ", 148, 156); // checksum field counts as spaces while summing
  header.write(isDirectory ? "5" : "0", 156, "ascii"); // typeflag
  header.write("ustar\0", 257, "ascii"); // magic
  header.write("00", 263, "ascii"); // version
  header.write("root", 265, "ascii"); // uname
  header.write("root", 297, "ascii"); // gname
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + " ", 148, "ascii");
  return header;
}

/** A gzipped ustar archive of `files` (archive path -> Buffer), parent directories included. */
function tarGz(files) {
  const entries = new Map();
  for (const [name, data] of Object.entries(files)) {
    const parts = name.split("/");
    for (let i = 1; i < parts.length; i++) entries.set(parts.slice(0, i).join("/") + "/", null);
    entries.set(name, data);
  }
  const blocks = [];
  for (const name of [...entries.keys()].sort()) {
    const data = entries.get(name);
    blocks.push(tarHeader(name, data ? data.length : 0, data === null));
    if (data) {
      blocks.push(data);
      const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (padding) blocks.push(Buffer.alloc(padding));
    }
  }
  blocks.push(Buffer.alloc(2 * BLOCK)); // end of archive
  return zlib.gzipSync(Buffer.concat(blocks), { level: 9 });
}

// ---- what goes into each archive ----

function readIfExists(file) {
  return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
}

/** The android folder's native part from native-android/build-jar.sh, or a note why not. */
function androidNativeFiles() {
  const javac = spawnSync("javac", ["-version"], { stdio: "ignore" });
  if (javac.error || javac.status !== 0) {
    return { note: "no JDK (javac) here: no android archive; Android falls back to the lua archive" };
  }
  const script = path.join(ROOT, "native-android/build-jar.sh");
  if (!fs.existsSync(script)) return { note: "native-android/build-jar.sh is missing: no android archive" };
  const build = spawnSync("bash", [script], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) {
    throw new Error(`native-android/build-jar.sh failed:\n${build.stdout}${build.stderr}`);
  }
  // build-jar.sh leaves the platform folder's native part (jar + metadata.lua) in build/android.
  const folder = path.join(ROOT, "native-android/build/android");
  const files = {};
  for (const name of fs.readdirSync(folder).sort()) files[name] = fs.readFileSync(path.join(folder, name));
  if (!files["metadata.lua"] || !Object.keys(files).some((name) => name.endsWith(".jar"))) {
    throw new Error(`native-android/build/android lacks a jar or metadata.lua: ${Object.keys(files).join(", ")}`);
  }
  return { files };
}

function applePlatform(platform, library, iosBuild) {
  const built = readIfExists(path.join(iosBuild, platform, library));
  if (!built) {
    return {
      files: {},
      note: `no ${library} (build it on macOS with native-ios/build.sh): Lua plugin only, over LuaSocket`,
    };
  }
  const files = { [library]: built };
  const metadata = path.join(ROOT, "plugin", platform, "metadata.lua");
  if (fs.existsSync(metadata)) files["metadata.lua"] = fs.readFileSync(metadata);
  return { files };
}

/** The native files (and notes) of one platform's archive; the Lua plugin is added to all. */
function nativePart(name, options) {
  switch (name) {
    case "android": {
      const android = androidNativeFiles();
      return { ...android, skip: !android.files };
    }
    case "iphone":
    case "iphone-sim":
      return applePlatform(name, IOS_LIBRARY, options.iosBuild);
    case "mac-sim":
      return applePlatform(name, MAC_LIBRARY, options.iosBuild);
    case "web":
      return {
        files: {
          [BROWSER_MODULE]: fs.readFileSync(path.join(ROOT, "native-html5", BROWSER_MODULE)),
          "metadata.lua": fs.readFileSync(path.join(ROOT, "plugin/web/metadata.lua")),
        },
      };
    default: // lua, win32-sim: the Lua plugin alone
      return { files: {} };
  }
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!fs.existsSync(BUILT_PLUGIN)) {
    throw new Error("plugin/websockets.lua is missing: run `npm run build` first (npm run package does)");
  }
  const pluginLua = fs.readFileSync(BUILT_PLUGIN);
  fs.mkdirSync(options.out, { recursive: true });
  const written = []; // { name, contents } of each archive written
  for (const name of options.only) {
    const platform = { name, ...nativePart(name, options) };
    const target = path.join(options.out, platform.name);
    fs.rmSync(target, { recursive: true, force: true });
    if (platform.skip) {
      console.log(`${platform.name.padEnd(11)} skipped: ${platform.note}`);
      continue;
    }
    const files = { [LUA_ENTRY]: pluginLua, ...platform.files };
    fs.mkdirSync(target, { recursive: true });
    const archive = path.join(target, "data.tgz");
    fs.writeFileSync(archive, tarGz(files));
    const contents = Object.keys(files).sort();
    written.push({ name: platform.name, contents });
    console.log(`${platform.name.padEnd(11)} ${path.relative(ROOT, archive)}: ${contents.join(", ")}${platform.note ? ` (${platform.note})` : ""}`);
  }
  const publisher = process.env.PUBLISHER_ID || "com.example";
  fs.writeFileSync(path.join(options.out, "websockets.lua"), pluginLua);
  const typingsOut = path.join(options.out, "typings");
  fs.rmSync(typingsOut, { recursive: true, force: true });
  fs.cpSync(TYPINGS, typingsOut, { recursive: true });
  fs.writeFileSync(path.join(options.out, "README.md"), installReadme(versionOf(pluginLua), publisher, written));
  const home = `~/Solar2DPlugins/${publisher}/${PLUGIN_NAME}`;
  const out = path.relative(process.cwd(), options.out) || ".";
  console.log(`${"README.md".padEnd(11)} ${path.join(out, "README.md")}: how to install, without Node`);
  console.log(`\nInstall locally (publisherId "${publisher}", as in build.settings):`);
  console.log(`  mkdir -p ${home} && cp -R ${written.map((p) => path.join(out, p.name)).join(" ")} ${home}/`);
}

/** The plugin's VERSION, as the built module declares it. */
function versionOf(pluginLua) {
  const match = /\.VERSION = "(\d+\.\d+\.\d+)"/.exec(pluginLua.toString("latin1"));
  if (!match) throw new Error("plugin/websockets.lua declares no VERSION");
  return match[1];
}

/** How each platform's archive reaches the network, for the README's table. */
const TRANSPORT_OF = {
  lua: "LuaSocket (+ LuaSec through plugin.openssl for wss://); every platform without an archive of its own falls back to this one",
  "win32-sim": "LuaSocket, as in `lua`: the Windows Simulator has no native shim",
  android: "Java sockets and TLS (the jar)",
  iphone: "Network.framework when the static library is in the archive, else LuaSocket",
  "iphone-sim": "Network.framework when the static library is in the archive, else LuaSocket",
  "mac-sim": "Network.framework when the dylib is in the archive, else LuaSocket",
  web: "the browser's own WebSocket, through plugin_websockets_js.js (HTML5 builds)",
};

/** README.md of the output folder: its first lines say which file to copy or which archive to install. */
function installReadme(version, publisher, written) {
  const names = written.map((p) => p.name);
  const rows = written.map((p) => `| \`${p.name}/data.tgz\` | ${p.contents.join(", ")} | ${TRANSPORT_OF[p.name]} |`);
  const skipped = PLATFORMS.filter((name) => !names.includes(name));
  return `# plugin.websockets ${version}: how to install it (no Node needed)

**To use it at once**, copy \`websockets.lua\` from this folder into your Solar2D project as
\`plugin/websockets.lua\` (next to \`main.lua\`), then \`local WebSockets = require("plugin.websockets")\`.
That works in the Solar2D Simulator and in device builds except HTML5, over LuaSocket (HTML5 builds
need the \`web\` archive, which carries the plugin's JavaScript module).
**To install it as a plugin** (native transports on Android and, from a macOS build, iOS), copy the
platform folders (${names.map((n) => `\`${n}/\``).join(", ")}) into
\`~/Solar2DPlugins/${publisher}/plugin.websockets/\` (on Windows \`%APPDATA%\\Solar2DPlugins\\${publisher}\\plugin.websockets\\\`)
and declare it in \`build.settings\` as shown below.

For \`wss://\` wherever LuaSocket carries the bytes (the Simulator, the \`lua\` and \`win32-sim\` archives),
also add Solar2D's \`plugin.openssl\`; without it a wss:// connect ends in ONERROR saying so.

\`\`\`lua
-- build.settings
settings = {
  plugins = {
    ["plugin.websockets"] = {
      publisherId = "${publisher}",   -- the folder you copied the archives under
      supportedPlatforms = { ${names.map((n) => (n.includes("-") ? `["${n}"] = true` : `${n} = true`)).join(", ")} },
    },
    ["plugin.openssl"] = { publisherId = "com.coronalabs" },  -- for wss:// over LuaSocket
  },
}
\`\`\`

Hosting the archives instead: upload each \`data.tgz\` and give its address as
\`supportedPlatforms[platform] = { url = "https://..." }\`. The Simulator fetches plugins again only
every 24 hours; deleting \`catalog.json\` in its plugins folder makes it pick up a new version sooner.

This is a drop-in replacement for the Solar2D Directory's \`plugin.websockets\` (\`com.develephant\`):
the same API under its own publisherId. An app uses one or the other, never both.

## What is in this folder

| file | contents | transport there |
|---|---|---|
| \`websockets.lua\` | the whole plugin, one Lua 5.1 file | LuaSocket (the native transports come with the archives) |
| \`typings/\` | editor typings: \`plugin.websockets.lua\` for the Lua language server (add the folder to VS Code's \`Lua.workspace.library\`), \`plugin.websockets.d.ts\` for TypeScriptToLua games (add it to tsconfig's \`types\`) | none: read by editors, not by Solar2D |
${rows.join("\n")}
${skipped.length > 0 ? `\nNot written by this run: ${skipped.map((n) => `\`${n}\``).join(", ")} (see the notes \`npm run package\` printed).\n` : ""}`;
}

try {
  main();
} catch (error) {
  console.error(`package: ${error.message}`);
  process.exit(1);
}
