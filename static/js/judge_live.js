// The judge's live link: stage changes, and the host's reminder (提醒评委), which buzzes
// the phone and flashes a banner for eight seconds.
window.judgeLive = function (on) {
  "use strict";
  if (typeof io === "undefined") return;
  const socket = io({ auth: { audience: "judge" } });
  socket.on("connect", on.connected);
  socket.on("disconnect", on.lost);
  socket.on("connect_error", on.lost);
  socket.on("stage_updated", on.stage);
  socket.on("nudged", () => {
    if (navigator.vibrate) navigator.vibrate([300, 150, 300, 150, 300]);
    const banner = document.getElementById("nudge");
    banner.hidden = false;
    banner.classList.remove("flash");
    void banner.offsetWidth; // restart the flash animation
    banner.classList.add("flash");
    clearTimeout(banner.timer);
    banner.timer = setTimeout(() => { banner.hidden = true; }, 8000);
  });
};
