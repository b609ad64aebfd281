// Section 4: reserved opcodes, non-control 3-7 (4.1) and control 11-15 (4.2). "If an unknown opcode
// is received, the receiving endpoint MUST _Fail the WebSocket Connection_" (RFC 6455 section 5.2).
import { Opcode } from "../wire.mjs";
import { CLOSE_PROTOCOL_ERROR, defineCase, expect, expectFailure, message } from "./case.mjs";

const HELLO = "Hello, world!";

export function opcodeCases() {
  const cases = [];
  for (const [group, kind, [a, b, c, d, e]] of [
    ["4.1", "non-control", [3, 4, 5, 6, 7]],
    ["4.2", "control", [11, 12, 13, 14, 15]],
  ]) {
    const alone = (n, opcode, payload) =>
      defineCase({
        id: `${group}.${n}`,
        description: `Send frame with reserved ${kind} Opcode = ${opcode}${payload ? " and non-empty payload" : ""}.`,
        expectation: "The connection is failed immediately.",
        open: (run) => {
          expect(run, []);
          expectFailure(run, [CLOSE_PROTOCOL_ERROR]);
          run.p.sendFrame({ opcode, payload: payload ?? "" });
          run.p.killAfter(1);
        },
      });
    const afterValid = (n, opcode, withPayload, how, howText) =>
      defineCase({
        id: `${group}.${n}`,
        description: `Send small text message, then send frame with reserved ${kind} Opcode = ${opcode}${withPayload ? " and non-empty payload" : ""}, then send Ping.${howText}`,
        expectation: "Echo for first message is received, but then connection is failed immediately, since reserved opcode frame is used. A Pong is not received.",
        open: (run) => {
          expect(run, [message(HELLO)], []);
          expectFailure(run, [CLOSE_PROTOCOL_ERROR]);
          run.p.sendFrame({ opcode: Opcode.TEXT, payload: HELLO, ...how });
          run.p.sendFrame({ opcode, payload: withPayload ? HELLO : "", ...how });
          run.p.sendFrame({ opcode: Opcode.PING, ...how });
          run.p.killAfter(1);
        },
      });
    cases.push(
      alone(1, a),
      alone(2, b, "reserved opcode payload"),
      afterValid(3, c, false, {}, ""),
      afterValid(4, d, true, {}, ""),
      afterValid(5, e, true, { chopsize: 1 }, " Octets are sent in octet-wise chops."),
    );
  }
  return cases;
}
