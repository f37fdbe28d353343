// The score-sheet editor: add, move and delete rows, and keep the total live. The server
// checks everything again on save; this only spares staff a round trip.
(function () {
  "use strict";

  const rows = document.getElementById("sheet-rows");
  const template = document.getElementById("row-template");
  const S = JSON.parse(document.getElementById("sheet-strings").textContent);
  const { SCALE, PATTERN: DECIMAL, toUnits, fromUnits } = window.exactDecimal;

  function refresh() {
    let total = 0;
    let valid = true;
    Array.from(rows.querySelectorAll("tr.item-row")).forEach((row, index) => {
      row.querySelector(".pos .n").textContent = String(index + 1);
      const maximum = row.querySelector(".item-max");
      const text = maximum.value.trim();
      const ok = DECIMAL.test(text);
      maximum.classList.toggle("invalid", text !== "" && !ok);
      if (ok) total += toUnits(text);
      else if (text !== "") valid = false;
    });
    document.getElementById("live-total").textContent = valid ? fromUnits(total) : "—";
    document.getElementById("total-warning").hidden = valid && total === 100 * SCALE;
  }

  function wire(row) {
    row.querySelector(".up").addEventListener("click", () => {
      if (row.previousElementSibling) rows.insertBefore(row, row.previousElementSibling);
      refresh();
    });
    row.querySelector(".down").addEventListener("click", () => {
      if (row.nextElementSibling) rows.insertBefore(row.nextElementSibling, row);
      refresh();
    });
    row.querySelector(".delete").addEventListener("click", () => {
      const name = row.querySelector(".item-name").value.trim() || S.unnamed;
      if (!window.confirm(S.confirm_delete.replace("{name}", name))) return;
      row.remove();
      refresh();
    });
    row.querySelector(".item-max").addEventListener("input", refresh);
  }

  rows.querySelectorAll("tr.item-row").forEach(wire);
  document.getElementById("add-item").addEventListener("click", () => {
    const row = template.content.querySelector("tr").cloneNode(true);
    rows.appendChild(row);
    wire(row);
    refresh();
    row.querySelector(".item-name").focus();
  });
  refresh();
})();
