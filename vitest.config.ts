import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: [
      // The protocol core imports its hot kernels (masking, UTF-8, SHA-1) from lua/kernels.lua, which
      // only exists as Lua. Under Node the same core runs on their TypeScript twin instead.
      { find: /^.*\/lua\/kernels$/, replacement: path.resolve(import.meta.dirname, "test/support/kernels-twin.ts") },
      // The same for the DEFLATE codec's byte primitives (lua/codec-kernels.lua).
      { find: /^.*\/lua\/codec-kernels$/, replacement: path.resolve(import.meta.dirname, "test/support/codec-kernels-twin.ts") },
    ],
  },
  test: {
    include: ["ts/**/*.test.ts", "test/**/*.test.ts", "conformance/**/*.test.ts", "host/**/*.test.ts", "simulator/**/*.test.ts"],
    // Most files spend their time waiting on Lua interpreters, a browser and sockets, not on this
    // process: more files at once than vitest's default of cores - 1 (one worker on two cores).
    maxWorkers: 3,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
