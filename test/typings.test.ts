// The editor typings (SPEC section 11) against the plugin as built. plugin/typings/ holds the LuaLS
// definitions (plugin.websockets.lua) and the TypeScript declarations (plugin.websockets.d.ts).
//
// - A TypeScriptToLua game (test/fixtures/tstl-game) that uses every call compiles against the
//   declarations with no diagnostic, and the Lua it becomes runs in lua5.1 against
//   plugin/websockets.lua: a wrong dot/colon call or a name that does not exist fails it there.
// - The names both typings declare for the module, a client, a server and a peer are exactly the
//   names those objects expose at run time (test/lua/typings-names.lua lists them in lua5.1): the
//   typings can neither miss nor invent a name, and the objects show nothing but the public API
//   (ts/plugin/facade.ts; the protocol core the tests use is require("plugin.websockets._core")). The same script makes
//   every kind of event happen and lists the keys each carried: each must be declared for its type,
//   and a key the .d.ts declares required must be there every time.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import * as tstl from "typescript-to-lua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const LUALS_FILE = path.join(PROJECT_ROOT, "plugin/typings/plugin.websockets.lua");
const GAME_CONFIG = path.join(PROJECT_ROOT, "test/fixtures/tstl-game/tsconfig.json");
const NAMES_SCRIPT = path.join(PROJECT_ROOT, "test/lua/typings-names.lua");
const OBJECTS = ["module", "client", "server", "peer"] as const;
type ObjectName = (typeof OBJECTS)[number];
type Names = Record<ObjectName, string[]>;

/** What differs between the declared names and those found at run time, as readable lines. */
export function nameDifferences(label: string, declared: string[], actual: string[]): string[] {
  const problems: string[] = [];
  for (const name of declared) {
    if (!actual.includes(name)) problems.push(`${label}: '${name}' is declared but does not exist at run time`);
  }
  for (const name of actual) {
    if (!declared.includes(name)) problems.push(`${label}: '${name}' exists at run time but is not declared`);
  }
  return problems;
}

/** The names the LuaLS file declares: `---@field` lines of a class and its parents, and the
 *  `function Local:method` / `function Local.fn` definitions of the local the class annotates. */
function luaLsNames(source: string): Names {
  const fields = new Map<string, string[]>();
  const parents = new Map<string, string[]>();
  const localOf = new Map<string, string>();
  let current: string | undefined;
  for (const line of source.split("\n")) {
    const cls = /^---@class ([\w.]+)(?:\s*:\s*([\w.,\s]+))?/.exec(line);
    if (cls) {
      current = cls[1];
      fields.set(current, []);
      parents.set(current, cls[2] ? cls[2].split(",").map((p) => p.trim()) : []);
      continue;
    }
    const field = /^---@field (\w+)/.exec(line);
    if (field && current) {
      fields.get(current)!.push(field[1]);
      continue;
    }
    const local = /^local (\w+) = \{\}/.exec(line);
    if (local && current) localOf.set(local[1], current);
    const fn = /^function (\w+)[:.](\w+)\(/.exec(line);
    if (fn && localOf.has(fn[1])) fields.get(localOf.get(fn[1])!)!.push(fn[2]);
    if (!line.startsWith("---")) current = undefined;
  }
  const all = (cls: string): string[] => [...(fields.get(cls) ?? []), ...(parents.get(cls) ?? []).flatMap(all)];
  return {
    module: all("websockets"),
    client: all("websockets.Client"),
    server: all("websockets.Server"),
    peer: all("websockets.Peer"),
  };
}

/** The names the .d.ts declares, read through the compiler: the module's value exports, and the
 *  properties (inherited ones too) of its Client, Server and Peer interfaces. */
function declarationNames(program: ts.Program): Names {
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getAmbientModules().find((m) => m.getName() === '"plugin.websockets"');
  if (!moduleSymbol) throw new Error("the declarations declare no module 'plugin.websockets'");
  const exports = checker.getExportsOfModule(moduleSymbol);
  const propertiesOf = (name: string): string[] => {
    const symbol = exports.find((e) => e.getName() === name);
    if (!symbol) throw new Error(`the declarations export no '${name}'`);
    return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.getName());
  };
  const isValue = (symbol: ts.Symbol): boolean => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return (target.flags & ts.SymbolFlags.Value) !== 0;
  };
  return {
    module: exports.filter(isValue).map((e) => e.getName()),
    client: propertiesOf("Client"),
    server: propertiesOf("Server"),
    peer: propertiesOf("Peer"),
  };
}

