// The Node transport (plugin.websockets_host) in wasmoon and fengari, driven from Lua by
// host/fixtures/stream-probe.lua against real Node servers on loopback: raw TCP, TLS with a
// certificate made here by the openssl command-line tool, refused ports, unknown names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { NODE_RUNTIMES, PROJECT_ROOT, runLua, runtimesToTest } from "../test/support/runtimes";

const PROBE = path.join(PROJECT_ROOT, "host/fixtures/stream-probe.lua");
const MIB = 1024 * 1024;

/** `size` bytes cycling through 0..255, as stream-probe.lua's pattern(). */
function pattern(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 256;
  return bytes;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
}

/** Echoes every byte back and keeps what each connection sent, to check the client's side too. */
function echoServer(make: (onSocket: (s: net.Socket) => void) => net.Server) {
  const received: Buffer[][] = [];
  const server = make((socket) => {
    const chunks: Buffer[] = [];
    received.push(chunks);
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      socket.write(chunk);
    });
    socket.on("error", () => {});
  });
  return { server, lastReceived: () => Buffer.concat(received[received.length - 1] ?? []) };
}

async function probe(runtime: (typeof NODE_RUNTIMES)[number], args: (string | number)[]) {
  const run = await runLua(runtime, PROBE, args.map(String), { timeoutMs: 30_000 });
  expect(run.stderr).toBe("");
  return run.stdout.trim();
}

/** A self-signed certificate for "localhost" and 127.0.0.1, made fresh in a temporary folder. */
function makeCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ws-host-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem"],
    { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  return {
    dir,
    /** The certificate as PEM text: what the plugin hands a transport as `ca`. */
    certPem: fs.readFileSync(path.join(dir, "cert.pem"), "latin1"),
    cert: fs.readFileSync(path.join(dir, "cert.pem")),
    key: fs.readFileSync(path.join(dir, "key.pem")),
  };
}

const tcp = echoServer((onSocket) => net.createServer(onSocket));
let tcpPort = 0;
/** Sends 1 MiB of the pattern on connect, then ends the stream. */
const sender = net.createServer((socket) => {
  socket.on("error", () => {});
  socket.end(pattern(MIB));
});
let senderPort = 0;
/** Sends a few bytes 300 ms after connect; a `wait` must return as they arrive. */
const lateSender = net.createServer((socket) => {
  socket.on("error", () => {});
  setTimeout(() => socket.writable && socket.end("late"), 300);
});
let lateSenderPort = 0;
/** Accepts and never says anything. */
const silent = net.createServer((socket) => socket.on("error", () => {}));
let silentPort = 0;
let refusedPort = 0;

let certificate: ReturnType<typeof makeCertificate>;
let secure: ReturnType<typeof echoServer>;
let securePort = 0;
let tls12Only: tls.Server;
let tls12OnlyPort = 0;

