// Sections 12 and 13: permessage-deflate (RFC 7692). Each case agrees on compression in the opening
// handshake, then sends N messages one at a time, each a slice of a data set, compressed and
// auto-fragmented into frames of a given size (0: one frame), and checks every echo's type, length
// and SHA-1. 12.x: five kinds of data with the default offer; 13.x: the JSON data with seven
// parameter sets (context takeover on or off, windows of 9 and 15 bits). An endpoint that does not
// agree to permessage-deflate is UNIMPLEMENTED, as the suite grades it.
//
// Each case carries its handshake part in `deflate`: the client's offers (when the fuzzer is the
// client) and how the server picks among offers (when the fuzzer is the server).
import { createHash } from "node:crypto";
import { FAILED, OK, UNIMPLEMENTED } from "../verdict.mjs";
import { defineCase, expectCleanClose } from "./case.mjs";
import { COMPRESSION_DATA, dataOf } from "./compression-corpus.mjs";

/** [message size, count, seconds, auto-fragment size], as the suite's MSG_SIZES. */
const MESSAGE_SIZES = [
  [16, 1000, 60, 0],
  [64, 1000, 60, 0],
  [256, 1000, 120, 0],
  [1024, 1000, 240, 0],
  [4096, 1000, 480, 0],
  [8192, 1000, 480, 0],
  [16384, 1000, 480, 0],
  [32768, 1000, 480, 0],
  [65536, 1000, 480, 0],
  [131072, 1000, 480, 0],
  [8192, 1000, 480, 256],
  [16384, 1000, 480, 256],
  [32768, 1000, 480, 256],
  [65536, 1000, 480, 256],
  [131072, 1000, 480, 256],
  [131072, 1000, 480, 1024],
  [131072, 1000, 480, 4096],
  [131072, 1000, 480, 32768],
];

// How the server accepts (Autobahn's accept1-accept7): the first offer that allows what it requests.
const acceptFirst = (offers) => offers.find(() => true) && { offer: offers[0] };
const acceptWith = (requestNoContextTakeover, requestMaxWindowBits) => (offers) => {
  const offer = offers.find((o) => (!requestNoContextTakeover || o.acceptNoContextTakeover) && (!requestMaxWindowBits || o.acceptMaxWindowBits));
  return offer && { offer, requestNoContextTakeover, requestMaxWindowBits };
};
const acceptInTurn = (...accepts) => (offers) => accepts.reduce((found, accept) => found ?? accept(offers), undefined);

const PARAMETER_SETS = [
  { offers: [{}], accept: acceptFirst, text: "[(False, 0)] / [(False, 0)]" },
  { offers: [{ requestNoContextTakeover: true }], accept: acceptWith(true, 0), text: "[(True, 0)] / [(True, 0)]" },
  { offers: [{ requestMaxWindowBits: 9 }], accept: acceptWith(false, 9), text: "[(False, 9)] / [(False, 9)]" },
  { offers: [{ requestMaxWindowBits: 15 }], accept: acceptWith(false, 15), text: "[(False, 15)] / [(False, 15)]" },
  { offers: [{ requestNoContextTakeover: true, requestMaxWindowBits: 9 }], accept: acceptWith(true, 9), text: "[(True, 9)] / [(True, 9)]" },
  { offers: [{ requestNoContextTakeover: true, requestMaxWindowBits: 15 }], accept: acceptWith(true, 15), text: "[(True, 15)] / [(True, 15)]" },
  {
    offers: [{ requestNoContextTakeover: true, requestMaxWindowBits: 9 }, { requestNoContextTakeover: true }, {}],
    accept: acceptInTurn(acceptWith(true, 9), acceptWith(true, 0), acceptFirst),
    text: "[(True, 9), (True, 0), (False, 0)] / [(True, 9), (True, 0), (False, 0)]",
  },
];

const sha1 = (data) => createHash("sha1").update(data).digest();

function compressionCase(profile, { id, description, data, length, count, waitSeconds, fragmentSize, offers, accept }) {
  return defineCase({
    id,
    description,
    expectation: `Receive echo'ed messages (with payload as sent). Timeout case after ${waitSeconds} secs.`,
    budgetSeconds: waitSeconds + 5,
    deflate: { offers, accept },
    open: (run) => {
      run.reportTime = true;
      expectCleanClose(run);
      if (!run.p.deflate) {
        run.behavior = UNIMPLEMENTED;
        run.result = "The endpoint did not agree to permessage-deflate.";
        run.p.sendClose(1000);
        return;
      }
      const payload = dataOf(data);
      run.behavior = FAILED;
      run.result = `Case did not finish within ${waitSeconds} seconds.`;
      run.p.closeAfter(waitSeconds);
      run.facts = { sent: 0, at: 0 };
      run.sendOne = () => {
        const from = run.facts.at;
        const to = (from + length) % payload.length;
        const message = to > from ? payload.subarray(from, to) : Buffer.concat([payload.subarray(from), payload.subarray(0, to)]);
        run.facts.at = to;
        run.facts.expectedHash = sha1(message);
        run.p.sendMessage(message, { binary: data.binary, fragmentSize });
        run.facts.sent += 1;
      };
      run.sendOne();
    },
    onMessage: (run, item) => {
      const hash = sha1(item.data);
      if (item.binary !== data.binary || item.data.length !== length || !hash.equals(run.facts.expectedHash)) {
        run.behavior = FAILED;
        if (item.binary !== data.binary) run.result = `Echo'ed message type differs from what I sent (got binary ${item.binary}, expected binary ${data.binary}).`;
        else if (item.data.length !== length) run.result = `Echo'ed message length differs from what I sent (got length ${item.data.length}, expected length ${length}).`;
        else run.result = `Echo'ed message contents differs from what I sent (got SHA1 ${hash.toString("hex")}, expected SHA1 ${run.facts.expectedHash.toString("hex")}).`;
        run.p.sendClose(1000);
      } else if (run.facts.sent < count) {
        run.sendOne();
      } else {
        run.behavior = OK;
        run.result = "Ok, received all echo'ed messages in time.";
        run.p.sendClose(1000);
      }
    },
  });
}

export function compressionCases(profile) {
  const cases = [];
  const sizes = (group, data, parameters, offerText) =>
    MESSAGE_SIZES.forEach(([length, fullCount, waitSeconds, fragmentSize], i) => {
      const count = profile.compressionCount ?? fullCount;
      cases.push(
        compressionCase(profile, {
          id: `${group}.${i + 1}`,
          description: `Send ${count} compressed messages each of payload size ${length}, auto-fragment to ${fragmentSize} octets. ${offerText}`,
          data,
          length,
          count,
          waitSeconds,
          fragmentSize,
          ...parameters,
        }),
      );
    });
  COMPRESSION_DATA.forEach((data, j) => sizes(`12.${j + 1}`, data, PARAMETER_SETS[0], "Use default permessage-deflate offer."));
  PARAMETER_SETS.forEach((parameters, j) =>
    sizes(`13.${j + 1}`, COMPRESSION_DATA[0], parameters, `Use permessage-deflate client offers (requestNoContextTakeover, requestMaxWindowBits) / server accept: ${parameters.text}`),
  );
  return cases;
}
