#!/usr/bin/env node
// The reference for bench/server.mjs: `ws`'s own WebSocket.Server with the same answers as
// bench/e2e-server.lua (echo; "!broadcast N": N messages of 100 bytes to every open client, sent client
// by client as ws's documentation does it; "!heap": the JavaScript heap in KiB after a full
// collection, so run with --expose-gc). Prints "listening on PORT". Arguments: port=N.
import { WebSocketServer } from "ws";

const portArg = process.argv.slice(2).find((a) => a.startsWith("port="));
const BROADCAST = "b".repeat(100);
const server = new WebSocketServer({ host: "127.0.0.1", port: Number(portArg?.slice(5) ?? 0), perMessageDeflate: false, clientTracking: true });
server.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => {
    if (data[0] !== 0x21) {
      socket.send(data, { binary: isBinary });
      return;
    }
    const text = data.toString();
    const broadcast = /^!broadcast (\d+)$/.exec(text);
    if (broadcast) {
      for (let i = 0; i < Number(broadcast[1]); i++) {
        for (const client of server.clients) if (client.readyState === 1) client.send(BROADCAST);
      }
    } else if (text === "!heap") {
      globalThis.gc?.();
      globalThis.gc?.();
      socket.send(`heap ${(process.memoryUsage().heapUsed / 1024).toFixed(1)}`);
    }
  });
  socket.on("error", () => {});
});
server.on("listening", () => console.log(`listening on ${server.address().port}`));
