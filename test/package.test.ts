// `npm run package`: the per-platform archives of a self-hosted Solar2D plugin (tools/package.mjs).
// Runs the real packager into a temporary folder, then reads every archive back with the system's
// `tar` and checks what Solar2D will find in it, and that the Lua plugin inside is the one built;
// checks the README.md written next to them, which tells a developer without Node what to copy.
// And: the plugin/websockets.lua that git holds is exactly what `npm run build` makes from ts/ and
// lua/, so the file people download can never go stale.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, runtimesToTest } from "./support/runtimes";

const PACKAGER = path.join(PROJECT_ROOT, "tools/package.mjs");
const BUILT_PLUGIN = path.join(PROJECT_ROOT, "plugin/websockets.lua");
const LUA_ENTRY = "lua_51/plugin/websockets.lua";
const LUA_ONLY = ["lua_51/", "lua_51/plugin/", LUA_ENTRY];

const hasJdk = spawnSync("javac", ["-version"], { stdio: "ignore" }).status === 0;

let work: string;
let pluginBefore: Buffer;
let pluginAfter: Buffer;

function packageInto(out: string, extra: string[] = [], env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [PACKAGER, "--out", out, ...extra], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

/** Runs a Lua script to completion in a native interpreter, stdin closed from the start. */
function runLuaScript(runtime: string, script: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const run = spawnSync(runtime, [script, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: 30_000,
  });
  return { stdout: run.stdout, stderr: run.stderr };
}

function listing(archive: string): string[] {
  return execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
}

function extract(archive: string, member: string): Buffer {
  return execFileSync("tar", ["-xzOf", archive, member], { maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(() => {
  if (!fs.existsSync(BUILT_PLUGIN)) throw new Error("plugin/websockets.lua is missing: run `npm run build` first");
  if (!hasJdk) {
    const message = "no JDK (javac): the android archive cannot be built";
    if (process.env.CI) throw new Error(`${message}; CI must have one`);
    console.warn(`skipping the android archive checks: ${message}`);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), "ws-package-"));
  // The built plugin is read on both sides of the packaging: in a shared working tree a rebuild may
  // land in between, and the archive must then hold one of the two.
  pluginBefore = fs.readFileSync(BUILT_PLUGIN);
  packageInto(path.join(work, "dist"), [], { PUBLISHER_ID: "com.test.publisher" });
  pluginAfter = fs.readFileSync(BUILT_PLUGIN);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("npm run package", () => {
  const archive = (platform: string) => path.join(work, "dist", platform, "data.tgz");

  const platforms = ["iphone", "iphone-sim", "lua", "mac-sim", "web", "win32-sim", ...(hasJdk ? ["android"] : [])].sort();

  it("writes <platform>/data.tgz, the layout of ~/Solar2DPlugins/<publisherId>/plugin.websockets/, and the README and plugin file next to them", () => {
    expect(fs.readdirSync(path.join(work, "dist")).sort()).toEqual([...platforms, "README.md", "typings", "websockets.lua"].sort());
    for (const platform of platforms) expect(fs.existsSync(archive(platform))).toBe(true);
  });

  it("puts exactly the built plugin into the lua archive, under lua_51/", () => {
    expect(listing(archive("lua"))).toEqual(LUA_ONLY);
    const packed = extract(archive("lua"), LUA_ENTRY);
    expect([pluginBefore, pluginAfter].some((built) => built.equals(packed))).toBe(true);
  });

  it("gives every other archive, and the file to copy, the same Lua plugin", () => {
    const reference = extract(archive("lua"), LUA_ENTRY);
    expect(fs.readFileSync(path.join(work, "dist", "websockets.lua")).equals(reference)).toBe(true);
    for (const platform of platforms) {
      expect(extract(archive(platform), LUA_ENTRY).equals(reference), platform).toBe(true);
    }
  });

  it("copies the editor typings of plugin/typings/ into typings/, and names them in the README", () => {
    const source = path.join(PROJECT_ROOT, "plugin/typings");
    const names = fs.readdirSync(source).sort();
    expect(names).toEqual(["plugin.websockets.d.ts", "plugin.websockets.lua"]);
    expect(fs.readdirSync(path.join(work, "dist", "typings")).sort()).toEqual(names);
    for (const name of names) {
      expect(fs.readFileSync(path.join(work, "dist", "typings", name)).equals(fs.readFileSync(path.join(source, name))), name).toBe(true);
    }
    const readme = fs.readFileSync(path.join(work, "dist", "README.md"), "utf8");
    expect(readme).toMatch(/^\| `typings\/` \| .*`plugin\.websockets\.lua`.*`Lua\.workspace\.library`.*`plugin\.websockets\.d\.ts`/m);
  });

  it("serves the Windows Simulator with the Lua plugin alone", () => {
    expect(listing(archive("win32-sim"))).toEqual(LUA_ONLY);
  });

  it("packs the web archive as Solar2D's HTML5 builder expects: the JS module at the root, format 'js'", () => {
    // The builder unpacks web archives into the app folder and merges lua_51/ into it; the
    // JavaScript module loader then finds plugin_websockets_js.js in the app's root.
    expect(listing(archive("web"))).toEqual([...LUA_ONLY, "metadata.lua", "plugin_websockets_js.js"].sort());
    const module = extract(archive("web"), "plugin_websockets_js.js");
    expect(module.equals(fs.readFileSync(path.join(PROJECT_ROOT, "native-html5/plugin_websockets_js.js")))).toBe(true);
    expect(module.toString()).toContain("window.plugin_websockets_js =");
    const [runtime] = runtimesToTest(["lua5.1"]);
    if (!runtime) return;
    const metadata = path.join(work, "web-metadata.lua");
    fs.writeFileSync(metadata, extract(archive("web"), "metadata.lua"));
    const script = path.join(work, "read-web-metadata.lua");
    fs.writeFileSync(script, "print(dofile(arg[1]).plugin.format)\n");
    const run = runLuaScript(runtime, script, [metadata]);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("js");
  });

  it.runIf(hasJdk)("packs the Android jar with native-android's metadata.lua", () => {
    const files = listing(archive("android"));
    expect(files).toEqual([...LUA_ONLY, "metadata.lua", "plugin.websockets_native.jar"].sort());
    const metadata = extract(archive("android"), "metadata.lua");
    expect(metadata.equals(fs.readFileSync(path.join(PROJECT_ROOT, "native-android/metadata.lua")))).toBe(true);
    // A jar is a zip: it starts with the local file header signature.
    expect(extract(archive("android"), "plugin.websockets_native.jar").subarray(0, 4)).toEqual(
      Buffer.from("PK\x03\x04", "latin1"),
    );
  });

  it("leaves native files and metadata out of the Apple archives when no macOS build exists", () => {
    // native-ios/build.sh only runs on macOS; a metadata.lua naming a missing library would break
    // the app's link, so these archives carry the Lua plugin only.
    if (fs.existsSync(path.join(PROJECT_ROOT, "native-ios/build"))) return; // built on this machine
    for (const platform of ["iphone", "iphone-sim", "mac-sim"]) {
      expect(listing(archive(platform)), platform).toEqual(LUA_ONLY);
    }
  });

  it("packs the macOS build's libraries with plugin/<platform>/metadata.lua when they exist", () => {
    // Stand-in files where native-ios/build.sh writes its libraries: this checks what goes where.
    const iosBuild = path.join(work, "ios-build");
    const library = {
      iphone: "libplugin_websockets_native.a",
      "iphone-sim": "libplugin_websockets_native.a",
      "mac-sim": "plugin_websockets_native.dylib",
    } as const;
    for (const [platform, name] of Object.entries(library)) {
      fs.mkdirSync(path.join(iosBuild, platform), { recursive: true });
      fs.writeFileSync(path.join(iosBuild, platform, name), `${platform} library`);
    }
    const out = path.join(work, "dist-mac");
    packageInto(out, ["--ios-build", iosBuild, "--only", "iphone,iphone-sim,mac-sim"]);

    for (const platform of ["iphone", "iphone-sim"] as const) {
      const tgz = path.join(out, platform, "data.tgz");
      expect(listing(tgz)).toEqual([...LUA_ONLY, library[platform], "metadata.lua"].sort());
      expect(extract(tgz, library[platform]).toString()).toBe(`${platform} library`);
      const metadata = extract(tgz, "metadata.lua");
      expect(metadata.equals(fs.readFileSync(path.join(PROJECT_ROOT, "plugin", platform, "metadata.lua")))).toBe(true);
    }
    const macSim = path.join(out, "mac-sim", "data.tgz");
    expect(listing(macSim)).toEqual([...LUA_ONLY, library["mac-sim"]].sort());
  });

  it("declares the iOS library and frameworks the way Solar2D's iOS build reads them", () => {
    const [runtime] = runtimesToTest(["lua5.1"]);
    if (!runtime) return;
    const script = path.join(work, "read-metadata.lua");
    fs.writeFileSync(
      script,
      [
        "local plugin = dofile(arg[1]).plugin",
        "print(plugin.format, table.concat(plugin.staticLibs, ','), table.concat(plugin.frameworks, ','))",
      ].join("\n"),
    );
    for (const platform of ["iphone", "iphone-sim"]) {
      const run = runLuaScript(runtime, script, [path.join(PROJECT_ROOT, "plugin", platform, "metadata.lua")]);
      expect(run.stderr).toBe("");
      // Solar2D links -l<name> for each staticLibs entry: the library is libplugin_websockets_native.a.
      expect(run.stdout.trim()).toBe("staticLibrary\tplugin_websockets_native,z\tNetwork,Security");
    }
  });

  it("unpacks to a plugin that require('plugin.websockets') finds, as Solar2D merges lua_51/", () => {
    const [runtime] = runtimesToTest(["lua5.1"]);
    if (!runtime) return;
    const unpacked = path.join(work, "unpacked");
    fs.mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", archive("lua"), "-C", unpacked]);
    const script = path.join(work, "require-plugin.lua");
    fs.writeFileSync(script, 'local m = require("plugin.websockets")\nprint(type(m.new), m.VERSION)\n');
    // Only the unpacked folder is on the path, and the working directory is elsewhere, so the
    // module can only come from the archive.
    const run = runLuaScript(runtime, script, [], {
      cwd: work,
      env: { LUA_PATH: `${unpacked}/lua_51/?.lua`, LUA_CPATH: "" },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^function\t\d+\.\d+\.\d+\n$/);
  });
});

describe("the README.md npm run package writes", () => {
  const readme = () => fs.readFileSync(path.join(work, "dist", "README.md"), "utf8");
  const writtenPlatforms = () => fs.readdirSync(path.join(work, "dist")).filter((name) => fs.existsSync(path.join(work, "dist", name, "data.tgz"))).sort();

  it("says in its first lines which file to copy where, and where the archives go, without Node", () => {
    const head = readme().split("\n").slice(0, 9).join("\n");
    const version = /\.VERSION = "(\d+\.\d+\.\d+)"/.exec(pluginAfter.toString("latin1"))![1];
    expect(head).toMatch(new RegExp(`^# plugin\\.websockets ${version.replace(/\./g, "\\.")}: how to install it \\(no Node needed\\)`));
    expect(head).toContain("copy `websockets.lua` from this folder into your Solar2D project as\n`plugin/websockets.lua`");
    expect(head).toContain('require("plugin.websockets")');
    expect(head).toContain("`~/Solar2DPlugins/com.test.publisher/plugin.websockets/`");
    expect(head).toContain("%APPDATA%\\Solar2DPlugins\\com.test.publisher\\plugin.websockets");
    // It names exactly the platform folders this run wrote.
    const named = [...head.matchAll(/`([a-z0-9-]+)\/`/g)].map((m) => m[1]).sort();
    expect(named).toEqual(writtenPlatforms());
    expect(head).not.toMatch(/\bnpm (run|install|test)\b|\bnode [a-z]/); // nothing to run first
  });

  it("lists every archive written with its real contents, and nothing else", () => {
    const rows = [...readme().matchAll(/^\| `([a-z0-9-]+)\/data\.tgz` \| ([^|]+) \|/gm)];
    expect(rows.map((m) => m[1]).sort()).toEqual(writtenPlatforms());
    for (const [, platform, contents] of rows) {
      const files = listing(path.join(work, "dist", platform, "data.tgz")).filter((name) => !name.endsWith("/"));
      expect(contents.trim().split(", ").sort(), platform).toEqual(files);
    }
  });

  it("gives a build.settings that Lua reads, with the publisherId, every written platform and plugin.openssl", () => {
    const [runtime] = runtimesToTest(["lua5.1"]);
    if (!runtime) return;
    const snippet = /```lua\n([\s\S]*?)```/.exec(readme())![1];
    const settingsFile = path.join(work, "readme-build.settings");
    fs.writeFileSync(settingsFile, snippet);
    const script = path.join(work, "read-settings.lua");
    fs.writeFileSync(
      script,
      [
        "dofile(arg[1])",
        'local plugin = settings.plugins["plugin.websockets"]',
        "local names = {}",
        "for name, on in pairs(plugin.supportedPlatforms) do if on == true then names[#names + 1] = name end end",
        "table.sort(names)",
        'print(plugin.publisherId, table.concat(names, ","), settings.plugins["plugin.openssl"].publisherId)',
      ].join("\n"),
    );
    const run = runLuaScript(runtime, script, [settingsFile]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`com.test.publisher\t${writtenPlatforms().join(",")}\tcom.coronalabs\n`);
  });
});

// plugin/websockets.lua as git holds it (the index: what CI checks out and what the next commit
// records) against a fresh build of ts/ and lua/ into a temporary folder. `npm test` rebuilds the
// working copy first, so comparing the working copy would prove nothing.
function trackedPlugin(): { tracked: true; content: Buffer } | { tracked: false; why: string } {
  const listed = spawnSync("git", ["ls-files", "--error-unmatch", "plugin/websockets.lua"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  if (listed.error || (listed.status !== 0 && !/did not match/.test(listed.stderr))) {
    const why = `git cannot tell whether plugin/websockets.lua is tracked (${listed.error?.message ?? listed.stderr.trim()})`;
    if (process.env.CI) throw new Error(`${why}; CI must run in a git checkout`);
    return { tracked: false, why };
  }
  if (listed.status !== 0) {
    return { tracked: false, why: "plugin/websockets.lua is not tracked by git yet (it is built, and ignored, until it is committed)" };
  }
  return { tracked: true, content: execFileSync("git", ["show", ":plugin/websockets.lua"], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 }) };
}

const committed = trackedPlugin();
if (!committed.tracked) console.warn(`skipping the committed-plugin check: ${committed.why}`);

describe("the committed plugin/websockets.lua", () => {
  it.runIf(committed.tracked)("is exactly what npm run build makes from the sources", () => {
    if (!committed.tracked) throw new Error("unreachable");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ws-fresh-build-"));
    try {
      execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/typescript-to-lua/dist/tstl.js"), "-p", "tsconfig.json", "--outDir", out], {
        cwd: PROJECT_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const fresh = fs.readFileSync(path.join(out, "plugin/websockets.lua"));
      expect(
        fresh.equals(committed.content),
        "plugin/websockets.lua in git differs from a fresh build: run `npm run build` and commit plugin/websockets.lua",
      ).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
