// An Autobahn|TestSuite-compatible fuzzing server on raw TCP sockets, so that it can send anything:
// it tests WebSocket clients (the plugin's, through tools/autobahn.mjs, or any other).
// It speaks the fuzzing server's URL protocol, over WebSocket:
//   /getCaseCount                 a text message with the number of cases, then a normal close
//   /getCaseInfo?case=N           a text message with {"id", "description"} of case N (1-based)
//   /runCase?case=N&agent=NAME    plays case N against the client and records its verdict
//   /updateReports?agent=NAME     writes NAME's report (when a report directory is set), then closes
// and one plain HTTP endpoint to read the results:
//   GET /getReport?agent=NAME     the report as JSON (see report.mjs)
import net from "node:net";
import { EventEmitter } from "node:events";
import { buildCases } from "./cases/index.mjs";
import { runCase } from "./case-runner.mjs";
import { profile as makeProfile } from "./profiles.mjs";
import { FuzzingPeer, Role } from "./peer.mjs";
import { handshakeProblems, httpResponse, isUpgradeRequest, parseRequestHead, switchingProtocolsResponse } from "./handshake.mjs";
import { AgentReport, writeReport } from "./report.mjs";
import { EXTENSION, acceptOffer, codecFor, parseExtensions, readOffer } from "./deflate.mjs";
import { FAILED } from "./verdict.mjs";
import { Opcode } from "./wire.mjs";

/** How long a service connection (case count, case info, report update) may take. */
const SERVICE_TIMEOUT_MS = 5000;

