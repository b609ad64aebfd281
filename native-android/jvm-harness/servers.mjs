// The servers of the JVM end-to-end run, all on 127.0.0.1 with random ports. Prints one line,
// `harness.config=key=value;...`, once they listen, then serves until stdin closes or SIGTERM.
//
//   plain   ws://    a `ws` server (behaviour below)
//   tls     wss://   the same behaviour, with a certificate for localhost and 127.0.0.1 signed by a
//                    fresh test CA (caFile; oddCaFile is a copy of it under a file name with
//                    a character outside the BMP)
//   raw     tcp      echoes bytes, for the transport's stream methods used directly
//   refused          a port that was free a moment ago: connecting is refused
//
// WebSocket behaviour, by path and message:
//   /hold?id=X       keeps the connection; /status?id=X answers "open", "closed" or "unknown" for X
//                    (closed = the TCP connection of X has ended)
//   any other path   echoes messages (text stays text, binary stays binary), except the texts
//                    "please-close:<code>:<reason>", "please-close-bare" (a close frame without a
//                    code), "please-drop" (TCP reset, no close frame) and "please-send:<n>"
//                    (answers one binary message of n bytes, byte i = (i * 7 + 3) % 256)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { WebSocketServer } from "ws";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jvm-harness-"));
const openssl = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
  "-subj", "/CN=jvm harness test CA", "-days", "2");
fs.writeFileSync(path.join(dir, "server.ext"),
  "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");
openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-subj", "/CN=localhost",
  "-out", "server.csr");
openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
  "-days", "2", "-sha256", "-extfile", "server.ext", "-out", "server.pem");
const oddCaFile = path.join(dir, "trust-\u{1F512}-é.pem");
fs.copyFileSync(path.join(dir, "ca.pem"), oddCaFile);
// The project's resource folder (what system.pathForFile finds in Solar2D: inside the APK on a
// device), holding the CA as a project file for a relative `ca`.
const resourceDir = path.join(dir, "project");
fs.mkdirSync(path.join(resourceDir, "certs"), { recursive: true });
fs.copyFileSync(path.join(dir, "ca.pem"), path.join(resourceDir, "certs", "test-ca.pem"));

const connections = new Map(); // /hold id -> "open" | "closed"

function serve(socket, request) {
  socket.on("error", () => {}); // a client that breaks the protocol only ends its own connection
  const url = new URL(request.url, "http://127.0.0.1");
  const id = url.searchParams.get("id");
  if (url.pathname === "/hold") {
    connections.set(id, "open");
    request.socket.on("close", () => connections.set(id, "closed"));
    return;
  }
  if (url.pathname === "/status") {
    socket.send(connections.get(id) ?? "unknown");
    return;
  }
  socket.on("message", (data, isBinary) => {
    const text = isBinary ? "" : data.toString();
    if (text.startsWith("please-close:")) {
      const [, code, reason] = text.split(":");
      socket.close(Number(code), reason);
    } else if (text === "please-close-bare") {
      socket.close();
    } else if (text === "please-drop") {
      request.socket.resetAndDestroy();
    } else if (text.startsWith("please-send:")) {
      const bytes = Buffer.alloc(Number(text.slice("please-send:".length)));
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + 3) % 256;
      socket.send(bytes, { binary: true });
    } else {
      socket.send(data, { binary: isBinary });
    }
  });
}

const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));

const plain = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * 1024 * 1024 });
plain.on("connection", serve);
await new Promise((resolve) => plain.once("listening", resolve));

const httpsServer = https.createServer({
  cert: fs.readFileSync(path.join(dir, "server.pem")),
  key: fs.readFileSync(path.join(dir, "server.key")),
});
new WebSocketServer({ server: httpsServer, maxPayload: 64 * 1024 * 1024 }).on("connection", serve);
const tlsPort = await listen(httpsServer);

const raw = net.createServer((socket) => {
  socket.on("error", () => {});
  socket.pipe(socket);
});
const rawPort = await listen(raw);

const probe = net.createServer();
const refusedPort = await listen(probe);
await new Promise((resolve) => probe.close(resolve));

// What zlib makes of the codec scenario's message (every byte value 8 times, then 50 times "the
// quick brown fox "), as permessage-deflate sends it: raw deflate, ended by a sync flush. Hex, so it
// fits the config line. Two windows: the Java inflater must read any of them (RFC 7692 section 7.1.2).
const codecMessage = Buffer.concat([
  Buffer.from(Array.from({ length: 8 * 256 }, (_, i) => i % 256)),
  Buffer.from("the quick brown fox ".repeat(50)),
]);
const zlibVector = (windowBits, level) =>
  zlib.deflateRawSync(codecMessage, { windowBits, level, finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("hex");

const config = {
  plainPort: plain.address().port, tlsPort, rawPort, refusedPort,
  caFile: path.join(dir, "ca.pem"), oddCaFile, resourceDir,
  serverCertFile: path.join(dir, "server.pem"), serverKeyFile: path.join(dir, "server.key"),
  zlibWindow15: zlibVector(15, 9), zlibWindow9: zlibVector(9, 1),
};
console.log("harness.config=" + Object.entries(config).map(([k, v]) => `${k}=${v}`).join(";"));

function stop() {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
