// Quick exit, after the GOV.UK "Exit this page" pattern: blank the page at once, then replace the
// location so that Back does not return here. Shift pressed three times (each within 5 s) does the same.
// Without JavaScript the button is still a plain link.
(function () {
  "use strict";
  var SHIFT_WINDOW_MS = 5000;
  var shiftPresses = 0;
  var shiftTimer = null;

  function exitTarget() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.href : "about:blank";
  }

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    var overlay = document.getElementById("quick-exit-overlay");
    if (overlay) { overlay.hidden = false; }
    document.title = "…";
    document.body.classList.add("exiting");
    window.location.replace(exitTarget());
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) { quickExit(event); }
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { shiftPresses = 0; return; }
    shiftPresses += 1;
    clearTimeout(shiftTimer);
    shiftTimer = setTimeout(function () { shiftPresses = 0; }, SHIFT_WINDOW_MS);
    var bar = document.getElementById("quick-exit-bar");
    if (bar) { bar.setAttribute("data-presses", String(shiftPresses)); }
    if (shiftPresses >= 3) { shiftPresses = 0; quickExit(); }
  });

  // Coming back through the browser cache must not leave the page blanked.
  window.addEventListener("pageshow", function () {
    var overlay = document.getElementById("quick-exit-overlay");
    if (overlay) { overlay.hidden = true; }
    document.body.classList.remove("exiting");
  });
})();
