// 「我的评分」 on the judge's phone: their own current marks in their venue today, team by
// team in running order, recused teams as 回避, so a long day's marks stay consistent.
// It takes the screen in place of the score sheet while open (the header's toggle).
window.judgeMine = (function () {
  "use strict";
  const $ = (id) => document.getElementById(id);

  return function ({ url, strings: S, signedOut, toggled }) {
    let seq = 0;
    const isOpen = () => !$("mine").hidden;

    function show(open) {
      $("mine").hidden = !open;
      $("scoring").hidden = open;
      $("mine-toggle").setAttribute("aria-pressed", String(open));
      $("mine-toggle").textContent = open ? S.mine_hide : S.mine_show;
      window.scrollTo(0, 0);
      toggled();
      if (open) load();
    }

    async function load() {
      const mySeq = ++seq; // only the latest answer is shown
      try {
        const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
        if (mySeq !== seq) return;
        if (response.status === 401) return signedOut();
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        if (mySeq === seq) render(data);
      } catch (e) {
        if (mySeq !== seq) return;
        $("mine-status").textContent = S.mine_failed;
        $("mine-status").hidden = false;
      }
    }

    function render(data) {
      const legend = $("mine-legend"), list = $("mine-list");
      legend.textContent = "";
      list.textContent = "";
      for (const item of data.items) {
        const li = document.createElement("li");
        li.textContent = item.name + "（" + S.max + " " + item.maximum + "）";
        legend.appendChild(li);
      }
      for (const row of data.teams) list.appendChild(teamRow(row, data.items));
      $("mine-status").textContent = S.mine_empty;
      $("mine-status").hidden = data.teams.length > 0;
      legend.hidden = data.teams.length === 0;
    }

    function teamRow(row, items) {
      const li = document.createElement("li");
      li.dataset.team = row.team_id;
      li.classList.toggle("recused", row.recused);
      li.innerHTML =
        '<p class="mine-head"><span class="order"></span><span class="name team"></span>' +
        '<b class="mine-total"></b></p><p class="name company"></p>';
      li.querySelector(".order").textContent = row.order || "";
      li.querySelector(".team").textContent = row.team_name;
      li.querySelector(".company").textContent = row.company_name;
      li.querySelector(".mine-total").textContent = row.recused ? S.mine_recused : row.total;
      if (row.recused) return li;
      const marks = document.createElement("ol");
      marks.className = "mine-marks";
      items.forEach((item, index) => {
        const mark = document.createElement("li");
        mark.innerHTML = "<small></small><span></span>";
        mark.querySelector("small").textContent = index + 1;
        mark.querySelector("span").textContent = row.marks[item.id] || "—";
        mark.title = item.name;
        marks.appendChild(mark);
      });
      li.appendChild(marks);
      return li;
    }

    $("mine-toggle").addEventListener("click", () => show(!isOpen()));
    return { load, show, isOpen };
  };
})();
