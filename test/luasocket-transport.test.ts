// The LuaSocket + LuaSec transport (lua/transport-luasocket.lua) against real servers: plain TCP and
// TLS servers started here, with certificates made here by the openssl command-line tool. Each case
// runs test/lua/luasocket-transport.lua in a real interpreter, which drives the transport directly
// and prints what happened; the assertions are on that output.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NATIVE_RUNTIMES, PROJECT_ROOT, commandFor, luaPathEnv, runtimesToTest, type Runtime } from "./support/runtimes";

const SCRIPT = path.join(PROJECT_ROOT, "test/lua/luasocket-transport.lua");
const runtimes = runtimesToTest(NATIVE_RUNTIMES);

// ---------------------------------------------------------------------------------------------
// Certificates: one test CA, and server certificates it signs for different names.

interface ServerCertificate {
  key: string;
  cert: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string): string {
  fs.writeFileSync(
    path.join(dir, "ca.cnf"),
    [
      "[req]",
      "distinguished_name = dn",
      "x509_extensions = ca_ext",
      "prompt = no",
      "[dn]",
      "CN = plugin.websockets test CA",
      "[ca_ext]",
      "basicConstraints = critical,CA:TRUE",
      "keyUsage = critical,keyCertSign,cRLSign",
      "subjectKeyIdentifier = hash",
      "",
    ].join("\n"),
  );
  openssl(
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
     "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-config", "ca.cnf"],
    dir,
  );
  return path.join(dir, "ca.pem");
}

function makeServerCertificate(dir: string, name: string, commonName: string, altNames: string): ServerCertificate {
  const extensions = [
    "basicConstraints = CA:FALSE",
    "keyUsage = digitalSignature",
    "extendedKeyUsage = serverAuth",
    ...(altNames ? [`subjectAltName = ${altNames}`] : []),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(
    ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
     "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${commonName}`],
    dir,
  );
  openssl(
    ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
     "-out", `${name}.pem`, "-days", "2", "-extfile", `${name}.ext`],
    dir,
  );
  return {
    key: fs.readFileSync(path.join(dir, `${name}.key`), "latin1"),
    cert: fs.readFileSync(path.join(dir, `${name}.pem`), "latin1"),
  };
}

// ---------------------------------------------------------------------------------------------
// Servers

const servers: net.Server[] = [];

function listen(server: net.Server, host = "127.0.0.1"): Promise<number> {
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

function echo(socket: net.Socket): void {
  socket.on("error", () => socket.destroy());
  socket.pipe(socket);
}

/** Echoes, but once the first bytes have come reads nothing more for 300 ms: the receive window
 *  stays small while the client writes, so a client with a small send buffer (the scenario's
 *  sendBuffer) must see its large write taken in part. Counted from the first bytes, not from the
 *  connection: a client slow to start on a loaded machine otherwise wrote into a server already
 *  reading at full speed, and no write was partial. */
function slowStartEcho(socket: net.Socket): void {
  socket.on("error", () => socket.destroy());
  socket.once("data", (first: Buffer) => {
    socket.pause();
    setTimeout(() => {
      socket.write(first);
      socket.pipe(socket);
      socket.resume();
    }, 300);
  });
}

/** A port on which nothing listens: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---------------------------------------------------------------------------------------------

/** Runs the scenario script to completion. Like runLua (support/runtimes.ts), but with no standard
 *  input: these scripts exit within milliseconds, and writing to the pipe of a process that has
 *  already exited fails with EPIPE. */
function runScript(runtime: Runtime, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [command, argv] = commandFor(runtime, SCRIPT, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...luaPathEnv() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.setEncoding("latin1").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("latin1").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function scenario(runtime: Runtime, name: string, params: Record<string, string | number | boolean>) {
  const args = [name, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)];
  const run = await runScript(runtime, args);
  if (run.code !== 0) throw new Error(`${runtime} ${name} exited ${run.code}: ${run.stderr}\n${run.stdout}`);
  const result: Record<string, string> = {};
  for (const line of run.stdout.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) result[line.slice(0, space)] = line.slice(space + 1);
  }
  return result;
}

const ALL_BYTES_HEX = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString("hex");

let ca: string;
const ports: Record<string, number> = {};
let ipv6Available = false;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luasocket-transport-"));
  ca = makeCa(dir);
  const localhost = makeServerCertificate(dir, "localhost", "localhost", "DNS:localhost,IP:127.0.0.1,IP:::1");
  const wrongName = makeServerCertificate(dir, "wrong", "wrong.example", "DNS:wrong.example");
  const wildcard = makeServerCertificate(dir, "wildcard", "wildcard", "DNS:*.example.test");
  // No subjectAltName at all: only then may the common name count (RFC 6125 section 6.4.4).
  const commonNameOnly = makeServerCertificate(dir, "cn", "localhost", "");

  ports.echo = await listen(net.createServer(echo));
  ports.slowStartEcho = await listen(net.createServer(slowStartEcho));
  ports.delayedHello = await listen(
    net.createServer((socket) => {
      socket.on("error", () => socket.destroy());
      setTimeout(() => socket.write("hello"), 250);
    }),
  );
  ports.sayGoodbyeAndClose = await listen(net.createServer((socket) => socket.end("goodbye")));
  ports.refused = await closedPort();

  ports.tls = await listen(tls.createServer({ ...localhost }, echo));
  ports.tlsSlowStart = await listen(tls.createServer({ ...localhost }, slowStartEcho));
  ports.tlsWrongName = await listen(tls.createServer({ ...wrongName }, echo));
  ports.tlsWildcard = await listen(tls.createServer({ ...wildcard }, echo));
  ports.tlsCommonNameOnly = await listen(tls.createServer({ ...commonNameOnly }, echo));
  ports.tlsUpTo12 = await listen(tls.createServer({ ...localhost, maxVersion: "TLSv1.2" }, echo));
  // TLS 1.0 only; OpenSSL 3 needs security level 0 on both ends for it.
  ports.tls10 = await listen(
    tls.createServer(
      { ...localhost, minVersion: "TLSv1", maxVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" },
      echo,
    ),
  );

  try {
    ports.echo6 = await listen(net.createServer(echo), "::1");
    ipv6Available = true;
  } catch {
    console.warn("skipping IPv6 cases: this machine cannot listen on ::1");
  }
});

