// Warn a minute before the idle sign-out, and offer to stay signed in. Page loads and "Stay
// signed in" are activity; autosave is not (the server decides, this only mirrors its clock).
(function () {
  "use strict";
  var warning = document.querySelector("[data-session-warning]");
  if (!warning) return;
  var idle = parseInt(warning.dataset.idleSeconds, 10) * 1000;
  var warnBefore = parseInt(warning.dataset.warnSeconds, 10) * 1000;
  var form = warning.querySelector("form");
  var warnTimer, expireTimer, focusedBefore = null;

  function start() {
    clearTimeout(warnTimer);
    clearTimeout(expireTimer);
    warning.hidden = true;
    warnTimer = setTimeout(function () {
      focusedBefore = document.activeElement;
      warning.hidden = false;
      warning.querySelector("button").focus();
    }, Math.max(idle - warnBefore, 0));
    expireTimer = setTimeout(function () {
      // Give autosave its last word, then let the server send us to the sign-in page.
      document.dispatchEvent(new Event("trdreview:before-signout"));
      setTimeout(function () { window.location.reload(); }, 500);
    }, idle + 1000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok) {
        start();
        // Back to where the user was, not the page body (WCAG 2.4.3).
        if (focusedBefore && focusedBefore !== document.body && document.contains(focusedBefore)) {
          focusedBefore.focus();
        }
        focusedBefore = null;
      } else window.location.reload();
    });
  });
  start();
})();
