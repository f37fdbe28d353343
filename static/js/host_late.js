// The host console's panel of scores that reached the server after the close: kept, not
// counted, until the host reopens scoring for that team with a reason (audited).
window.HostLate = function (ui) {
  "use strict";
  const { $, S, el, act, toast } = ui;

  function reopen(team) {
    const reason = window.prompt(S.reopen_reason.replace("{team}", team.team_name));
    if (reason === null) return;
    if (!reason.trim()) return toast(S.reopen_need_reason);
    return act("reopen", { team_id: team.id, reason: reason.trim() }, S.reopened);
  }

  return function renderLate(late) {
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
  };
};
