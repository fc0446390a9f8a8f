// The "PDF is being prepared" page: asks the status URL every second and opens the PDF when it
// is ready, or reloads the page when the render failed (the page then offers to try again).
// Without JavaScript the page refreshes itself (a <noscript> meta refresh).
(function () {
  "use strict";
  var waiting = document.querySelector("[data-status-url]");
  if (!waiting) return;
  var statusUrl = waiting.getAttribute("data-status-url");
  var pdfUrl = waiting.getAttribute("data-pdf-url");
  function ask() {
    fetch(statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (answer) {
        if (answer.state === "ready") window.location.replace(pdfUrl);
        else if (answer.state === "failed") window.location.reload();
        else window.setTimeout(ask, 1000);
      })
      .catch(function () { window.setTimeout(ask, 3000); });
  }
  window.setTimeout(ask, 500);
})();
