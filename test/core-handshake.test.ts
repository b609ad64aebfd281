// Handshake pieces on their own: the accept value, base64, and the validator the plugin uses to refuse
// bad game input. Whole handshakes (request and every rejection) are connection vectors.
import { describe, expect, it } from "vitest";
import { base64Encode } from "../ts/core/base64";
import { isValidApplicationCloseCode, isValidWireCloseCode } from "../ts/core/close-codes";
import { checkHandshakeOptions, checkHeaderField, expectedAccept, isToken } from "../ts/core/client-handshake";
import { parseWebSocketUrl } from "../ts/core/url";
import { RFC_ACCEPT, RFC_KEY, RFC_NONCE } from "./vectors/connection";

describe("handshake", () => {
  it("RFC 6455 section 1.3: key dGhlIHNhbXBsZSBub25jZQ== is accepted with s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", () => {
    expect(base64Encode(RFC_NONCE)).toBe(RFC_KEY);
    expect(expectedAccept(RFC_KEY)).toBe(RFC_ACCEPT);
  });

  it("base64: RFC 4648 section 10 test vectors", () => {
    const cases: [string, string][] = [["", ""], ["f", "Zg=="], ["fo", "Zm8="], ["foo", "Zm9v"], ["foob", "Zm9vYg=="], ["fooba", "Zm9vYmE="], ["foobar", "Zm9vYmFy"]];
    for (const [input, output] of cases) expect(base64Encode(input)).toBe(output);
    expect(base64Encode("\xff\xfe\x00")).toBe("//4A");
  });

  it("refuses header fields that would break or hijack the request", () => {
    expect(checkHeaderField("X-Token", "abc 123\tok")).toBeUndefined();
    expect(checkHeaderField("X-Token", "a\r\nInjected: 1")).toContain("control characters");
    expect(checkHeaderField("X-Token", "a\nb")).toContain("control characters");
    expect(checkHeaderField("X-Token", "a\0b")).toContain("control characters");
    expect(checkHeaderField("Bad Name", "v")).toContain("invalid header name");
    expect(checkHeaderField("", "v")).toContain("invalid header name");
    expect(checkHeaderField("X:Y", "v")).toContain("invalid header name");
    expect(checkHeaderField("sec-websocket-key", "v")).toContain("set by the WebSocket handshake");
    expect(checkHeaderField("Host", "evil")).toContain("set by the WebSocket handshake");
    expect(checkHeaderField("constructor", "v")).toBeUndefined();
  });

  it("checks every option that goes into the request", () => {
    const url = parseWebSocketUrl("ws://h/").url!;
    const base = { url, protocols: [], headers: [] as [string, string | string[]][] };
    expect(checkHandshakeOptions(base)).toBeUndefined();
    expect(checkHandshakeOptions({ ...base, protocols: ["chat", "v2.json"] })).toBeUndefined();
    expect(checkHandshakeOptions({ ...base, protocols: ["two words"] })).toContain("subprotocol");
    expect(checkHandshakeOptions({ ...base, headers: [["X-A", ["ok", "bad\r\n"]]] })).toContain("X-A");
    expect(checkHandshakeOptions({ ...base, origin: "http://x\r\n" })).toContain("origin");
    expect(checkHandshakeOptions({ ...base, username: "a:b" })).toContain("user name");
    expect(isToken("chat")).toBe(true);
    expect(isToken("a,b")).toBe(false);
  });

  it("close codes: what a server may send, what game code may close with", () => {
    const valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999];
    const invalid = [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000];
    for (const code of valid) expect(isValidWireCloseCode(code), String(code)).toBe(true);
    for (const code of invalid) expect(isValidWireCloseCode(code), String(code)).toBe(false);
    expect([1000, 3000, 4999].map(isValidApplicationCloseCode)).toEqual([true, true, true]);
    expect([1001, 1002, 2999, 5000, 3000.5].map(isValidApplicationCloseCode)).toEqual([false, false, false, false, false]);
  });
});
