// Section 6: UTF-8. "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte
// stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_"
// (RFC 6455 section 8.1), with 1007. Valid text must come back byte for byte however it is cut
// (6.1-6.2); invalid text must be refused (6.3), as soon as it became invalid (6.4, "fail fast":
// failing only once the message is complete is NON-STRICT); and 6.5-6.23 play Markus Kuhn's UTF-8
// decoder stress test, one sequence per case, as the suite does.
import { Opcode } from "../wire.mjs";
import { CLOSE_INVALID_PAYLOAD, CLOSE_NORMAL, defineCase, expect, expectCleanClose, expectFailure, message, timeout } from "./case.mjs";
import { utf8StressGroups } from "./utf8-sequences.mjs";

const bytes = (text) => Buffer.from(text, "latin1");
const utf8 = (text) => Buffer.from(text, "utf8");
const KOSME = bytes("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5");
const HELLO_UTF8 = utf8("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!");

export function utf8Cases() {
  const cases = [];
  const echo = (id, description, payload, send) =>
    cases.push(
      defineCase({
        id,
        description,
        expectation: "The message is echo'ed back to us.",
        open: (run) => {
          expect(run, [message(payload)]);
          expectCleanClose(run);
          send(run.p);
          run.p.closeAfter(1);
        },
      }),
    );
  const { TEXT, CONTINUATION } = Opcode;

  // 6.1: empty fragments.
  echo("6.1.1", "Send text message of length 0.", Buffer.alloc(0), (p) => p.sendFrame({ opcode: TEXT, payload: "" }));
  echo("6.1.2", "Send fragmented text message, 3 fragments each of length 0.", Buffer.alloc(0), (p) => {
    p.sendFrame({ opcode: TEXT, fin: false, payload: "" });
    p.sendFrame({ opcode: CONTINUATION, fin: false, payload: "" });
    p.sendFrame({ opcode: CONTINUATION, fin: true, payload: "" });
  });
  echo("6.1.3", "Send fragmented text message, 3 fragments, first and last of length 0, middle non-empty.", bytes("middle frame payload"), (p) => {
    p.sendFrame({ opcode: TEXT, fin: false, payload: "" });
    p.sendFrame({ opcode: CONTINUATION, fin: false, payload: "middle frame payload" });
    p.sendFrame({ opcode: CONTINUATION, fin: true, payload: "" });
  });

  // 6.2: valid UTF-8, whole, cut on and inside code points.
  echo("6.2.1", `Send a valid UTF-8 text message in one fragment. MESSAGE: ${HELLO_UTF8.toString("hex")}`, HELLO_UTF8, (p) => p.sendMessage(HELLO_UTF8));
  const [first, second] = [utf8("Hello-\u00b5@\u00df\u00f6\u00e4"), utf8("\u00fc\u00e0\u00e1-UTF-8!!")];
  echo("6.2.2", "Send a valid UTF-8 text message in two fragments, fragmented on UTF-8 code point boundary.", Buffer.concat([first, second]), (p) => {
    p.sendFrame({ opcode: TEXT, fin: false, payload: first });
    p.sendFrame({ opcode: CONTINUATION, fin: true, payload: second });
  });
  echo("6.2.3", "Send a valid UTF-8 text message in fragments of 1 octet, resulting in frames ending on positions which are not code point ends.", HELLO_UTF8, (p) =>
    p.sendMessage(HELLO_UTF8, { fragmentSize: 1 }),
  );
  echo("6.2.4", `Send a valid UTF-8 text message in fragments of 1 octet, resulting in frames ending on positions which are not code point ends. MESSAGE: ${KOSME.toString("hex")}`, KOSME, (p) =>
    p.sendMessage(KOSME, { fragmentSize: 1 }),
  );

  // 6.3: invalid UTF-8 (a surrogate), whole and in 1-octet fragments.
  const withSurrogate = Buffer.concat([KOSME, bytes("\xed\xa0\x80"), bytes("edited")]);
  const refuse = (id, description, send, killSeconds = 1) =>
    cases.push(
      defineCase({
        id,
        description,
        expectation: "The connection is failed immediately, since the payload is not valid UTF-8.",
        open: (run) => {
          expect(run, []);
          expectFailure(run, [CLOSE_INVALID_PAYLOAD], { closedByWrongEndpointIsFatal: true });
          send(run.p);
          run.p.killAfter(killSeconds);
        },
      }),
    );
  refuse("6.3.1", `Send invalid UTF-8 text message unfragmented. MESSAGE: ${withSurrogate.toString("hex")}`, (p) => p.sendMessage(withSurrogate));
  refuse("6.3.2", "Send invalid UTF-8 text message in fragments of 1 octet, resulting in frames ending on positions which are not code point ends.", (p) =>
    p.sendMessage(withSurrogate, { fragmentSize: 1 }),
  );

  // 6.4: fail fast. The invalid part arrives after a pause; the endpoint should fail before the rest.
  const tooHigh = Buffer.concat([KOSME, bytes("\xf4\x90\x80\x80"), bytes("edited")]);
  const failFast = (id, description, parts, inOneFrame) =>
    cases.push(
      defineCase({
        id,
        description,
        expectation:
          "The first part is accepted, we expect to timeout on the first wait. The 2nd part should be rejected immediately (fail fast on UTF-8). If we timeout, we expect the connection is failed at least then, since the complete message payload is not valid UTF-8.",
        budgetSeconds: 4,
        open: (run) => {
          expect(run, [timeout("A")], [timeout("A"), timeout("B")]);
          expectFailure(run, [CLOSE_INVALID_PAYLOAD], { closedByWrongEndpointIsFatal: true });
          const header = inOneFrame ? run.p.frameHeader({ opcode: TEXT, length: tooHigh.length }) : undefined;
          const sendPart = (i) => {
            if (inOneFrame) run.p.sendRaw(i === 0 ? Buffer.concat([header.bytes, header.mask(parts[0], 0)]) : header.mask(parts[i], offsetOf(parts, i)));
            else run.p.sendFrame({ opcode: i === 0 ? TEXT : CONTINUATION, fin: i === 2, payload: parts[i] });
          };
          sendPart(0);
          run.p.continueLater(1, () => {
            if (run.p.state !== "OPEN") return;
            run.received.push(timeout("A"));
            sendPart(1);
            run.p.continueLater(1, () => {
              if (run.p.state !== "OPEN") return;
              run.received.push(timeout("B"));
              sendPart(2);
              run.p.killAfter(1);
            });
          });
        },
      }),
    );
  const split = (at) => [tooHigh.subarray(0, at[0]), tooHigh.subarray(at[0], at[1]), tooHigh.subarray(at[1])];
  failFast("6.4.1", "Send invalid UTF-8 text message in 3 fragments (frames). First frame payload is valid, then wait, then 2nd frame which contains the payload making the sequence invalid, then wait, then 3rd frame with rest.", split([11, 15]), false);
  failFast("6.4.2", "Same as Case 6.4.1, but in 2nd frame, we send only up to and including the octet making the complete payload invalid.", split([12, 13]), false);
  failFast("6.4.3", "Same as Case 6.4.1, but we send message not in 3 frames, but in 3 chops of the same message frame.", split([11, 15]), true);
  failFast("6.4.4", "Same as Case 6.4.2, but we send message not in 3 frames, but in 3 chops of the same message frame.", split([12, 13]), true);

  // 6.5-6.23: the stress test, each sequence alone in one text message.
  utf8StressGroups().forEach(([, sequences], g) => {
    sequences.forEach(([valid, payload], j) => {
      const id = `6.${g + 5}.${j + 1}`;
      if (valid) {
        cases.push(
          defineCase({
            id,
            description: `Send a text message with payload which is valid UTF-8 in one fragment. Payload: 0x${payload.toString("hex")}`,
            expectation: "The message is echo'ed back to us.",
            open: (run) => {
              expect(run, [message(payload)]);
              expectCleanClose(run, [CLOSE_NORMAL]);
              run.p.sendMessage(payload);
              run.p.killAfter(0.5);
            },
          }),
        );
      } else {
        refuse(id, `Send a text message with payload which is not valid UTF-8 in one fragment. Payload: 0x${payload.toString("hex")}`, (p) => p.sendMessage(payload), 0.5);
      }
    });
  });
  return cases;
}

const offsetOf = (parts, i) => parts.slice(0, i).reduce((sum, part) => sum + part.length, 0);
