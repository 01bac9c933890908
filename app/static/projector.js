// The projector page: how many students have joined, asked every few seconds (a GET that changes nothing) and
// written in place. Without JavaScript the number is the one at load, and the Refresh link loads it again.
(function () {
  "use strict";
  var INTERVAL_MS = 4000;
  var count = document.getElementById("joined-count");
  var refresh = document.querySelector("[data-refresh]");
  if (!count || !window.fetch) { return; }
  var url = count.getAttribute("data-joined-url");
  if (refresh) { refresh.hidden = true; }

  function schedule() { window.setTimeout(ask, INTERVAL_MS); }

  function ask() {
    if (document.hidden) { schedule(); return; }  // a projector tab in the background asks nothing
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          // Signed out, or the class is gone: stop asking, and offer the page's own Refresh link again.
          if (refresh) { refresh.hidden = false; }
          return;
        }
        return response.json().then(function (data) {
          if (typeof data.text === "string" && count.textContent !== data.text) { count.textContent = data.text; }
          schedule();
        });
      })
      .catch(schedule);  // the network failed once: ask again later
  }

  schedule();
})();
