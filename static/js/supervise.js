// The 监督's page stays live: it listens to each venue's host channel and reloads on a
// change (every 20 s instead while the channel is down), but never while a signature is
// being drawn or a reason typed, and not before the last action's message has been read.
(function () {
  "use strict";
  const root = document.getElementById("supervise");
  const versions = JSON.parse(root.dataset.versions || "{}"); // venue id -> version shown
  const venues = Object.keys(versions);
  const loaded = Date.now();
  let drawing = false;
  let pending = false;

  document.addEventListener("pointerdown", function (event) {
    if (event.target.matches && event.target.matches("canvas[data-signature-pad]")) drawing = true;
  });

  function busy() {
    if (drawing) return true;
    for (const canvas of document.querySelectorAll("canvas[data-signature-pad]")) {
      if (canvas._pad && !canvas._pad.isEmpty()) return true;
    }
    for (const area of document.querySelectorAll("textarea")) {
      if (area.value.trim() !== "" || document.activeElement === area) return true;
    }
    return false;
  }

  function refresh() {
    if (busy()) { pending = true; return; }
    const left = document.querySelector(".flash") ? 6000 - (Date.now() - loaded) : 0;
    if (left > 0) { pending = true; window.setTimeout(refresh, left); return; }
    window.location.reload();
  }

  let connected = 0;
  if (typeof io !== "undefined") {
    for (const venue of venues) {
      const socket = io({ auth: { audience: "host", venue: Number(venue) }, forceNew: true });
      socket.on("connect", function () { connected += 1; });
      socket.on("disconnect", function () { connected -= 1; });
      // A socket is sent the current state when it connects: only a newer one is news.
      socket.on("stage_updated", function (snapshot) {
        if (snapshot && snapshot.version > versions[venue]) refresh();
      });
    }
  }
  // A change that came while busy is shown once the pad is cleared or the reason sent;
  // with the live channel down, the page looks again every 20 s.
  window.setInterval(function () {
    if (pending || connected < venues.length) refresh();
  }, 20000);
})();
