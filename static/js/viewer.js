// Remote viewers' page: who is on stage, the latest reveal, the standings. Read-only.
(function () {
  "use strict";

  const S = JSON.parse(document.getElementById("strings").textContent);
  const $ = (id) => document.getElementById(id);
  let live = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function renderNow(s) {
    const body = $("now-body");
    body.textContent = "";
    const t = s.stage.team;
    if (!t) { body.append(el("p", "muted", S.waiting)); return; }
    body.append(el("p", "company", t.company_name), el("p", "team", t.team_name));
    const meta = el("p", "meta", (t.unit ? t.unit + " · " : "") + (t.mode === "online" ? S.online : S.in_hall));
    body.append(meta);
    if (s.stage.scene === "on_stage") body.append(el("p", "timer", ""));
    if (s.stage.scoring_open || s.stage.scene === "scoring") {
      const p = s.stage.progress || { submitted: 0, expected: 0 };
      body.append(el("p", "progress", S.scoring + " · " + S.progress.replace("{done}", p.submitted).replace("{all}", p.expected)));
    }
    tick();
  }

  function renderReveal(s) {
    const box = $("reveal");
    box.textContent = "";
    const r = s.reveal;
    box.hidden = !r;
    if (!r) return;
    box.append(el("p", "label", S.last_reveal), el("p", "company", r.team.company_name), el("p", "team", r.team.team_name));
    const marks = el("ol", "marks");
    r.marks.forEach((m) => {
      const li = el("li", m.dropped ? "dropped" : "");
      li.append(el("span", "who", m.judge), el("b", "", m.total));
      if (m.dropped) li.title = m.dropped === "high" ? S.dropped_high : S.dropped_low;
      marks.append(li);
    });
    const final = el("p", "final");
    final.append(S.final + " ", el("b", "", r.published), " · " + S.rank.replace("{n}", r.rank));
    box.append(marks, el("p", "rule", r.trimmed ? S.rule_trimmed : S.rule_plain));
    (r.deduction_notes || []).forEach((text) => box.append(el("p", "rule deduction", text)));
    box.append(final);
  }

  function renderStandings(s) {
    const list = $("standings");
    list.textContent = "";
    if (!s.standings.length) { list.append(el("li", "empty", S.no_results)); return; }
    s.standings.forEach((row, i, rows) => {
      const tied = (rows[i - 1] && rows[i - 1].rank === row.rank) || (rows[i + 1] && rows[i + 1].rank === row.rank);
      const li = el("li", tied ? "tie" : "");
      const rank = el("span", "rank", row.rank);
      if (tied) rank.append(el("small", "", S.tie));
      const names = el("span", "names");
      names.append(el("span", "company", row.team.company_name), el("span", "team", row.team.team_name));
      li.append(rank, names, el("span", "score", row.published));
      list.append(li);
    });
  }

  function renderResults(s) {
    const box = $("results");
    box.textContent = "";
    box.hidden = !s.results;
    if (!s.results) return;
    box.append(el("h2", "", S.results));
    const groups = s.results.awards.concat(s.results.national.length ? [{ grade: S.national, teams: s.results.national }] : []);
    for (const group of groups) {
      box.append(el("h3", "", group.grade));
      const list = el("ul");
      group.teams.forEach((t) => list.append(el("li", "", t.company_name + " " + t.team_name)));
      box.append(list);
    }
  }

  function renderOrder(s) {
    const list = $("order");
    list.textContent = "";
    const now = s.stage.team ? s.stage.team.id : null;
    const next = s.next_up ? s.next_up.id : null;
    for (const t of s.running_order) {
      const li = el("li", t.id === now ? "now" : t.id === next ? "next" : t.status);
      const names = el("span", "names");
      names.append(el("span", "company", t.company_name), el("span", "team", t.team_name));
      const state = t.id === now ? S.order_now : t.id === next ? S.order_next : S.status[t.status];
      li.append(el("span", "pos", t.order || ""), names, el("span", "state", state));
      list.append(li);
    }
  }

  // The venue's livestream: the browser's own HLS player where it has one, hls.js elsewhere.
  function startStream() {
    const video = $("stream");
    if (!video) return;
    const src = video.dataset.src;
    const note = $("stream-note");
    const failed = () => { note.textContent = S.stream_failed; note.hidden = false; };
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.dataset.player = "native";
      video.addEventListener("error", failed);
      video.src = src;
    } else if (window.Hls && window.Hls.isSupported()) {
      video.dataset.player = "hls.js";
      const hls = new window.Hls();
      hls.on(window.Hls.Events.ERROR, (event, data) => { if (data.fatal) failed(); });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else {
      failed();
    }
  }

  function tick() {
    const node = document.querySelector("#now-body .timer");
    if (!live || !node) return;
    const t = ContestTimer(live.snapshot().stage.timer, live.now());
    node.textContent = (t.phase === "qa" ? S.phase_qa : S.phase_talk) + " " + t.text;
    node.className = "timer " + t.state;
  }

  function render(s) {
    document.body.dataset.scene = s.stage.scene;
    renderNow(s);
    renderReveal(s);
    renderStandings(s);
    renderResults(s);
    renderOrder(s);
  }

  const root = $("screen");
  live = ContestLive({
    audience: "viewer",
    venue: parseInt(root.dataset.venue, 10),
    snapshotUrl: root.dataset.snapshotUrl,
    initial: JSON.parse($("initial-state").textContent),
    indicator: $("conn"),
    render: render,
  });
  startStream();
  tick();
  setInterval(tick, 500);
})();
