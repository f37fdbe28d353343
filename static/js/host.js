// The host console: renders the venue's snapshot, sends stage actions, follows live updates.
(function () {
  "use strict";

  const root = document.getElementById("console");
  const S = JSON.parse(document.getElementById("strings").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const venueId = parseInt(root.dataset.venue, 10);
  const readOnly = root.dataset.readonly === "1"; // the 监督 watches; the server refuses changes anyway
  const $ = (id) => document.getElementById(id);
  let state = JSON.parse($("initial-state").textContent);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function toast(message, ok) {
    const box = $("toast");
    box.textContent = message;
    box.className = "toast" + (ok ? " ok" : "");
    box.hidden = !message;
  }

  function nextWaiting() {
    const current = state.stage.team ? state.stage.team.id : null;
    return state.order.find((t) => t.status === "waiting" && t.id !== current);
  }

  function render() {
    const stage = state.stage;
    const team = stage.team;
    const box = $("stage-team");
    box.textContent = "";
    if (team) {
      box.appendChild(el("p", "company", team.company_name));
      box.appendChild(el("p", "team", team.team_name));
      box.appendChild(el("p", "muted", (team.unit || "") + " · " + (team.mode === "online" ? S.online : S.in_hall)));
    } else {
      box.appendChild(el("p", "muted", S.no_team));
    }
    const locked = team && team.status === "scored";
    const progress = stage.progress;
    $("progress").textContent = "";
    if (team) {
      $("progress").append(
        (stage.scoring_open ? S.scoring_open : locked ? S.scoring_closed : S.scoring_idle) + " · " + S.submitted + " ",
        el("b", "", progress.submitted + " / " + progress.expected)
      );
    }
    root.querySelector('[data-action="open"]').disabled = !team || stage.scoring_open || locked;
    root.querySelector('[data-action="close"]').disabled = !stage.scoring_open;
    root.querySelector('[data-action="reveal"]').disabled = !locked;
    root.querySelector('[data-action="next"]').disabled = !nextWaiting();
    for (const button of root.querySelectorAll("button.scene")) {
      button.classList.toggle("active", button.dataset.scene === stage.scene);
    }
    const running = Boolean(stage.timer.running_since);
    root.querySelector('[data-timer="start"]').disabled = !team || running;
    root.querySelector('[data-timer="pause"]').disabled = !team || !running;
    root.querySelector('[data-timer="reset"]').disabled = !team;
    root.querySelector('[data-timer="qa"]').disabled = !team || stage.timer.phase === "qa";
    $("overtime").hidden = !team || state.overtime_rule === "none";
    const ready = $("ready");
    ready.hidden = !team || team.mode !== "online";
    if (team) ready.textContent = team.online_ready ? S.mark_not_ready : S.mark_ready;
    tick();

    renderLate();

    const judges = $("judges");
    judges.textContent = "";
    for (const judge of state.judges) {
      const li = el("li", judge.state);
      li.dataset.judge = judge.id;
      li.append(el("b", "", judge.label), " " + judge.name, el("span", "state", S.judge_states[judge.state]));
      if (stage.scoring_open && ["online", "offline"].includes(judge.state)) {
        const nudge = el("button", "nudge", S.nudge);
        nudge.type = "button";
        nudge.addEventListener("click", () => nudgeJudge(judge));
        li.appendChild(nudge);
      }
      judges.appendChild(li);
    }

    const started = Boolean(team) || state.order.some((t) => !["waiting", "absent", "withdrawn"].includes(t.status));
    $("draw-panel").hidden = started || Boolean(state.drawn);
    $("drawn").textContent = state.drawn ? S.drawn.replace("{seed}", state.drawn.seed) : "";
    const order = $("order");
    order.textContent = "";
    for (const t of state.order) {
      const li = el("li", team && team.id === t.id ? "current" : "");
      li.dataset.team = t.id;
      const names = el("span", "names");
      names.append(el("span", "company", t.company_name), el("span", "team", t.team_name));
      li.append(el("span", "pos", t.order || "—"), names);
      li.append(el("span", "badge " + (t.mode === "online" ? "online" : "hall"), t.mode === "online" ? S.online : S.in_hall));
      li.append(el("span", "badge status-" + t.status, S.status[t.status]));
      const tools = el("span", "tools");
      if (["waiting", "absent", "withdrawn"].includes(t.status) && !(team && team.id === t.id)) {
        const tool = (label, action, body) => {
          const b = el("button", "tool", label);
          b.type = "button";
          b.addEventListener("click", () => act(action, Object.assign({ team_id: t.id }, body)));
          tools.appendChild(b);
        };
        tool("↑", "move", { to: "up" });
        tool("↓", "move", { to: "down" });
        tool(S.to_end, "move", { to: "end" });
        if (t.status === "waiting") { tool(S.absent, "team_status", { status: "absent" }); tool(S.withdrawn, "team_status", { status: "withdrawn" }); }
        else tool(S.restore, "team_status", { status: "waiting" });
      }
      li.appendChild(tools);
      const call = el("button", "call", team && team.id === t.id ? S.on_stage : S.call);
      call.type = "button";
      call.disabled = t.status !== "waiting" || stage.scoring_open;
      call.addEventListener("click", () => act("call", { team_id: t.id }));
      li.appendChild(call);
      order.appendChild(li);
    }
    if (readOnly) {
      $("draw-panel").hidden = true;
      for (const button of root.querySelectorAll("button")) button.disabled = true;
    }
  }

  // Actions go out one at a time, in the order the host gave them, each with the version
  // the previous one left. A double-click of the same action sends one request; the
  // server refuses anything stale anyway.
  let chain = Promise.resolve();
  let sending = null;
  function act(action, body, done) {
    if (sending === action) return chain;
    chain = chain.then(() => send(action, body, done));
    return chain;
  }

  async function send(action, body, done) {
    sending = action;
    try {
      const response = await fetch(root.dataset.api.replace("ACTION", action), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(Object.assign({ expected_version: state.stage.version }, body || {})),
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        toast(done || "", Boolean(done));
        apply(data);
      } else if (data.error !== "judges_missing") { // closeScoring asks the host instead
        toast(data.message || response.statusText);
      }
      return { ok: response.ok, data: data };
    } catch (e) {
      toast(S.network);
      return { ok: false, data: {} };
    } finally {
      sending = null;
    }
  }

  async function next() {
    const team = nextWaiting();
    if (!team) return toast(S.no_next);
    if (state.stage.scoring_open) {
      if (!window.confirm(S.confirm_next)) return;
      if (!(await closeScoring())) return;
    }
    await act("call", { team_id: team.id });
  }

  function reveal() {
    const p = state.stage.progress;
    if (p && p.submitted < p.expected) {
      const reason = window.prompt(S.force_reason);
      if (!reason || !reason.trim()) return;
      return act("reveal", { force_reason: reason.trim() });
    }
    return act("reveal");
  }

  // 结束评分: with judges still missing the server names them, and the host confirms.
  let closing = false;
  async function closeScoring() {
    if (closing) return false;
    closing = true;
    try {
      let answer = await act("close");
      if (answer && answer.data.error === "judges_missing") {
        if (!window.confirm(answer.data.message)) return false;
        answer = await act("close", { confirm_missing: true });
      }
      return Boolean(answer && answer.ok);
    } finally {
      closing = false;
    }
  }

  // Scores that reached the server after the close: kept, not counted, until reopened.
  function renderLate() {
    const late = state.late || [];
    const list = $("late-list");
    list.textContent = "";
    $("late-panel").hidden = late.length === 0;
    for (const row of late) {
      const li = el("li");
      li.dataset.late = row.id;
      const time = new Date(row.received_at).toLocaleTimeString("zh-CN", { hour12: false });
      li.append(
        el("span", "what", S.late_arrived.replace("{judge}", row.judge)),
        el("span", "name", row.team.team_name),
        el("span", "muted", S.late_detail.replace("{total}", row.total).replace("{time}", time))
      );
      if (row.why_not) {
        li.appendChild(el("p", "why-not", row.why_not));
      } else {
        const button = el("button", "reopen", S.reopen);
        button.type = "button";
        button.addEventListener("click", () => reopen(row.team));
        li.appendChild(button);
      }
      list.appendChild(li);
    }
  }

  function reopen(team) {
    const reason = window.prompt(S.reopen_reason.replace("{team}", team.team_name));
    if (reason === null) return;
    if (!reason.trim()) return toast(S.reopen_need_reason);
    return act("reopen", { team_id: team.id, reason: reason.trim() }, S.reopened);
  }

  function apply(snapshot) {
    if (snapshot && snapshot.version >= state.version && snapshot.order) {
      if (snapshot.server_time) clockOffset = Date.parse(snapshot.server_time) - Date.now();
      state = snapshot;
      render();
    }
  }

  let clockOffset = 0;
  function tick() {
    const timer = state.stage.timer;
    const clock = $("clock");
    if (!state.stage.team) { clock.textContent = "--:--"; clock.className = "clock"; return; }
    const t = ContestTimer(timer, Date.now() + clockOffset);
    clock.textContent = (t.phase === "qa" ? S.phase_qa : S.phase_talk) + " " + t.text;
    clock.className = "clock " + t.state;
  }

  const handlers = { next: next, open: () => act("open"), close: closeScoring, reveal: reveal };
  for (const button of root.querySelectorAll("[data-action]")) {
    button.addEventListener("click", () => handlers[button.dataset.action]());
  }
  for (const button of root.querySelectorAll("button.scene")) {
    button.addEventListener("click", () => act("scene", { scene: button.dataset.scene, minutes: button.dataset.scene === "break" ? $("break-minutes").value : undefined }));
  }
  for (const button of root.querySelectorAll("[data-timer]")) {
    button.addEventListener("click", () => act("timer", { do: button.dataset.timer }));
  }
  $("overtime").addEventListener("click", () => {
    if (window.confirm(S.confirm_overtime)) act("overtime", {}, S.overtime_done);
  });
  $("draw-random").addEventListener("click", () => {
    const bytes = new Uint32Array(1);
    crypto.getRandomValues(bytes);
    $("draw-seed").value = new Date().toISOString().slice(0, 10) + "-" + String(bytes[0] % 1000000).padStart(6, "0");
  });
  $("draw-go").addEventListener("click", () => {
    const seed = $("draw-seed").value.trim();
    if (!seed) return toast(S.need_seed);
    if (!window.confirm(S.confirm_draw.replace("{seed}", seed))) return;
    act("draw", { seed: seed, witnesses: $("draw-witnesses").value.trim() });
  });
  $("ready").addEventListener("click", () => {
    const team = state.stage.team;
    if (team) act("online_ready", { team_id: team.id, ready: !team.online_ready });
  });
  setInterval(tick, 250);

  function showAudience(counts) {
    if (counts) $("audience").textContent = S.audience.replace("{display}", counts.display).replace("{viewer}", counts.viewer);
  }
  async function pollAudience() {
    try {
      const response = await fetch($("audience").dataset.url, { credentials: "same-origin", cache: "no-store" });
      if (response.ok) showAudience(await response.json());
    } catch (e) { /* next poll */ }
  }
  showAudience(state.audience);
  setInterval(pollAudience, 10000);
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = { n: "next", o: "open", c: "close", r: "reveal" }[event.key.toLowerCase()];
    const button = key && root.querySelector('[data-action="' + key + '"]');
    if (button && !button.disabled) { event.preventDefault(); handlers[key](); }
  });

  if (typeof io !== "undefined") {
    const socket = io({ auth: { audience: "host", venue: venueId } });
    socket.on("connect", () => { $("conn").hidden = true; });
    socket.on("disconnect", () => { $("conn").hidden = false; });
    socket.on("stage_updated", apply);
  }
  render();
})();