/** The `---@field` names of one class of a LuaLS file, without its parents'. */
function luaLsFields(source: string, cls: string): string[] {
  const start = source.indexOf(`---@class ${cls}\n`);
  if (start < 0) throw new Error(`no class ${cls}`);
  const fields: string[] = [];
  for (const line of source.slice(start).split("\n").slice(1)) {
    const field = /^---@field (\w+)/.exec(line);
    if (field) fields.push(field[1]);
    else if (!line.startsWith("---") || line.startsWith("---@class")) break;
  }
  return fields;
}

/** Each member of the .d.ts `Event` union by its `type` literal: all its keys, and those not optional. */
function eventDeclarations(program: ts.Program): Map<string, { all: string[]; required: string[] }> {
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getAmbientModules().find((m) => m.getName() === '"plugin.websockets"')!;
  const eventSymbol = checker.getExportsOfModule(moduleSymbol).find((e) => e.getName() === "Event");
  if (!eventSymbol) throw new Error("the declarations export no 'Event'");
  const union = checker.getDeclaredTypeOfSymbol(eventSymbol);
  const members = union.isUnion() ? union.types : [union];
  const result = new Map<string, { all: string[]; required: string[] }>();
  for (const member of members) {
    const properties = checker.getPropertiesOfType(member);
    const typeProperty = properties.find((p) => p.getName() === "type")!;
    const literal = checker.getTypeOfSymbol(typeProperty);
    if (!literal.isStringLiteral()) throw new Error(`an Event member's 'type' is not a string literal`);
    result.set(literal.value, {
      all: properties.map((p) => p.getName()),
      required: properties.filter((p) => (p.flags & ts.SymbolFlags.Optional) === 0).map((p) => p.getName()),
    });
  }
  return result;
}

function sorted(names: Names): Names {
  return Object.fromEntries(OBJECTS.map((o) => [o, [...new Set(names[o])].sort()])) as Names;
}

const lua51 = runtimesToTest(["lua5.1"]);
let outDir: string;
let program: ts.Program;
let emitDiagnostics: string[];

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "tstl-game-"));
  const parsed = tstl.parseConfigFileWithSystem(GAME_CONFIG, { outDir });
  program = ts.createProgram(parsed.fileNames, parsed.options);
  const result = new tstl.Transpiler().emit({ program });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  emitDiagnostics = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
});

afterAll(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

describe("the TypeScript declarations", () => {
  // The game's misuses() holds calls the declarations must refuse, each under @ts-expect-error:
  // were one accepted, the unused directive would be a diagnostic here.
  it("compile a TypeScriptToLua game that uses every call, and refuse its misuses, with no diagnostic", () => {
    expect(emitDiagnostics).toEqual([]);
    expect(fs.existsSync(path.join(outDir, "main.lua"))).toBe(true);
  });

  it.skipIf(lua51.length === 0)("give Lua that runs against the built plugin: every call works as declared", async () => {
    const run = await runLua("lua5.1", path.join(outDir, "main.lua"), [], { timeoutMs: 20_000, env: { LUA_PATH: `${outDir}/?.lua;${PROJECT_ROOT}/?.lua;;` } });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim().split("\n")).toEqual(["RESULT ok"]);
  });
});

