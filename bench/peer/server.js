// Issue #17's peer: the least a socket.io 4 server does to fan a reveal out to viewers.
// Viewers connect as to the product (Engine.IO 4 websocket, Socket.IO 5, auth
// {audience: "viewer", venue: N}), join the venue's public room and get the current
// snapshot; POST /reveal with a JSON payload stamps its `updated_at` (the "commit") and
// emits it as `stage_updated` to the room, answering only after the emit was queued.
// GET /stats answers the process's CPU seconds and RSS, for per-reveal and per-viewer figures.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.env.PEER_PORT || 5901);
let snapshot = { version: 0, stage: { scene: "welcome" } };

const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url === "/reveal") {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      payload.updated_at = new Date().toISOString();
      snapshot = payload;
      io.to("venue:" + (payload.venue_id || 1) + ":public").emit("stage_updated", payload);
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ ok: true, updated_at: payload.updated_at }));
    });
    return;
  }
  if (req.method === "GET" && req.url === "/stats") {
    const usage = process.cpuUsage();
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({
      cpu_seconds: (usage.user + usage.system) / 1e6,
      rss_bytes: process.memoryUsage().rss,
      sockets: io.engine.clientsCount,
    }));
    return;
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(server, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => {
  const auth = socket.handshake.auth || {};
  if (auth.audience !== "viewer" || !Number.isInteger(auth.venue)) {
    socket.disconnect(true);
    return;
  }
  socket.join("venue:" + auth.venue + ":public");
  socket.emit("stage_updated", snapshot);
});

server.listen(port, "127.0.0.1", () => console.log("peer listening on " + port));
