/**
 * Certificates and keys given by game code as PEM text or as the path of a PEM file (the `ca` connect
 * option, a server's `tls.certificate` and `tls.key`). The plugin reads files itself, in Lua, so every
 * transport gets PEM bytes and none opens a path: on Android project files live inside the APK, where
 * only Solar2D's own `io.open` finds them.
 *
 * A relative path is a file of the project: Solar2D's system.ResourceDirectory inside Solar2D, the
 * working directory in plain Lua.
 */

interface Solar2DSystem {
  pathForFile(this: void, name: string, directory: unknown): string | undefined;
  ResourceDirectory: unknown;
}

/** PEM text has its armour line; anything else is taken for a path. */
export function isPemText(value: string): boolean {
  return string.find(value, "-----BEGIN ", 1, true)[0] !== undefined;
}

function isAbsolutePath(path: string): boolean {
  return string.sub(path, 1, 1) === "/" || string.find(path, "^%a:[/\\]")[0] !== undefined || string.sub(path, 1, 2) === "\\\\";
}

function solar2dSystem(): Solar2DSystem | undefined {
  const solar2d = (_G as unknown as Record<string, unknown>)["system"] as Solar2DSystem | undefined;
  if (type(solar2d) === "table" && type(solar2d!.pathForFile) === "function") return solar2d;
  return undefined;
}

/**
 * Where a path names the file, resolved as SPEC's `ca` option says: `{ path }`, or `{ missing }`
 * with the reason when Solar2D says the project has no such file (its pathForFile answers nil).
 */
export function resolveProjectPath(path: string): { path: string } | { missing: string } {
  if (isAbsolutePath(path)) return { path };
  const solar2d = solar2dSystem();
  if (solar2d === undefined) return { path };
  const resolved = solar2d.pathForFile(path, solar2d.ResourceDirectory);
  if (resolved === undefined) return { missing: "no such file in the project (system.ResourceDirectory)" };
  return { path: resolved };
}

/** io.open's message without the path it starts with ("x.pem: No such file or directory"), which
 *  the caller names already. */
function withoutPath(message: string | undefined, path: string): string {
  if (message === undefined) return "cannot be opened";
  const prefix = `${path}: `;
  return string.sub(message, 1, prefix.length) === prefix ? string.sub(message, prefix.length + 1) : message;
}

/**
 * The PEM bytes `value` stands for, or a message saying why there are none: `what` names the option
 * in that message ("option 'ca'"), which then reads `option 'ca': cannot read 'certs/x.pem': ...`.
 */
export function readPem(value: string, what: string): { pem: string } | { problem: string } {
  if (isPemText(value)) return { pem: value };
  const where = resolveProjectPath(value);
  if ("missing" in where) return { problem: `${what}: cannot read '${value}': ${where.missing}` };
  const opener = type(io) === "table" ? io.open : undefined;
  if (opener === undefined) return { problem: `${what}: cannot read '${value}': this Lua has no io library; pass the PEM text instead` };
  const [file, openError] = opener(where.path, "rb");
  if (file === undefined) return { problem: `${what}: cannot read '${value}': ${withoutPath(openError, where.path)}` };
  // read's second result says why it failed (a directory opens on POSIX but does not read).
  const readAll = file.read as unknown as (this: LuaFile, format: string) => LuaMultiReturn<[string | undefined, string?]>;
  const [content, readError] = readAll.call(file, "*a");
  file.close();
  if (content === undefined) return { problem: `${what}: cannot read '${value}': ${readError ?? "read failed"}` };
  if (!isPemText(content)) return { problem: `${what}: '${value}' holds no PEM data: no '-----BEGIN' line` };
  return { pem: content };
}
