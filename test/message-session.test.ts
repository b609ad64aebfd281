// The HTML5 path of the built plugin against a scripted browser (test/lua/message-session.lua):
// a stand-in for the JavaScript module returns what Solar2D's bridge hands back, and the script
// drives Solar2D's clock. Events, their order and count, refused options and warnings, timeouts
// judged after reading, the maxMessageSize verdict, and big sends in pieces within the budget.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NATIVE_RUNTIMES, PROJECT_ROOT, runLua, runtimesToTest } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/message-session.lua");

describe("message session (HTML5 builds, scripted browser)", () => {
  // Solar2D's HTML5 engine is Lua 5.1 in wasm: the native runtimes and wasmoon cover it.
  for (const runtime of runtimesToTest([...NATIVE_RUNTIMES, "wasmoon"])) {
    it(runtime, async () => {
      const run = await runLua(runtime, SCRIPT);
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe("ok");
    });
  }
});
