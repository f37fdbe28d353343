// The judge's outbox: marks on their way to the server, kept in localStorage so that a
// reload, a dead battery or a lost network loses nothing. Each entry carries its own
// idempotency key, so a resend after a lost answer is stored once, never twice.
window.JudgeOutbox = function (judgeId, submitUrl, csrf) {
  "use strict";
  const KEY = "contest-outbox-" + judgeId;

  function all() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function save(entries) { localStorage.setItem(KEY, JSON.stringify(entries)); }
  function newKey() {
    // crypto.randomUUID needs a secure context; the hall's Wi-Fi is often plain http.
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function draftKey(teamId) { return "contest-draft-" + judgeId + "-" + teamId; }

  // Late scores: scoring closed while the phone was offline. The server kept the marks for
  // the host to decide; so does the phone: the entry stays in the outbox, marked held, and
  // is resent (idempotent) whenever the stage moves on, until the host's reopening turns it
  // into the judge's submission.
  function held(teamId) { return all().filter((e) => e.team_id === teamId && e.held).pop(); }
  function keepLate(entry, response, body) {
    const kept = response.status === 202 && body.late && body.late.status === "pending";
    const closed = response.status === 409 && body.error === "scoring_closed";
    if (!kept && !closed) return false;
    const mark = { held: true, message: body.message || response.statusText };
    save(all().map((e) => (e.key === entry.key ? Object.assign({}, e, mark) : e)));
    return true;
  }

  // One entry, posted once: the response, or null when the network (or a server error)
  // says to try again later.
  async function send(entry) {
    try {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 10000);
      const response = await fetch(submitUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({
          team_id: entry.team_id, marks: entry.marks, total: entry.total, idempotency_key: entry.key,
        }),
        signal: controller.signal,
      });
      clearTimeout(timer);
      return response.status >= 500 ? null : response;
    } catch (e) {
      return null;
    }
  }

  return { all, save, newKey, draftKey, held, keepLate, send };
};
