// Section 2: pings and pongs (RFC 6455 sections 5.5.2 and 5.5.3). A ping is answered with a pong that
// carries the same application data; a control frame holds at most 125 bytes; an unsolicited pong is
// not answered. Autobahn also wants a pong for each of 10 pings sent at once (the RFC would allow
// answering only the latest; the suite checks for all of them anyway).
import { Opcode } from "../wire.mjs";
import { CLOSE_PROTOCOL_ERROR, defineCase, expect, expectCleanClose, expectFailure, pong, repeat } from "./case.mjs";

const BINARY = "\x00\xff\xfe\xfd\xfc\xfb\x00\xff";

export function pingPongCases() {
  const pingCase = (id, description, payload, { chopsize, closeAfter = 1 } = {}) =>
    defineCase({
      id,
      description,
      expectation: "Pong with payload echo'ed is sent in reply to Ping. Clean close with normal code.",
      open: (run) => {
        expect(run, [pong(payload)]);
        expectCleanClose(run);
        run.p.sendFrame({ opcode: Opcode.PING, payload: Buffer.from(payload, "latin1"), chopsize });
        run.p.closeAfter(closeAfter);
      },
    });
  const unsolicited = (id, description, payload) =>
    defineCase({
      id,
      description,
      expectation: "Nothing.",
      open: (run) => {
        expect(run, []);
        expectCleanClose(run);
        run.p.sendFrame({ opcode: Opcode.PONG, payload });
        run.p.sendClose(1000);
        run.p.closeAfter(1);
      },
    });
  const tenPings = (id, chopsize) =>
    defineCase({
      id,
      description: `Send 10 Pings with payload.${chopsize ? " Send out octets in octet-wise chops." : ""}`,
      expectation: "Pongs for our Pings with all the payloads. Note: This is not required by the Spec .. but we check for this behaviour anyway. Clean close with normal code.",
      open: (run) => {
        const pongs = [];
        for (let i = 0; i < 10; i++) {
          const payload = `payload-${i}`;
          pongs.push(pong(payload));
          run.p.sendFrame({ opcode: Opcode.PING, payload, chopsize });
        }
        expect(run, pongs);
        expectCleanClose(run);
        run.p.closeAfter(3);
      },
    });
  return [
    pingCase("2.1", "Send ping without payload.", ""),
    pingCase("2.2", "Send ping with small text payload.", "Hello, world!"),
    pingCase("2.3", "Send ping with small binary (non UTF-8) payload.", BINARY),
    pingCase("2.4", "Send ping with binary payload of 125 octets.", "\xfe".repeat(125)),
    defineCase({
      id: "2.5",
      description: "Send ping with binary payload of 126 octets.",
      expectation: "Connection is failed immediately (1002/Protocol Error), since control frames are only allowed to have payload up to and including 125 octets..",
      open: (run) => {
        expect(run, []);
        expectFailure(run, [CLOSE_PROTOCOL_ERROR]);
        run.p.sendFrame({ opcode: Opcode.PING, payload: repeat("\xfe", 126) });
        run.p.killAfter(1);
      },
    }),
    pingCase("2.6", "Send ping with binary payload of 125 octets, send in octet-wise chops.", "\xfe".repeat(125), { chopsize: 1, closeAfter: 2 }),
    unsolicited("2.7", "Send unsolicited pong without payload. Verify nothing is received. Clean close with normal code.", ""),
    unsolicited("2.8", "Send unsolicited pong with payload. Verify nothing is received. Clean close with normal code.", "unsolicited pong payload"),
    defineCase({
      id: "2.9",
      description: "Send unsolicited pong with payload. Send ping with payload. Verify pong for ping is received.",
      expectation: "Nothing in reply to own Pong, but Pong with payload echo'ed in reply to Ping. Clean close with normal code.",
      open: (run) => {
        expect(run, [pong("ping payload")]);
        expectCleanClose(run);
        run.p.sendFrame({ opcode: Opcode.PONG, payload: "unsolicited pong payload" });
        run.p.sendFrame({ opcode: Opcode.PING, payload: "ping payload" });
        run.p.closeAfter(1);
      },
    }),
    tenPings("2.10"),
    tenPings("2.11", 1),
  ];
}
