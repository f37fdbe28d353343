// The judge's phone. State comes from the server (snapshot + Socket.IO nudges); scores go
// out through an outbox in localStorage that is resent until the server acknowledges it.
(function () {
  "use strict";

  const app = document.getElementById("app");
  const S = JSON.parse(document.getElementById("strings").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const judgeId = app.dataset.judge;
  const OUTBOX = "contest-outbox-" + judgeId;
  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);

  let state = JSON.parse($("initial-state").textContent);
  let builtFor = null; // "teamId:itemIds" the sheet's rows were built for
  let lastResult = {}; // teamId -> {kind: sent|failed, ...}
  let flushing = false;
  let retryDelay = 1000;
  let retryTimer = null;

  // ---- exact decimals as scaled integers (never floats): static/js/exact_decimal.js --
  const { PATTERN: DECIMAL, toUnits, fromUnits } = window.exactDecimal;

  // ---- outbox ---------------------------------------------------------------------
  function outbox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX)) || []; } catch (e) { return []; }
  }
  function saveOutbox(entries) { localStorage.setItem(OUTBOX, JSON.stringify(entries)); }
  function newKey() {
    // crypto.randomUUID needs a secure context; the hall's Wi-Fi is often plain http.
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function draftKey(teamId) { return "contest-draft-" + judgeId + "-" + teamId; }

  // ---- late scores: scoring closed while the phone was offline --------------------
  // The server kept the marks for the host to decide; so does the phone: the entry stays
  // in the outbox, marked held, and is resent (idempotent) whenever the stage moves on,
  // until the host's reopening turns it into the judge's submission.
  function heldEntry(teamId) { return outbox().filter((e) => e.team_id === teamId && e.held).pop(); }
  function keepLate(entry, response, body) {
    const kept = response.status === 202 && body.late && body.late.status === "pending";
    const closed = response.status === 409 && body.error === "scoring_closed";
    if (!kept && !closed) return false;
    const held = { held: true, message: body.message || response.statusText };
    saveOutbox(outbox().map((e) => (e.key === entry.key ? Object.assign({}, e, held) : e)));
    return true;
  }
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
      list.appendChild(li);
    }
  }

  function nudge(item, input, direction) {
    // From an empty box both buttons start at full marks: judges mostly deduct from it.
    const max = toUnits(item.maximum), step = toUnits(item.step);
    const text = input.value.trim();
    let units = DECIMAL.test(text) ? toUnits(text) : max + (direction > 0 ? 0 : step);
    units = Math.round(units / step) * step + direction * step;
    input.value = fromUnits(Math.min(max, Math.max(0, units)));
    saveDraft();
    validate();
  }

  function readMarks() {
    const marks = {};
    for (const item of state.items) marks[item.id] = $("mark-" + item.id).value.trim();
    return marks;
  }

  function validate() {
    let total = 0, complete = true, valid = true;
    for (const item of state.items) {
      const li = app.querySelector('li[data-item="' + item.id + '"]');
      const text = $("mark-" + item.id).value.trim();
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
    $("submit").disabled = !ready || state.locked || !state.scoring_open;
    return ready ? fromUnits(total) : null;
  }

  function saveDraft() {
    if (state.team) localStorage.setItem(draftKey(state.team.id), JSON.stringify(readMarks()));
  }

  function fillSheet() {
    const team = state.team;
    const pending = outbox().filter((e) => e.team_id === team.id).pop();
    let draft = null;
    try { draft = JSON.parse(localStorage.getItem(draftKey(team.id))); } catch (e) { /* none */ }
    const mine = state.mine && state.mine.team_id === team.id ? state.mine.marks : null;
    const held = heldEntry(team.id);
    const source = state.locked ? (held && held.marks) || mine : (pending && pending.marks) || draft || mine || {};
    for (const item of state.items) $("mark-" + item.id).value = (source && source[item.id]) || "";
  }

  // ---- rendering ------------------------------------------------------------------
  function render() {
    const team = state.team;
    $("team").hidden = !team;
    if (team) {
      $("team-company").textContent = team.company_name;
      $("team-name").textContent = team.team_name;
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
      $("submit").hidden = state.locked;
      $("submit").textContent = state.mine && state.mine.team_id === team.id ? S.revise : S.submit;
      validate();
    } else {
      builtFor = null;
    }
    if (state.locked) $("confirm").hidden = true;
    renderStatus();
  }

  function renderStatus() {
    const box = $("status");
    const team = state.team;
    box.className = "panel status";
    box.textContent = "";
    if (!team || state.recused) { box.hidden = true; return; }
    showHeld(team.id);
    const pending = outbox().some((e) => e.team_id === team.id && !e.held);
    const result = lastResult[team.id];
    const held = heldEntry(team.id);
    if (held && !pending) {
      box.classList.add("held");
      box.textContent = held.message;
    } else if (pending) {
      box.classList.add("waiting");
      box.textContent = flushing && retryDelay === 1000 ? S.sending : S.waiting_net;
    } else if (result && result.kind === "failed") {
      box.classList.add("failed");
      box.textContent = S.failed + "：" + result.message;
    } else if (state.mine && state.mine.team_id === team.id) {
      box.classList.add("sent");
      box.textContent = S.sent + " · " + fmt(S.version, { n: state.mine.version }) + " · " + S.receipt;
      const code = document.createElement("span");
      code.className = "receipt";
      code.textContent = state.mine.receipt;
      box.appendChild(code);
    } else { box.hidden = true; return; }
    box.hidden = false;
  }

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
      state = next;
      render();
      resendHeld();
    } catch (e) { /* offline: the socket's reconnect will refresh */ }
  }

  function signedOut() {
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
    $("submit").hidden = true;
  }

  function confirmSubmit() {
    const total = validate();
    $("confirm").hidden = true;
    $("submit").hidden = false;
    if (total === null || !state.team) return;
    const entries = outbox();
    entries.push({ key: newKey(), team_id: state.team.id, marks: readMarks(), total: total });
    saveOutbox(entries);
    delete lastResult[state.team.id];
    retryDelay = 1000;
    flush();
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
      let response = null;
      try {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 10000);
        response = await fetch(app.dataset.submitUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
          body: JSON.stringify({
            team_id: entry.team_id, marks: entry.marks, total: entry.total, idempotency_key: entry.key,
          }),
          signal: controller.signal,
        });
        clearTimeout(timer);
      } catch (e) { networkDown = true; break; }
      if (response.status >= 500) { networkDown = true; break; }
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

  // ---- live updates ---------------------------------------------------------------
  function connect() {
    if (typeof io === "undefined") return;
    const socket = io({ auth: { audience: "judge" } });
    socket.on("connect", () => { $("conn").hidden = true; refresh(); flush(); });
    socket.on("disconnect", () => { $("conn").hidden = false; });
    socket.on("connect_error", () => { $("conn").hidden = false; });
    socket.on("stage_updated", (data) => { if (!data || data.version !== state.version) refresh(); });
    socket.on("nudged", () => {
      if (navigator.vibrate) navigator.vibrate([300, 150, 300, 150, 300]);
      const banner = $("nudge");
      banner.hidden = false;
      banner.classList.remove("flash");
      void banner.offsetWidth; // restart the flash animation
      banner.classList.add("flash");
      clearTimeout(banner.timer);
      banner.timer = setTimeout(() => { banner.hidden = true; }, 8000);
    });
  }

  $("sheet").addEventListener("submit", submit);
  $("confirm-yes").addEventListener("click", confirmSubmit);
  $("confirm-no").addEventListener("click", () => {
    $("confirm").hidden = true;
    $("submit").hidden = false;
  });
  window.addEventListener("online", flush);
  render();
  connect();
  if (outbox().length) flush();
})();
