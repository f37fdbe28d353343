// The hall display: one scene at a time, built when the scene changes (with a crossfade)
// and updated in place otherwise, so nothing flashes or jumps.
(function () {
  "use strict";

  const stageEl = document.getElementById("stage");
  const S = JSON.parse(document.getElementById("strings").textContent);
  const PAGE_SIZE = 8; // standings rows per page
  const DRAW_PAGE_SIZE = 10; // drawn teams per page: 20-30 teams make two or three pages
  const PAGE_SECONDS = 8;
  const DRAW_FIRST_SECONDS = 14;
  const IDLE_MS = 3000; // the mouse cursor hides after this long without moving
  let live = null;
  let shown = null; // {key, el, scene}

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  const modeText = (team) => (team.mode === "online" ? S.online : S.in_hall);

  // The organiser's logo when staff uploaded one (asked for by its file name, so a new logo
  // is never served from the cache), else the association's seal.
  function emblem(s) {
    if (!s.contest.logo) return el("div", "emblem", S.emblem);
    const img = el("img", "logo");
    img.alt = S.logo_alt;
    img.src = "/display/contests/" + s.contest.id + "/logo?v=" + encodeURIComponent(s.contest.logo);
    return img;
  }

  function sceneKey(s) {
    const team = s.stage.team ? s.stage.team.id : "";
    if (s.stage.scene === "reveal" && s.reveal) return "reveal:" + s.reveal.team.id;
    if (s.stage.scene === "draw" && s.draw) return "draw:" + s.draw.drawn_at;
    if (s.stage.scene === "on_stage" || s.stage.scene === "scoring") return s.stage.scene + ":" + team;
    if (s.stage.scene === "break") return "break:" + s.break_ends_at;
    if (s.stage.scene === "next_up" && s.next_up) return "next_up:" + s.next_up.id;
    if (s.stage.scene === "welcome") return "welcome:" + (s.contest.logo || "");
    return s.stage.scene;
  }

  // ---- scenes: build(snapshot) -> element; update(element, snapshot) ---------------
  const scenes = {
    welcome: {
      build(s) {
        const sec = el("section", "scene welcome");
        sec.append(emblem(s), el("h1", "", s.contest.name),
          el("p", "sub", s.venue.name), el("p", "motto", S.motto));
        const extras = document.getElementById("welcome-extras");
        if (extras) sec.append(extras.content.cloneNode(true));
        return sec;
      },
    },
    draw: {
      build(s) {
        const d = s.draw;
        const sec = el("section", "scene draw");
        sec.dataset.page = "0";
        sec.append(el("h1", "", S.draw_title), el("ol", "drawn"), el("p", "pager"),
          el("p", "seed", S.draw_seed.replace("{seed}", d.seed.length > 32 ? d.seed.slice(0, 16) + "…" : d.seed) + (d.witnesses ? " · " + S.draw_witnesses.replace("{w}", d.witnesses) : "")));
        return sec;
      },
      update(sec, s) { renderDrawPage(sec, s); },
    },
    draw_commit: {
      build(s) {
        const c = s.draw_commit;
        const sec = el("section", "scene draw draw-commit");
        const names = c.witnesses.map((w) => w.name).join("、");
        sec.append(el("h1", "", S.commit_title), el("p", "commit-hash", c.commitment.match(/.{1,16}/g).join(" ")),
          el("p", "commit-note", S.commit_note), el("p", "commit-witnesses", S.commit_witnesses.replace("{n}", c.witnesses.length) + (names ? "：" + names : "")));
        return sec;
      },
    },
    on_stage: {
      build(s) {
        const t = s.stage.team;
        const sec = el("section", "scene on-stage");
        sec.append(el("p", "label", S.presenting + (t.order ? " · " + S.order.replace("{n}", t.order) : "")),
          el("h1", "company fit", t.company_name), el("h2", "team fit", t.team_name), el("p", "meta"));
        const timer = el("div", "timer");
        timer.append(el("span", "phase"), el("span", "clock"));
        sec.append(timer);
        return sec;
      },
      update(sec, s) {
        const t = s.stage.team;
        const meta = sec.querySelector(".meta");
        meta.textContent = (t.unit ? t.unit + " · " : "") + modeText(t);
        if (t.mode === "online") meta.append(el("span", "ready" + (t.online_ready ? " on" : ""), t.online_ready ? S.ready : S.not_ready));
        tick();
      },
    },
    scoring: {
      build(s) {
        const t = s.stage.team;
        const sec = el("section", "scene scoring");
        sec.append(el("p", "label", S.scoring), el("h1", "company fit", t.company_name), el("h2", "team fit", t.team_name));
        sec.append(el("p", "progress"), el("ol", "dots"), el("p", "up-next"));
        return sec;
      },
      update(sec, s) {
        const p = s.stage.progress || { submitted: 0, expected: 0 };
        sec.querySelector(".progress").textContent = S.progress.replace("{done}", p.submitted).replace("{all}", p.expected);
        const dots = sec.querySelector(".dots");
        while (dots.children.length < p.expected) dots.append(el("li"));
        while (dots.children.length > p.expected) dots.lastChild.remove();
        Array.from(dots.children).forEach((dot, i) => dot.classList.toggle("done", i < p.submitted));
        const up = sec.querySelector(".up-next");
        up.textContent = "";
        if (s.next_up) {
          up.append(el("span", "caption", S.next_up), el("span", "company fit", s.next_up.company_name), el("span", "team", s.next_up.team_name));
          fitAll(up);
        }
      },
    },
    reveal: {
      build(s) {
        const r = s.reveal;
        const sec = el("section", "scene reveal");
        sec.append(el("h1", "company fit", r.team.company_name), el("h2", "team fit", r.team.team_name));
        const marks = el("ol", "marks");
        r.marks.forEach((m) => {
          const li = el("li", m.dropped ? "dropped " + m.dropped : "");
          li.append(el("span", "who", m.judge), el("span", "total", m.total));
          if (m.dropped) li.append(el("span", "tag", m.dropped === "high" ? S.dropped_high : S.dropped_low));
          marks.append(li);
        });
        sec.append(marks);
        const rule = r.trimmed ? S.rule_trimmed : S.rule_plain;
        const final = el("div", "final");
        final.append(el("span", "caption", S.final), el("b", "score", r.published), el("span", "rank", S.rank.replace("{n}", r.rank)));
        sec.append(el("p", "rule", [rule].concat(r.deduction_notes || []).join(" · ")), final);
        return sec;
      },
    },
    standings: {
      build() {
        const sec = el("section", "scene standings");
        sec.append(el("h1", "", S.standings), el("table", "standings"), el("p", "pager"));
        sec.dataset.page = "0";
        return sec;
      },
      update(sec, s) { renderStandingsPage(sec, s); },
    },
    break: {
      build(s) {
        const sec = el("section", "scene break");
        sec.append(el("p", "label", S.break_title), el("div", "countdown"), el("p", "note", S.break_note));
        if (s.next_up) {
          const up = el("div", "after");
          up.append(el("p", "caption", S.after_break), el("p", "company fit", s.next_up.company_name), el("p", "team fit", s.next_up.team_name));
          sec.append(up);
        }
        return sec;
      },
      update() { tick(); },
    },
    next_up: {
      build(s) {
        const t = s.next_up;
        const sec = el("section", "scene next-up");
        sec.append(el("p", "label", S.next_up + (t.order ? " · " + S.order.replace("{n}", t.order) : "")),
          el("h1", "company fit", t.company_name), el("h2", "team fit", t.team_name),
          el("p", "meta", (t.unit ? t.unit + " · " : "") + modeText(t)));
        return sec;
      },
    },
    results: {
      build(s) {
        const sec = el("section", "scene results");
        sec.append(el("h1", "", S.results));
        if (!s.results) { sec.append(el("p", "empty", S.results_pending)); return sec; }
        const grid = el("div", "results-grid");
        for (const group of s.results.awards) {
          const box = el("div", "grade");
          box.append(el("h2", "", group.grade));
          const list = el("ol");
          group.teams.forEach((t) => { const li = el("li"); li.append(el("span", "company fit", t.company_name), el("span", "team fit", t.team_name)); list.append(li); });
          box.append(list);
          grid.append(box);
        }
        if (s.results.national.length) {
          const box = el("div", "grade national");
          box.append(el("h2", "", S.national));
          const list = el("ol");
          s.results.national.forEach((t) => { const li = el("li"); li.append(el("span", "company fit", t.company_name), el("span", "team fit", t.team_name)); list.append(li); });
          box.append(list);
          grid.append(box);
        }
        sec.append(grid);
        return sec;
      },
    },
  };

  function renderStandingsPage(sec, s) {
    const rows = s.standings;
    const table = sec.querySelector("table");
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(parseInt(sec.dataset.page, 10) || 0, pages - 1);
    table.textContent = "";
    if (!rows.length) { table.append(el("caption", "empty", S.no_results)); }
    const body = el("tbody");
    rows.slice(page * PAGE_SIZE, page * PAGE_SIZE + PAGE_SIZE).forEach((row, i) => {
      const index = page * PAGE_SIZE + i;
      const tied = (rows[index - 1] && rows[index - 1].rank === row.rank) || (rows[index + 1] && rows[index + 1].rank === row.rank);
      const tr = el("tr", tied ? "tie" : "");
      const rank = el("td", "rank", row.rank);
      if (tied) rank.append(el("small", "", S.tie));
      const names = el("td", "names");
      names.append(el("span", "company fit", row.team.company_name), el("span", "team fit", row.team.team_name));
      if (row.reviewed) names.append(el("span", "reviewed", row.reviewed === "upheld" ? S.reviewed : S.reviewed_changed));
      tr.append(rank, names, el("td", "num", row.published));
      body.append(tr);
    });
    table.append(body);
    fitAll(table);
    sec.querySelector(".pager").textContent = pages > 1 ? S.page.replace("{n}", page + 1).replace("{all}", pages) : "";
    sec.dataset.pages = pages;
  }

  function renderDrawPage(sec, s) {
    const order = s.draw.order;
    const pages = Math.max(1, Math.ceil(order.length / DRAW_PAGE_SIZE));
    const page = Math.min(parseInt(sec.dataset.page, 10) || 0, pages - 1);
    const list = sec.querySelector(".drawn");
    list.textContent = "";
    order.slice(page * DRAW_PAGE_SIZE, (page + 1) * DRAW_PAGE_SIZE).forEach((t) => {
      const li = el("li");
      const names = el("span", "names fit");
      names.append(el("span", "company", t.company_name), el("span", "team", t.team_name));
      li.append(el("span", "pos", t.order), names);
      list.append(li);
    });
    sec.querySelector(".pager").textContent = pages > 1 ? S.page.replace("{n}", page + 1).replace("{all}", pages) : "";
    sec.dataset.pages = pages;
    fitAll(sec);
  }

  const pagers = { standings: renderStandingsPage, draw: renderDrawPage };
  function turnPage() {
    if (!shown || !pagers[shown.scene] || Date.now() < shown.turnAt) return;
    shown.turnAt = Date.now() + PAGE_SECONDS * 1000;
    const pages = parseInt(shown.el.dataset.pages || "1", 10);
    if (pages < 2) return;
    shown.el.dataset.page = String((parseInt(shown.el.dataset.page, 10) + 1) % pages);
    shown.el.classList.remove("turning");
    void shown.el.offsetWidth; // restart the page-turn animation
    shown.el.classList.add("turning");
    pagers[shown.scene](shown.el, live.snapshot());
  }

  // Names never break inside: each stays on one line and shrinks until it fits its box
  // (in vh, so the size follows the screen when it goes fullscreen).
  function fit(node) {
    node.style.fontSize = "";
    const unit = window.innerHeight / 100;
    let size = parseFloat(getComputedStyle(node).fontSize) / unit;
    const smallest = size * 0.4;
    while (node.scrollWidth > node.clientWidth + 1 && size > smallest) {
      size *= 0.94;
      node.style.fontSize = size.toFixed(2) + "vh";
    }
  }
  function fitAll(root) { root.querySelectorAll(".fit").forEach(fit); }

  function pad(n) { return String(n).padStart(2, "0"); }
  function tickBreak() {
    const s = live.snapshot();
    const left = Math.max(0, Date.parse(s.break_ends_at) - live.now());
    const seconds = Math.ceil(left / 1000);
    shown.el.querySelector(".countdown").textContent = pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
    shown.el.classList.toggle("over", seconds === 0);
    shown.el.querySelector(".note").textContent = seconds === 0 ? S.break_over : S.break_note;
  }

  function tick() {
    if (live && shown && shown.scene === "break") return tickBreak();
    if (!live || !shown || shown.scene !== "on_stage") return;
    const t = ContestTimer(live.snapshot().stage.timer, live.now());
    const box = shown.el.querySelector(".timer");
    box.className = "timer " + t.state + (t.running ? " running" : " paused");
    box.querySelector(".phase").textContent = t.phase === "qa" ? S.phase_qa : S.phase_talk;
    box.querySelector(".clock").textContent = t.text;
  }

  function render(s) {
    let scene = s.stage.scene;
    if ((scene === "on_stage" || scene === "scoring") && !s.stage.team) scene = "welcome";
    if (scene === "reveal" && !s.reveal) scene = "standings";
    if (scene === "draw" && !s.draw) scene = s.draw_commit ? "draw_commit" : "welcome";
    if (scene === "next_up" && !s.next_up) scene = "welcome";
    if (scene === "break" && !s.break_ends_at) scene = "welcome";
    document.body.dataset.scene = scene;
    const commit = s.draw_commit ? "commit:" + s.draw_commit.commitment + ":" + s.draw_commit.witnesses.length : "";
    const key = scene === "draw_commit" ? commit : scene === s.stage.scene ? sceneKey(s) : scene;
    if (!shown || shown.key !== key) {
      const next = scenes[scene].build(s);
      next.classList.add("entering");
      if (shown) {
        const old = shown.el;
        old.classList.add("leaving");
        setTimeout(() => old.remove(), 700);
      }
      stageEl.append(next);
      // The first page of a draw appears team by team (about 6 s): give it time to be read.
      const first = (scene === "draw" ? DRAW_FIRST_SECONDS : PAGE_SECONDS) * 1000;
      shown = { key: key, el: next, scene: scene, turnAt: Date.now() + first };
      if (scenes[scene].update) scenes[scene].update(shown.el, s);
      fitAll(next);
      return;
    }
    if (scenes[scene].update) scenes[scene].update(shown.el, s);
  }

  // The LED wall: a 全屏 button until the page is fullscreen, no cursor once the mouse rests.
  const fullscreen = document.getElementById("fullscreen");
  fullscreen.hidden = !document.fullscreenEnabled;
  fullscreen.addEventListener("click", () => {
    document.documentElement.requestFullscreen().catch(() => { /* refused: stay as is */ });
  });
  document.addEventListener("fullscreenchange", () => {
    fullscreen.hidden = Boolean(document.fullscreenElement);
    if (shown) fitAll(shown.el);
  });
  window.addEventListener("resize", () => { if (shown) fitAll(shown.el); });
  let idleTimer = null;
  function awake() {
    document.body.classList.remove("idle");
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => document.body.classList.add("idle"), IDLE_MS);
  }
  for (const name of ["mousemove", "mousedown", "touchstart", "keydown"]) {
    document.addEventListener(name, awake, { passive: true });
  }
  awake();

  const root = document.getElementById("screen");
  live = ContestLive({
    audience: "display",
    venue: parseInt(root.dataset.venue, 10),
    pass: root.dataset.pass, // counts this page as the venue's display, not as a viewer
    snapshotUrl: root.dataset.snapshotUrl,
    initial: JSON.parse(document.getElementById("initial-state").textContent),
    indicator: document.getElementById("conn"),
    render: render,
  });
  tick();
  setInterval(tick, 250);
  setInterval(turnPage, 500);
})();
