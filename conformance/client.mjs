// An Autobahn|TestSuite-compatible fuzzing client: it tests a WebSocket server, which must echo
// every message with its type (as Autobahn's "wstest -m fuzzingclient" expects). It plays the same
// cases as the fuzzing server (cases/), each on a connection of its own, in the client's role: it
// masks what it sends, refuses masked frames from the server, and expects the server to close TCP
// first after the close handshake (RFC 6455 section 7.1.1).
import net from "node:net";
import tls from "node:tls";
import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import { buildCases } from "./cases/index.mjs";
import { runCase } from "./case-runner.mjs";
import { profile as makeProfile } from "./profiles.mjs";
import { FuzzingPeer, Role } from "./peer.mjs";
import { clientRequest, parseResponseHead, responseProblems } from "./handshake.mjs";
import { AgentReport, writeReport } from "./report.mjs";
import { FAILED, CloseGrade } from "./verdict.mjs";
import { EXTENSION, codecFor, offerHeader, parseExtensions, readAnswer } from "./deflate.mjs";

/** TCP connect plus opening handshake, per case. */
const HANDSHAKE_TIMEOUT_MS = 5000;

export class FuzzingClient extends EventEmitter {
  /**
   * `url`: the echo server (ws:// or wss://); `agent`: the name in the report (default: the
   * server's Server header, else the URL's host); `profile`: "full", "standard" or "small";
   * `cases`: only the case ids for which it returns true; `reportDir`: where to write AGENT.json;
   * `compression`: add sections 12 and 13 (permessage-deflate) to the list; `timeScale`,
   * `deadlineScale`, `compressionCount`: override the profile's (profiles.mjs).
   */
  constructor({ url, agent, profile = "full", cases, reportDir, compression = false, timeScale, deadlineScale, compressionCount } = {}) {
    super();
    this.url = new URL(url);
    this.agent = agent;
    this.profile = makeProfile(profile, { timeScale, deadlineScale, compressionCount });
    this.cases = buildCases(this.profile, { compression }).filter((c) => !cases || cases(c.id));
    this.reportDir = reportDir;
  }

  /** Plays every case in turn; resolves with the report (and writes it when a directory is set). */
  async run() {
    let report;
    for (const testCase of this.cases) {
      const result = await this.play(testCase);
      report ??= new AgentReport(this.agent ?? this.serverName ?? this.url.host, this.profile.name, this.cases);
      report.add(testCase, result);
      this.emit("caseDone", testCase, result);
    }
    report ??= new AgentReport(this.agent ?? this.url.host, this.profile.name, this.cases);
    report.markUpdated();
    const json = report.toJSON();
    if (this.reportDir) json.file = await writeReport(this.reportDir, json);
    return json;
  }

  async play(testCase) {
    let opened;
    try {
      opened = await this.open(testCase.deflate?.offers);
    } catch (error) {
      return { verdict: FAILED, behavior: FAILED, behaviorClose: CloseGrade.FAILED, reasons: [`opening handshake: ${error.message}`], durationMs: 0 };
    }
    const peer = new FuzzingPeer(opened.socket, { role: Role.CLIENT, timeScale: this.profile.timeScale, deadlineScale: this.profile.deadlineScale, deflate: opened.deflate });
    if (opened.rest.length > 0) peer.receive(opened.rest);
    return runCase(testCase, peer, this.profile);
  }

  /**
   * TCP (or TLS) and the opening handshake, offering permessage-deflate when `offers` are given;
   * resolves with the socket, any bytes after the head and the agreed codec.
   */
  open(offers) {
    const secure = this.url.protocol === "wss:";
    const port = Number(this.url.port) || (secure ? 443 : 80);
    const host = this.url.hostname.replace(/^\[|\]$/g, "");
    const key = randomBytes(16).toString("base64");
    return new Promise((resolve, reject) => {
      const socket = secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
      const timer = setTimeout(() => fail(new Error(`no answer within ${HANDSHAKE_TIMEOUT_MS} ms`)), HANDSHAKE_TIMEOUT_MS);
      let head = Buffer.alloc(0);
      const fail = (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.once("error", fail);
      socket.once(secure ? "secureConnect" : "connect", () => socket.write(clientRequest(this.url, key, { extensions: offers ? offerHeader(offers) : undefined })));
      const onData = (bytes) => {
        head = Buffer.concat([head, bytes]);
        const parsed = parseResponseHead(head);
        if (!parsed) return;
        socket.off("data", onData);
        socket.off("error", fail);
        clearTimeout(timer);
        if (parsed.error) return fail(new Error(parsed.error));
        const problems = responseProblems(parsed.response, key);
        if (problems.length > 0) return fail(new Error(problems.join("; ")));
        let deflate;
        try {
          deflate = agreedDeflate(parsed.response, offers);
        } catch (error) {
          return fail(error);
        }
        this.serverName ??= parsed.response.headers.get("server");
        resolve({ socket, rest: parsed.rest, response: parsed.response, deflate });
      };
      socket.on("data", onData);
    });
  }
}

/**
 * The codec the server's Sec-WebSocket-Extensions answer agrees on, or undefined when it answered
 * none. An extension the client did not offer, or a second one, fails the handshake (RFC 6455
 * section 4.1, RFC 7692 section 5).
 */
function agreedDeflate(response, offers) {
  const answered = parseExtensions(response.headers.get("sec-websocket-extensions"));
  if (answered.length === 0) return undefined;
  if (!offers || answered.length > 1 || answered[0].name !== EXTENSION) {
    throw new Error(`the server answered extensions that were not offered: ${response.headers.get("sec-websocket-extensions")}`);
  }
  return codecFor(readAnswer(answered[0].params, offers), Role.CLIENT);
}
