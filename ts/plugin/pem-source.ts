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

/** Where a path names the file, resolved as SPEC's `ca` option says. */
export function resolveProjectPath(path: string): string {
  if (isAbsolutePath(path)) return path;
  const solar2d = (_G as unknown as Record<string, unknown>)["system"] as Solar2DSystem | undefined;
  if (solar2d !== undefined && type(solar2d.pathForFile) === "function") {
    return solar2d.pathForFile(path, solar2d.ResourceDirectory) ?? path;
  }
  return path;
}

/**
 * The PEM bytes `value` stands for, or a message saying why there are none: `what` names the option
 * in that message ("option 'ca'").
 */
export function readPem(value: string, what: string): { pem: string } | { problem: string } {
  if (isPemText(value)) return { pem: value };
  const path = resolveProjectPath(value);
  const [file, openError] = io.open(path, "rb");
  if (file === undefined) return { problem: `${what}: cannot read '${value}' (${openError ?? "no such file"})` };
  const content = file.read("*a") as string | undefined;
  file.close();
  if (content === undefined || !isPemText(content)) {
    return { problem: `${what}: '${value}' holds no PEM data (expected a '-----BEGIN' line)` };
  }
  return { pem: content };
}
