// Live lessons: the presenter, the projector and the students' phones ask for a small JSON state every 2 s
// (a 304 when nothing changed). A new step reloads the page, which the server renders; counts update in place.
// Without JavaScript the pages work the same with their "show the current step" buttons.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-state]");
  if (!root) return;
  var url = root.getAttribute("data-live-state");
  var version = root.getAttribute("data-live-version");
  var role = root.getAttribute("data-live-role");
  // The page was rendered from the state the poll would return: start from its tag, so the first poll is a 304.
  var etag = root.getAttribute("data-live-etag") || null;
  var answeredAtLoad = root.querySelector(".notice[role=status]") !== null;

  function setText(selector, value) {
    var nodes = root.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = String(value);
  }

  function updateBars(results, total) {
    var bars = root.querySelectorAll("progress[data-option]");
    if (!bars.length) return false;
    for (var i = 0; i < bars.length; i++) {
      var id = bars[i].getAttribute("data-option");
      var count = results[id] || 0;
      bars[i].max = total;
      bars[i].value = count;
      bars[i].textContent = String(count);
      setText('[data-count="' + id + '"]', count);
    }
    return true;
  }

  function apply(state) {
    if (!state.live) {
      if (version !== "0") window.location.reload();
      return;
    }
    if (String(state.version) !== version) {
      window.location.reload();
      return;
    }
    if (typeof state.following === "number") setText("[data-live-following]", state.following);
    if (typeof state.answered === "number") setText("[data-live-answered]", state.answered);
    if (role === "student" && typeof state.answered === "boolean" && state.answered !== answeredAtLoad) {
      window.location.reload();
      return;
    }
    if (role === "student" && root.querySelector("form.live-answer")) return; // never reload under a choice
    var showBars = state.results && (role === "presenter" || state.revealed || role === "student");
    if (showBars && !updateBars(state.results, state.total || state.answered)) window.location.reload();
  }

  function poll() {
    if (document.hidden) return;
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (state) {
        if (state) apply(state);
      })
      .catch(function () {});
  }
  window.setInterval(poll, 2000);

  // The student's phone says it is following now and then: the teacher sees a count, never a name.
  var presence = root.querySelector("form[data-live-presence]");
  // At most one every 15 s, however often the page reloads (each teacher action reloads every phone).
  function here() {
    if (document.hidden || !presence) return;
    var last = 0;
    try { last = parseInt(window.sessionStorage.getItem("live-here") || "0", 10); } catch (e) { last = 0; }
    if (Date.now() - last < 14000) return;
    try { window.sessionStorage.setItem("live-here", String(Date.now())); } catch (e) { /* private mode */ }
    var body = new FormData(presence);
    body.append("quiet", "1");
    fetch(presence.action, { method: "POST", body: body, credentials: "same-origin" }).catch(function () {});
  }
  if (presence && role === "student") {
    here();
    window.setInterval(here, 15000);
  }

  // The presenter's clock against the lesson's planned minutes.
  var timer = root.querySelector("[data-live-timer]");
  if (timer) {
    var started = Date.parse(timer.getAttribute("data-started"));
    var template = timer.getAttribute("data-label");
    var planned = parseInt(timer.getAttribute("data-planned"), 10);
    window.setInterval(function () {
      var minutes = Math.max(0, Math.floor((Date.now() - started) / 60000));
      timer.textContent = template.replace("{m}", String(minutes));
      timer.classList.toggle("is-late", minutes > planned);
    }, 15000);
  }
})();
