/*
 * The desk's compose form keeps what is typed in the browser (localStorage), per story and
 * per user, so a reload, a crash or a lost login never loses an unsent update.
 *
 * - Every change is saved under the form's data-draft-key, with the time it was typed.
 * - On load, a saved draft fills an empty form again and says so ("Restored your unsent
 *   draft from 14:02 — discard?"); "Discard" empties the form and forgets the draft.
 * - The draft is forgotten once the server has taken the update (a 200 answer to the
 *   post), never on an error or on a login page answered in place of the desk (a
 *   session that ended while typing): that page is not swapped in, and the form says so.
 *
 * Saved drafts on the server (the "Save draft" button) are listed on the desk; this is
 * for what was never sent. No inline scripts: the page runs under a strict CSP.
 */
(function () {
  "use strict";

  var SKIPPED = { csrfmiddlewaretoken: true, idempotency_key: true, action: true };

  function composeForm() {
    return document.getElementById("compose");
  }

  function storageKey(form) {
    return form && form.dataset.draftKey;
  }

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null; // storage refused (private mode, quota) or damaged: nothing to restore
    }
  }

  function fieldsOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || SKIPPED[field.name] || field.type === "file" || field.type === "submit") return;
      if (field.type === "select-multiple") {
        values[field.name] = Array.prototype.filter.call(field.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        values[field.name] = field.type === "checkbox" ? field.checked : field.value;
      }
    });
    return values;
  }

  function hasText(values) {
    return Object.keys(values).some(function (name) {
      var value = values[name];
      return typeof value === "string" && value.trim() !== "" && !/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name) &&
        !/-(new_source_kind|attribution|status)$/.test(name);
    });
  }

  function save(form) {
    var values = fieldsOf(form);
    try {
      if (hasText(values)) {
        window.localStorage.setItem(storageKey(form), JSON.stringify({ savedAt: Date.now(), values: values }));
      } else {
        window.localStorage.removeItem(storageKey(form));
      }
    } catch (error) {
      // Storage full or refused: the form still works, only without this safety net.
    }
  }

  function forget(form) {
    try {
      window.localStorage.removeItem(storageKey(form));
    } catch (error) { /* nothing stored */ }
  }

  // Claim rows beyond the first are added by "Add a claim" (desk.js) before filling them.
  function ensureClaimRows(form, values) {
    var total = form.querySelector('input[name="claims-TOTAL_FORMS"]');
    var wanted = parseInt(values["claims-TOTAL_FORMS"] || "0", 10);
    var add = form.querySelector("[data-add-claim]");
    while (total && add && parseInt(total.value, 10) < wanted) {
      var before = total.value;
      add.click();
      if (total.value === before) break; // the maximum number of claims
    }
  }

  function fill(form, values) {
    ensureClaimRows(form, values);
    Object.keys(values).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field || field.type === "hidden") return;
      if (field.type === "checkbox") field.checked = Boolean(values[name]);
      else if (field.type === "select-multiple") {
        Array.prototype.forEach.call(field.options, function (o) { o.selected = values[name].indexOf(o.value) !== -1; });
      } else field.value = values[name];
    });
    var body = form.querySelector("textarea.desk-body");
    if (body) body.dispatchEvent(new Event("input", { bubbles: true })); // the preview
  }

  function clockTime(milliseconds) {
    return new Date(milliseconds).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  }

  function showRestored(form, savedAt) {
    var template = form.dataset.draftRestored || "Restored your unsent draft from %s";
    var note = document.createElement("p");
    note.className = "desk-draft-restored";
    note.setAttribute("role", "status");
    note.append(template.replace("%s", clockTime(savedAt)) + " \u2014 ");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "desk-draft-discard";
    discard.textContent = form.dataset.draftDiscard || "discard?";
    discard.addEventListener("click", function () {
      forget(form);
      form.reset();
      note.remove();
      var body = form.querySelector("textarea.desk-body");
      if (body) body.focus();
    });
    note.append(discard);
    form.querySelector("h2").after(note);
  }

  function restore(form) {
    var saved = read(storageKey(form));
    if (!saved || !saved.values || hasText(fieldsOf(form))) return;
    fill(form, saved.values);
    showRestored(form, saved.savedAt);
  }

  function start() {
    var form = composeForm();
    if (!storageKey(form)) return;
    restore(form);
  }

  document.addEventListener("input", function (evt) {
    var form = composeForm();
    if (form && storageKey(form) && form.contains(evt.target)) save(form);
  });
  document.addEventListener("change", function (evt) {
    var form = composeForm();
    if (form && storageKey(form) && form.contains(evt.target)) save(form);
  });

  document.addEventListener("DOMContentLoaded", start);

  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    // The session ended: the desk's URL answered with the login page. Keep the form
    // (and its saved draft) and say so, rather than replacing it with a login form.
    var url = evt.detail.xhr.responseURL || "";
    if (url.indexOf("/login/") !== -1 && evt.detail.elt.closest && evt.detail.elt.closest("form")) {
      evt.detail.shouldSwap = false;
      var box = evt.detail.elt.closest("form").querySelector(".desk-send-error");
      if (box) {
        box.textContent = document.getElementById("desk").dataset.messageLoggedOut || "Logged out.";
        box.hidden = false;
      }
    }
  });

  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    // The post was taken: a 200 from the desk (not a 422 with errors nor a login page).
    // Before the swap, while the form is in the page and its events reach the body.
    var xhr = evt.detail.xhr;
    var form = evt.detail.elt;
    if (!form || form.id !== "compose" || !storageKey(form)) return;
    if (xhr.status === 200 && (xhr.responseURL || "").indexOf("/login/") === -1) forget(form);
  });
})();