afterAll(() => {
  for (const server of servers) server.close();
});

describe.each(runtimes)("LuaSocket transport on %s", (runtime) => {
  describe("TCP", () => {
    it("echoes every byte value", async () => {
      const out = await scenario(runtime, "echo", { port: ports.echo });
      expect(out.state).toBe("open");
      expect(out.received).toBe(ALL_BYTES_HEX);
    });

    it("moves 1 MiB both ways at once through partial writes", async () => {
      const out = await scenario(runtime, "bulk", { port: ports.slowStartEcho, size: 1024 * 1024, sendBuffer: 16384 });
      expect(out).toMatchObject({ state: "open", sent: "1048576", received: "1048576", identical: "true" });
      expect(Number(out["partial-writes"])).toBeGreaterThan(0);
    });

    it("read(maxBytes) returns at most that much and loses nothing", async () => {
      const out = await scenario(runtime, "bulk", { port: ports.echo, size: 1024 * 1024, readMax: 10000 });
      expect(out).toMatchObject({ state: "open", sent: "1048576", received: "1048576", identical: "true" });
      expect(Number(out["largest-read"])).toBeLessThanOrEqual(10000);
      expect(Number(out["largest-read"])).toBeGreaterThan(0);
    });

    it("fails with 'connect' when nothing listens on the port", async () => {
      const out = await scenario(runtime, "open", { port: ports.refused });
      expect(out.category).toBe("connect");
      expect(out.message).toContain(`127.0.0.1:${ports.refused}`);
      expect(out.message).toContain("refused");
      expect(out["after-close"]).toBe("failed");
    });

    it("fails with 'dns' for a host that does not exist", async () => {
      const out = await scenario(runtime, "open", { host: "nonexistent.invalid", port: ports.echo });
      expect(out.category).toBe("dns");
      expect(out.message).toContain("nonexistent.invalid");
    });

    it("resolves a host name", async () => {
      const out = await scenario(runtime, "echo", { host: "localhost", port: ports.echo });
      expect(out.received).toBe(ALL_BYTES_HEX);
    });

    it("connects to an IPv6 literal", async (context) => {
      if (!ipv6Available) context.skip();
      const out = await scenario(runtime, "echo", { host: "::1", port: ports.echo6 });
      expect(out.received).toBe(ALL_BYTES_HEX);
    });

    it("returns every byte before reporting that the peer closed, then keeps reporting it", async () => {
      const out = await scenario(runtime, "peerclose", { port: ports.sayGoodbyeAndClose });
      expect(out.data).toBe("goodbye");
      expect(out.ended).toMatch(/^closed: /);
      expect(out["read-again"]).toBe("nil closed");
      expect(out["write-after-end"]).toBe("true");
    });

    it("wait() wakes when data arrives and otherwise sleeps for its timeout without spinning", async () => {
      const out = await scenario(runtime, "wait", { port: ports.delayedHello });
      expect(out.data).toBe("hello");
      // The server answers 250 ms after the connection; wait(..., 2) must return soon after that.
      expect(Number(out["woke-after"])).toBeGreaterThan(0.15);
      expect(Number(out["woke-after"])).toBeLessThan(1.0);
      expect(Number(out["idle-wall"])).toBeGreaterThanOrEqual(0.28);
      expect(Number(out["idle-wall"])).toBeLessThan(1.0);
      // A busy loop would burn ~0.3 s of CPU here; sleeping in select burns almost none.
      expect(Number(out["idle-cpu"])).toBeLessThan(0.05);
      expect(out["idle-read"]).toBe("[]");
    });

    it("fails with a clear message when LuaSocket is missing, yet the module loads", async () => {
      const out = await scenario(runtime, "open", { port: ports.echo, hide: "socket" });
      expect(out.state).toBe("failed");
      expect(out.category).toBe("connect");
      expect(out.message).toContain("LuaSocket is missing");
    });
  });

  describe("TLS", () => {
    const secure = { secure: true, host: "127.0.0.1", serverName: "localhost" };

    it("refuses a certificate from an untrusted CA when verifying against the system store", async () => {
      const out = await scenario(runtime, "open", { ...secure, port: ports.tls });
      expect(out.category).toBe("tls");
      expect(out.message).toContain("certificate verify failed");
    });

    it("opens with the test CA and echoes every byte value", async () => {
      const out = await scenario(runtime, "echo", { ...secure, port: ports.tls, ca });
      expect(out.state).toBe("open");
      expect(out.received).toBe(ALL_BYTES_HEX);
    });

    it("moves 1 MiB both ways at once through partial TLS writes", async () => {
      const out = await scenario(runtime, "bulk", {
        ...secure, port: ports.tlsSlowStart, ca, size: 1024 * 1024, sendBuffer: 16384,
      });
      expect(out).toMatchObject({ state: "open", sent: "1048576", received: "1048576", identical: "true" });
      expect(Number(out["partial-writes"])).toBeGreaterThan(0);
    });

    it("matches an IP address only against the certificate's IP entries", async () => {
      const byIp = await scenario(runtime, "open", { ...secure, serverName: "127.0.0.1", port: ports.tls, ca });
      expect(byIp.state).toBe("open");
      const notListed = await scenario(runtime, "open", {
        ...secure, serverName: "127.0.0.1", port: ports.tlsWrongName, ca,
      });
      expect(notListed.category).toBe("tls");
      expect(notListed.message).toContain("IP address 127.0.0.1");
    });

    it("refuses a trusted certificate for another host name", async () => {
      const out = await scenario(runtime, "open", { ...secure, port: ports.tlsWrongName, ca });
      expect(out.category).toBe("tls");
      expect(out.message).toContain("host name mismatch");
      expect(out.message).toContain("wrong.example");
    });

    it("fails with 'tls' when the ca text is PEM armour around no certificate", async () => {
      const out = await scenario(runtime, "open", {
        ...secure, port: ports.tls, caText: "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
      });
      expect(out.category).toBe("tls");
      expect(out.message).toContain("cannot set up TLS");
    });

    it("accepts the wrong host name only when verification is off", async () => {
      const out = await scenario(runtime, "open", { ...secure, port: ports.tlsWrongName, verify: false });
      expect(out.state).toBe("open");
    });

    it("applies wildcard rules: one whole left-most label, never more, never none", async () => {
      const outcome = async (serverName: string) =>
        (await scenario(runtime, "open", { ...secure, serverName, port: ports.tlsWildcard, ca })).state;
      expect(await outcome("game.example.test")).toBe("open");
      expect(await outcome("GAME.Example.Test.")).toBe("open");
      expect(await outcome("a.game.example.test")).toBe("failed");
      expect(await outcome("example.test")).toBe("failed");
    });

    it("falls back to the common name only when the certificate has no subjectAltName", async () => {
      const matching = await scenario(runtime, "open", { ...secure, port: ports.tlsCommonNameOnly, ca });
      expect(matching.state).toBe("open");
      const other = await scenario(runtime, "open", {
        ...secure, serverName: "other.localhost", port: ports.tlsCommonNameOnly, ca,
      });
      expect(other.category).toBe("tls");
      expect(other.message).toContain("common name (localhost)");
    });

    it("refuses a server capped at TLS 1.2 when TLS 1.3 is the minimum", async () => {
      const ok = await scenario(runtime, "open", { ...secure, port: ports.tlsUpTo12, ca, minTls: "1.2" });
      expect(ok.state).toBe("open");
      const out = await scenario(runtime, "open", { ...secure, port: ports.tlsUpTo12, ca, minTls: "1.3" });
      expect(out.category).toBe("tls");
      expect(out.message).toContain("TLS 1.3 or later was required");
    });

    it("reaches a TLS 1.0 server only when TLS 1.0 is allowed", async () => {
      const refused = await scenario(runtime, "open", { ...secure, port: ports.tls10, ca });
      expect(refused.category).toBe("tls");
      const allowed = await scenario(runtime, "open", { ...secure, port: ports.tls10, ca, minTls: "1.0" });
      expect(allowed.state).toBe("open");
    });

    it("fails with 'tls' and says what to install when LuaSec is missing", async () => {
      const out = await scenario(runtime, "open", { ...secure, port: ports.tls, ca, hide: "ssl" });
      expect(out.category).toBe("tls");
      expect(out.message).toContain("needs LuaSec");
      expect(out.message).toContain("plugin.openssl");
      expect(out.message).toContain("lua-sec");
      // A plain connection does not need LuaSec at all.
      const plain = await scenario(runtime, "echo", { port: ports.echo, hide: "ssl" });
      expect(plain.received).toBe(ALL_BYTES_HEX);
    });
  });

  it("gives random bytes and a clock", async () => {
    const out = await scenario(runtime, "random", {});
    expect(out).toMatchObject({
      lengths: "16 16 5000 0",
      differ: "true",
      distinct: "256",
      "most-frequent-below-400": "true",
      "now-monotonic": "true",
      name: "luasocket",
    });
  });
});
