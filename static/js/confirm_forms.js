// Forms marked data-confirm ask their question before they are sent (结束评审, 停用, 确认入围名单).
// Loaded in the page's head, before any form exists, and listening on the document: a button
// pressed while the page is still loading is asked too, never sent unasked. The server checks
// everything again.
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      const form = event.target;
      const question = form && form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) event.preventDefault();
    },
    true
  );
})();
