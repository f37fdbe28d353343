// The 公示 pages: a print button on the receipt and on the published results.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
