// Step pages work without JavaScript; this only makes them smoother:
// - "Add another" inserts a blank row in place instead of saving and reloading;
// - a known drug name or brand fills in its class (still editable), from the server's table;
// - an end date sets "Ongoing at the visit" to No (and a "Not stopped" back to unknown), and
//   "Yes" there sets "Why it stopped" to "Not stopped" while it is still unknown; the detail of
//   why it stopped is asked for "Other" only;
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
      showStopDetail(prefix + "-" + index);
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
  var tabId = thisTab();
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
    if (notSaved) keepLocally(current); // the page may be closing: kept before anything else
    var body = new URLSearchParams();
    body.append("_tab", tabId);
    body.append("_changed", "_tab");
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
      if (!ok) keepLocally(current);
      else if (!changes(fields()).length) forgetLocally();
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

  // Which tab typed a draft: an id per tab, kept in sessionStorage (as long as the tab lives,
  // across its reloads) and sent with every autosave. Input another tab typed is shown as that,
  // never as this tab's own input restored.
  function thisTab() {
    var id = null;
    try { id = sessionStorage.getItem("trdreview:tab"); } catch (e) { /* storage refused */ }
    if (!id) {
      id = Date.now().toString(36) + Math.random().toString(36).slice(2);
      try { sessionStorage.setItem("trdreview:tab", id); } catch (e) { /* storage refused */ }
    }
    return id;
  }
  var restoredNotice = document.querySelector("[data-draft-tab]");
  if (restoredNotice && restoredNotice.dataset.draftTab && restoredNotice.dataset.draftTab !== tabId) {
    var restoredText = restoredNotice.querySelector("[data-restored-text]");
    restoredText.textContent = restoredText.dataset.otherTabText;
  }

  // Input typed after the session ended cannot reach the server. It is kept in this browser
  // (localStorage, under this clinician and this page) from the first refused autosave until
  // one is acknowledged, so closing the tab and signing in again loses nothing; it is removed
  // as soon as the server has it, and after KEEP_MS (the longest session) whatever happens.
  var KEPT_PREFIX = "trdreview:unsaved:";
  var KEEP_MS = 12 * 3600 * 1000;
  var keptKey = KEPT_PREFIX + (form.dataset.author || "") + ":" + location.pathname;
  function keepLocally(current) {
    try {
      localStorage.setItem(keptKey, JSON.stringify({ at: Date.now(), fields: current }));
    } catch (e) { /* storage full or refused: the page still holds the input */ }
  }
  function forgetLocally() {
    try { localStorage.removeItem(keptKey); } catch (e) { /* storage refused */ }
  }
  function keptInput() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf(KEPT_PREFIX) === 0) {
          var entry = JSON.parse(localStorage.getItem(key) || "{}");
          if (!(Date.now() - entry.at < KEEP_MS)) localStorage.removeItem(key);
        }
      }
      return JSON.parse(localStorage.getItem(keptKey) || "null");
    } catch (e) { return null; }
  }
  function restoreKept() {
    var kept = keptInput();
    if (!kept || !kept.fields) return;
    var totalName = Object.keys(kept.fields).filter(function (name) { return /-TOTAL_FORMS$/.test(name); })[0];
    var totalField = totalName && form.querySelector('[name="' + totalName + '"]');
    while (totalField && template && addButton && parseInt(totalField.value, 10) < parseInt(kept.fields[totalName][0], 10)) {
      addButton.click(); // rows added after the session ended
    }
    var elements = Array.prototype.filter.call(form.elements, function (element) {
      return element.name && element.type !== "hidden" && !/^(submit|button)$/.test(element.type);
    });
    var seen = {};
    var differs = false;
    elements.forEach(function (element) {
      var values = kept.fields[element.name] || [];
      var index = seen[element.name] = (seen[element.name] || 0) + 1;
      if (element.type === "checkbox" || element.type === "radio") {
        var checked = values.indexOf(element.value) >= 0;
        differs = differs || checked !== element.checked;
        element.checked = checked;
      } else if (values.length >= index && element.value !== values[index - 1]) {
        differs = true;
        element.value = values[index - 1];
      }
    });
    if (!differs) { forgetLocally(); return; }
    var notice = document.createElement("div");
    notice.className = "alert alert-info";
    notice.setAttribute("data-testid", "kept-in-browser");
    notice.textContent = "Input typed while you were signed out was kept in this browser and is " +
      "shown again; it is saved as a draft now, and kept when you save.";
    form.insertBefore(notice, form.firstElementChild);
    if (announcer) announcer.textContent = notice.textContent;
    autosave(false);
  }
  restoreKept();

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

  // The server's medicine table (reviews/facts/drugs.py, page_table): a name is made plain as
  // drugs._plain does, so "Effexor XR" and "venlafaxine XR" are known here as they are there.
  var tableElement = document.getElementById("drug-table");
  var drugTable = tableElement ? JSON.parse(tableElement.textContent) : null;
  var formulation = drugTable ? new RegExp(drugTable.formulation, "g") : null;
  function drugClass(name) {
    var plain = name.toLowerCase().replace(formulation, " ").replace(/\s*[\/+]\s*/g, "-");
    return drugTable.classes[plain.split(/\s+/).filter(Boolean).join(" ")];
  }
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
    if (match && drugTable) {
      var classSelect = form.querySelector('[name="' + match[1] + '-drug_class"]');
      var known = drugClass(target.value);
      if (classSelect && known && !classSelect.value) classSelect.value = known;
    }
    var answer = /^(.*)-(end|ongoing|stopped_because)$/.exec(target.name || "");
    if (answer && answer[2] === "end" && target.value.trim()) {
      var ongoing = form.querySelector('[name="' + answer[1] + '-ongoing"]');
      if (ongoing) ongoing.value = "no"; // an end date: not taken at the visit
      var stoppedSince = form.querySelector('[name="' + answer[1] + '-stopped_because"]');
      if (stoppedSince && stoppedSince.value === "not_stopped") stoppedSince.value = "unknown";
    }
    if (answer && answer[2] === "ongoing" && target.value === "yes") {
      // Still taken at the visit: it has not stopped, unless something else is already chosen.
      var stopped = form.querySelector('[name="' + answer[1] + '-stopped_because"]');
      if (stopped && stopped.value === "unknown") stopped.value = "not_stopped";
    }
    if (answer && answer[2] === "stopped_because") showStopDetail(answer[1]);
    var dateMatch = /^(.*)-(start|end|ongoing|weeks|dose_adequate|drug)$/.exec(target.name || "");
    if (dateMatch) showWeeks(dateMatch[1]);
  });

  // Why a medicine stopped is one answer; its free-text detail is asked for "Other" only (and
  // stays in view while it holds text, so nothing typed is hidden).
  function showStopDetail(rowPrefix) {
    var reason = form.querySelector('[name="' + rowPrefix + '-stopped_because"]');
    var detail = form.querySelector('[name="' + rowPrefix + '-reason_stopped"]');
    if (!reason || !detail) return;
    var wrapper = detail.closest('[id^="div_id_"]') || detail.parentElement;
    wrapper.hidden = !(reason.value === "other" || detail.value.trim());
  }
  Array.prototype.forEach.call(form.querySelectorAll('[name$="-stopped_because"]'), function (reason) {
    showStopDetail(reason.name.replace(/-stopped_because$/, ""));
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
