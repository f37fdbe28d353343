// A venue's live feed for public screens: start from the snapshot in the page, follow
// Socket.IO pushes in version order, reload the snapshot after a gap or a reconnect.
(function () {
  "use strict";

  window.ContestLive = function (options) {
    const indicator = options.indicator;
    let current = options.initial;
    let clockOffset = 0; // server time minus this device's time, in ms
    let disconnectTimer = null;

    function take(snapshot) {
      if (snapshot.server_time) clockOffset = Date.parse(snapshot.server_time) - Date.now();
      current = snapshot;
      document.body.dataset.version = snapshot.version;
      options.render(snapshot);
    }

    async function reload() {
      try {
        const response = await fetch(options.snapshotUrl, { cache: "no-store" });
        if (!response.ok) return;
        const snapshot = await response.json();
        if (snapshot.version >= current.version) take(snapshot);
      } catch (e) { /* offline: the reconnect will try again */ }
    }

    function onPush(snapshot) {
      if (!snapshot || typeof snapshot.version !== "number") return;
      if (snapshot.version < current.version) return; // late and stale
      if (snapshot.previous === undefined) {
        take(snapshot); // a full snapshot sent on (re)connect
      } else if (snapshot.previous !== null && snapshot.previous > current.version) {
        take(snapshot);
        reload(); // we missed at least one push: make sure nothing was lost
      } else if (snapshot.version > current.version) {
        take(snapshot);
      }
    }

    function showIndicator(show) {
      clearTimeout(disconnectTimer);
      if (!indicator) return;
      if (!show) { indicator.hidden = true; return; }
      // Quiet: a blip of under a second does not flash the indicator on the hall screen.
      disconnectTimer = setTimeout(() => { indicator.hidden = false; }, 1000);
    }

    if (typeof io !== "undefined") {
      const auth = { audience: options.audience, venue: options.venue };
      if (options.pass) auth.pass = options.pass;
      const socket = io({ auth: auth });
      socket.on("connect", () => showIndicator(false));
      socket.on("disconnect", () => showIndicator(true));
      socket.on("connect_error", () => showIndicator(true));
      socket.on("stage_updated", onPush);
    }
    take(current);

    return {
      now: () => Date.now() + clockOffset,
      snapshot: () => current,
    };
  };
})();

// The presentation timer, computed from the stored state and the server's clock.
window.ContestTimer = function (timer, now) {
  const running = timer.running_since ? now - Date.parse(timer.running_since) : 0;
  const elapsed = timer.elapsed_ms + Math.max(0, running);
  const limit = (timer.phase === "qa" ? timer.qa_seconds : timer.talk_seconds) * 1000;
  const remaining = limit - elapsed;
  const seconds = Math.ceil(Math.abs(remaining) / 1000);
  const text = String(Math.floor(seconds / 60)).padStart(2, "0") + ":" + String(seconds % 60).padStart(2, "0");
  let state = "normal";
  if (remaining < 0) state = "overtime";
  else if (remaining <= timer.warning_seconds * 1000) state = "warning";
  return { text: (remaining < 0 ? "+" : "") + text, state: state, running: Boolean(timer.running_since), phase: timer.phase };
};
