// Step pages work without JavaScript; this only makes them smoother:
// - "Add another" inserts a blank row in place instead of saving and reloading;
// - a known drug name fills in its class (still editable);
// - a changed trial row says its weeks and course are worked out again on saving.
(function () {
  "use strict";
  var form = document.getElementById("step-form");
  if (!form) return;

  var rows = form.querySelector("[data-rows]");
  var template = document.getElementById("empty-row");
  var addButton = form.querySelector("[data-add-row]");
  // After a refused save, start where the first correction is needed.
  var firstInvalid = form.querySelector(".is-invalid");
  if (firstInvalid) firstInvalid.focus();

  if (rows && template && addButton) {
    // With JavaScript the button adds a row in place; nothing is saved until a save button.
    addButton.textContent = addButton.dataset.addLabel;
    var prefix = rows.dataset.prefix;
    var total = form.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      added.querySelector("[data-row-number]").textContent = String(index + 1);
      var first = added.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  }

  // Autosave: what is typed goes to the server every few seconds and when the page is left,
  // as an unvalidated draft only its author sees. A real save (any button) replaces it.
  var autosaveUrl = form.dataset.autosaveUrl;
  var dirty = false;
  var submitting = false;
  function autosave(useBeacon) {
    if (!dirty || submitting || !autosaveUrl) return;
    dirty = false;
    var data = new FormData(form);
    if (useBeacon && navigator.sendBeacon) {
      navigator.sendBeacon(autosaveUrl, data);
      return;
    }
    fetch(autosaveUrl, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
      .then(function (response) { if (!response.ok) dirty = true; })
      .catch(function () { dirty = true; });
  }
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  setInterval(function () { autosave(false); }, 3000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") autosave(true);
  });
  window.addEventListener("pagehide", function () { autosave(true); });
  document.addEventListener("trdreview:before-signout", function () { autosave(false); });

  var classesElement = document.getElementById("drug-classes");
  var drugClasses = classesElement ? JSON.parse(classesElement.textContent) : {};
  form.addEventListener("change", function (event) {
    var target = event.target;
    var match = /^(.*)-drug$/.exec(target.name || "");
    if (match) {
      var classSelect = form.querySelector('[name="' + match[1] + '-drug_class"]');
      var known = drugClasses[target.value.trim().toLowerCase()];
      if (classSelect && known && !classSelect.value) classSelect.value = known;
    }
    var dateMatch = /^(.*)-(start|end|ongoing|weeks|dose_adequate|drug)$/.exec(target.name || "");
    if (dateMatch) showWeeks(dateMatch[1]);
  });

  // The weeks, the course and the episode of a row are worked out by the server's one set of
  // rules when the step is saved; a changed row says so rather than guess with other rules.
  function showWeeks(rowPrefix) {
    var start = form.querySelector('[name="' + rowPrefix + '-start"]');
    var note = start && start.closest("[data-row]").querySelector("[data-weeks-note]");
    if (!note) return;
    note.textContent = "Changed: the weeks at an adequate dose and the course are worked out again when this step is saved.";
  }
})();
