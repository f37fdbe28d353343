// Livestream lower third: the team on stage with its timer or progress, then its result.
(function () {
  "use strict";

  const S = JSON.parse(document.getElementById("strings").textContent);
  const $ = (id) => document.getElementById(id);
  let live = null;

  function render(s) {
    const scene = s.stage.scene;
    const reveal = scene === "reveal" && s.reveal;
    const team = reveal ? s.reveal.team : s.stage.team;
    const show = Boolean(team && (scene === "on_stage" || scene === "scoring" || reveal));
    document.body.dataset.scene = scene;
    $("bar").hidden = !show;
    if (!show) return;
    $("label").textContent = reveal ? S.final : scene === "scoring" ? S.scoring : S.presenting;
    $("company").textContent = team.company_name;
    $("team").textContent = team.team_name;
    const figure = $("figure");
    figure.className = "figure";
    figure.textContent = "";
    if (reveal) {
      figure.append(s.reveal.published);
      const rank = document.createElement("small");
      rank.textContent = S.rank.replace("{n}", s.reveal.rank);
      figure.append(rank);
    } else if (scene === "scoring") {
      const p = s.stage.progress || { submitted: 0, expected: 0 };
      figure.textContent = p.submitted + " / " + p.expected;
    }
    tick();
  }

  function tick() {
    if (!live) return;
    const s = live.snapshot();
    if (s.stage.scene !== "on_stage" || !s.stage.team) return;
    const t = ContestTimer(s.stage.timer, live.now());
    $("figure").className = "figure " + t.state;
    $("figure").textContent = t.text;
  }

  const root = $("screen");
  live = ContestLive({
    audience: "viewer",
    venue: parseInt(root.dataset.venue, 10),
    snapshotUrl: root.dataset.snapshotUrl,
    initial: JSON.parse($("initial-state").textContent),
    indicator: null,
    render: render,
  });
  tick();
  setInterval(tick, 250);
})();
