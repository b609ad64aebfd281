// Section 7: the closing handshake (RFC 6455 sections 5.5.1, 7.1 and 7.4). After a close frame the
// client sends no more data and answers with its own close frame, typically echoing the status code;
// a close payload is empty or a 2-byte code plus a UTF-8 reason, at most 125 bytes in all; codes
// that are reserved or unassigned are a protocol error.
import { Opcode, closePayload } from "../wire.mjs";
import { asciiText } from "./payloads.mjs";
import { continuationFrame, echoCase, failCase, pingFrame, serverCloses, serverClosesWithoutCode, text, textFrame } from "./builders.mjs";

/** Codes a server may send: the RFC's, plus 1012-1014 which IANA registered after it. */
const VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
const LATER_REGISTERED_CODES = [1012, 1013, 1014];
/** Reserved (1004-1006, 1015), unassigned or out of range. */
const INVALID_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535];

export function closeCases(profile) {
  const cases = [];
  const add = (testCase) => cases.push(testCase);
  /** The script sends the close frame itself; the client must answer it. */
  const closing = (id, description, send, { echoes = [], ok, close = serverCloses() } = {}) =>
    add(echoCase(profile, { id, description, send, echoes, ok, close }));
  const failing = (id, description, send, extra = {}) => add(failCase(profile, { id, description, send, ...extra }));

  // 7.1: nothing is delivered or answered after the server's close frame.
  closing("7.1.1", "Send a text message, wait for its echo, then close normally", async (peer) => {
    await peer.sendFrame(textFrame("Hello before closing"));
    await peer.waitForObservations(1, 5000);
    await peer.sendClose(1000);
  }, { echoes: [text("Hello before closing")] });
  closing("7.1.2", "Close, then send a text message in the same TCP write: it is not echoed", (peer) =>
    peer.sendClose(1000, { after: [textFrame("after close")] }),
  );
  closing("7.1.3", "Close, then send a ping in the same TCP write: it is not answered", (peer) =>
    peer.sendClose(1000, { after: [pingFrame("after close")] }),
  );
  closing("7.1.4", "Start a fragmented text message, close, then finish the message: it is not echoed", (peer) =>
    peer.sendClose(1000, { before: [textFrame("fragment1", { fin: false })], after: [continuationFrame("fragment2")] }),
  );
  closing("7.1.5", "Close twice in one TCP write: the second close frame is ignored", (peer) =>
    peer.sendClose(1000, { after: [{ opcode: Opcode.CLOSE, payload: closePayload(1001) }] }),
  );
  closing("7.1.6", "Send a text message and the close frame in one TCP write", (peer) =>
    peer.sendClose(1000, { before: [textFrame("right before closing")] }),
    // The message arrived before the close, so it was delivered; whether the echo still makes it
    // onto the wire depends on when the client answered the close, and both are fine.
    { ok: [[], [text("right before closing")]] },
  );

  // 7.2: close payloads.
  const withPayload = (id, description, payload, close) => closing(id, description, (peer) => peer.sendClose(close.code, { payload }), { close });
  withPayload("7.2.1", "Close with an empty payload (no status code)", Buffer.alloc(0), serverClosesWithoutCode());
  failing("7.2.2", "Close with a 1-byte payload (section 5.5.1: a code is 2 bytes)", (peer) =>
    peer.sendClose(undefined, { payload: Buffer.from([0x03]) }),
  );
  withPayload("7.2.3", "Close with code 1000 and no reason", closePayload(1000), serverCloses(1000));
  withPayload("7.2.4", "Close with code 1000 and a short reason", closePayload(1000, "Goodbye, client"), serverCloses(1000));
  withPayload("7.2.5", "Close with code 1000 and a 123-byte reason, the most that fits", closePayload(1000, asciiText(123)), serverCloses(1000));
  failing("7.2.6", "Close with code 1000 and a 124-byte reason (payload of 126 bytes > 125)", (peer) =>
    peer.sendClose(1000, { payload: closePayload(1000, asciiText(124)) }),
  );
  failing("7.2.7", "Close with code 1000 and a reason that is not UTF-8", (peer) =>
    peer.sendClose(1000, { payload: closePayload(1000, Buffer.from([0x62, 0x79, 0x65, 0xed, 0xa0, 0x80])) }),
    { codes: [1007], nonStrictCodes: [1002] },
  );

  // 7.3: valid codes are answered (the code echoed, or 1000).
  VALID_CODES.forEach((code, i) => withPayload(`7.3.${i + 1}`, `Close with the valid code ${code}`, closePayload(code), serverCloses(code)));
  LATER_REGISTERED_CODES.forEach((code, i) =>
    withPayload(
      `7.3.${VALID_CODES.length + i + 1}`,
      `Close with code ${code} (registered with IANA after RFC 6455)`,
      closePayload(code),
      // A client that knows only the RFC's list and fails with 1002 is NON-STRICT.
      serverCloses(code, "", [1002]),
    ),
  );

  // 7.4: invalid codes fail the connection.
  INVALID_CODES.forEach((code, i) =>
    failing(`7.4.${i + 1}`, `Close with the invalid code ${code}`, (peer) => peer.sendClose(code, { payload: closePayload(code) })),
  );
  return cases;
}
