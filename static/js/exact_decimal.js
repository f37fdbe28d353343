// Exact decimals (at most three places, as marks are stored) as scaled integers, never
// floats: 0.1 + 0.2 must add up to 0.3 on a judge's phone and on the score-sheet editor.
window.exactDecimal = (function () {
  "use strict";
  const SCALE = 1000;
  const PATTERN = /^\d+(\.\d{1,3})?$/;
  // What a Chinese input method types (１４, 13。5, １３．５) read as ASCII, as the server
  // does (contest/numbers.py). A full-width minus stays as typed: no mark is negative.
  function normalise(text) {
    return text.trim()
      .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xFF10 + 48))
      .replace(/[\u3002\uFF0E]/g, ".");
  }
  function toUnits(text) {
    const [whole, frac = ""] = text.split(".");
    return parseInt(whole, 10) * SCALE + parseInt((frac + "000").slice(0, 3), 10);
  }
  function fromUnits(units) {
    const whole = Math.floor(units / SCALE);
    const frac = String(units % SCALE).padStart(3, "0").replace(/0+$/, "");
    return frac ? whole + "." + frac : String(whole);
  }
  return { SCALE, PATTERN, normalise, toUnits, fromUnits };
})();
