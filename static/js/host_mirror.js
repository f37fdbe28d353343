// The host's confidence monitor: a small rendering of what the hall display shows now.
// It draws from the same snapshot the display receives (the console gets every push the
// display gets, with the same version), so it follows the display without a connection
// of its own and without being counted as another hall screen.
(function () {
  "use strict";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function names(team, className) {
    const box = el("div", className || "m-names");
    box.append(el("p", "m-company name", team.company_name), el("p", "m-team name", team.team_name));
    return box;
  }

  // The scene the display falls back to when the stored one has nothing to show (display.js).
  function shownScene(s) {
    const scene = s.stage.scene;
    if ((scene === "on_stage" || scene === "scoring") && !s.stage.team) return "welcome";
    if (scene === "reveal" && !s.reveal) return "standings";
    if (scene === "draw" && !s.draw && !s.draw_commit) return "welcome"; // else the commitment
    return scene;
  }

  window.HostMirror = function (box, S, sceneLabel) {
    const fill = (text, values) => Object.keys(values).reduce((t, k) => t.replace("{" + k + "}", values[k]), text);
    const scenes = {
      welcome(s, body) {
        body.append(el("p", "m-title", s.contest.name), el("p", "m-sub", s.venue.name), el("p", "m-motto", S.mirror_welcome));
      },
      draw(s, body) {
        if (!s.draw) { // the published commitment, before the draw
          const c = s.draw_commit;
          body.append(el("p", "m-label", S.mirror_commit), el("p", "m-hash", c.commitment.slice(0, 16) + "…"));
          body.append(el("p", "m-label", fill(S.mirror_commit_witnesses, { n: c.witnesses.length })));
          return;
        }
        body.append(el("p", "m-label", fill(S.mirror_draw, { n: s.draw.order.length })));
        const list = el("ol", "m-list");
        s.draw.order.slice(0, 5).forEach((t) => list.append(names(t, "m-row")));
        body.append(list);
      },
      on_stage(s, body) {
        const t = s.stage.team;
        body.append(el("p", "m-label", S.presenting + (t.order ? " · " + fill(S.order, { n: t.order }) : "")), names(t));
        body.append(el("p", "m-clock"));
      },
      scoring(s, body) {
        const p = s.stage.progress || { submitted: 0, expected: 0 };
        body.append(names(s.stage.team), el("p", "m-label", fill(S.mirror_progress, { done: p.submitted, all: p.expected })));
      },
      reveal(s, body) {
        const r = s.reveal;
        body.append(names(r.team));
        const marks = el("ol", "m-marks");
        r.marks.forEach((m) => marks.append(el("li", m.dropped ? "dropped" : "", m.total)));
        body.append(marks, el("p", "m-final", fill(S.mirror_final, { score: r.published, rank: r.rank })));
        (r.deduction_notes || []).forEach((text) => body.append(el("p", "m-note", text)));
      },
      standings(s, body) {
        if (!s.standings.length) { body.append(el("p", "m-label", S.mirror_no_results)); return; }
        body.append(el("p", "m-label", fill(S.mirror_standings, { n: s.standings.length })));
        const list = el("ol", "m-list");
        s.standings.slice(0, 5).forEach((row) => {
          const li = names(row.team, "m-row");
          li.prepend(el("span", "m-rank", row.rank));
          li.append(el("span", "m-score", row.published));
          list.append(li);
        });
        body.append(list);
      },
      results(s, body) {
        body.append(el("p", "m-label", s.results ? S.mirror_results : S.mirror_results_pending));
        if (!s.results) return;
        s.results.awards.forEach((group) => body.append(el("p", "m-grade", group.grade + " · " + group.teams.length)));
      },
    };

    let current = null;
    function render(s) {
      current = s;
      const scene = shownScene(s);
      box.textContent = "";
      box.dataset.scene = scene;
      const head = el("div", "m-head");
      head.append(el("span", "", s.contest.name), el("span", "", s.venue.name));
      const body = el("div", "m-body");
      if (scenes[scene]) scenes[scene](s, body);
      else body.append(el("p", "m-title", sceneLabel(scene))); // a scene this console does not draw
      box.append(head, body);
      return scene;
    }

    function tick(now) {
      const clock = box.querySelector(".m-clock");
      if (!clock || !current) return;
      const t = ContestTimer(current.stage.timer, now);
      clock.textContent = (t.phase === "qa" ? S.phase_qa : S.phase_talk) + " " + t.text;
      clock.className = "m-clock " + t.state;
    }

    return { render: render, tick: tick };
  };
})();
