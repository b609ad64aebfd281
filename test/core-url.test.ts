// URL parsing (RFC 6455 section 3) on the TypeScript core; the same vectors run on the built Lua in
// core-lua-vectors.test.ts.
import { describe, expect, it } from "vitest";
import { hostHeaderValue, parseWebSocketUrl } from "../ts/core/url";
import { urlVectors } from "./vectors/url";

describe("parseWebSocketUrl", () => {
  for (const vector of urlVectors) {
    it(vector.name, () => {
      const parsed = parseWebSocketUrl(vector.input);
      if (vector.url) {
        expect(parsed).toEqual({ url: vector.url });
      } else {
        expect(parsed.url).toBeUndefined();
        expect(parsed.error).toContain(vector.errorIncludes);
      }
    });
  }

  it("Host header: default ports left out, others kept, IPv6 bracketed", () => {
    const host = (text: string) => hostHeaderValue(parseWebSocketUrl(text).url!);
    expect(host("ws://a.example:80/")).toBe("a.example");
    expect(host("wss://a.example:443/")).toBe("a.example");
    expect(host("ws://a.example:443/")).toBe("a.example:443");
    expect(host("wss://[fe80::1]:8443/")).toBe("[fe80::1]:8443");
    expect(host("ws://[::1]/")).toBe("[::1]");
  });
});
