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
  // Only the fields changed since the last acknowledged autosave are sent (with the formset's
  // management form), so the body stays small at any number of trials; the server merges them
  // into the draft. Only the server's own answer means saved: a redirect (to the sign-in page,
  // after the session ended) or any other answer shows "Not saved", and the input stays.
  var autosaveUrl = form.dataset.autosaveUrl;
  var statusBox = document.querySelector("[data-autosave-status]");
  var announcer = document.querySelector("[data-session-announce]");
  var KEEPALIVE_LIMIT = 60000; // browsers refuse keep-alive bodies over 64 KiB
  var acknowledged = fields();
  var inFlight = false;
  var submitting = false;
  var notSaved = false;

  function fields() {
    var map = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string" || name === "csrfmiddlewaretoken") return;
      (map[name] = map[name] || []).push(value);
    });
    return map;
  }

  function changes(current) {
    var names = {};
    Object.keys(current).concat(Object.keys(acknowledged)).forEach(function (name) {
      if (JSON.stringify(current[name] || []) !== JSON.stringify(acknowledged[name] || [])) {
        names[name] = true;
      }
    });
    return Object.keys(names);
  }

  function showNotSaved(on) {
    if (!statusBox || on === notSaved) return;
    notSaved = on;
    statusBox.hidden = !on;
    if (on && announcer) announcer.textContent = statusBox.textContent.replace(/\s+/g, " ").trim();
  }

  // Resolves true when everything typed is on the server.
  function autosave(leaving) {
    if (!autosaveUrl || submitting) return Promise.resolve(true);
    // One at a time; what changes meanwhile goes next (when the page is left: at once, since
    // the merge of a field sent twice is the same).
    if (inFlight && !leaving) return inFlight.then(function () { return autosave(false); });
    var current = fields();
    var names = changes(current);
    if (!names.length) return Promise.resolve(true);
    var body = new URLSearchParams();
    names.forEach(function (name) {
      body.append("_changed", name);
      (current[name] || []).forEach(function (value) { body.append(name, value); });
    });
    Object.keys(current).forEach(function (name) {
      if (/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name) && names.indexOf(name) < 0) {
        current[name].forEach(function (value) { body.append(name, value); });
        body.append("_changed", name);
      }
    });
    inFlight = (notSaved ? renewToken() : Promise.resolve()).then(function () {
      var text = body.toString() + "&csrfmiddlewaretoken=" +
        encodeURIComponent(form.querySelector('[name="csrfmiddlewaretoken"]').value);
      return fetch(autosaveUrl, {
      method: "POST",
      body: text,
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Requested-With": "fetch" },
      credentials: "same-origin",
      redirect: "manual",
      keepalive: leaving && text.length < KEEPALIVE_LIMIT,
      });
    }).then(function (response) {
      var ok = response.status === 200 && response.headers.get("X-TRD-Autosave") === "saved";
      if (ok) names.forEach(function (name) { acknowledged[name] = current[name] || []; });
      return ok;
    }, function () { return false; }).then(function (ok) {
      inFlight = false;
      showNotSaved(!ok);
      return ok;
    });
    return inFlight;
  }
  // Signing in again (in another tab) renews the session's form token: take the new one, for
  // this autosave and for the save buttons.
  function renewToken() {
    var tokenUrl = document.querySelector("[data-session-warning]");
    tokenUrl = tokenUrl && tokenUrl.dataset.tokenUrl;
    if (!tokenUrl) return Promise.resolve();
    return fetch(tokenUrl, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
      if (response.status !== 200) return;
      return response.json().then(function (answer) {
        document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (input) {
          input.value = answer.token;
        });
      });
    }).catch(function () {});
  }
  window.trdreviewAutosave = autosave; // for the browser tests

  // A save first hands the input to autosave: when the session has ended the page stays, with
  // the input, instead of posting it to a sign-in page; and a save the server refuses (too
  // large, say) still leaves the input kept as a draft to come back to.
  var saveConfirmed = false;
  form.addEventListener("submit", function (event) {
    if (saveConfirmed || !autosaveUrl) { submitting = true; return; }
    event.preventDefault();
    var submitter = event.submitter;
    autosave(false).then(function (ok) {
      if (!ok) return;
      // Not while this submit event is still being handled: the browser would ignore it.
      setTimeout(function () {
        saveConfirmed = true;
        if (form.requestSubmit) form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        else form.submit();
        saveConfirmed = false;
      }, 0);
    });
  });
  setInterval(function () { autosave(false); }, 3000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") autosave(true);
  });
  window.addEventListener("pagehide", function () { autosave(true); });
  document.addEventListener("trdreview:before-signout", function () { autosave(false); });
  document.addEventListener("trdreview:signed-out", function (event) {
    if (notSaved || changes(fields()).length) event.preventDefault(); // keep the typed input here
  });

  var classesElement = document.getElementById("drug-classes");
  var drugClasses = classesElement ? JSON.parse(classesElement.textContent) : {};
  var labelDosesElement = document.getElementById("label-doses");
  var labelDoses = labelDosesElement ? JSON.parse(labelDosesElement.textContent) : {};

  // The US label's range for the name being typed, beside the dose (reviews.facts.label_doses
  // computes every text; this only looks the typed name up). A reference, never a judgement.
  function showLabelDose(drugInput) {
    var match = /^(.*)-drug$/.exec(drugInput.name || "");
    if (!match) return;
    var hint = document.getElementById("id_" + match[1] + "-max_daily_dose_mg_helptext");
    if (!hint) return;
    var typed = drugInput.value.trim().toLowerCase().replace(/\s+/g, " ");
    hint.textContent = labelDoses[typed] || (typed ? "" : "\u00a0");
  }
  form.addEventListener("input", function (event) { showLabelDose(event.target); });
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
