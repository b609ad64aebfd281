// bench/codec-e2e.mjs --quick: the compressed echo benchmark works for the `ws` client and each Lua
// runtime it measures: permessage-deflate is negotiated, every echo matched what was sent, and each
// client gives a figure. Its speed is not judged here.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { renderCompressedEcho, runCompressedEcho } from "../bench/codec-e2e.mjs";
import { runtimesToTest } from "./support/runtimes";

describe("compressed echo benchmark, quick mode", () => {
  it("echoes compressed game messages with ws and each Lua runtime", { timeout: 60_000 }, async () => {
    const clients = ["ws", ...runtimesToTest(["lua5.1", "luajit", "wasmoon"])];
    const run = await runCompressedEcho({ quick: true, clients });
    for (const client of clients) {
      const result = run.results[client];
      expect(result.error, client).toBeUndefined();
      expect(result.count, client).toBe(run.count);
      expect(result.bytes, client).toBeGreaterThan(0);
      expect(result.seconds, client).toBeGreaterThan(0);
      expect(result.extensions, client).toContain("permessage-deflate");
    }
    const table = renderCompressedEcho(run);
    for (const client of clients) expect(table).toMatch(new RegExp(`\\| ${client} \\| [^|]+ \\| \\d+ \\|`));
  });
});
