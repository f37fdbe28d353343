// 材料文审 set-up pages: print the reviewers' link sheet (forms marked data-confirm ask first
// through confirm_forms.js, loaded by every page).
(function () {
  "use strict";

  const print = document.getElementById("print-now");
  if (print) print.addEventListener("click", () => window.print());
})();
