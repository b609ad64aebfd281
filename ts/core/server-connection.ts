/**
 * A server's connection to one client: the one connection state machine (connection.ts) in the
 * server role, with the server's opening handshake (server-handshake.ts, RFC 6455 section 4.2) in
 * front of it. The host feeds the client's bytes; once a valid request head has arrived, `request`
 * holds it and the host decides: accept() writes the 101 and opens, reject() writes a refusal. A
 * request that is not a valid upgrade is refused here at once (400, 426, 431). A refused handshake
 * ends as ErrorEvent "handshake" (with the status) + CloseEvent 1006; the server closes TCP once the
 * refusal is written (transportEnd() is HalfClose for a server: it closes TCP first).
 */
import { Connection } from "./connection";
import type { Extension } from "./extension";
import { Role } from "./frame";
import { handshakeFailure } from "./protocol-error";
import { buildAcceptResponse, buildRefusal, isRefusal, type Refusal, type UpgradeRequest, UpgradeRequestReader } from "./server-handshake";

export interface ServerConnectionOptions {
  /** Bytes; larger incoming messages fail the connection with 1009. */
  maxMessageSize: number;
}

export class ServerConnection extends Connection {
  /** The valid request waiting for accept() or reject(); undefined before and after. */
  request: UpgradeRequest | undefined;
  private readonly reader = new UpgradeRequestReader();

  constructor(options: ServerConnectionOptions) {
    super({ role: Role.Server, maxMessageSize: options.maxMessageSize });
  }

  /** Accepts the waiting request: the 101 with `protocol` and `extensions` (header values, "" for
   *  none) goes out, the connection opens (through `extension` when one was negotiated) and the
   *  frames that followed the request are decoded. False when no request is waiting. */
  accept(protocol: string, extensions = "", extension?: Extension): boolean {
    const request = this.request;
    if (request === undefined) return false;
    this.request = undefined;
    this.queueRaw(buildAcceptResponse(request.key, protocol, extensions));
    const rest = this.reader.rest;
    this.reader.rest = "";
    this.open(protocol, extensions, extension);
    if (rest !== "") this.receive(rest);
    return true;
  }

  /** Refuses the waiting request with `status` (403, 404, 500, 503 ...) and a short reason for the
   *  body. False when no request is waiting. */
  reject(status: number, reason: string): boolean {
    if (this.request === undefined) return false;
    this.request = undefined;
    this.refuse(buildRefusal(status, reason));
    return true;
  }

  protected receiveHandshake(bytes: string): void {
    const verdict = this.reader.receive(bytes);
    if (verdict === undefined) return;
    if (isRefusal(verdict)) {
      this.refuse(verdict);
    } else {
      this.request = verdict;
    }
  }

  private refuse(refusal: Refusal): void {
    this.queueRaw(refusal.response);
    const failure = handshakeFailure(`refused the handshake with ${refusal.status}: ${refusal.reason}`);
    failure.status = refusal.status;
    this.failWith(failure);
  }
}
