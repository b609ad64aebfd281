/**
 * A client's connection: the one connection state machine (connection.ts) in the client role, with
 * the client's opening handshake (client-handshake.ts, RFC 6455 section 4.1) in front of it. The
 * request is queued at construction; the answer's head is buffered until complete, validated, and
 * the connection opens with the bytes that followed it.
 *
 * A refused answer (a status other than 101) is reported with its status, header fields and up to
 * MAX_REFUSAL_BODY bytes of body: the connection waits for that much of the body (or Content-Length
 * bytes, or the end of the stream, or the host's own verdict such as a timeout) before it fails.
 */
import { Connection, type RandomBytes } from "./connection";
import { ReadyState } from "./events";
import { Role } from "./frame";
import {
  buildHandshakeRequest,
  type HandshakeRequestOptions,
  KEY_BYTES,
  makeKey,
  MAX_REFUSAL_BODY,
  MAX_RESPONSE_HEAD,
  validateHandshakeResponse,
} from "./client-handshake";
import { findHeadEnd } from "./http-head";
import { handshakeFailure, type ProtocolError } from "./protocol-error";
import type { ErrorType } from "./events";
import type { CodecFactory } from "../codec/index";
import { acceptDeflateAnswer, buildDeflateOffer, type DeflateSettings } from "./deflate-negotiation";
import { parseExtensionHeader } from "./extension-header";
import { PerMessageDeflate } from "./permessage-deflate";

/** What the handshake sends (checked beforehand with checkHandshakeOptions), plus the limits and the
 *  injected randomness of the connection. */
export interface ClientConnectionOptions extends HandshakeRequestOptions {
  /** Bytes; larger incoming messages fail the connection with 1009. */
  maxMessageSize: number;
  /** `count` random bytes: the handshake key and every masking key. */
  random: RandomBytes;
  /** permessage-deflate (RFC 7692) is offered with these settings, run with `codec`; undefined offers
   *  no extension. */
  compression?: DeflateSettings;
  codec?: CodecFactory;
  /** SPEC section 9: messages handed out in pieces as they arrive (Connection). */
  receiveFragments?: boolean;
}

export class ClientConnection extends Connection {
  private readonly key: string;
  private readonly protocols: string[];
  /** The response head while CONNECTING. */
  private handshakeBuffer = "";
  /** A refused answer waiting for its body: the failure, and how many body bytes to wait for. */
  private refusal: ProtocolError | undefined;
  private refusalBodyWanted = 0;
  private readonly compression: DeflateSettings | undefined;
  private readonly codec: CodecFactory | undefined;
  private readonly inflateLimit: number;

  constructor(options: ClientConnectionOptions) {
    super({ role: Role.Client, maxMessageSize: options.maxMessageSize, random: options.random, receiveFragments: options.receiveFragments });
    this.protocols = options.protocols;
    this.key = makeKey(options.random(KEY_BYTES));
    this.inflateLimit = options.maxMessageSize;
    const compression = options.codec !== undefined ? options.compression : undefined;
    this.compression = compression;
    this.codec = options.codec;
    if (compression !== undefined) options = { ...options, extensions: buildDeflateOffer(compression) };
    this.queueRaw(buildHandshakeRequest(options, this.key));
  }

  /** While a refusal waits for its body, the host's verdict (a timeout) and a lost transport report
   *  the refusal with what body arrived. */
  fail(errorType: ErrorType, code: number, reason: string): void {
    if (this.refusal !== undefined) {
      this.failRefused();
      return;
    }
    super.fail(errorType, code, reason);
  }

  connectionLost(errorType: ErrorType, reason: string): void {
    if (this.refusal !== undefined) {
      this.streamFailed = true;
      this.failRefused();
      return;
    }
    super.connectionLost(errorType, reason);
  }

  protected endOfInput(): void {
    if (this.refusal !== undefined) {
      this.failRefused();
      return;
    }
    super.endOfInput();
  }

  /** Buffers the response head; once it is complete and valid, opens with the bytes after it (the
   *  first frames). */
  protected receiveHandshake(bytes: string): void {
    if (this.refusal !== undefined) {
      this.addRefusalBody(bytes);
      return;
    }
    const searchFrom = this.handshakeBuffer.length;
    const buffer = this.handshakeBuffer + bytes;
    const end = findHeadEnd(buffer, searchFrom);
    if (end < 0) {
      if (buffer.length > MAX_RESPONSE_HEAD) {
        this.handshakeBuffer = "";
        this.failWith(handshakeFailure(`the response head is larger than ${MAX_RESPONSE_HEAD} bytes`));
      } else {
        this.handshakeBuffer = buffer;
      }
      return;
    }
    this.handshakeBuffer = "";
    if (end > MAX_RESPONSE_HEAD) {
      this.failWith(handshakeFailure(`the response head is larger than ${MAX_RESPONSE_HEAD} bytes`));
      return;
    }
    const compression = this.compression;
    const verdict = validateHandshakeResponse(buffer.substring(0, end), this.key, this.protocols, compression !== undefined);
    if (verdict.type === "failure") {
      if (verdict.status === undefined) {
        this.failWith(verdict);
        return;
      }
      this.refusal = verdict;
      this.refusalBodyWanted = refusalBodySize(verdict);
      this.addRefusalBody(buffer.substring(end));
      return;
    }
    // "If the server's response is validated as provided for above, it is said that _The WebSocket
    // Connection is Established_ and that the WebSocket Connection is in the OPEN state."
    let extension: PerMessageDeflate | undefined;
    let extensions = "";
    if (compression !== undefined && verdict.extensions.length > 0) {
      // RFC 7692 section 7.1: an answer that is malformed, not offered or has invalid parameters fails.
      const answer = parseExtensionHeader(verdict.extensions);
      if ("malformed" in answer) {
        this.failWith(handshakeFailure(`malformed Sec-WebSocket-Extensions answer: ${answer.malformed}`));
        return;
      }
      const negotiated = acceptDeflateAnswer(answer, compression);
      if ("problem" in negotiated) {
        this.failWith(handshakeFailure(negotiated.problem));
        return;
      }
      if (negotiated.agreement !== undefined) {
        extension = new PerMessageDeflate(this.codec!, negotiated.agreement, compression, this.inflateLimit);
        extensions = verdict.extensions.join(", ");
      }
    }
    this.open(verdict.protocol, extensions, extension);
    const rest = buffer.substring(end);
    if (rest.length > 0) this.receive(rest);
  }

  private addRefusalBody(bytes: string): void {
    const refusal = this.refusal!;
    const body = refusal.body! + bytes;
    refusal.body = body.length > this.refusalBodyWanted ? body.substring(0, this.refusalBodyWanted) : body;
    if (refusal.body.length >= this.refusalBodyWanted) this.failRefused();
  }

  private failRefused(): void {
    const refusal = this.refusal!;
    this.refusal = undefined;
    if (this.state === ReadyState.Connecting) this.failWith(refusal);
  }
}

/** How many body bytes a refusal waits for: its Content-Length up to MAX_REFUSAL_BODY, or that many
 *  (a body without a length ends with the stream). */
function refusalBodySize(refusal: ProtocolError): number {
  for (const field of refusal.headers!) {
    if (field.name === "content-length") {
      const length = Number(field.value);
      if (length === length && length >= 0) return length < MAX_REFUSAL_BODY ? length : MAX_REFUSAL_BODY;
    }
  }
  return MAX_REFUSAL_BODY;
}
