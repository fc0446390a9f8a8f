// Quicker entry on every step. The pages work without JavaScript (every trial open); this adds:
// - the focus on the step's first field on arrival, unless the page put it somewhere on purpose
//   or the patient's answers above the questions wait for "Add to the review" or "Leave out";
// - Enter on a radio button or a checkbox does not save the page (Enter in a text field still does);
// - on the medication step, a saved trial folds to one line (drug, dose, dates, adequacy,
//   adherence and response, and what the server worked out from the saved row) with Edit, which
//   opens it at its first field (at its dose when that is empty); one trial is open at a time;
// - "Duplicate" starts a new trial with the same drug, class and role, for a dose step or a re-trial.
// It works with static/js/step.js through the page only: it presses "Add another" and watches
// the rows that appear.
(function () {
  "use strict";
  var form = document.getElementById("step-form");
  if (!form) return;

  form.addEventListener("keydown", function (event) {
    var type = event.target.type;
    var plainEnter = event.key === "Enter" && !event.ctrlKey && !event.metaKey;
    if (plainEnter && (type === "radio" || type === "checkbox")) event.preventDefault();
  });

  var rows = form.querySelector("[data-rows]");
  if (rows && rows.querySelector("[data-trial-line]")) foldableTrials(rows);
  focusFirstField();

  function isShown(element) {
    return element.getClientRects().length > 0;
  }

  function fields(container) {
    return Array.prototype.filter.call(
      container.querySelectorAll("input, select, textarea"),
      function (element) {
        return element.type !== "hidden" && !element.disabled && isShown(element);
      }
    );
  }

  // A radio group is entered at its checked button, as the Tab key does.
  function focusField(element) {
    if (element.type === "radio" && !element.checked) {
      var checked = form.querySelector('input[type="radio"][name="' + element.name + '"]:checked');
      if (checked) element = checked;
    }
    element.focus();
  }

  function focusFirstField() {
    // An error summary, a field to correct (step.js) or a button the page offers first keeps it.
    var placed = document.activeElement && document.activeElement !== document.body;
    if (placed || document.querySelector("[autofocus]") || form.querySelector(".is-invalid")) return;
    // The patient's answers still to add or leave out come first (shown above the questions).
    var pending = document.querySelector("[data-pending-add]");
    if (pending) {
      pending.focus();
      return;
    }
    var first = fields(form)[0];
    if (first) focusField(first);
  }

  function foldableTrials(rows) {
    var addButton = form.querySelector("[data-add-row]");

    function allRows() {
      return Array.prototype.slice.call(rows.querySelectorAll("[data-row]"));
    }

    function field(row, name) {
      return row.querySelector('[name$="-' + name + '"]');
    }

    function value(row, name) {
      var element = field(row, name);
      return element ? element.value.trim() : "";
    }

    function chosen(row, name) {
      var element = field(row, name);
      return element && element.value ? element.options[element.selectedIndex].text : "";
    }

    function rowTitle(row) {
      return row.querySelector("[data-row-legend]").textContent.replace(/\s+/g, " ").trim();
    }

    // What the folded line says, read from the row's fields as they are now, and beside it the
    // row's note: the weeks and course the server worked out, or that they are worked out again.
    function describe(row) {
      var number = row.querySelector("[data-row-number]").textContent.trim();
      var drug = number + ". " + (value(row, "drug") || "Unnamed medicine");
      // The class label may hold parentheses of its own ("Tricyclic (TCA)"): a dash sets it apart.
      if (field(row, "drug_class").value) drug += " – " + chosen(row, "drug_class");
      var facts = [];
      if (chosen(row, "role")) facts.push(chosen(row, "role"));
      var dose = value(row, "max_daily_dose_mg");
      facts.push(dose ? dose + " mg/day" : "dose not recorded");
      var start = value(row, "start");
      var end = value(row, "end") || (value(row, "ongoing") === "yes" ? "ongoing" : "end not recorded");
      facts.push(start ? start + " to " + end : "dates not recorded");
      facts.push("dose adequate: " + (chosen(row, "dose_adequate") || "not recorded").toLowerCase());
      facts.push("adherence: " + (chosen(row, "adherence") || "not recorded").toLowerCase());
      facts.push("response: " + (chosen(row, "response") || "not recorded").toLowerCase());
      row.querySelector("[data-line-drug]").textContent = drug;
      var line = row.querySelector("[data-line-facts]");
      line.textContent = "";
      facts.forEach(function (fact) {
        var part = document.createElement("span");
        part.className = "text-nowrap"; // a date or a dose is not broken across lines
        part.textContent = fact;
        line.append(" · ", part);
      });

      var note = row.querySelector("[data-weeks-note]").textContent.replace(/\s+/g, " ").trim();
      var removal = field(row, "DELETE");
      if (removal && removal.checked) note = "Removed when this step is saved. " + note;
      row.querySelector("[data-line-note]").textContent =
        note || "Not saved yet: its weeks and course are worked out when this step is saved.";
    }

    // A row with something to correct, or with no drug yet, stays open.
    function canFold(row) {
      return value(row, "drug") !== "" && !row.querySelector(".is-invalid, .alert-danger");
    }

    function setFolded(row, folded) {
      if (folded) describe(row);
      row.querySelector("[data-trial-line]").hidden = !folded;
      row.querySelector("[data-row-body]").hidden = folded;
      row.querySelector("[data-row-legend]").classList.toggle("visually-hidden", folded);
      row.querySelector("[data-edit-row]").setAttribute("aria-expanded", String(!folded));
    }

    // Opening a trial folds every other one that can be folded.
    function open(row) {
      allRows().forEach(function (other) {
        if (other !== row && !other.querySelector("[data-row-body]").hidden && canFold(other)) {
          setFolded(other, true);
        }
      });
      setFolded(row, false);
    }

    function enhance(row) {
      var title = rowTitle(row);
      row.querySelectorAll("[data-duplicate-row]").forEach(function (button) {
        button.hidden = false;
        button.setAttribute("aria-label", "Duplicate " + title.toLowerCase());
      });
      row.querySelector("[data-edit-row]").setAttribute("aria-label", "Edit " + title.toLowerCase());
    }

    function isBlank(row) {
      return ["drug", "start", "end", "max_daily_dose_mg"].every(function (name) {
        return value(row, name) === "";
      });
    }

    // The copy goes into the blank row at the end when there is one, else into a row added by
    // "Add another" (step.js adds it in place).
    function duplicate(source) {
      var existing = allRows();
      var copy = existing[existing.length - 1];
      if (copy === source || !isBlank(copy)) {
        if (!addButton) return;
        addButton.click();
        var added = allRows();
        if (added.length === existing.length) return;
        copy = added[added.length - 1];
      }
      ["drug", "drug_class", "role"].forEach(function (name) {
        var target = field(copy, name);
        target.value = field(source, name).value;
        target.dispatchEvent(new Event("input", { bubbles: true })); // counted as typed: autosaved
      });
      open(copy);
      field(copy, "start").focus();
    }

    rows.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var row = button.closest("[data-row]");
      if (button.hasAttribute("data-edit-row")) {
        open(row);
        // A trial without its dose (one added from the patient's answers, say) opens there.
        var dose = field(row, "max_daily_dose_mg");
        focusField(dose && !dose.value ? dose : fields(row.querySelector("[data-row-body]"))[0]);
      } else if (button.hasAttribute("data-duplicate-row")) {
        duplicate(row);
      }
    });

    // A row added by "Add another" (step.js) is open, and the others fold.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1 && node.hasAttribute("data-row")) {
            enhance(node);
            open(node);
          }
        });
      });
    }).observe(rows, { childList: true });

    allRows().forEach(function (row) {
      enhance(row);
      if (row.hasAttribute("data-start-folded")) setFolded(row, true);
    });
  }
})();
