// A Print button on the pages that have a print stylesheet (the dashboard, a student's page). It is hidden in
// the HTML and shown here, so that nobody without JavaScript sees a button that does nothing; they still have
// their browser's own Print, which uses the same stylesheet.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
