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

  const fill = (text, values) => Object.keys(values).reduce((t, k) => t.split("{" + k + "}").join(values[k]), text);
  const teamName = (team) => team.company_name + " " + team.team_name;
  const sceneLabel = (scene) => {
    const button = root.querySelector('button.scene[data-scene="' + scene + '"]');
    return button ? button.textContent.trim() : scene;
  };
  const mirror = HostMirror($("mirror"), S, sceneLabel);
  const nudged = {}; // judge id -> the team on stage when this console reminded them

  function duration(ms) {
    const seconds = Math.ceil(Math.max(ms, 0) / 1000);
    return fill(S.minutes, { m: Math.floor(seconds / 60), s: String(seconds % 60).padStart(2, "0") });
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

  function started() {
    return Boolean(state.stage.team) || state.order.some((t) => !["waiting", "absent", "withdrawn"].includes(t.status));
  }

  // Calling a team before the draw starts the venue in the order of the import, for good.
  function confirmedWithoutDraw(team) {
    if (state.drawn || started()) return true;
    return window.confirm(fill(S.confirm_before_draw, { team: teamName(team) }));
  }

  function render() {
    const stage = state.stage;
    const team = stage.team;
    const box = $("stage-team");
    box.textContent = "";
    if (team) {
      box.appendChild(el("p", "company", team.company_name));
      box.appendChild(el("p", "team", team.team_name));
      box.appendChild(el("p", "muted", [team.unit, team.mode === "online" ? S.online : S.in_hall].filter(Boolean).join(" · ")));
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
    const cs = state.countersign; // the 评委组长's signature the reveal waits for
    $("countersign-line").hidden = !cs;
    $("countersign-line").classList.toggle("waiting", Boolean(cs && !cs.signed));
    if (cs) $("countersign-line").textContent = cs.signed ? S[cs.scope + "_countersigned"] : S[cs.scope + "_countersign_wait"].replace("{chair}", cs.chair || S.no_chair);
    root.querySelector('[data-action="open"]').disabled = !team || stage.scoring_open || locked;
    root.querySelector('[data-action="close"]').disabled = !stage.scoring_open;
    root.querySelector('[data-action="reveal"]').disabled = !locked || Boolean(cs && !cs.signed);
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
    $("talk-kept").hidden = !team || !state.talk_kept_ms;
    $("talk-kept").textContent = state.talk_kept_ms ? fill(S.talk_kept, { time: duration(state.talk_kept_ms) }) : "";
    const deductions = $("deductions");
    deductions.textContent = "";
    (state.deductions || []).forEach((text) => deductions.append(el("li", "", text)));
    deductions.hidden = !deductions.children.length;
    const published = Boolean(state.results);
    root.querySelector('button.scene[data-scene="results"]').disabled = !published;
    $("results-note").hidden = published;
    $("mirror-scene").textContent = fill(S.mirror_now, { scene: sceneLabel(mirror.render(state)) });
    const ready = $("ready");
    ready.hidden = !team || team.mode !== "online";
    if (team) ready.textContent = team.online_ready ? S.mark_not_ready : S.mark_ready;
    tick();

    renderLate(state.late || []);

    const judges = $("judges");
    judges.textContent = "";
    for (const judge of state.judges) {
      const li = el("li", judge.state);
      li.dataset.judge = judge.id;
      li.append(el("b", "", judge.label), " " + judge.name, el("span", "state", S.judge_states[judge.state]));
      if (team && nudged[judge.id] === team.id && judge.state !== "submitted") li.append(el("span", "nudged", S.nudged_mark));
      if (stage.scoring_open && ["online", "offline"].includes(judge.state)) {
        const nudge = el("button", "nudge", S.nudge);
        nudge.type = "button";
        nudge.addEventListener("click", () => nudgeJudge(judge));
        li.appendChild(nudge);
      }
      judges.appendChild(li);
    }

    $("draw-panel").hidden = started() || Boolean(state.drawn);
    fairDraw.render(state.draw_commit);
    $("drawn").textContent = state.drawn ? S.drawn.replace("{seed}", state.drawn.seed) : "";
    const order = $("order");
    order.textContent = "";
    for (const t of state.order) {
      const li = el("li", team && team.id === t.id ? "current" : "");
      li.dataset.team = t.id;
      const names = el("span", "names");
      names.append(el("span", "company name", t.company_name), el("span", "team name", t.team_name));
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
      call.addEventListener("click", () => { if (confirmedWithoutDraw(t)) act("call", { team_id: t.id }); });
      li.appendChild(call);
      order.appendChild(li);
    }
    if (readOnly) {
      $("draw-panel").hidden = true;
      for (const control of root.querySelectorAll("button, input, select, textarea")) control.disabled = true;
    }
  }

  // Actions go out one at a time, in the order the host gave them, each with the version
  // the previous one left. A double-click of the same action sends one request; the
  // server refuses anything stale anyway.
  let chain = Promise.resolve();
  let sending = null;
  // A second press of the same command while it is on its way is dropped; a different
  // command (pause, then reset) waits its turn in the chain.
  function act(action, body, done) {
    const key = action + " " + JSON.stringify(body || {});
    if (sending === key) return chain;
    chain = chain.then(() => send(action, body, done, key));
    return chain;
  }

  async function send(action, body, done, key) {
    sending = key || action;
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

  async function nudgeJudge(judge) {
    try {
      const response = await fetch(root.dataset.nudge.replace("/judges/0/", "/judges/" + judge.id + "/"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf },
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) return toast(data.message || response.statusText);
      const who = judge.label + " " + judge.name;
      if (!data.online) return toast(fill(S.nudged_offline, { judge: who })); // a push is not queued
      nudged[judge.id] = state.stage.team && state.stage.team.id;
      toast(fill(S.nudged, { judge: who }), true);
      render();
    } catch (e) {
      toast(S.network);
    }
  }

  async function next() {
    const team = nextWaiting();
    if (!team) return toast(S.no_next);
    if (!confirmedWithoutDraw(team)) return;
    if (state.stage.scoring_open) {
      if (!window.confirm(S.confirm_next)) return;
      if (!(await closeScoring())) return;
    }
    await act("call", { team_id: team.id });
  }

  // From the keyboard, a stray C or R must not end scoring or publish marks: ask first.
  // With judges missing, the server's question naming them is the confirmation.
  function close(byKey) {
    const p = state.stage.progress;
    const complete = !p || p.submitted >= p.expected;
    if (byKey && complete && !window.confirm(fill(S.confirm_close, { team: teamName(state.stage.team) }))) return;
    return closeScoring();
  }

  function reveal(byKey) {
    const p = state.stage.progress;
    if (p && p.submitted < p.expected) { // the reason asked for is the confirmation
      const reason = window.prompt(S.force_reason);
      if (!reason || !reason.trim()) return;
      return act("reveal", { force_reason: reason.trim() });
    }
    if (byKey && !window.confirm(fill(S.confirm_reveal, { team: teamName(state.stage.team) }))) return;
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

  // Scores that reached the server after the close: static/js/host_late.js.
  const renderLate = HostLate({ $: $, S: S, el: el, act: act, toast: toast });
  const fairDraw = HostFairDraw({ $: $, S: S, el: el, act: act, toast: toast });

  // A reset zeroes the clock; the server keeps the talk time measured so far for the
  // overtime rule, and the host is told so before anything happens.
  function resetTimer() {
    const timer = state.stage.timer;
    const running = timer.running_since ? Date.now() + clockOffset - Date.parse(timer.running_since) : 0;
    const elapsed = timer.elapsed_ms + Math.max(0, running);
    if (elapsed > 0) {
      const text = timer.phase === "qa" ? S.confirm_reset_qa : S.confirm_reset_talk;
      if (!window.confirm(fill(text, { time: duration(elapsed) }))) return;
    }
    act("timer", { do: "reset" });
  }

  // The amount is computed by the server from the rule and the measured talk, shown, and
  // sent back: if the running clock moved it on meanwhile, the server asks again. It goes
  // into the chain like any action, so a key pressed while the host reads waits its turn.
  function recordOvertime() {
    chain = chain.then(async () => {
      let data;
      try {
        const response = await fetch(root.dataset.overtime, { credentials: "same-origin", cache: "no-store" });
        data = await response.json().catch(() => ({}));
        if (!response.ok) return toast(data.message || response.statusText);
      } catch (e) {
        return toast(S.network);
      }
      if (!window.confirm(fill(S.confirm_overtime, { text: data.text, team: teamName(state.stage.team) }))) return;
      await send("overtime", { points: data.points }, fill(S.overtime_done, { text: data.text }));
    });
  }

  function apply(snapshot) {
    if (snapshot && snapshot.version >= state.version && snapshot.order) {
      if (snapshot.server_time) clockOffset = Date.parse(snapshot.server_time) - Date.now();
      state = snapshot;
      render();
      showAudience(state.audience); // every push carries the counts too
      $("link-degraded").hidden = !state.link_degraded;
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
    mirror.tick(Date.now() + clockOffset);
  }

  const handlers = { next: next, open: () => act("open"), close: close, reveal: reveal };
  for (const button of root.querySelectorAll("[data-action]")) {
    button.addEventListener("click", () => handlers[button.dataset.action](false));
  }
  for (const button of root.querySelectorAll("button.scene")) {
    button.addEventListener("click", () => act("scene", { scene: button.dataset.scene, minutes: button.dataset.scene === "break" ? $("break-minutes").value : undefined }));
  }
  for (const button of root.querySelectorAll("[data-timer]")) {
    const reset = button.dataset.timer === "reset";
    button.addEventListener("click", () => (reset ? resetTimer() : act("timer", { do: button.dataset.timer })));
  }
  $("overtime").addEventListener("click", recordOvertime);
  $("draw-random").addEventListener("click", () => {
    const bytes = new Uint32Array(1);
    crypto.getRandomValues(bytes);
    $("draw-seed").value = new Date().toISOString().slice(0, 10) + "-" + String(bytes[0] % 1000000).padStart(6, "0");
  });
  $("draw-go").addEventListener("click", () => {
    if (state.draw_commit) return fairDraw.draw(state.draw_commit);
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
    if (!counts) return;
    $("audience").textContent = S.audience.replace("{display}", counts.display).replace("{viewer}", counts.viewer);
    $("mirror-offline").hidden = counts.display > 0;
  }
  async function pollAudience() {
    try {
      const response = await fetch($("audience").dataset.url, { credentials: "same-origin", cache: "no-store" });
      if (response.ok) showAudience(await response.json());
    } catch (e) { /* next poll */ }
  }
  showAudience(state.audience);
  setInterval(pollAudience, 10000);
  // Single-key shortcuts, never while the host types (a field, an input method's
  // composition, an editable area) or holds a key down.
  function typing(event) {
    const target = event.target;
    return event.isComposing || target.isContentEditable || Boolean(target.closest && target.closest("input, textarea, select"));
  }
  document.addEventListener("keydown", (event) => {
    if (typing(event) || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = { n: "next", o: "open", c: "close", r: "reveal" }[(event.key || "").toLowerCase()];
    const button = key && root.querySelector('[data-action="' + key + '"]');
    if (button && !button.disabled) { event.preventDefault(); handlers[key](true); }
  });

  if (typeof io !== "undefined") {
    const socket = io({ auth: { audience: "host", venue: venueId } });
    socket.on("connect", () => { $("conn").hidden = true; });
    socket.on("disconnect", () => { $("conn").hidden = false; });
    socket.on("stage_updated", apply);
  }
  render();
})();
