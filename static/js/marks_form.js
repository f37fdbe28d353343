// Staff score forms (paper ballots, corrections): the sum of the marks as they are typed,
// full-width digits included. On a correction the total follows that sum, so changing one
// mark never means retyping the total; on a paper ballot the total stays the paper's figure.
(function () {
  "use strict";
  const form = document.querySelector("form.paper-form");
  if (!form) return;
  const { PATTERN, normalise, toUnits, fromUnits } = window.exactDecimal;
  const marks = Array.from(form.querySelectorAll("input[data-mark]"));
  const total = form.querySelector("#total");
  const sum = document.getElementById("marks-sum");
  const fallback = sum.textContent;

  function update() {
    let units = 0;
    for (const input of marks) {
      const text = normalise(input.value);
      if (!PATTERN.test(text)) { sum.textContent = fallback; return; }
      units += toUnits(text);
    }
    const value = fromUnits(units);
    sum.textContent = sum.dataset.label.replace("{sum}", value);
    if (form.dataset.total === "follow") total.value = value;
  }

  for (const input of marks) input.addEventListener("input", update);
  update();
})();
