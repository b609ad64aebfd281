// The negotiation of permessage-deflate (RFC 7692 section 7.1): the client's offer for each setting,
// every valid server answer accepted with what it means, every invalid or unoffered answer refused;
// the server's answer to offers. The same table runs in built Lua (core-lua-vectors.test.ts).
import { describe, expect, it } from "vitest";
import {
  acceptDeflateAnswer,
  answerDeflateOffers,
  buildDeflateOffer,
  DEFAULT_DEFLATE_SETTINGS,
  type DeflateSettings,
} from "../ts/core/deflate-negotiation";
import { parseExtensionHeader, type ExtensionOffer } from "../ts/core/extension-header";
import { ANSWER_VECTORS, OFFER_VECTORS, SERVER_VECTORS } from "./vectors/deflate-negotiation";

function parsed(header: string): ExtensionOffer[] {
  const list = parseExtensionHeader([header]);
  if ("malformed" in list) throw new Error(list.malformed);
  return list;
}

function settings(overrides: Partial<DeflateSettings>): DeflateSettings {
  return { ...DEFAULT_DEFLATE_SETTINGS, ...overrides };
}

describe("permessage-deflate offer", () => {
  it.each(OFFER_VECTORS)("$name", (v) => {
    expect(buildDeflateOffer(settings(v.settings))).toBe(v.offer);
  });
});

describe("permessage-deflate answers, client side", () => {
  it.each(ANSWER_VECTORS)("$answer with $settings", (v) => {
    const result = acceptDeflateAnswer(parsed(v.answer), settings(v.settings));
    if (v.problem !== undefined) {
      expect("problem" in result ? result.problem : "accepted").toContain(v.problem);
    } else {
      expect(result).toEqual(v.agreement === undefined ? {} : { agreement: v.agreement });
    }
  });
});

describe("permessage-deflate offers, server side", () => {
  it.each(SERVER_VECTORS)("$offers with $settings", (v) => {
    const result = answerDeflateOffers(parsed(v.offers), settings(v.settings));
    expect(result === undefined ? undefined : result.header).toBe(v.answer);
    if (v.agreement !== undefined) expect(result!.agreement).toEqual(v.agreement);
    // What the server answers, a client that made the offer accepts with the mirrored agreement.
    if (result !== undefined && v.clientSettings !== undefined) {
      const client = acceptDeflateAnswer(parsed(result.header), settings(v.clientSettings));
      expect("agreement" in client && client.agreement).toEqual({
        peerNoContextTakeover: result.agreement.ownNoContextTakeover,
        ownNoContextTakeover: result.agreement.peerNoContextTakeover,
        peerWindowBits: result.agreement.ownWindowBits,
        ownWindowBits: result.agreement.peerWindowBits,
      });
    }
  });
});
