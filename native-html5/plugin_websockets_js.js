// plugin.websockets in Solar2D HTML5 builds: the browser transport.
//
// Solar2D's JavaScript module loader (platform/emscripten/Rtt_EmscriptenJSPluginLoader.cpp) runs
// this file for `require("plugin_websockets_js")` and then requires the global
// `window.plugin_websockets_js`. Every call from Lua crosses as JSON: arguments JSON-encoded by
// dkjson, the return value by JSON.stringify. So only JSON values cross; binary message data
// crosses as base64, text as it is.
//
// The module owns the page's WebSocket objects and queues what they report; it never calls into
// Lua. The plugin (plugin/websockets.lua, ts/plugin/browser-transport.ts) polls each socket from its
// enterFrame listener, so events reach game code only from the service loop, in order.
//
// Calls (ids are small integers; every call returns at once):
//   open(url, protocols, maxMessageSize) -> { id } | { error }   protocols: "a,b" or ""
//   send(id, data, binary)               -> { buffered } | { error }   binary data in base64
//   append(id, piece, binary, final)     -> { buffered } | { error }   a big message in pieces:
//                                           sent as one message when the final piece arrives
//   close(id, code, reason)
//   poll(id, budget)                     -> { buffered, events: [...] }
//   release(id)                          forgets the socket, closing it if still connecting or open
// Events: { t: "open", d: protocol, x: extensions }, { t: "message", d: data, b: binary, more },
// { t: "error" } (the browser's, without detail), { t: "error", k: "limit", c: 1009, d: reason },
// { t: "close", c: code, d: reason, w: wasClean }. A message bigger than `budget` is handed out
// in pieces (`more: true` on all but the last), so one poll stays short.
(function () {
  "use strict";

  // String.fromCharCode.apply takes its arguments on the stack: convert in slices.
  var CHARS_PER_APPLY = 0x8000;

  function bytesToBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var parts = [];
    for (var i = 0; i < bytes.length; i += CHARS_PER_APPLY) {
      parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + CHARS_PER_APPLY)));
    }
    return btoa(parts.join(""));
  }

  function base64ToBytes(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // UTF-8 length of a string; only called when the message might be over the limit.
  function utf8Length(text) {
    var length = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 0x80) length += 1;
      else if (c < 0x800) length += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { length += 4; i++; }
      else length += 3;
    }
    return length;
  }

  var sockets = {};
  var nextId = 1;

  function push(socket, event) {
    if (!socket.released) socket.queue.push(event);
  }

  function watch(socket) {
    var ws = socket.ws;
    ws.onopen = function () {
      push(socket, { t: "open", d: ws.protocol, x: ws.extensions });
    };
    ws.onmessage = function (message) {
      if (socket.failed) return;
      var binary = typeof message.data !== "string";
      var size = binary ? message.data.byteLength : message.data.length * 3 > socket.maxMessageSize ? utf8Length(message.data) : 0;
      if (size > socket.maxMessageSize) {
        // A page may send only 1000 or 3000-4999 (the WebSocket API), so the server sees 1000
        // with the reason; the game sees ONERROR "limit" and ONCLOSE 1009.
        socket.failed = true;
        var why = "message of " + size + " bytes exceeds maxMessageSize (" + socket.maxMessageSize + " bytes)";
        push(socket, { t: "error", k: "limit", c: 1009, d: why });
        try { ws.close(1000, "message too big"); } catch (e) { ws.close(); }
        return;
      }
      push(socket, { t: "message", d: binary ? bytesToBase64(message.data) : message.data, b: binary });
    };
    ws.onerror = function () {
      push(socket, { t: "error" });
    };
    ws.onclose = function (event) {
      push(socket, { t: "close", c: event.code, d: event.reason, w: event.wasClean });
    };
  }

  // Where a piece of `text` may end at or before `end`: never between the two halves of a
  // surrogate pair (JSON would carry a lone half), nor inside a base64 quad.
  function cutAt(text, end, binary) {
    if (binary) return end - (end % 4);
    var code = text.charCodeAt(end - 1);
    return code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
  }

  window.plugin_websockets_js = {
    open: function (url, protocols, maxMessageSize) {
      var ws;
      try {
        ws = new WebSocket(url, protocols === "" ? [] : String(protocols).split(","));
      } catch (e) {
        return { error: String((e && e.message) || e) };
      }
      ws.binaryType = "arraybuffer";
      var id = nextId++;
      var socket = { ws: ws, queue: [], head: 0, pieces: [], maxMessageSize: maxMessageSize, failed: false, released: false };
      sockets[id] = socket;
      watch(socket);
      return { id: id };
    },

    send: function (id, data, binary) {
      var socket = sockets[id];
      if (!socket) return { error: "no such socket" };
      try {
        socket.ws.send(binary ? base64ToBytes(data) : data);
      } catch (e) {
        return { error: String((e && e.message) || e) };
      }
      return { buffered: socket.ws.bufferedAmount };
    },

    append: function (id, piece, binary, final) {
      var socket = sockets[id];
      if (!socket) return { error: "no such socket" };
      socket.pieces.push(binary ? base64ToBytes(piece) : piece);
      if (!final) return { buffered: socket.ws.bufferedAmount };
      var pieces = socket.pieces;
      socket.pieces = [];
      var message;
      if (binary) {
        var length = 0;
        for (var i = 0; i < pieces.length; i++) length += pieces[i].length;
        message = new Uint8Array(length);
        for (var j = 0, at = 0; j < pieces.length; at += pieces[j].length, j++) message.set(pieces[j], at);
      } else {
        message = pieces.join("");
      }
      try {
        socket.ws.send(message);
      } catch (e) {
        return { error: String((e && e.message) || e) };
      }
      return { buffered: socket.ws.bufferedAmount };
    },

    close: function (id, code, reason) {
      var socket = sockets[id];
      if (!socket) return;
      try {
        socket.ws.close(code, reason);
      } catch (e) {
        socket.ws.close();
      }
    },

    poll: function (id, budget) {
      var socket = sockets[id];
      if (!socket) return { buffered: 0, events: [] };
      var queue = socket.queue;
      var events = [];
      var spent = 0;
      while (socket.head < queue.length && (spent < budget || events.length === 0)) {
        var event = queue[socket.head];
        if (event.t === "message") {
          var room = Math.max(budget - spent, 4);
          if (event.d.length > room) {
            // Hand out a piece; the rest stays first in the queue.
            var end = cutAt(event.d, room, event.b);
            events.push({ t: "message", d: event.d.slice(0, end), b: event.b, more: true });
            event.d = event.d.slice(end);
            spent += end;
            break;
          }
          spent += event.d.length;
        }
        events.push(event);
        queue[socket.head++] = undefined;
      }
      if (socket.head === queue.length) {
        socket.queue = [];
        socket.head = 0;
      }
      return { buffered: socket.ws.bufferedAmount, events: events };
    },

    release: function (id) {
      var socket = sockets[id];
      if (!socket) return;
      delete sockets[id];
      socket.released = true;
      socket.queue = [];
      socket.head = 0;
      var ws = socket.ws;
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close();
    },
  };
})();
