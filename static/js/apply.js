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

  // An attachment is checked here first (type and size), so a wrong file is said at once,
  // without sending 8 MB over the hall's Wi-Fi; the server checks again, and reads the pages.
  function uploadChecks() {
    document.querySelectorAll("form.upload").forEach(function (form) {
      var input = form.querySelector("input[type=file]");
      var out = form.querySelector(".upload-error");
      function problem() {
        var file = input.files && input.files[0];
        if (!file) return "请先选择要上传的文件";
        var suffix = form.dataset.suffix;
        if (file.name.toLowerCase().slice(-suffix.length) !== suffix) {
          return "「" + file.name + "」不是 " + suffix + " 文件；请选择 " + suffix + " 格式的文件";
        }
        if (file.size > Number(form.dataset.maxBytes)) {
          return "「" + file.name + "」超过 8 MB；请压缩或降低扫描分辨率后重新上传";
        }
        return "";
      }
      form.addEventListener("submit", function (event) {
        var message = problem();
        out.textContent = message;
        out.hidden = !message;
        if (message) event.preventDefault();
      });
    });
  }

  countdown();
  copyButtons();
  uploadChecks();
})();
