// Section 5: fragmentation (RFC 6455 section 5.4). A message may come in fragments; control frames
// may be injected between them but "MUST NOT be fragmented" themselves; a continuation with no
// message started, or a new message started inside one, is a protocol error. Each fragmented case is
// played three ways where the suite does: in one go, frame-wise (sync) and in octet-wise chops.
import { Opcode } from "../wire.mjs";
import { CLOSE_PROTOCOL_ERROR, defineCase, expect, expectCleanClose, expectFailure, message, pong } from "./case.mjs";

const HOW = {
  together: [{}, ""],
  frameWise: [{ sync: true }, " Octets are sent in frame-wise chops."],
  octetWise: [{ chopsize: 1 }, " Octets are sent in octet-wise chops."],
};

export function fragmentationCases() {
  /** The endpoint must fail on `frames` (each `[opcode, fin, payload]`), sent the given way. */
  const fails = (id, description, frames, how = HOW.together, ok = [], nonStrict) =>
    defineCase({
      id,
      description: description + how[1],
      expectation: "The connection is failed immediately, since the fragmentation is invalid.",
      open: (run) => {
        expect(run, ok, nonStrict);
        expectFailure(run, [CLOSE_PROTOCOL_ERROR]);
        for (const [opcode, fin, payload] of frames) run.p.sendFrame({ opcode, fin, payload, ...how[0] });
        run.p.killAfter(1);
      },
    });
  /** The endpoint must reassemble and echo (answering pings at once), then close cleanly. */
  const echoes = (id, description, frames, answer, how = HOW.together) =>
    defineCase({
      id,
      description: description + how[1],
      expectation: "Message is processed and echo'ed back to us (and pings answered). Clean close with normal code.",
      open: (run) => {
        expect(run, answer);
        expectCleanClose(run);
        for (const [opcode, fin, payload] of frames) run.p.sendFrame({ opcode, fin, payload, ...how[0] });
        run.p.closeAfter(1);
      },
    });
  const { TEXT, CONTINUATION, PING, PONG } = Opcode;
  const two = [[TEXT, false, "fragment1"], [CONTINUATION, true, "fragment2"]];
  const withPing = [[TEXT, false, "fragment1"], [PING, true, "ping payload"], [CONTINUATION, true, "fragment2"]];
  const orphan = (fin) => [[CONTINUATION, fin, "non-continuation payload"], [TEXT, true, "Hello, world!"]];
  const repeatTwice = (frames) => [...frames, ...frames];

  return [
    fails("5.1", "Send Ping fragmented into 2 fragments.", [[PING, false, "fragment1"], [CONTINUATION, true, "fragment2"]]),
    fails("5.2", "Send Pong fragmented into 2 fragments.", [[PONG, false, "fragment1"], [CONTINUATION, true, "fragment2"]]),
    echoes("5.3", "Send text Message fragmented into 2 fragments.", two, [message("fragment1fragment2")]),
    echoes("5.4", "Send text Message fragmented into 2 fragments.", two, [message("fragment1fragment2")], HOW.frameWise),
    echoes("5.5", "Send text Message fragmented into 2 fragments.", two, [message("fragment1fragment2")], HOW.octetWise),
    echoes("5.6", "Send text Message fragmented into 2 fragments, one ping with payload in-between.", withPing, [pong("ping payload"), message("fragment1fragment2")]),
    echoes("5.7", "Send text Message fragmented into 2 fragments, one ping with payload in-between.", withPing, [pong("ping payload"), message("fragment1fragment2")], HOW.frameWise),
    echoes("5.8", "Send text Message fragmented into 2 fragments, one ping with payload in-between.", withPing, [pong("ping payload"), message("fragment1fragment2")], HOW.octetWise),
    fails("5.9", "Send unfragmented Text Message after Continuation Frame with FIN = true, where there is nothing to continue.", orphan(true)),
    fails("5.10", "Send unfragmented Text Message after Continuation Frame with FIN = true, where there is nothing to continue.", orphan(true), HOW.frameWise),
    fails("5.11", "Send unfragmented Text Message after Continuation Frame with FIN = true, where there is nothing to continue.", orphan(true), HOW.octetWise),
    fails("5.12", "Send unfragmented Text Message after Continuation Frame with FIN = false, where there is nothing to continue.", orphan(false)),
    fails("5.13", "Send unfragmented Text Message after Continuation Frame with FIN = false, where there is nothing to continue.", orphan(false), HOW.frameWise),
    fails("5.14", "Send unfragmented Text Message after Continuation Frame with FIN = false, where there is nothing to continue.", orphan(false), HOW.octetWise),
    fails(
      "5.15",
      "Send text Message fragmented into 2 fragments, then Continuation Frame with FIN = false where there is nothing to continue, then unfragmented Text Message, all sent in one chop.",
      [[TEXT, false, "fragment1"], [CONTINUATION, true, "fragment2"], [CONTINUATION, false, "fragment3"], [TEXT, true, "fragment4"]],
      HOW.together,
      [message("fragment1fragment2")],
      [],
    ),
    fails(
      "5.16",
      "Repeated 2x: Continuation Frame with FIN = false (where there is nothing to continue), then text Message fragmented into 2 fragments.",
      repeatTwice([[CONTINUATION, false, "fragment1"], [TEXT, false, "fragment2"], [CONTINUATION, true, "fragment3"]]),
    ),
    fails(
      "5.17",
      "Repeated 2x: Continuation Frame with FIN = true (where there is nothing to continue), then text Message fragmented into 2 fragments.",
      repeatTwice([[CONTINUATION, true, "fragment1"], [TEXT, false, "fragment2"], [CONTINUATION, true, "fragment3"]]),
    ),
    fails("5.18", "Send text Message fragmented into 2 fragments, with both frame opcodes set to text, sent in one chop.", [[TEXT, false, "fragment1"], [TEXT, true, "fragment2"]]),
    pingsBetweenFragments("5.19", false),
    pingsBetweenFragments("5.20", true),
  ];
}

/**
 * 5.19 and 5.20: a text message in 5 fragments; after the first 2 a ping, then a 1 s pause, then 2
 * more fragments, another ping and the last fragment. Pongs must come at once, before the message.
 */
function pingsBetweenFragments(id, sync) {
  const fragments = ["fragment1", "fragment2", "fragment3", "fragment4", "fragment5"];
  const pings = ["pongme 1!", "pongme 2!"];
  return defineCase({
    id,
    description: `Send text Message fragmented into 5 fragments, with 2 pings in-between, with a 1 s pause after the first ping.${sync ? " Octets are sent in frame-wise chops." : ""}`,
    expectation: "The peer responds with a pong to each ping as soon as it gets it, and echoes the payload of the fragmented message once complete.",
    budgetSeconds: 12,
    open: (run) => {
      expect(run, [pong(pings[0]), pong(pings[1]), message(fragments.join(""))]);
      expectCleanClose(run);
      const send = (opcode, fin, payload) => run.p.sendFrame({ opcode, fin, payload, sync });
      send(Opcode.TEXT, false, fragments[0]);
      send(Opcode.CONTINUATION, false, fragments[1]);
      send(Opcode.PING, true, pings[0]);
      run.p.continueLater(1, () => {
        send(Opcode.CONTINUATION, false, fragments[2]);
        send(Opcode.CONTINUATION, false, fragments[3]);
        send(Opcode.PING, true, pings[1]);
        send(Opcode.CONTINUATION, true, fragments[4]);
        run.p.closeAfter(1);
      });
    },
  });
}
