// Sec-WebSocket-Extensions (RFC 6455 section 9.1, RFC 7692 section 5), parsed and built in one place.
import { describe, expect, it } from "vitest";
import { buildExtensionHeader, parseExtensionHeader } from "../ts/core/extension-header";

describe("parseExtensionHeader", () => {
  const ok: [string, string[], unknown][] = [
    ["one name", ["permessage-deflate"], [{ name: "permessage-deflate", params: [] }]],
    [
      "RFC 7692 section 5's offer of two alternatives",
      ["permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits"],
      [
        { name: "permessage-deflate", params: [{ name: "client_max_window_bits" }, { name: "server_max_window_bits", value: "10" }] },
        { name: "permessage-deflate", params: [{ name: "client_max_window_bits" }] },
      ],
    ],
    ["a quoted value is unquoted", ['x; a="10"'], [{ name: "x", params: [{ name: "a", value: "10" }] }]],
    ["a quoted value with an escaped token character", ['x; a="1\\0"'], [{ name: "x", params: [{ name: "a", value: "10" }] }]],
    ["whitespace around every separator", [" x ;\ta = 1 ; b ,\ty "], [{ name: "x", params: [{ name: "a", value: "1" }, { name: "b" }] }, { name: "y", params: [] }]],
    ["several fields are one list; empty elements are skipped", ["a, , b", "c"], [{ name: "a", params: [] }, { name: "b", params: [] }, { name: "c", params: [] }]],
    ["an empty value is an empty list", [""], []],
  ];
  for (const [name, values, expected] of ok) {
    it(name, () => expect(parseExtensionHeader(values)).toEqual(expected));
  }

  const malformed: [string, string][] = [
    ["a parameter without a name", "x; =1"],
    ["a value missing after =", "x; a="],
    ["a quoted string that does not end", 'x; a="10'],
    ["a quoted value that is not a token", 'x; a="1 0"'],
    ["an empty quoted value", 'x; a=""'],
    ["a value with a separator", "x; a=b=c"],
    ["a name that is not a token", "x{y}"],
    ["a parameter list without an extension", "; a"],
    ["two names without a comma", "x y"],
    ["a control character in a quoted value", 'x; a="1\u00010"'],
  ];
  for (const [name, value] of malformed) {
    it(`malformed: ${name}`, () => {
      const parsed = parseExtensionHeader([value]);
      expect("malformed" in parsed, JSON.stringify(parsed)).toBe(true);
    });
  }
});

describe("buildExtensionHeader", () => {
  it("writes names and parameters, and reads back the same", () => {
    const offers = [
      { name: "permessage-deflate", params: [{ name: "client_max_window_bits" }, { name: "server_max_window_bits", value: "10" }] },
      { name: "permessage-deflate", params: [] },
    ];
    const header = buildExtensionHeader(offers);
    expect(header).toBe("permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate");
    expect(parseExtensionHeader([header])).toEqual(offers);
  });
});
