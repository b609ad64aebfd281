// Section 9: limits and performance. Big messages whole (9.1 text, 9.2 binary, 64 KiB to 16 MiB), in
// fragments of 64 bytes to 4 MiB (9.3, 9.4: a 4 MiB message), in TCP writes of 64 to 2048 bytes (9.5,
// 9.6: 1 MiB), and 1,000 round trips of 0 to 4096 bytes, one message at a time (9.7 text, 9.8
// binary). The echo must have the right type and length within the case's time; the duration is
// reported. A profile may shrink sizes and counts (profiles.mjs) but never the list of cases.
import { Opcode } from "../wire.mjs";
import { FAILED, OK } from "../verdict.mjs";
import { defineCase, expectCleanClose, repeat } from "./case.mjs";

const KiB = 1024;
const MiB = 1024 * KiB;
const TEXT_PATTERN = "BAsd7&jh23";
const BINARY_PATTERN = "\x00\xfe\x23\xfa\xf0";

const sizeName = (n) => (n >= MiB ? `${n / MiB}M` : n >= KiB ? `${n / KiB}k` : `${n}`);

/** Grades the one echo of a big message: right type, right length. */
function bigMessageCase(profile, { id, description, binary, length, waitSeconds, send }) {
  const kind = binary ? "binary" : "text";
  return defineCase({
    id,
    description,
    expectation: `Receive echo'ed ${kind} message (with payload as sent).`,
    budgetSeconds: waitSeconds + 5,
    open: (run) => {
      run.reportTime = true;
      run.behavior = FAILED;
      run.result = `Did not receive message within ${waitSeconds} seconds.`;
      expectCleanClose(run);
      send(run.p);
      run.p.closeAfter(waitSeconds);
    },
    onMessage: (run, item) => {
      if (item.binary !== binary) run.result = `Expected ${kind} message with payload, but got ${item.binary ? "binary" : "text"}.`;
      else if (item.data.length !== length) run.result = `Expected ${kind} message with payload of length ${length}, but got ${item.data.length}.`;
      else {
        run.behavior = OK;
        run.result = `Received ${kind} message of length ${length}.`;
      }
      run.p.sendClose(1000);
    },
  });
}

export function performanceCases(profile) {
  const cases = [];
  const size = (bytes) => profile.size(bytes);

  // 9.1, 9.2: one big message.
  const whole = [[64 * KiB, 10], [256 * KiB, 10], [1 * MiB, 20], [4 * MiB, 60], [8 * MiB, 100], [16 * MiB, 100]];
  for (const [group, binary, opcode, pattern] of [["9.1", false, Opcode.TEXT, TEXT_PATTERN], ["9.2", true, Opcode.BINARY, BINARY_PATTERN]]) {
    whole.forEach(([full, waitSeconds], i) => {
      const length = size(full);
      cases.push(
        bigMessageCase(profile, {
          id: `${group}.${i + 1}`,
          description: `Send ${binary ? "binary" : "text"} message message with payload of length ${sizeName(length)}.`,
          binary,
          length,
          waitSeconds,
          send: (p) => p.sendFrame({ opcode, payload: pattern, payloadLen: length }),
        }),
      );
    });
  }

  // 9.3, 9.4: one 4 MiB message in fragments of 64 bytes to 4 MiB.
  const fragmentSizes = [64, 256, 1 * KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, 1 * MiB, 4 * MiB];
  for (const [group, binary] of [["9.3", false], ["9.4", true]]) {
    const length = size(4 * MiB);
    const payload = repeat(binary ? "\xfe" : "*", length);
    fragmentSizes.forEach((fragmentSize, i) => {
      const fragment = Math.min(fragmentSize, length);
      cases.push(
        bigMessageCase(profile, {
          id: `${group}.${i + 1}`,
          description: `Send fragmented ${binary ? "binary" : "text"} message message with message payload of length ${sizeName(length)}. Sent out in fragments of ${sizeName(fragment)}.`,
          binary,
          length,
          waitSeconds: 100,
          send: (p) => p.sendMessage(payload, { binary, fragmentSize: fragment }),
        }),
      );
    });
  }

  // 9.5, 9.6: one 1 MiB message in TCP writes of 64 to 2048 bytes.
  const chopSizes = [64, 128, 256, 512, 1024, 2048];
  for (const [group, binary, opcode, pattern] of [["9.5", false, Opcode.TEXT, TEXT_PATTERN], ["9.6", true, Opcode.BINARY, BINARY_PATTERN]]) {
    const length = size(1 * MiB);
    chopSizes.forEach((chopsize, i) => {
      cases.push(
        bigMessageCase(profile, {
          id: `${group}.${i + 1}`,
          description: `Send ${binary ? "binary" : "text"} message message with payload of length ${sizeName(length)}. Sent out data in chops of ${chopsize} octets.`,
          binary,
          length,
          waitSeconds: 1000,
          send: (p) => p.sendFrame({ opcode, payload: pattern, payloadLen: length, chopsize }),
        }),
      );
    });
  }

  // 9.7, 9.8: round trips, one message at a time.
  const roundTrips = [[0, 60], [16, 60], [64, 60], [256, 120], [1024, 240], [4096, 480]];
  for (const [group, binary] of [["9.7", false], ["9.8", true]]) {
    roundTrips.forEach(([length, waitSeconds], i) => {
      const count = profile.roundTrips;
      const kind = binary ? "binary" : "text";
      cases.push(
        defineCase({
          id: `${group}.${i + 1}`,
          description: `Send ${count} ${kind} messages of payload size ${length} to measure implementation/network RTT (round trip time) / latency.`,
          expectation: `Receive echo'ed ${kind} messages (with payload as sent). Timeout case after ${waitSeconds} secs.`,
          budgetSeconds: waitSeconds + 5,
          open: (run) => {
            run.reportTime = true;
            run.behavior = FAILED;
            run.result = `Case did not finish within ${waitSeconds} seconds.`;
            expectCleanClose(run);
            run.p.closeAfter(waitSeconds);
            run.facts.sent = 0;
            run.sendOne = () => {
              run.p.sendFrame({ opcode: binary ? Opcode.BINARY : Opcode.TEXT, payload: binary ? "\xfe" : "*", payloadLen: length });
              run.facts.sent += 1;
            };
            run.sendOne();
          },
          onMessage: (run, item) => {
            if (item.binary !== binary || item.data.length !== length) {
              run.behavior = FAILED;
              run.result = `Echo'ed message type or length differs from what I sent (got binary = ${item.binary}, payload length = ${item.data.length}).`;
              run.p.sendClose(1000);
            } else if (run.facts.sent < count) {
              run.sendOne();
            } else {
              run.behavior = OK;
              run.result = "Ok, received all echo'ed messages in time.";
              run.p.sendClose(1000);
            }
          },
        }),
      );
    });
  }
  return cases;
}
