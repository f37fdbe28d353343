// A signature pad: draw with a finger, a stylus or the mouse on <canvas data-signature-pad>.
// window.SignaturePad.attach(canvas) returns { isEmpty(), toDataURL(), clear() }; a button
// [data-signature-clear="<canvas id>"] clears it. The ink is a transparent PNG at the screen's
// density; the server checks it again (not blank, not too large).
(function () {
  "use strict";

  function attach(canvas) {
    if (canvas._pad) return canvas._pad;
    const context = canvas.getContext("2d");
    let strokes = 0;
    let last = null;

    function fit() {
      const ratio = Math.max(1, Math.min(window.devicePixelRatio || 1, 3));
      const box = canvas.getBoundingClientRect();
      const width = Math.round(box.width * ratio);
      const height = Math.round(box.height * ratio);
      if (canvas.width === width && canvas.height === height) return;
      canvas.width = width;
      canvas.height = height;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.lineCap = "round";
      context.lineJoin = "round";
      context.lineWidth = 3;
      context.strokeStyle = "#111";
      strokes = 0;
    }

    function point(event) {
      const box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      fit();
      canvas.setPointerCapture(event.pointerId);
      last = point(event);
      context.beginPath();
      context.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
      context.fillStyle = "#111";
      context.fill();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!last) return;
      event.preventDefault();
      const next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
    });
    function end() {
      if (last) strokes += 1;
      last = null;
      canvas.dispatchEvent(new CustomEvent("signature-change", { bubbles: true }));
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);

    const pad = {
      isEmpty: function () {
        return strokes === 0;
      },
      toDataURL: function () {
        return strokes === 0 ? "" : canvas.toDataURL("image/png");
      },
      clear: function () {
        context.save();
        context.setTransform(1, 0, 0, 1, 0, 0);
        context.clearRect(0, 0, canvas.width, canvas.height);
        context.restore();
        strokes = 0;
        canvas.dispatchEvent(new CustomEvent("signature-change", { bubbles: true }));
      },
    };
    fit();
    canvas._pad = pad;
    return pad;
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-signature-clear]");
    if (!button) return;
    const canvas = document.getElementById(button.getAttribute("data-signature-clear"));
    if (canvas) attach(canvas).clear();
  });

  // A form holding a pad sends its ink in the hidden input named by data-signature-input.
  document.addEventListener(
    "submit",
    function (event) {
      const form = event.target;
      const canvases = form.querySelectorAll ? form.querySelectorAll("canvas[data-signature-pad]") : [];
      let empty = false;
      for (const canvas of canvases) {
        if (!attach(canvas).isEmpty()) continue;
        // Nothing drawn: say so beside the pad instead of sending the form.
        empty = true;
        const hint = document.getElementById(canvas.id + "-hint");
        if (hint) {
          hint.textContent = hint.dataset.empty;
          hint.classList.add("pad-empty");
        }
      }
      if (empty) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      for (const canvas of canvases) {
        const input = form.querySelector('input[name="' + canvas.dataset.signatureInput + '"]');
        if (input) input.value = attach(canvas).toDataURL();
      }
    },
    true
  );

  // Ink drawn after the "nothing drawn" message: the hint goes back to what it said.
  document.addEventListener("signature-change", function (event) {
    const hint = document.getElementById(event.target.id + "-hint");
    if (!hint || !hint.classList.contains("pad-empty") || attach(event.target).isEmpty()) return;
    hint.textContent = hint.dataset.hint;
    hint.classList.remove("pad-empty");
  });

  window.SignaturePad = { attach: attach };
  document.querySelectorAll("canvas[data-signature-pad]").forEach(attach);
})();
