// `npm run package`: the per-platform archives of a self-hosted Solar2D plugin (tools/package.mjs).
// Runs the real packager into a temporary folder, then reads every archive back with the system's
// `tar` and checks what Solar2D will find in it, and that the Lua plugin inside is the one built.
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

function packageInto(out: string, extra: string[] = []): string {
  return execFileSync(process.execPath, [PACKAGER, "--out", out, ...extra], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
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
  packageInto(path.join(work, "dist"));
  pluginAfter = fs.readFileSync(BUILT_PLUGIN);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("npm run package", () => {
  const archive = (platform: string) => path.join(work, "dist", platform, "data.tgz");

  it("writes <platform>/data.tgz, the layout of ~/Solar2DPlugins/<publisherId>/plugin.websockets/", () => {
    const expected = ["iphone", "iphone-sim", "lua", "mac-sim", "win32-sim", ...(hasJdk ? ["android"] : [])].sort();
    expect(fs.readdirSync(path.join(work, "dist")).sort()).toEqual(expected);
    for (const platform of expected) expect(fs.existsSync(archive(platform))).toBe(true);
  });

  it("puts exactly the built plugin into the lua archive, under lua_51/", () => {
    expect(listing(archive("lua"))).toEqual(LUA_ONLY);
    const packed = extract(archive("lua"), LUA_ENTRY);
    expect([pluginBefore, pluginAfter].some((built) => built.equals(packed))).toBe(true);
  });

  it("gives every other archive the same Lua plugin", () => {
    const reference = extract(archive("lua"), LUA_ENTRY);
    for (const platform of fs.readdirSync(path.join(work, "dist"))) {
      expect(extract(archive(platform), LUA_ENTRY).equals(reference), platform).toBe(true);
    }
  });

  it("serves the Windows Simulator with the Lua plugin alone", () => {
    expect(listing(archive("win32-sim"))).toEqual(LUA_ONLY);
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
