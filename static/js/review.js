// The reviewer's score sheet: a running total, marks read as Chinese input methods type them,
// drafts saved a moment after typing stops (with the version the page last saw, so a stale
// page never overwrites a newer save), and one confirmed 提交评审.
(function () {
  "use strict";
  const work = document.getElementById("work");
  if (!work) return;
  const S = JSON.parse(document.getElementById("strings").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const { PATTERN, normalise, toUnits, fromUnits } = window.exactDecimal;
  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  const items = Array.from(work.querySelectorAll("li.item"));
  const editable = work.dataset.editable === "1";
  let version = parseInt(work.dataset.version, 10);
  let timer = null, inFlight = null, dirty = false, stopped = false;

  function collect() {
    const body = { version, marks: {}, item_comments: {} };
    for (const li of items) {
      const id = li.dataset.item;
      body.marks[id] = $("mark-" + id).value;
      body.item_comments[id] = $("comment-" + id).value;
    }
    for (const part of work.querySelectorAll("textarea.part")) body[part.dataset.part] = part.value;
    return body;
  }

  // Each mark checked as typed; the total once every mark is valid.
  function validate() {
    let total = 0, complete = true, valid = true, scored = 0;
    for (const li of items) {
      const text = normalise($("mark-" + li.dataset.item).value);
      const max = toUnits(li.dataset.max), step = toUnits(li.dataset.step);
      let message = "";
      if (text === "") complete = false;
      else if (!PATTERN.test(text)) message = S.not_number;
      else if (toUnits(text) > max) message = fmt(S.range, { max: li.dataset.max });
      else if (toUnits(text) % step !== 0) message = fmt(S.off_step, { step: li.dataset.step });
      else { total += toUnits(text); scored += 1; }
      li.classList.toggle("invalid", message !== "");
      $("error-" + li.dataset.item).textContent = message;
      if (message) valid = false;
    }
    const ready = complete && valid;
    // The running total of the valid marks so far, and how many items are still to score.
    $("total").textContent = scored ? fromUnits(total) : "—";
    $("scored").textContent = ready ? "" : fmt(S.scored, { n: scored, of: items.length });
    $("jump-total").textContent = scored ? fromUnits(total) : "";
    const parts = Array.from(work.querySelectorAll("textarea.part")).every((p) => p.value.trim());
    return ready && parts ? fromUnits(total) : null;
  }

  function show(text, kind) {
    const line = $("save-state");
    line.textContent = text;
    line.className = "save-state" + (kind ? " " + kind : "");
  }

  function post(url) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(collect()),
      credentials: "same-origin",
    }).then((response) => response.json()
      .catch(() => ({}))  // an error page rather than JSON: its status says enough
      .then((data) => ({ status: response.status, data })));
  }

  // What stops saving for good, in words: a stale page or closed round (409), an expired
  // page (400), an assignment no longer this reviewer's (404).
  function refusal(status, data) {
    if (data.errors) return data.errors.join(" ");
    if (status === 400) return S.expired;
    if (status === 404) return S.gone;
    return S.failed;
  }

  function save() {
    timer = null;
    if (stopped || !dirty) return Promise.resolve();
    if (inFlight) return inFlight.then(save);
    if (!navigator.onLine) { show(S.offline, "bad"); return Promise.resolve(); }
    dirty = false;
    show(S.saving, "");
    inFlight = post(work.dataset.draftUrl)
      .then(({ status, data }) => {
        if (status === 200) {
          version = data.version;
          $("review-state").textContent = S.draft;
          if (!dirty) show(fmt(S.saved, { time: data.saved_at }), "ok");
        } else {
          // Refused for good: stop saving, keep what is typed, say why. Otherwise retry.
          stopped = [400, 404, 409].includes(status);
          dirty = true;
          show(refusal(status, data), "bad");
          if (!stopped) later(10000);
        }
      })
      .catch(() => { dirty = true; show(navigator.onLine ? S.failed : S.offline, "bad"); later(10000); })
      .finally(() => { inFlight = null; });
    return inFlight;
  }

  function later(ms) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, ms);
  }

  function changed() {
    dirty = true;
    validate();
    if (!stopped) { show(S.unsaved, ""); later(1200); }
  }

  validate();
  if (!editable) return;
  for (const li of items) {
    const input = $("mark-" + li.dataset.item);
    input.addEventListener("input", changed);
    // Full-width digits (１４, 13。5) are read as typed; once the box is left they show in
    // the form the server stores, so the reviewer sees what will be submitted.
    input.addEventListener("change", () => {
      const text = normalise(input.value);
      if (PATTERN.test(text) && text !== input.value) { input.value = text; changed(); }
    });
    $("comment-" + li.dataset.item).addEventListener("input", changed);
  }
  for (const part of work.querySelectorAll("textarea.part")) part.addEventListener("input", changed);
  window.addEventListener("online", () => { if (dirty) later(200); });
  window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });

  const errors = $("submit-errors");
  function listErrors(messages) {
    errors.replaceChildren(...messages.map((m) => { const li = document.createElement("li"); li.textContent = m; return li; }));
    errors.hidden = messages.length === 0;
  }

  $("submit-review").addEventListener("click", () => {
    const total = validate();
    if (total === null) { listErrors([S.fill_all]); return; }
    listErrors([]);
    if (!window.confirm(fmt(S.confirm, { total }))) return;
    if (timer) { clearTimeout(timer); timer = null; }
    const button = $("submit-review");
    button.disabled = true;
    button.textContent = S.submitting;
    (inFlight || Promise.resolve())
      .then(() => post(work.dataset.submitUrl))
      .then(({ status, data }) => {
        if (status === 200) { dirty = false; window.location.reload(); return; }
        listErrors([refusal(status, data)]);
        button.disabled = false;
        button.textContent = S.submit;
      })
      .catch(() => {
        listErrors([navigator.onLine ? S.failed : S.offline]);
        button.disabled = false;
        button.textContent = S.submit;
      });
  });
})();