export class FuzzingServer extends EventEmitter {
  /**
   * `profile`: "full", "standard" or "small" (profiles.mjs); `reportDir`: where /updateReports
   * writes AGENT.json (none: memory only); `cases`: only the case ids for which it returns true;
   * `compression`: add sections 12 and 13 (permessage-deflate) to the list; `timeScale`,
   * `deadlineScale`, `compressionCount`: override the profile's (profiles.mjs).
   */
  constructor({ profile = "full", reportDir, cases, compression = false, timeScale, deadlineScale, compressionCount } = {}) {
    super();
    this.profile = makeProfile(profile, { timeScale, deadlineScale, compressionCount });
    this.cases = buildCases(this.profile, { compression }).filter((c) => !cases || cases(c.id));
    this.reportDir = reportDir;
    this.reports = new Map();
    this.sockets = new Set();
    this.playing = new Set();
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Starts listening (port 0: any free port) and resolves with the ws:// URL. */
  listen(port = 0, host = "127.0.0.1") {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        this.url = `ws://${host}:${address.port}`;
        resolve(this.url);
      });
    });
  }

  close() {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The agent's report so far (cases run, verdicts, summary), or undefined. */
  reportFor(agent) {
    return this.reports.get(agent)?.toJSON();
  }

  reportOf(agent) {
    if (!this.reports.has(agent)) this.reports.set(agent, new AgentReport(agent, this.profile.name, this.cases));
    return this.reports.get(agent);
  }

  // ---- connections ---------------------------------------------------------------------------

  accept(socket) {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    let head = Buffer.alloc(0);
    const onData = (bytes) => {
      head = Buffer.concat([head, bytes]);
      const parsed = parseRequestHead(head);
      if (!parsed) return;
      socket.off("data", onData);
      if (parsed.error) {
        socket.end(httpResponse(400, "Bad Request", `${parsed.error}\n`));
        return;
      }
      this.route(socket, parsed.request, parsed.rest).catch((error) => {
        this.emit("log", `internal error on ${parsed.request.target}: ${error.stack}`);
        socket.destroy();
      });
    };
    socket.on("data", onData);
  }

  async route(socket, request, rest) {
    const { pathname, searchParams } = request.url;
    if (!isUpgradeRequest(request)) {
      this.serveHttp(socket, pathname, searchParams);
      return;
    }
    const agent = searchParams.get("agent") ?? "";
    const problems = handshakeProblems(request);
    if (problems.length > 0) {
      if (pathname === "/runCase") this.recordHandshakeFailure(agent, Number(searchParams.get("case")), problems);
      socket.end(httpResponse(400, "Bad Request", `${problems.join("\n")}\n`));
      return;
    }
    const deflate = pathname === "/runCase" ? this.negotiateDeflate(this.caseAt(searchParams.get("case")), request) : undefined;
    socket.write(switchingProtocolsResponse(request, { extensions: deflate?.header }));
    const peer = new FuzzingPeer(socket, { role: Role.SERVER, timeScale: this.profile.timeScale, deadlineScale: this.profile.deadlineScale, deflate: deflate?.codec });
    if (rest.length > 0) peer.receive(rest);

    if (pathname === "/getCaseCount") {
      await this.serve(peer, String(this.cases.length));
    } else if (pathname === "/getCaseInfo") {
      const testCase = this.caseAt(searchParams.get("case"));
      await this.serve(peer, testCase ? JSON.stringify({ id: testCase.id, description: testCase.description }) : undefined);
    } else if (pathname === "/runCase") {
      const playing = this.play(peer, agent, searchParams.get("case"));
      this.playing.add(playing);
      await playing.finally(() => this.playing.delete(playing));
    } else if (pathname === "/updateReports") {
      // A case whose client is already gone may still be grading (the server closes TCP last).
      await Promise.allSettled([...this.playing]);
      const report = this.reportOf(agent);
      report.markUpdated();
      if (this.reportDir) await writeReport(this.reportDir, report.toJSON());
      this.emit("reportsUpdated", agent, report.toJSON());
      await this.serve(peer);
    } else {
      await this.serve(peer, undefined, 1008, `unknown path ${pathname}`);
    }
  }

  /**
   * permessage-deflate for a compression case, as the case's server side accepts it (RFC 7692
   * section 5); `{ header, codec }`, or undefined when the case is not one, the client offered
   * nothing fitting, or its offer was malformed.
   */
  negotiateDeflate(testCase, request) {
    if (!testCase?.deflate) return undefined;
    let offers;
    try {
      offers = parseExtensions(request.headers.get("sec-websocket-extensions"))
        .filter((e) => e.name === EXTENSION)
        .map((e) => readOffer(e.params));
    } catch (error) {
      this.emit("log", `case ${testCase.id}: declining a malformed permessage-deflate offer (${error.message})`);
      return undefined;
    }
    const choice = testCase.deflate.accept(offers);
    if (!choice) return undefined;
    const { header, agreement } = acceptOffer(choice.offer, choice);
    return { header, codec: codecFor(agreement, Role.SERVER) };
  }

  /** Sends an optional text message, then closes normally and waits for TCP to go away. */
  async serve(peer, message, code = 1000, reason = "") {
    if (message !== undefined) peer.sendFrame({ opcode: Opcode.TEXT, payload: Buffer.from(message, "utf8") });
    peer.sendClose(code, reason);
    if (!(await peer.waitFor(() => peer.closed, SERVICE_TIMEOUT_MS))) peer.drop();
  }

  caseAt(number) {
    const index = Number(number) - 1;
    return Number.isInteger(index) ? this.cases[index] : undefined;
  }

  async play(peer, agent, number) {
    const testCase = this.caseAt(number);
    if (!testCase) {
      await this.serve(peer, undefined, 1008, `no case ${number}`);
      return;
    }
    const result = await runCase(testCase, peer, this.profile);
    this.reportOf(agent).add(testCase, result);
    this.emit("caseDone", agent, testCase, result);
  }

  recordHandshakeFailure(agent, number, problems) {
    const testCase = this.caseAt(number);
    if (!testCase) return;
    const result = {
      verdict: FAILED,
      behavior: FAILED,
      behaviorClose: FAILED,
      reasons: problems.map((p) => `handshake: ${p}`),
      durationMs: 0,
    };
    this.reportOf(agent).add(testCase, result);
    this.emit("caseDone", agent, testCase, result);
  }

  serveHttp(socket, pathname, searchParams) {
    if (pathname === "/getReport") {
      const report = this.reportFor(searchParams.get("agent") ?? "");
      if (report) socket.end(httpResponse(200, "OK", JSON.stringify(report, null, 2), "application/json"));
      else socket.end(httpResponse(404, "Not Found", "no report for this agent\n"));
      return;
    }
    socket.end(httpResponse(404, "Not Found", "WebSocket endpoints: /getCaseCount /getCaseInfo /runCase /updateReports; HTTP: /getReport\n"));
  }
}