beforeAll(async () => {
  certificate = makeCertificate();
  secure = echoServer((onSocket) => tls.createServer({ cert: certificate.cert, key: certificate.key }, onSocket));
  tls12Only = tls.createServer({ cert: certificate.cert, key: certificate.key, maxVersion: "TLSv1.2" }, (s) => s.end());
  tls12Only.on("tlsClientError", () => {});
  secure.server.on("tlsClientError", () => {});
  [tcpPort, senderPort, lateSenderPort, silentPort, securePort, tls12OnlyPort] = await Promise.all(
    [tcp.server, sender, lateSender, silent, secure.server, tls12Only].map(listen),
  );
  // A port that was just free: nothing listens there, so connecting is refused.
  const closed = net.createServer();
  refusedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(() => {
  for (const server of [tcp.server, sender, lateSender, silent, secure?.server, tls12Only]) server?.close();
  if (certificate) fs.rmSync(certificate.dir, { recursive: true, force: true });
});

describe.each(runtimesToTest(NODE_RUNTIMES))("Node transport in %s", (runtime) => {
  it("carries every byte value 0-255, NUL included, both ways", async () => {
    expect(await probe(runtime, ["echo", "127.0.0.1", tcpPort, 256])).toBe("echoed 256");
    expect(tcp.lastReceived().equals(pattern(256))).toBe(true);
  });

  it("carries 1 MiB both ways", async () => {
    expect(await probe(runtime, ["echo", "127.0.0.1", tcpPort, MIB])).toBe(`echoed ${MIB}`);
    expect(tcp.lastReceived().equals(pattern(MIB))).toBe(true);
  });

  it("returns every byte that arrived before the end, then the end as 'closed'", async () => {
    expect(await probe(runtime, ["receive", "127.0.0.1", senderPort, MIB])).toMatch(
      new RegExp(`^received ${MIB} then closed the server closed the connection`),
    );
  });

  it("reports a refused port as 'connect'", async () => {
    expect(await probe(runtime, ["open", "127.0.0.1", refusedPort])).toMatch(/^failed connect .*ECONNREFUSED/);
  });

  it("reports an unknown host as 'dns'", async () => {
    expect(await probe(runtime, ["open", "nonexistent.invalid", 80])).toMatch(
      /^failed dns cannot resolve host nonexistent\.invalid \(.*(ENOTFOUND|EAI_AGAIN)/,
    );
  });

  it("wait() returns as soon as data arrives", async () => {
    const [, waited, bytes] = (await probe(runtime, ["wait", "127.0.0.1", lateSenderPort, 5])).match(/^waited (\d+) read (\d+)$/)!;
    expect(Number(bytes)).toBeGreaterThan(0);
    expect(Number(waited)).toBeGreaterThanOrEqual(150);
    expect(Number(waited)).toBeLessThan(2500);
  });

  it("wait() waits about its timeout when nothing happens", async () => {
    const [, waited, bytes] = (await probe(runtime, ["wait", "127.0.0.1", silentPort, 0.4])).match(/^waited (\d+) read (\d+)$/)!;
    expect(Number(bytes)).toBe(0);
    expect(Number(waited)).toBeGreaterThanOrEqual(380);
    expect(Number(waited)).toBeLessThan(1500);
  });

  describe("TLS", () => {
    it("refuses an untrusted certificate when verifying", async () => {
      expect(await probe(runtime, ["open", "127.0.0.1", securePort, "localhost", "1.2", "yes"])).toMatch(
        /^failed tls .*(DEPTH_ZERO_SELF_SIGNED_CERT|self-signed certificate)/,
      );
    });

    it("trusts the certificate given as ca and carries bytes", async () => {
      const tlsArgs = ["localhost", "1.2", "yes", certificate.certPem];
      expect(await probe(runtime, ["echo", "127.0.0.1", securePort, 64 * 1024, ...tlsArgs])).toBe("echoed 65536");
      expect(secure.lastReceived().equals(pattern(64 * 1024))).toBe(true);
    });

    it("fails with 'tls' when the ca text holds no certificate Node can parse", async () => {
      const notACertificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
      expect(await probe(runtime, ["open", "127.0.0.1", securePort, "localhost", "1.2", "yes", notACertificate])).toMatch(/^failed tls /);
    });

    it("refuses a certificate for another host name, even from a trusted ca", async () => {
      expect(await probe(runtime, ["open", "127.0.0.1", securePort, "wrong-host.example", "1.2", "yes", certificate.certPem])).toMatch(
        /^failed tls .*ERR_TLS_CERT_ALTNAME_INVALID/,
      );
    });

    it("connects without verification when verify is off", async () => {
      expect(await probe(runtime, ["open", "127.0.0.1", securePort, "localhost", "1.2", "no"])).toBe("open");
    });

    it("refuses a server capped at TLS 1.2 when TLS 1.3 is the minimum, saying so", async () => {
      expect(await probe(runtime, ["open", "127.0.0.1", tls12OnlyPort, "localhost", "1.3", "yes", certificate.certPem])).toMatch(
        /^failed tls .*protocol version/i,
      );
    });
  });
});
