// Section 10: a 64 KiB text message auto-fragmented into frames of 1300 bytes, as a browser or a
// proxy might cut it. The endpoint must reassemble and echo it.
import { defineCase, expect, expectCleanClose, message, repeat } from "./case.mjs";

export function autoFragmentationCases() {
  return [
    defineCase({
      id: "10.1.1",
      description: "Send text message with payload of length 65536 auto-fragmented with autoFragmentSize = 1300.",
      expectation: "Receive echo'ed text message (with payload as sent and transmitted frame counts as expected). Clean close with normal code.",
      open: (run) => {
        const payload = repeat("*", 65536);
        expect(run, [message(payload)]);
        expectCleanClose(run);
        run.p.sendMessage(payload, { fragmentSize: 1300 });
        run.p.killAfter(10);
      },
    }),
  ];
}
