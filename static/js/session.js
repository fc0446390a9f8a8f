// The session's two limits, mirrored from the server's clock (reviews/middleware.py):
// - idle: typing and clicking count as activity, through a keep-alive posted at most once a
//   minute while the clinician acts; autosave does not. A minute before the limit a notice
//   offers to stay signed in;
// - absolute (from signing in): a notice ten minutes before it gives the time, to save before.
// A notice is announced, never focused: focus moves only when the clinician acts, so typing
// goes on into the field being typed in (and, being activity, ends the idle notice).
(function () {
  "use strict";
  var warning = document.querySelector("[data-session-warning]");
  if (!warning) return;
  var idle = parseInt(warning.dataset.idleSeconds, 10) * 1000;
  var warnBefore = parseInt(warning.dataset.warnSeconds, 10) * 1000;
  var PING_EVERY = parseInt(warning.dataset.keepaliveSeconds || "60", 10) * 1000;
  var LAST_SAVE_BEFORE = 15 * 1000; // the last autosave goes this long before a limit
  var ABSOLUTE_WARN_BEFORE = 10 * 60 * 1000;
  var announcer = document.querySelector("[data-session-announce]");
  var form = warning.querySelector("form");
  var loadedAt = Date.now();
  var leftSeconds = parseInt(warning.dataset.sessionLeftSeconds || "", 10);
  var endsAt = isNaN(leftSeconds) ? null : loadedAt + leftSeconds * 1000;
  var lastActivityAck = loadedAt; // the page load was activity
  var pinging = false;
  var timers = [];

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function later(delay, action) { timers.push(setTimeout(action, Math.max(delay, 0))); }

  function startIdleClock() {
    timers.forEach(clearTimeout);
    timers = [];
    warning.hidden = true;
    later(idle - warnBefore, function () {
      warning.hidden = false;
      announce(warning.querySelector("[data-session-warning-text]").textContent);
    });
    // The page's last word goes before the server's limit, not after it.
    later(idle - LAST_SAVE_BEFORE, function () {
      document.dispatchEvent(new Event("trdreview:before-signout"));
    });
    later(idle + 1000, signedOut);
  }

  function signedOut() {
    // With input the server does not have, stay on the page: what was typed is still here.
    var event = new CustomEvent("trdreview:signed-out", { cancelable: true });
    if (document.dispatchEvent(event)) window.location.reload();
  }

  function ping() {
    pinging = true;
    var data = new FormData(form);
    return fetch(form.action, {
      method: "POST",
      body: data,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
      redirect: "manual", // the sign-in page is no "OK"
    }).then(function (response) {
      pinging = false;
      if (response.status === 204) {
        lastActivityAck = Date.now();
        startIdleClock();
        return true;
      }
      return false;
    }, function () { pinging = false; return false; });
  }

  // Keyboard and pointer activity on the page keeps the session, at most one request a minute.
  function activity(event) {
    if (event.target && event.target.closest && event.target.closest("[data-session-warning]")) return;
    if (!pinging && Date.now() - lastActivityAck >= PING_EVERY) ping();
  }
  document.addEventListener("keydown", activity, true);
  document.addEventListener("pointerdown", activity, true);

  // Where the clinician was before going to the notice: focus goes back there after it.
  // A field focused before this script ran counts too (a quick hand on a slow page).
  var focusedBefore = document.activeElement;
  document.addEventListener("focusin", function (event) {
    if (!warning.contains(event.target)) focusedBefore = event.target;
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ping().then(function (ok) {
      if (!ok) { signedOut(); return; }
      if (focusedBefore && focusedBefore !== document.body && document.contains(focusedBefore)
          && !warning.contains(focusedBefore)) {
        focusedBefore.focus(); // back to where the clinician was (WCAG 2.4.3)
      }
    });
  });

  if (endsAt !== null) {
    var ending = document.querySelector("[data-session-ending]");
    var at = new Date(endsAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    setTimeout(function () {
      if (!ending) return;
      ending.querySelector("[data-session-ending-time]").textContent = at;
      ending.hidden = false;
      announce(ending.textContent.replace(/\s+/g, " ").trim());
    }, Math.max(endsAt - ABSOLUTE_WARN_BEFORE - Date.now(), 0));
    setTimeout(function () {
      document.dispatchEvent(new Event("trdreview:before-signout"));
    }, Math.max(endsAt - LAST_SAVE_BEFORE - Date.now(), 0));
    setTimeout(signedOut, Math.max(endsAt + 1000 - Date.now(), 0));
  }
  startIdleClock();
})();
