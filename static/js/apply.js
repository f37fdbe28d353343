// The channels: the deadline's countdown (from the server's seconds left, so a wrong phone
// clock does not matter) and the 复制链接 button of an invitation link.
(function () {
  "use strict";

  function countdown() {
    var banner = document.getElementById("deadline");
    if (!banner || !banner.dataset.secondsLeft) return;
    var out = banner.querySelector(".countdown");
    var end = Date.now() + Number(banner.dataset.secondsLeft) * 1000;
    function show() {
      var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
      var days = Math.floor(left / 86400);
      var hours = Math.floor((left % 86400) / 3600);
      var minutes = Math.floor((left % 3600) / 60);
      var seconds = left % 60;
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      out.textContent = left === 0
        ? "已截止，请刷新页面"
        : "距截止还有 " + (days ? days + " 天 " : "") + pad(hours) + ":" + pad(minutes) + ":" + pad(seconds);
    }
    show();
    setInterval(show, 1000);
  }

  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var field = document.querySelector(button.dataset.copy);
        field.select();
        var done = function () { button.textContent = "已复制"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  }

  countdown();
  copyButtons();
})();
