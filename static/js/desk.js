/*
 * The newsroom desk (admin): what htmx cannot do by itself.
 *
 * - The Markdown toolbar: wraps the selection in **bold**, *italic*, a link, a list or
 *   a quotation, and opens the image uploader.
 * - "Add a claim": copies the empty claim form (a <template>) and counts it in the
 *   formset's TOTAL_FORMS.
 * - An uploaded image's Markdown is inserted where the cursor was in the body.
 * - A post or save that fails on the network or with a server error leaves the form as
 *   it is and says so (htmx does not swap error answers).
 * - The list's poller never swaps in a list older than the one shown (a poll answer
 *   can arrive after the answer to one's own post).
 * - After a post, the cursor is back in the new form's body.
 *
 * No inline scripts, no eval: the pages run under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  // Translated messages come from the page (data-message-* on #desk).
  function message(name, status) {
    var desk = document.getElementById("desk");
    var text = (desk && desk.dataset["message" + name]) || name;
    return text.replace("%s", String(status || ""));
  }

  // --- the toolbar ----------------------------------------------------------------

  function replaceSelection(textarea, make) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value;
    var result = make(value.slice(start, end));
    textarea.focus();
    textarea.setRangeText(result.text, start, end, "end");
    if (result.select) {
      textarea.setSelectionRange(start + result.select[0], start + result.select[1]);
    }
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function linePrefix(prefix) {
    return function (selected) {
      var lines = (selected || "").split("\n");
      var text = lines.map(function (line) { return prefix + line; }).join("\n");
      var before = "\n\n";
      return { text: before + text + "\n\n", select: [before.length + prefix.length, before.length + text.length] };
    };
  }

  // Without a selection, a translated placeholder (the button's data-placeholder) is
  // inserted and selected, ready to be typed over.
  var FORMATS = {
    bold: function (s, placeholder) {
      s = s || placeholder;
      return { text: "**" + s + "**", select: [2, 2 + s.length] };
    },
    italic: function (s, placeholder) {
      s = s || placeholder;
      return { text: "*" + s + "*", select: [1, 1 + s.length] };
    },
    link: function (s, placeholder) {
      s = s || placeholder;
      var url = "https://";
      return { text: "[" + s + "](" + url + ")", select: [s.length + 3, s.length + 3 + url.length] };
    },
    list: linePrefix("- "),
    quote: linePrefix("> "),
  };

  document.addEventListener("click", function (evt) {
    var button = evt.target.closest(".desk-toolbar button");
    if (!button) return;
    var toolbar = button.closest(".desk-toolbar");
    var textarea = document.getElementById(toolbar.dataset.toolbarFor);
    if (!textarea) return;
    if (button.hasAttribute("data-image-toggle")) {
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) panel.querySelector("input[type=file]").focus();
      return;
    }
    var format = FORMATS[button.dataset.markdown];
    if (format) {
      replaceSelection(textarea, function (selected) {
        return format(selected, button.dataset.placeholder || "");
      });
    }
  });

  // --- claims ---------------------------------------------------------------------

  document.addEventListener("click", function (evt) {
    var button = evt.target.closest("[data-add-claim]");
    if (!button) return;
    var formset = button.closest("[data-formset]");
    var prefix = formset.dataset.formset;
    var total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = formset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var template = formset.querySelector("template[data-empty-claim]");
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var claim = holder.firstElementChild;
    formset.querySelector(".desk-claim-list").appendChild(claim);
    total.value = String(index + 1);
    htmx.process(claim);
    var first = claim.querySelector("input:not([type=hidden]), textarea");
    if (first) first.focus();
  });

  // --- images ---------------------------------------------------------------------

  function insertImage(result) {
    var done = result.querySelector("[data-insert-markdown]");
    if (!done) return;
    var textarea = document.getElementById(result.dataset.body);
    if (!textarea) return;
    var markdown = done.dataset.insertMarkdown;
    // An image is a block of its own: after the line the cursor is on, never inside
    // (or instead of) selected text.
    var end = textarea.value.indexOf("\n", textarea.selectionEnd);
    if (end === -1) end = textarea.value.length;
    textarea.setSelectionRange(end, end);
    replaceSelection(textarea, function () { return { text: "\n\n" + markdown + "\n\n" }; });
    var panel = result.closest("[data-image-panel]");
    panel.querySelectorAll("input").forEach(function (input) { input.value = ""; });
  }

  // --- after swaps ----------------------------------------------------------------

  function enhance(root) {
    root.querySelectorAll(".desk-toolbar[hidden], [data-add-claim][hidden]").forEach(function (el) {
      el.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });

  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    // A poll answer older than the list shown (our own post's answer came first).
    var version = evt.detail.xhr.getResponseHeader("Desk-Version");
    var poller = document.getElementById("desk-poller");
    if (version && poller && parseInt(version, 10) < parseInt(poller.dataset.version, 10)) {
      evt.detail.shouldSwap = false;
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (evt) {
    var target = evt.detail.target;
    enhance(document);
    if (target.classList.contains("desk-image-result")) insertImage(target);
  });

  document.body.addEventListener("htmx:afterSettle", function (evt) {
    // A fresh compose form after a post, or the editor just opened: back to writing.
    var field = document.querySelector("#compose [autofocus], #desk-editor textarea.desk-body");
    if (field && evt.detail.target && evt.detail.target.contains(field)) {
      field.focus({ preventScroll: evt.detail.target.id === "desk-editor" });
    }
  });

  // --- failures -------------------------------------------------------------------

  function showError(elt, text) {
    var form = elt.closest("form");
    var box = (form && form.querySelector(".desk-send-error")) || document.getElementById("desk-alert");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }

  document.body.addEventListener("htmx:beforeRequest", function (evt) {
    var form = evt.detail.elt.closest && evt.detail.elt.closest("form");
    var box = form && form.querySelector(".desk-send-error");
    if (box && evt.detail.elt === form) box.hidden = true;
  });

  document.body.addEventListener("htmx:responseError", function (evt) {
    if (evt.detail.elt.id === "desk-poller") return; // the next poll tries again
    var status = evt.detail.xhr.status;
    var name = status === 404 ? "Gone" : status === 403 ? "Forbidden" : "Server";
    showError(evt.detail.elt, message(name, status));
  });

  document.body.addEventListener("htmx:sendError", function (evt) {
    if (evt.detail.elt.id === "desk-poller") return;
    showError(evt.detail.elt, message("Network"));
  });

  // --- cancel ---------------------------------------------------------------------

  document.addEventListener("click", function (evt) {
    var cancel = evt.target.closest("[data-desk-cancel]");
    if (!cancel) return;
    var editor = document.getElementById("desk-editor");
    if (!editor || !editor.contains(cancel)) return;
    evt.preventDefault();
    editor.replaceChildren();
  });
})();
