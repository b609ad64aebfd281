// Section 3: reserved bits. "RSV1, RSV2, RSV3: MUST be 0 unless an extension is negotiated that
// defines meanings for non-zero values" (RFC 6455 section 5.2). None is negotiated in these cases, so
// the endpoint must fail the connection with 1002. Where a valid message goes first, echoing it
// before failing is OK; failing before it was echoed is NON-STRICT.
import { Opcode } from "../wire.mjs";
import { CLOSE_PROTOCOL_ERROR, defineCase, expect, expectFailure, message } from "./case.mjs";

const HELLO = "Hello, world!";

export function reservedBitCases() {
  const alone = (id, description, frame) =>
    defineCase({
      id,
      description,
      expectation: "The connection is failed immediately, since RSV must be 0.",
      open: (run) => {
        expect(run, []);
        expectFailure(run, [CLOSE_PROTOCOL_ERROR]);
        run.p.sendFrame(frame);
        run.p.killAfter(1);
      },
    });
  const afterValid = (id, description, rsv, how) =>
    defineCase({
      id,
      description,
      expectation: "Echo for first message is received, but then connection is failed immediately, since RSV must be 0, when no extension defining RSV meaning has been negotiated. The Pong is not received.",
      open: (run) => {
        expect(run, [message(HELLO)], []);
        expectFailure(run, [CLOSE_PROTOCOL_ERROR]);
        run.p.sendFrame({ opcode: Opcode.TEXT, payload: HELLO, ...how });
        run.p.sendFrame({ opcode: Opcode.TEXT, payload: HELLO, rsv, ...how });
        run.p.sendFrame({ opcode: Opcode.PING, ...how });
        run.p.killAfter(1);
      },
    });
  return [
    alone("3.1", "Send small text message with RSV = 1.", { opcode: Opcode.TEXT, payload: HELLO, rsv: 1 }),
    afterValid("3.2", "Send small text message, then send again with RSV = 2, then send Ping.", 2, {}),
    afterValid("3.3", "Send small text message, then send again with RSV = 3, then send Ping. Octets are sent in frame-wise chops.", 3, { sync: true }),
    afterValid("3.4", "Send small text message, then send again with RSV = 4, then send Ping. Octets are sent in octet-wise chops.", 4, { chopsize: 1 }),
    alone("3.5", "Send small binary message with RSV = 5.", { opcode: Opcode.BINARY, payload: "\x00\xff\xfe\xfd\xfc\xfb\x00\xff", rsv: 5 }),
    // Autobahn's 3.6 says "Ping" but sends a binary frame; kept as the suite plays it.
    alone("3.6", "Send Ping with RSV = 6.", { opcode: Opcode.BINARY, payload: HELLO, rsv: 6 }),
    alone("3.7", "Send Close with RSV = 7.", { opcode: Opcode.CLOSE, rsv: 7 }),
  ];
}
