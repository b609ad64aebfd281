// The server role (RFC 6455 section 4.2, 5-7) on the TypeScript core: every server vector with input
// as written and one byte at a time. The same vectors run on the built Lua in core-lua-vectors.test.ts.
import { describe, expect, it } from "vitest";
import { serverVectors } from "./vectors/server";
import { expectedServe, projectServe, serve, SPLITS } from "./vectors/run";

describe("ServerConnection", () => {
  for (const vector of serverVectors) {
    for (const split of SPLITS) {
      it(`${vector.name} (${split})`, () => {
        expect(projectServe(vector, serve(vector, split))).toEqual(expectedServe(vector));
      });
    }
  }
});
