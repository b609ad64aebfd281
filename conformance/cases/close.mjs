// Section 7: the closing handshake (RFC 6455 sections 5.5.1, 7.1 and 7.4). After a close frame the
// endpoint sends no more data and answers with its own close frame, typically echoing the code; a
// close payload is empty or a 2-byte code plus a UTF-8 reason, at most 125 bytes in all; codes that
// are reserved or unassigned are a protocol error. Where the close code the endpoint answers with is
// one the case does not expect, these cases count it as FAILED, as the suite does.
import { Opcode } from "../wire.mjs";
import { CloseGrade, FAILED, INFORMATIONAL, NON_STRICT, OK } from "../verdict.mjs";
import { CLOSE_INVALID_PAYLOAD, CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR, defineCase, expect, message, repeat } from "./case.mjs";

const VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
const INVALID_CODES = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];
const KOSME_SURROGATE = Buffer.from("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80\x65\x64\x69\x74\x65\x64", "latin1");

/** The fuzzer closes; the endpoint must answer with one of `codes`, cleanly when `requireClean`. */
const closedByFuzzer = (run, codes, requireClean = true) => (run.expectedClose = { closedByMe: true, closeCode: codes, requireClean });

/** Autobahn's 7.x regrading: an unexpected close code fails the case. */
function wrongCodeFails(run) {
  if (run.behaviorClose !== CloseGrade.WRONG_CODE) return;
  run.behavior = FAILED;
  run.result = run.resultClose;
}

