// The judge's phone. State comes from the server (snapshot + Socket.IO nudges); scores go
// out through an outbox in localStorage that is resent until the server acknowledges it.
(function () {
  "use strict";

  const app = document.getElementById("app");
  const S = JSON.parse(document.getElementById("strings").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const judgeId = app.dataset.judge;
  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);

  let state = JSON.parse($("initial-state").textContent);
  // 「我的评分」 (static/js/judge_mine.js) takes the screen in place of the sheet when open.
  const myMarks = window.judgeMine({
    url: app.dataset.marksUrl, strings: S, signedOut: () => signedOut(), toggled: () => renderOnStage(),
  });
  let builtFor = null; // "teamId:itemIds" the sheet's rows were built for
  let lastResult = {}; // teamId -> {kind: sent|failed, ...}
  let revising = {}; // teamId -> true while the judge changes marks already submitted
  let online = navigator.onLine !== false; // the socket's view, else the browser's
  let flushing = false;
  let retryDelay = 1000;
  let retryTimer = null;

  // ---- exact decimals as scaled integers (never floats): static/js/exact_decimal.js --
  const { PATTERN: DECIMAL, normalise, toUnits, fromUnits } = window.exactDecimal;

  // ---- outbox (static/js/judge_outbox.js) ---------------------------------------
  const box = window.JudgeOutbox(judgeId, app.dataset.submitUrl, csrf);
  const { all: outbox, save: saveOutbox, newKey, draftKey, held: heldEntry, keepLate } = box;

  const lockedText = $("locked-banner").textContent;
  function showHeld(teamId) {
    // At the top of the sheet, where a judge looks: what happens to the marks next.
    const held = state.locked && heldEntry(teamId);
    $("locked-banner").textContent = held ? held.message : lockedText;
    $("locked-banner").classList.toggle("held", Boolean(held));
  }
  let heldVersion = null;
  function resendHeld() {
    if (state.version === heldVersion || !outbox().some((e) => e.held)) return;
    heldVersion = state.version;
    flush();
  }

  // ---- the score sheet ------------------------------------------------------------
  function buildSheet() {
    const list = $("items");
    list.textContent = "";
    for (const item of state.items) {
      const li = document.createElement("li");
      li.dataset.item = item.id;
      li.innerHTML =
        '<label class="name"></label><p class="criteria"></p><span class="limits"></span>' +
        '<div class="stepper"><button type="button" class="minus">−</button>' +
        '<input inputmode="decimal" autocomplete="off" enterkeyhint="next">' +
        '<button type="button" class="plus">+</button></div><p class="error"></p>';
      const input = li.querySelector("input");
      input.id = "mark-" + item.id;
      input.name = "mark-" + item.id;
      li.querySelector("label").textContent = item.name;
      li.querySelector("label").htmlFor = input.id;
      const criteria = li.querySelector(".criteria");
      criteria.textContent = item.criteria || "";
      criteria.hidden = !item.criteria;
      li.querySelector(".limits").textContent =
        S.max + " " + item.maximum + " · " + S.step + " " + item.step;
      li.querySelector(".minus").setAttribute("aria-label", S.minus + " " + item.name);
      li.querySelector(".plus").setAttribute("aria-label", S.plus + " " + item.name);
      li.querySelector(".minus").addEventListener("click", () => nudge(item, input, -1));
      li.querySelector(".plus").addEventListener("click", () => nudge(item, input, +1));
      input.addEventListener("input", () => { saveDraft(); validate(); });
      // Full-width digits (１４, 13。5) are read as typed; once the box is left they show
      // in the form the server stores, so the judge sees what will be submitted.
      input.addEventListener("change", () => {
        const text = normalise(input.value);
        if (DECIMAL.test(text) && text !== input.value) { input.value = text; saveDraft(); }
      });
      list.appendChild(li);
    }
  }

  function nudge(item, input, direction) {
    // From an empty box both buttons start at full marks: judges mostly deduct from it.
    const max = toUnits(item.maximum), step = toUnits(item.step);
    const text = normalise(input.value);
    let units = DECIMAL.test(text) ? toUnits(text) : max + (direction > 0 ? 0 : step);
    units = Math.round(units / step) * step + direction * step;
    input.value = fromUnits(Math.min(max, Math.max(0, units)));
    saveDraft();
    validate();
  }

  function readMarks() {
    const marks = {};
    for (const item of state.items) marks[item.id] = normalise($("mark-" + item.id).value);
    return marks;
  }

  function validate() {
    let total = 0, complete = true, valid = true;
    for (const item of state.items) {
      const li = app.querySelector('li[data-item="' + item.id + '"]');
      const text = normalise($("mark-" + item.id).value);
      let message = "";
      if (text === "") complete = false;
      else if (!DECIMAL.test(text)) message = S.not_number;
      else if (toUnits(text) > toUnits(item.maximum)) message = fmt(S.range, { max: item.maximum });
      else if (toUnits(text) % toUnits(item.step) !== 0) message = fmt(S.off_step, { step: item.step });
      else total += toUnits(text);
      li.classList.toggle("invalid", message !== "");
      li.querySelector(".error").textContent = message;
      if (message) valid = false;
    }
    const ready = complete && valid;
    $("total").textContent = valid ? fromUnits(total) : "—";
    $("hint").textContent = !valid ? S.fix_marks : complete ? "" : S.fill_all;
    $("submit").disabled = !ready || state.locked || !state.scoring_open || mode() !== "edit";
    return ready ? fromUnits(total) : null;
  }

  function saveDraft() {
    if (state.team) localStorage.setItem(draftKey(state.team.id), JSON.stringify(readMarks()));
  }

  function mineFor(team) {
    return state.mine && team && state.mine.team_id === team.id ? state.mine : null;
  }

  function pendingFor(team) {
    return outbox().filter((e) => e.team_id === team.id).pop() || null;
  }

  function fillSheet() {
    const team = state.team;
    const pending = pendingFor(team);
    let draft = null;
    try { draft = JSON.parse(localStorage.getItem(draftKey(team.id))); } catch (e) { /* none */ }
    const mine = mineFor(team) ? state.mine.marks : null;
    const held = heldEntry(team.id);
    // A draft that differs from the submitted marks: the judge was changing them (and
    // reloaded the page meanwhile), so they are still changing them.
    if (mine && draft && !state.locked && JSON.stringify(draft) !== JSON.stringify(mine)) {
      revising[team.id] = true;
    }
    // Locked: what the server has, or the marks it kept after the close (held).
    const source = state.locked ? (held && held.marks) || mine : (pending && pending.marks) || draft || mine || {};
    setMarks(source);
  }

  function setMarks(source) {
    for (const item of state.items) $("mark-" + item.id).value = (source && source[item.id]) || "";
  }

  // What the sheet is for now: "view" (submitted, or locked: read-only), "pending" (in the
  // outbox, read-only until the server has it) or "edit".
  function mode() {
    const team = state.team;
    if (!team || state.locked) return "view";
    if (pendingFor(team)) return "pending";
    const failed = lastResult[team.id] && lastResult[team.id].kind === "failed";
    if (mineFor(team) && !revising[team.id] && !failed) return "view";
    return "edit";
  }

  // ---- rendering ------------------------------------------------------------------
  function render() {
    const team = state.team;
    $("team").hidden = !team;
    if (team) {
      $("team-company").textContent = team.company_name;
      $("team-name").textContent = team.team_name;
      $("on-stage-team").textContent = team.team_name;
      $("team-mode").textContent = team.mode === "online" ? S.online : S.in_hall;
    }
    let notice = "";
    if (!team) notice = S.waiting_start;
    else if (state.recused) notice = S.recused;
    else if (state.locked && !state.mine && !heldEntry(team.id)) notice = S.locked_none;
    else if (!state.scoring_open && !state.locked) notice = S.waiting_open;
    $("notice").hidden = notice === "";
    $("notice").classList.toggle("recused", Boolean(team && state.recused));
    $("notice-text").textContent = notice;

    const kept = Boolean(team && state.locked && (state.mine || heldEntry(team.id)));
    const showSheet = Boolean(team && !state.recused && (state.scoring_open || kept));
    $("sheet").hidden = !showSheet;
    if (showSheet) {
      // Names, limits and 评分要点 too: staff may edit the sheet until the first score.
      const shape = team.id + ":" + JSON.stringify(state.items) + ":" + state.locked + ":" + Boolean(heldEntry(team.id));
      if (builtFor !== shape) { buildSheet(); fillSheet(); builtFor = shape; }
      $("sheet").classList.toggle("locked", state.locked);
      $("locked-banner").hidden = !state.locked;
    } else {
      builtFor = null;
    }
    if (state.locked) $("confirm").hidden = true;
    renderStatus();
    renderOnStage();
    if (myMarks.isOpen()) myMarks.load();
  }

  // The sheet's inputs and buttons for its mode; called whenever the outbox moves too.
  function renderActions() {
    const team = state.team;
    if (!team || $("sheet").hidden) return;
    const current = mode();
    const readOnly = current !== "edit";
    $("sheet").classList.toggle("readonly", readOnly);
    for (const input of $("items").querySelectorAll("input")) input.readOnly = readOnly;
    if (current === "view" && mineFor(team)) setMarks(state.mine.marks);
    const confirming = !$("confirm").hidden;
    $("sheet-footer").hidden = current === "view";
    $("submit").hidden = confirming;
    if (current === "pending") {
      $("submit").textContent = flushing && online ? S.sending : S.submit_offline;
    } else if (!online) {
      $("submit").textContent = S.submit_offline;
    } else {
      $("submit").textContent = mineFor(team) ? S.submit_revision : S.submit;
    }
    validate();
  }

  function renderStatus() {
    const box = $("status");
    const team = state.team;
    box.className = "panel status";
    $("revise").hidden = true;
    $("cancel-revise").hidden = true;
    renderActions();
    if (!team || state.recused || $("sheet").hidden) { box.hidden = true; return; }
    showHeld(team.id);
    const pending = outbox().some((e) => e.team_id === team.id && !e.held);
    const result = lastResult[team.id];
    const mine = mineFor(team);
    const held = heldEntry(team.id);
    let title = "", detail = "";
    if (held && !pending) {
      box.classList.add("held");
      title = held.message;
    } else if (pending) {
      box.classList.add("waiting");
      title = flushing && online && retryDelay === 1000 ? S.sending : S.waiting_net;
    } else if (result && result.kind === "failed") {
      box.classList.add("failed");
      title = S.failed + "：" + result.message;
    } else if (mine && mode() === "edit") {
      box.classList.add("revising");
      title = S.revising;
      detail = fmt(S.revising_detail, { total: mine.total });
      $("cancel-revise").hidden = false;
    } else if (mine) {
      box.classList.add("sent");
      title = fmt(S.sent, { n: mine.version });
      detail = fmt(S.sent_detail, { total: mine.total, receipt: mine.receipt });
      $("revise").hidden = state.locked || !state.scoring_open;
    } else { box.hidden = true; return; }
    $("status-title").textContent = title;
    $("status-detail").textContent = detail;
    $("status-detail").hidden = detail === "";
    box.hidden = false;
  }

  // ---- the team on stage stays in sight: static/js/judge_onstage.js ---------------
  const renderOnStage = window.judgeOnStage(() => !state.team || myMarks.isOpen());

  // ---- talking to the server ------------------------------------------------------
  let refreshSeq = 0;
  async function refresh() {
    // Fetches can overlap (a push arrives while one is in flight) and answer out of order:
    // only the latest request's answer is applied, and never an older stage version.
    const seq = ++refreshSeq;
    try {
      const response = await fetch(app.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" });
      if (seq !== refreshSeq) return;
      if (response.status === 401) return signedOut();
      if (!response.ok) return;
      const next = await response.json();
      if (seq !== refreshSeq || next.version < state.version) return;
      if (next.step) return location.reload(); // a pledge to accept or a sheet to sign
      state = next;
      render();
      resendHeld();
    } catch (e) { /* offline: the socket's reconnect will refresh */ }
  }

  function signedOut() {
    myMarks.show(false);
    $("sheet").hidden = true;
    $("team").hidden = true;
    $("notice").hidden = false;
    $("notice-text").textContent = S.signed_out;
  }

  function submit(event) {
    event.preventDefault();
    const total = validate();
    if (total === null) return;
    $("confirm-text").textContent = fmt(S.confirm, { total: total });
    $("confirm").hidden = false;
    renderActions();
  }

  function confirmSubmit() {
    const total = validate();
    $("confirm").hidden = true;
    if (total === null || !state.team) return renderActions();
    const entries = outbox();
    entries.push({ key: newKey(), team_id: state.team.id, marks: readMarks(), total: total });
    saveOutbox(entries);
    delete lastResult[state.team.id];
    delete revising[state.team.id];
    retryDelay = 1000;
    flush();
    // The outcome (正在提交…, then 已提交 with the receipt) shows at the top: go there.
    window.scrollTo(0, 0);
  }

  function startRevising() {
    revising[state.team.id] = true;
    renderStatus();
  }

  function cancelRevising() {
    const team = state.team;
    delete revising[team.id];
    delete lastResult[team.id];
    localStorage.removeItem(draftKey(team.id));
    if (mineFor(team)) setMarks(state.mine.marks);
    renderStatus();
  }

  function setOnline(value) {
    online = value;
    renderStatus();
  }

  async function flush() {
    if (flushing || !outbox().length) return;
    flushing = true;
    clearTimeout(retryTimer);
    renderStatus();
    let networkDown = false;
    const tried = new Set();
    while (!networkDown) {
      // Each entry once per run (a held one stays in the outbox), entries added meanwhile too.
      const entry = outbox().find((e) => !tried.has(e.key));
      if (!entry) break;
      tried.add(entry.key);
      const response = await box.send(entry);
      if (!response) { networkDown = true; break; }
      let body = {};
      try { body = await response.json(); } catch (e) { /* non-JSON error page */ }
      if (keepLate(entry, response, body)) continue;
      saveOutbox(outbox().filter((e) => e.key !== entry.key));
      if (response.ok && body.submission) {
        localStorage.removeItem(draftKey(entry.team_id));
        if (state.team && state.team.id === entry.team_id) state.mine = body.submission;
        delete lastResult[entry.team_id];
      } else {
        lastResult[entry.team_id] = { kind: "failed", message: body.message || response.statusText };
        if (response.status === 401) signedOut();
      }
    }
    flushing = false;
    if (networkDown) {
      retryDelay = Math.min(retryDelay * 2, 10000);
      retryTimer = setTimeout(flush, retryDelay);
    } else {
      retryDelay = 1000;
      refresh();
    }
    renderStatus();
  }

  // ---- live updates (static/js/judge_live.js) ------------------------------------
  function connect() {
    window.judgeLive({
      connected: () => { $("conn").hidden = true; setOnline(true); refresh(); flush(); },
      lost: () => { $("conn").hidden = false; setOnline(false); },
      stage: (data) => { if (!data || data.version !== state.version) refresh(); },
    });
  }

  $("sheet").addEventListener("submit", submit);
  $("confirm-yes").addEventListener("click", confirmSubmit);
  $("confirm-no").addEventListener("click", () => {
    $("confirm").hidden = true;
    renderActions();
  });
  $("revise").addEventListener("click", startRevising);
  $("cancel-revise").addEventListener("click", cancelRevising);
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => setOnline(false));
  render();
  connect();
  if (outbox().length) flush();
})();
