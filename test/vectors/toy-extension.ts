// A test-only extension that proves the extension hook (ts/core/extension.ts) works, written the same
// way in Lua in test/lua/core-vectors.lua. "x-double" claims RSV1: a frame with RSV1 set carries every
// byte of its message once, and decoding doubles each byte ("ab" -> "aabb"), so its output is larger
// than its input, the way an inflater's is, and comes out in bounded slices. Sending halves a message
// whose bytes come in equal pairs (and sets RSV1), and sends any other message as it is. RSV1 on a
// control frame fails with 1002, as RFC 7692 section 6 has it for permessage-deflate.
import type { EncodedPayload, Extension, FrameHeader } from "../../ts/core/extension";
import type { ProtocolError } from "../../ts/core/protocol-error";

const PASS = 1;
const TRANSFORM = 2;
const RSV1_BIT = 64;

export class DoublingExtension implements Extension {
  readonly name = "x-double";
  readonly claimsRsv1 = true;
  readonly claimsRsv2 = false;
  readonly claimsRsv3 = false;
  /** Payload pushed and not yet pulled. */
  private input = "";

  decodeFrame(header: FrameHeader): 1 | 2 | ProtocolError {
    if (!header.rsv1) return PASS;
    if (header.opcode >= 8) return { type: "failure", code: 1002, reason: "RSV1 on a control frame", errorType: "protocol" };
    return TRANSFORM;
  }

  decodePush(bytes: string): void {
    this.input += bytes;
  }

  decodePull(maxBytes: number): string {
    const take = Math.min(this.input.length, Math.floor(maxBytes / 2));
    const chunk = this.input.slice(0, take);
    this.input = this.input.slice(take);
    let out = "";
    for (const c of chunk) out += c + c;
    return out;
  }

  encodeMessage(_opcode: number, payload: string): EncodedPayload {
    if (payload.length === 0 || payload.length % 2 !== 0) return { payload, rsv: 0 };
    let half = "";
    for (let i = 0; i < payload.length; i += 2) {
      if (payload[i] !== payload[i + 1]) return { payload, rsv: 0 };
      half += payload[i];
    }
    return { payload: half, rsv: RSV1_BIT };
  }
}