describe.skipIf(lua51.length === 0)("the names the typings declare", () => {
  let actual: Names;
  /** The events test/lua/typings-names.lua made happen, with the keys each carried. */
  let events: { listener: string; type: string; keys: string[] }[];

  beforeAll(async () => {
    const run = await runLua("lua5.1", NAMES_SCRIPT, [], { timeoutMs: 20_000 });
    expect(run.stderr).toBe("");
    const lines = run.stdout.trim().split("\n");
    expect(lines.at(-1)).toBe("END");
    const found: Names = { module: [], client: [], server: [], peer: [] };
    events = [];
    for (const line of lines.slice(0, -1)) {
      const words = line.split(" ");
      if (words[0] === "event") {
        events.push({ listener: words[1], type: words[2], keys: words[3].split(",") });
      } else {
        found[words[0] as ObjectName].push(words[1]);
      }
    }
    actual = sorted(found);
  });

  it("are the names the built module, a client, a server and a peer expose (LuaLS definitions)", () => {
    const declared = sorted(luaLsNames(fs.readFileSync(LUALS_FILE, "utf8")));
    expect(OBJECTS.flatMap((o) => nameDifferences(o, declared[o], actual[o]))).toEqual([]);
  });

  it("are the names the built module, a client, a server and a peer expose (TypeScript declarations)", () => {
    const declared = sorted(declarationNames(program));
    expect(OBJECTS.flatMap((o) => nameDifferences(o, declared[o], actual[o]))).toEqual([]);
  });

  it("cover every key of every kind of event the plugin dispatches (TypeScript: per type, required keys always there)", () => {
    const declared = eventDeclarations(program);
    const seen = new Set(events.map((e) => `${e.listener} ${e.type}`));
    // Every event type reached a listener, so the comparison below is not empty.
    expect([...seen].sort()).toEqual(
      [
        ...["onOpen", "onMessage", "onPong", "onError", "onClose"].map((t) => `client ${t}`),
        ...["onListen", "onConnection", "onMessage", "onPong", "onError", "onClose"].map((t) => `server ${t}`),
      ].sort(),
    );
    // Among them a refused handshake's ONERROR, with the keys only it carries.
    expect(events.some((e) => e.type === "onError" && e.keys.includes("status") && e.keys.includes("headers"))).toBe(true);
    const problems: string[] = [];
    for (const event of events) {
      const declaration = declared.get(event.type);
      if (!declaration) {
        problems.push(`${event.listener} ${event.type}: no event interface declares this type`);
        continue;
      }
      for (const key of event.keys) {
        if (!declaration.all.includes(key)) problems.push(`${event.listener} ${event.type}: key '${key}' is not declared`);
      }
      for (const key of declaration.required) {
        if (!event.keys.includes(key)) problems.push(`${event.listener} ${event.type}: key '${key}' is declared required but was not set`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("cover every key of every kind of event the plugin dispatches (LuaLS)", () => {
    const declared = luaLsFields(fs.readFileSync(LUALS_FILE, "utf8"), "websockets.Event");
    const missing = [...new Set(events.flatMap((e) => e.keys))].filter((key) => !declared.includes(key));
    expect(missing).toEqual([]);
  });

  it("both declare the same names", () => {
    expect(sorted(luaLsNames(fs.readFileSync(LUALS_FILE, "utf8")))).toEqual(sorted(declarationNames(program)));
  });
});

describe("the version", () => {
  // Stated in the source (ts/plugin/index.ts, and so the built plugin), package.json and its lock
  // file, both typings and docs/api.md: each must state the same MAJOR.MINOR.PATCH.
  it("is the same everywhere it is stated", () => {
    const read = (file: string): string => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
    const found = (file: string, pattern: RegExp): string => pattern.exec(read(file))?.[1] ?? `none in ${file}`;
    const lock = JSON.parse(read("package-lock.json"));
    const stated = {
      "ts/plugin/index.ts": found("ts/plugin/index.ts", /export const VERSION = "(\d+\.\d+\.\d+)"/),
      "plugin/websockets.lua": found("plugin/websockets.lua", /\.VERSION = "(\d+\.\d+\.\d+)"/),
      "package-lock.json": lock.version,
      "package-lock.json (root package)": lock.packages[""].version,
      "plugin/typings/plugin.websockets.lua (header)": found("plugin/typings/plugin.websockets.lua", /^-- Editor definitions of plugin\.websockets (\d+\.\d+\.\d+) /m),
      "plugin/typings/plugin.websockets.lua (VERSION)": found("plugin/typings/plugin.websockets.lua", /^---@field VERSION string "MAJOR\.MINOR\.PATCH": "(\d+\.\d+\.\d+)"/m),
      "plugin/typings/plugin.websockets.d.ts (header)": found("plugin/typings/plugin.websockets.d.ts", /TypeScript declarations of plugin\.websockets (\d+\.\d+\.\d+) /),
      "plugin/typings/plugin.websockets.d.ts (VERSION)": found("plugin/typings/plugin.websockets.d.ts", /"MAJOR\.MINOR\.PATCH": "(\d+\.\d+\.\d+)" for the plugin/),
      "docs/api.md": found("docs/api.md", /`WebSockets\.VERSION` \| `"MAJOR\.MINOR\.PATCH"`; this release is `"(\d+\.\d+\.\d+)"`/),
    };
    const version = JSON.parse(read("package.json")).version;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(stated).toEqual(Object.fromEntries(Object.keys(stated).map((file) => [file, version])));
  });
});

describe("the comparison of names", () => {
  it("reports a name the typings miss and one they invent", () => {
    expect(nameDifferences("client", ["send", "sendText"], ["send", "ping"])).toEqual([
      "client: 'sendText' is declared but does not exist at run time",
      "client: 'ping' exists at run time but is not declared",
    ]);
  });

  it("reads fields, inherited fields and methods from LuaLS definitions", () => {
    const source = [
      "---@class websockets.Constants",
      "---@field OPEN 1",
      "---@class websockets.Client: websockets.Constants",
      "local Client = {}",
      "---@param data string",
      "function Client:send(data) end",
      "---@class websockets: websockets.Constants",
      "---@field VERSION string",
      "local WebSockets = {}",
      "function WebSockets.new() end",
    ].join("\n");
    expect(sorted(luaLsNames(source))).toEqual({ module: ["OPEN", "VERSION", "new"], client: ["OPEN", "send"], server: [], peer: [] });
  });
});
