// Raw TCP servers that misbehave on purpose, for test/hostile-peers.test.ts and bench/hostile.mjs.
// They speak just enough WebSocket to upgrade (no library would flood empty frames, flood pings
// while never reading, or close while reading nothing). Paths:
//   /flood?frames=N          N empty binary frames at once, then close 1000
//   /pingflood?pings=N       stops reading, sends N 125-byte pings, then the text "done"
//   /closequeued?id=X[&drop=1]  once the client's first data arrives, close 1000 "bye" and read
//                            nothing for 500 ms, then log every frame in `logs` (drop: reset TCP)
import crypto from "node:crypto";
import net from "node:net";

const ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** Decodes the complete masked client frames at the start of `buffer`; returns them and the rest. */
export function decodeClientFrames(buffer) {
  const frames = [];
  let pos = 0;
  for (;;) {
    if (buffer.length - pos < 2) break;
    let length = buffer[pos + 1] & 127;
    let at = pos + 2;
    if (length === 126) {
      if (buffer.length - at < 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length - at < 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    if (buffer.length - at < 4 + length) break;
    const key = buffer.subarray(at, at + 4);
    const payload = Buffer.from(buffer.subarray(at + 4, at + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3];
    frames.push({ opcode: buffer[pos] & 15, payload });
    pos = at + 4 + length;
  }
  return [frames, buffer.subarray(pos)];
}

export function serverFrame(opcode, payload) {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : Buffer.from([0x80 | opcode, 126, n >> 8, n & 255]);
  return Buffer.concat([head, payload]);
}

/** What /closequeued saw, by its `id` parameter: { messages: Buffer[], closeFrameAfterMessages,
 *  ended: a promise settled when the TCP connection is gone }. */
export const logs = new Map();

/** Raw server: answers the upgrade, then hands the socket to the behaviour named by the path. */
function startRawServer(behaviours) {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      const text = head.subarray(0, end).toString("latin1");
      const key = /Sec-WebSocket-Key: *([^\r\n]+)/i.exec(text)[1];
      const target = new URL(text.split(" ")[1], "ws://peer");
      const accept = crypto.createHash("sha1").update(key + ACCEPT_GUID).digest("base64");
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      const rest = head.subarray(end + 4);
      behaviours[target.pathname](socket, target);
      if (rest.length > 0) socket.emit("data", rest);
    };
    socket.on("data", onData);
    socket.on("error", () => {});
  });
  // These peers never close some connections themselves: closing the server ends them all.
  server.destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** /flood?frames=N: N empty binary frames at once, then a close frame. */
function flood(socket, url) {
  const frames = Number(url.searchParams.get("frames"));
  socket.write(Buffer.alloc(frames * 2, Buffer.from([0x82, 0x00])));
  socket.write(serverFrame(8, Buffer.from([0x03, 0xe8])));
  socket.on("data", () => {});
}

/** /pingflood?pings=N: stops reading, sends N 125-byte pings, then the text "done". */
function pingFlood(socket, url) {
  socket.pause();
  const pings = Number(url.searchParams.get("pings"));
  const ping = serverFrame(9, Buffer.alloc(125, 0x70));
  for (let i = 0; i < pings; i++) socket.write(ping);
  socket.write(serverFrame(1, Buffer.from("done")));
}

/** /closequeued?id=X[&drop=1]: once the client's first data arrives, sends close 1000 and reads
 *  nothing for 500 ms; then reads and logs every frame (drop: destroys the socket instead). */
function closeWhileQueued(socket, url) {
  let ended;
  const log = { messages: [], closeFrameAfterMessages: false, ended: new Promise((resolve) => (ended = resolve)) };
  socket.on("close", () => ended());
  logs.set(url.searchParams.get("id"), log);
  const drop = url.searchParams.get("drop") === "1";
  let buffer = Buffer.alloc(0);
  let closeSent = false;
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!closeSent) {
      closeSent = true;
      socket.write(serverFrame(8, Buffer.from([0x03, 0xe8, 0x62, 0x79, 0x65])));
      if (drop) {
        setTimeout(() => socket.resetAndDestroy(), 50);
        return;
      }
      socket.pause();
      setTimeout(() => socket.resume(), 500);
    }
    const [frames, rest] = decodeClientFrames(buffer);
    buffer = rest;
    for (const frame of frames) {
      if (frame.opcode === 2) log.messages.push(frame.payload);
      if (frame.opcode === 8) {
        log.closeFrameAfterMessages = log.messages.length === 8;
        socket.end();
      }
    }
  });
}


/** Starts the raw server on 127.0.0.1 and a random port; resolves with it and its ws:// URL. */
export async function startHostileServer() {
  const server = await startRawServer({ "/flood": flood, "/pingflood": pingFlood, "/closequeued": closeWhileQueued });
  const close = () =>
    new Promise((resolve) => {
      server.destroyAll();
      server.close(resolve);
    });
  return { server, url: `ws://127.0.0.1:${server.address().port}`, close };
}
