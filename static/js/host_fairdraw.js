// The host console's witnessed draw: publish the commitment, add witnesses typed at the
// console (phones join through the witness link), then the draw from the commitment.
window.HostFairDraw = function (ui) {
  "use strict";
  const { $, S, el, act, toast } = ui;

  $("commit-go").addEventListener("click", () => {
    if (!window.confirm(S.confirm_commit)) return;
    act("draw_commit", {}, S.committed);
  });
  $("witness-add").addEventListener("click", () => {
    const name = $("witness-name").value.trim();
    const entropy = $("witness-entropy").value.trim();
    if (!name || !entropy) return toast(S.need_witness);
    Promise.resolve(act("draw_witness", { name: name, entropy: entropy }, S.witness_added)).then((result) => {
      if (!result || !result.ok) return;
      $("witness-name").value = "";
      $("witness-entropy").value = "";
    });
  });

  return {
    render(commit) {
      $("commit-go").hidden = Boolean(commit);
      $("commit-open").hidden = !commit;
      $("draw-seed-row").hidden = Boolean(commit); // the seed comes from the commitment
      $("draw-random").hidden = Boolean(commit);
      $("draw-witnesses-row").hidden = Boolean(commit); // the witnesses joined above
      if (!commit) return;
      $("commit-hash").textContent = commit.commitment;
      const list = $("commit-witnesses");
      list.textContent = "";
      for (const w of commit.witnesses) list.appendChild(el("li", "", w.name + "：" + w.entropy));
    },
    draw(commit) {
      if (!window.confirm(S.confirm_fairdraw.replace("{n}", commit.witnesses.length))) return;
      act("draw", {});
    },
  };
};
