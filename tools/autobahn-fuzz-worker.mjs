// One runtime's fuzzing client in a worker thread of tools/autobahn-server.mjs --fuzz. Each runtime
// gets its own thread so that one fuzzer's big section-9 messages (building, masking and checking
// 16 MiB in JavaScript) cannot stall the timers and sockets of the others: in one shared thread those
// stalls reached 5 s on a loaded machine and ended other runtimes' 3 s deadlines (and the 5 s
// opening-handshake limit) before their echoes were read, as FAILED cases of the server's.
import { parentPort, workerData } from "node:worker_threads";
import { FuzzingClient } from "../conformance/client.mjs";
import { casePrefixFilter } from "./autobahn.mjs";

const { cases, ...options } = workerData;
const client = new FuzzingClient({ ...options, cases: casePrefixFilter(cases) });
parentPort.postMessage(await client.run());
