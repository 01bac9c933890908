// An error summary at the top of a form (the quiz): focus moves to it when the page opens, so a screen reader
// reads it and the next Tab goes to its links; a link in it brings its question into view and focuses the
// question's first choice. Without JavaScript the page still opens at the summary (the form's action ends in
// #error-summary) and the links still scroll to each question.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    var group = target && target.closest("fieldset");
    var input = group && group.querySelector("input:not([type=hidden])");
    if (!input) { return; }
    event.preventDefault();
    target.scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
