// The small 「台上」 bar on the judge's phone: shown once the team card has slid under the
// sticky header (about 3.5rem tall), so the team being scored stays in sight while the judge
// scrolls the sheet. `hiddenAnyway()` says when it never shows (no team, 我的评分 open).
window.judgeOnStage = function (hiddenAnyway) {
  "use strict";
  let cardInView = true;
  function render() {
    document.getElementById("on-stage").hidden = hiddenAnyway() || cardInView;
  }
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      cardInView = entries[entries.length - 1].isIntersecting;
      render();
    }, { rootMargin: "-56px 0px 0px 0px" }).observe(document.getElementById("team"));
  }
  return render;
};
