// Section 5: fragmentation (RFC 6455 section 5.4). A message may arrive in fragments: a first frame
// with FIN clear, continuation frames, the last with FIN set. "Control frames MAY be injected in the
// middle of a fragmented message", but control frames themselves "MUST NOT be fragmented"; a
// continuation with no message started, or a new message started inside one, is a protocol error.
import { Opcode } from "../wire.mjs";
import { asciiText, binaryPattern } from "./payloads.mjs";
import {
  binary,
  binaryFrame,
  continuationFrame,
  echoCase,
  failCase,
  fragmented,
  pingFrame,
  pong,
  pongFrame,
  text,
  textFrame,
  wire,
} from "./builders.mjs";

export function fragmentationCases(profile) {
  const echo = (id, description, send, echoes) => echoCase(profile, { id, description, send, echoes });
  const fail = (id, description, send, before) => failCase(profile, { id, description, send, before });
  const twoFragments = [textFrame("fragment1", { fin: false }), continuationFrame("fragment2")];
  const withPing = [textFrame("fragment1", { fin: false }), pingFrame("between fragments"), continuationFrame("fragment2")];
  const hundredFragments = fragmented(Opcode.TEXT, asciiText(1000), 10);
  return [
    fail("5.1", "Send a ping in 2 fragments (section 5.5: control frames MUST NOT be fragmented)", [
      pingFrame("fragment1", { fin: false }),
      continuationFrame("fragment2"),
    ]),
    fail("5.2", "Send an unsolicited pong in 2 fragments", [pongFrame("fragment1", { fin: false }), continuationFrame("fragment2")]),
    echo("5.3", "Send a text message in 2 fragments, in one TCP write", (peer) => peer.sendFrames(twoFragments), [text("fragment1fragment2")]),
    echo("5.4", "Send a text message in 2 fragments, one TCP write per frame", twoFragments, [text("fragment1fragment2")]),
    echo("5.5", "Send a text message in 2 fragments, in TCP writes of 1 byte", (peer) => peer.sendChopped(wire(...twoFragments), 1, 1), [
      text("fragment1fragment2"),
    ]),
    echo("5.6", "Send a text message in 2 fragments with a ping between them, in one TCP write", (peer) => peer.sendFrames(withPing), [
      pong("between fragments"),
      text("fragment1fragment2"),
    ]),
    echo("5.7", "Send a text message in 2 fragments with a ping between them, one TCP write per frame", withPing, [
      pong("between fragments"),
      text("fragment1fragment2"),
    ]),
    echo(
      "5.8",
      "Send a text message in 2 fragments with a ping between them, in TCP writes of 1 byte",
      (peer) => peer.sendChopped(wire(...withPing), 1, 1),
      [pong("between fragments"), text("fragment1fragment2")],
    ),
    fail("5.9", "Send a continuation frame (FIN set) with no message started, then a text message", [
      continuationFrame("orphan"),
      textFrame("never echoed"),
    ]),
    fail("5.10", "Send a continuation frame (FIN clear) with no message started, then a text message", [
      continuationFrame("orphan", { fin: false }),
      textFrame("never echoed"),
    ]),
    fail("5.11", "Send a continuation frame with no message started, in TCP writes of 1 byte", (peer) =>
      peer.sendChopped(wire(continuationFrame("orphan"), textFrame("never echoed")), 1, 1),
    ),
    fail("5.12", "Start a text message, then start a new text message inside it (FIN set)", [
      textFrame("fragment1", { fin: false }),
      textFrame("not a continuation"),
      continuationFrame("fragment2"),
    ]),
    fail("5.13", "Start a text message, then start a binary message inside it (FIN clear)", [
      textFrame("fragment1", { fin: false }),
      binaryFrame(binaryPattern(8), { fin: false }),
      continuationFrame("fragment2"),
    ]),
    echo("5.14", "Send a text message of 1000 bytes in 100 fragments, in one TCP write", (peer) => peer.sendFrames(hundredFragments), [
      text(asciiText(1000)),
    ]),
    echo(
      "5.15",
      "Send a text message whose first, middle and last fragments are empty",
      (peer) =>
        peer.sendFrames([
          textFrame("", { fin: false }),
          continuationFrame("Hello", { fin: false }),
          continuationFrame("", { fin: false }),
          continuationFrame(", world", { fin: false }),
          continuationFrame(""),
        ]),
      [text("Hello, world")],
    ),
    echo(
      "5.16",
      "Send a binary message in 3 fragments with a ping and an unsolicited pong between them",
      (peer) =>
        peer.sendFrames([
          binaryFrame(binaryPattern(100), { fin: false }),
          pingFrame("first"),
          continuationFrame(binaryPattern(200).subarray(100), { fin: false }),
          pongFrame("unsolicited"),
          continuationFrame(binaryPattern(300).subarray(200)),
        ]),
      [pong("first"), binary(binaryPattern(300))],
    ),
    echo(
      "5.17",
      "Send a fragmented text message, then a fragmented binary message, with pings between fragments, in one TCP write",
      (peer) =>
        peer.sendFrames([
          textFrame("text ", { fin: false }),
          pingFrame("ping 1"),
          continuationFrame("message"),
          binaryFrame(binaryPattern(10), { fin: false }),
          pingFrame("ping 2"),
          continuationFrame(binaryPattern(20).subarray(10)),
        ]),
      [pong("ping 1"), text("text message"), pong("ping 2"), binary(binaryPattern(20))],
    ),
    fail("5.18", "Start a binary message, then send a ping with FIN clear between its fragments", [
      binaryFrame(binaryPattern(8), { fin: false }),
      pingFrame("fragmented control", { fin: false }),
      continuationFrame("x"),
      continuationFrame(binaryPattern(8)),
    ]),
  ];
}
