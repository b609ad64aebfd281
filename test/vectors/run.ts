// Runs the vectors against the TypeScript core (vitest), and compares what any run observed, whether
// here or in a Lua runtime (test/lua/core-vectors.lua), with what the vectors expect.
import { ClientConnection } from "../../ts/core/client-connection";
import { ServerConnection } from "../../ts/core/server-connection";
import { chooseSubprotocol } from "../../ts/core/server-handshake";
import type { ServerVector } from "./server";
import { DoublingExtension } from "./toy-extension";
import { encodeFrame, encodeFrameHeader } from "../../ts/core/frame-encoder";
import { DecoderStep, FrameDecoder } from "../../ts/core/frame-decoder";
import { parseWebSocketUrl } from "../../ts/core/url";
import type { ConnectionEvent } from "../../ts/core/events";
import type { ConnectionVector, ExpectedEvent } from "./connection";
import { DEFAULT_URL } from "./connection";
import type { DecodeVector, DecoderOutputVector } from "./frames";
import { RFC_MASK_KEY } from "./frames";
import { RFC_NONCE } from "./connection";

/** How receive steps hand bytes to the core: as written, or one byte per call. */
export type Split = "whole" | "bytes";
export const SPLITS: Split[] = ["whole", "bytes"];

export function chunksOf(bytes: string, split: Split): string[] {
  if (split === "whole") return [bytes];
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
  return out;
}

// ---- what a run observes ----

export interface ConnectionObservation {
  request: string;
  sent: string;
  events: ConnectionEvent[];
  state: number;
  /** What the `piece` steps returned. */
  verdicts: number[];
}

/** What the decoder reports for a vector's input: each header, each frame's payload (its slices
 *  joined as they come, reported when the frame is complete), and a failure. */
export function decode(vector: DecodeVector, split: Split): DecoderOutputVector[] {
  const decoder = new FrameDecoder();
  const outputs: DecoderOutputVector[] = [];
  let payload = "";
  for (const chunk of chunksOf(vector.input, split)) {
    decoder.push(chunk);
    for (let step = decoder.next(); step !== undefined; step = decoder.next()) {
      if (step === DecoderStep.Header) {
        outputs.push({ header: { fin: decoder.fin, opcode: decoder.opcode, length: decoder.length } });
      } else if (step !== DecoderStep.Payload) {
        outputs.push({ failure: step.code });
        continue;
      }
      payload += decoder.payload;
      if (decoder.frameComplete) {
        outputs.push({ payload });
        payload = "";
      }
    }
  }
  return outputs;
}

/** The random source of a vector: successive calls return successive entries, the last repeating. */
export function scriptedRandom(entries: string[]): (count: number) => string {
  let next = 0;
  return (count: number) => {
    const value = entries[Math.min(next, entries.length - 1)];
    next++;
    if (value.length !== count) throw new Error(`random(${count}) scripted with ${value.length} bytes`);
    return value;
  };
}

export const DEFAULT_RANDOM = [RFC_NONCE, RFC_MASK_KEY];

export function converse(vector: ConnectionVector, split: Split): ConnectionObservation {
  const parsed = parseWebSocketUrl(vector.url ?? DEFAULT_URL);
  if (parsed.url === undefined) throw new Error(parsed.error);
  const conn = new ClientConnection({
    url: parsed.url,
    protocols: vector.protocols ?? [],
    headers: vector.headers ?? [],
    origin: vector.origin,
    username: vector.username,
    password: vector.password,
    maxMessageSize: vector.maxMessageSize ?? 16 * 1024 * 1024,
    random: scriptedRandom(vector.random ?? DEFAULT_RANDOM),
    receiveFragments: vector.receiveFragments,
  });
  const request = conn.takeOutgoing();
  const events: ConnectionEvent[] = [];
  const verdicts: number[] = [];
  let written = "";
  for (const step of vector.steps) {
    if ("write" in step) {
      written += conn.takeOutgoing();
      continue;
    }
    if ("take" in step) {
      let left = step.take === true ? Infinity : step.take;
      for (let e = left > 0 ? conn.nextEvent() : undefined; e !== undefined; e = left > 0 ? conn.nextEvent() : undefined) {
        events.push(e);
        left--;
      }
      continue;
    }
    if ("receive" in step) for (const chunk of chunksOf(step.receive, split)) conn.receive(chunk);
    else if ("send" in step) conn.send(step.send, step.binary ?? false);
    else if ("piece" in step) verdicts.push(conn.sendPiece(step.piece, step.binary ?? false, step.fin));
    else if ("ping" in step) conn.ping(step.ping);
    else if ("close" in step) conn.close(step.code, step.reason);
    else if ("lost" in step) conn.connectionLost(step.lost, step.reason);
    else if ("fail" in step) conn.fail(step.fail, step.code, step.reason);
    else if ("eof" in step) conn.receiveEof();
    else conn.abort(step.abort);
  }
  // Events first: effects such as a failure's close frame come as the events are taken.
  for (let e = conn.nextEvent(); e !== undefined; e = conn.nextEvent()) events.push(e);
  const sent = written + conn.takeOutgoing();
  return { request, sent, events, state: conn.state, verdicts };
}