export function closeCases() {
  const cases = [];
  const add = (fields) => cases.push(defineCase({ suppressClose: true, lost: wrongCodeFails, ...fields }));

  // 7.1: basic close behaviour.
  cases.push(
    defineCase({
      id: "7.1.1",
      description: "Send a message followed by a close frame",
      expectation: "Echoed message followed by clean close with normal code.",
      lost: wrongCodeFails,
      open: (run) => {
        expect(run, [message("Hello World!")]);
        closedByFuzzer(run, [CLOSE_NORMAL]);
        run.p.sendFrame({ opcode: Opcode.TEXT, payload: "Hello World!" });
        run.p.killAfter(1);
      },
    }),
  );
  const afterClose = (id, description, expectation, before, after) =>
    add({
      id,
      description,
      expectation,
      open: (run) => {
        expect(run, []);
        closedByFuzzer(run, [CLOSE_NORMAL]);
        for (const frame of before) run.p.sendFrame(frame);
        run.p.sendClose(CLOSE_NORMAL);
        for (const frame of after) run.p.sendFrame(frame);
        run.p.killAfter(1);
      },
    });
  afterClose("7.1.2", "Send two close frames", "Clean close with normal code. Second close frame ignored.", [], [{ opcode: Opcode.CLOSE }]);
  afterClose("7.1.3", "Send a ping after close message", "Clean close with normal code, no pong.", [], [{ opcode: Opcode.PING }]);
  afterClose("7.1.4", "Send text message after sending a close frame.", "Clean close with normal code. Text message ignored.", [], [{ opcode: Opcode.TEXT, payload: "Hello World!" }]);
  afterClose("7.1.5", "Send message fragment1 followed by close then fragment", "Clean close with normal code.", [{ opcode: Opcode.TEXT, fin: false, payload: "fragment1" }], [
    { opcode: Opcode.CONTINUATION, fin: true, payload: "fragment2" },
  ]);
  cases.push(
    defineCase({
      id: "7.1.6",
      description: "Send 256K message followed by close then a ping",
      expectation:
        "Case outcome depends on implementation defined close behavior. Message and close frame are sent back to back. If the close frame is processed before the text message write is complete (as can happen in asynchronous processing models) the close frame is processed first and the text message may not be received or may only be partially received.",
      suppressClose: true,
      open: (run) => {
        expect(run, [message("Hello World!")], []);
        closedByFuzzer(run, [CLOSE_NORMAL]);
        run.p.sendFrame({ opcode: Opcode.TEXT, payload: "BAsd7&jh23", payloadLen: 256 * 1024 });
        run.p.sendFrame({ opcode: Opcode.TEXT, payload: "Hello World!" });
        run.p.sendClose(CLOSE_NORMAL);
        run.p.sendFrame({ opcode: Opcode.PING });
        run.p.killAfter(1);
      },
      lost: (run) => {
        if (run.behavior === OK) run.result = "Text message was processed before close.";
        else if (run.behavior === NON_STRICT) run.result = "Close was processed before text message could be returned.";
        run.behavior = INFORMATIONAL;
        run.behaviorClose = CloseGrade.INFORMATIONAL;
      },
    }),
  );

  // 7.3: close frame payload lengths.
  const closeFrame = (id, description, expectation, code, reason, codes, requireClean) =>
    add({
      id,
      description,
      expectation,
      open: (run) => {
        expect(run, []);
        closedByFuzzer(run, codes, requireClean);
        run.p.sendCloseFrame(code, reason);
        run.p.killAfter(1);
      },
    });
  closeFrame("7.3.1", "Send a close frame with payload length 0 (no close code, no close reason)", "Clean close with normal code.", undefined, undefined, [CLOSE_NORMAL], true);
  cases.push(
    defineCase({
      id: "7.3.2",
      description: "Send a close frame with payload length 1",
      expectation: "Clean close with protocol error or drop TCP.",
      suppressClose: true,
      lost: wrongCodeFails,
      open: (run) => {
        expect(run, []);
        closedByFuzzer(run, [CLOSE_PROTOCOL_ERROR], false);
        run.p.sendRawClose(Buffer.from("a"));
        run.p.killAfter(1);
      },
    }),
  );
  closeFrame("7.3.3", "Send a close frame with payload length 2 (regular close with a code)", "Clean close with normal code.", CLOSE_NORMAL, undefined, [CLOSE_NORMAL], true);
  closeFrame("7.3.4", "Send a close frame with close code and close reason", "Clean close with normal code.", CLOSE_NORMAL, Buffer.from("Hello World!"), [CLOSE_NORMAL], true);
  closeFrame("7.3.5", "Send a close frame with close code and close reason of maximum length (123)", "Clean close with normal code.", CLOSE_NORMAL, repeat("*", 123), [CLOSE_NORMAL], true);
  closeFrame(
    "7.3.6",
    "Send a close frame with close code and close reason which is too long (124) - total frame payload 126 octets",
    "Clean close with protocol error code or dropped TCP connection.",
    CLOSE_NORMAL,
    repeat("*", 124),
    [CLOSE_PROTOCOL_ERROR],
    false,
  );

  // 7.5: a close reason that is not UTF-8.
  closeFrame("7.5.1", "Send a close frame with invalid UTF8 payload", "Clean close with protocol error or invalid utf8 code or dropped TCP.", CLOSE_NORMAL, KOSME_SURROGATE, [
    CLOSE_PROTOCOL_ERROR,
    CLOSE_INVALID_PAYLOAD,
  ], false);

  // 7.7: valid codes; 7.9: invalid codes.
  VALID_CODES.forEach((code, i) =>
    closeFrame(`7.7.${i + 1}`, `Send close with valid close code ${code}`, "Clean close with normal or echoed code", code, undefined, [CLOSE_NORMAL, code], true),
  );
  INVALID_CODES.forEach((code, i) =>
    closeFrame(`7.9.${i + 1}`, `Send close with invalid close code ${code}`, "Clean close with protocol error code or drop TCP", code, undefined, [CLOSE_PROTOCOL_ERROR], false),
  );

  // 7.13: codes the RFC leaves undefined.
  for (const [n, code] of [[1, 5000], [2, 65535]]) {
    cases.push(
      defineCase({
        id: `7.13.${n}`,
        description: `Send close with close code ${code}`,
        expectation: "Actual events are undefined by the spec.",
        suppressClose: true,
        open: (run) => {
          expect(run, []);
          closedByFuzzer(run, [CLOSE_NORMAL, code, CLOSE_PROTOCOL_ERROR], false);
          run.p.sendCloseFrame(code);
          run.p.killAfter(1);
        },
        lost: (run) => {
          run.behavior = INFORMATIONAL;
          run.behaviorClose = CloseGrade.INFORMATIONAL;
          run.result = "Actual events are undefined by the spec.";
        },
      }),
    );
  }
  return cases;
}