export function encode(opcode: number, fin: boolean, payload: string, maskKey: string): string {
  return encodeFrame(opcode, fin, payload, maskKey);
}

export function encodeHeader(opcode: number, fin: boolean, length: number, maskKey: string): string {
  return encodeFrameHeader(opcode, fin, length, maskKey);
}

// ---- comparing observations with expectations ----

/**
 * The observed events reduced to the fields each expected event names, with `reasonIncludes` kept only
 * when the reason does include it; so `expect(projectEvents(...)).toEqual(vector.events)` shows a
 * readable diff of exactly what differs.
 */
export function projectEvents(observed: ConnectionEvent[], expected: ExpectedEvent[]): Record<string, unknown>[] {
  return observed.map((event, i) => {
    const want = expected[i] as Record<string, unknown> | undefined;
    const got = event as unknown as Record<string, unknown>;
    if (want === undefined) return got;
    const projected: Record<string, unknown> = {};
    for (const key of Object.keys(want)) {
      if (key === "reasonIncludes") {
        const reason = String(got.reason);
        projected[key] = reason.includes(String(want[key])) ? want[key] : `reason was: ${reason}`;
      } else {
        projected[key] = got[key];
      }
    }
    return projected;
  });
}

/** The observation reduced to what the vector checks, to compare with `expectedConversation`. */
export function projectConversation(vector: ConnectionVector, observed: ConnectionObservation): Record<string, unknown> {
  const out: Record<string, unknown> = { events: projectEvents(observed.events, vector.events), state: observed.state };
  if (vector.request !== undefined) out.request = observed.request;
  if (vector.sent !== undefined) out.sent = observed.sent;
  if (vector.verdicts !== undefined) out.verdicts = observed.verdicts;
  return out;
}

export function expectedConversation(vector: ConnectionVector): Record<string, unknown> {
  const out: Record<string, unknown> = { events: vector.events, state: vector.state };
  if (vector.request !== undefined) out.request = vector.request;
  if (vector.sent !== undefined) out.sent = vector.sent;
  if (vector.verdicts !== undefined) out.verdicts = vector.verdicts;
  return out;
}

// ---- the server role ----

export interface ServerObservation {
  output: string;
  events: ConnectionEvent[];
  state: number;
  request?: { path: string; query: string; protocols: string[]; extensions: unknown[]; origin?: string };
}

export function serve(vector: ServerVector, split: Split): ServerObservation {
  const conn = new ServerConnection({ maxMessageSize: vector.maxMessageSize ?? 16 * 1024 * 1024 });
  const events: ConnectionEvent[] = [];
  let output = "";
  let seen: ServerObservation["request"];
  const accept = (protocol?: string) => {
    const request = conn.request!;
    seen = { path: request.path, query: request.query, protocols: request.protocols, extensions: request.extensions, origin: request.origin };
    const chosen = protocol ?? chooseSubprotocol(request.protocols, vector.protocols ?? []);
    if (vector.extension) conn.accept(chosen, "x-double", new DoublingExtension());
    else conn.accept(chosen);
  };
  for (const step of vector.steps) {
    if ("receive" in step) {
      for (const chunk of chunksOf(step.receive, split)) conn.receive(chunk);
      if (!vector.decide && conn.request !== undefined) accept();
    } else if ("take" in step) {
      for (let e = conn.nextEvent(); e !== undefined; e = conn.nextEvent()) events.push(e);
    } else if ("accept" in step) accept(step.protocol);
    else if ("reject" in step) conn.reject(step.reject, step.reason);
    else if ("send" in step) conn.send(step.send, step.binary ?? false);
    else if ("ping" in step) conn.ping(step.ping);
    else if ("close" in step) conn.close(step.code, step.reason);
    else if ("lost" in step) conn.connectionLost(step.lost, step.reason);
    else conn.receiveEof();
    // What the server writes is taken step by step, as a host would, in small windows: the queue
    // must hand every byte out in order whatever the window.
    for (let piece = conn.takeOutgoing(1000); piece !== ""; piece = conn.takeOutgoing(1000)) output += piece;
  }
  for (let e = conn.nextEvent(); e !== undefined; e = conn.nextEvent()) events.push(e);
  output += conn.takeOutgoing();
  return { output, events, state: conn.state, request: seen };
}

export function projectServe(vector: ServerVector, observed: ServerObservation): Record<string, unknown> {
  const out: Record<string, unknown> = { events: projectEvents(observed.events, vector.events), state: observed.state };
  if (vector.output !== undefined) out.output = observed.output;
  if (vector.outputIncludes !== undefined) out.outputIncludes = vector.outputIncludes.filter((part) => observed.output.includes(part));
  if (vector.request !== undefined) out.request = observed.request;
  return out;
}

export function expectedServe(vector: ServerVector): Record<string, unknown> {
  const out: Record<string, unknown> = { events: vector.events, state: vector.state };
  if (vector.output !== undefined) out.output = vector.output;
  if (vector.outputIncludes !== undefined) out.outputIncludes = vector.outputIncludes;
  if (vector.request !== undefined) out.request = vector.request;
  return out;
}
