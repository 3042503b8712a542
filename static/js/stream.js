/*
 * The live stream on a story page: applies what each poll brings.
 *
 * htmx sends the poll (the #poller element's hx-get, "every Ns") and swaps the
 * out-of-band parts of the answer (the poller with its new cursor, the key events box,
 * the pinned update, the status line). This script handles what htmx cannot:
 * - placing new, edited and removed updates in the stream in time order;
 * - holding new updates behind a "N new updates" button while the reader is scrolled
 *   down, so the text they are reading does not move;
 * - pausing while the tab is hidden and catching up at once when it is visible again
 *   (done here rather than in an hx-trigger filter, which htmx would eval, and the
 *   Content-Security-Policy forbids eval);
 * - backing off after network errors and 5xx answers, with a quiet "Reconnecting…".
 */
(function () {
  "use strict";

  var stream = document.getElementById("stream");
  if (!stream) return;
  var button = document.getElementById("new-updates");
  var announcer = document.getElementById("stream-announcer");
  var reconnecting = document.getElementById("reconnecting");
  var held = []; // new updates waiting behind the button
  var failures = 0;
  var retryAt = 0;
  var retryNow = false; // let the next request through the back-off once

  function poller() {
    return document.getElementById("poller");
  }

  function interval() {
    var p = poller();
    return (p && parseInt(p.dataset.interval, 10)) || 10;
  }

  // data-published is in microseconds: updates posted within one second by different
  // journalists must still sort as the server sorts them.
  function sortKey(el) {
    return [parseInt(el.dataset.published, 10) || 0, parseInt(el.dataset.update, 10) || 0];
  }

  function isNewer(a, b) {
    var ka = sortKey(a), kb = sortKey(b);
    return ka[0] !== kb[0] ? ka[0] > kb[0] : ka[1] > kb[1];
  }

  // ?order=oldest: the page reads oldest first, so new updates go at the end.
  var oldestFirst = stream.dataset.order === "oldest";

  // Whether a comes before b in the page's order.
  function precedes(a, b) {
    return oldestFirst ? isNewer(b, a) : isNewer(a, b);
  }

  function streamUpdates() {
    return stream.querySelectorAll(":scope > article.update");
  }

  function hasOlderPages() {
    return stream.querySelector(":scope > .older-updates") !== null;
  }

  // Put an update where it belongs in the page's order. An update past everything
  // loaded, while more pages remain, is left for "Show older (later) updates": it is
  // shown there, once.
  function place(article) {
    var rows = streamUpdates();
    for (var i = 0; i < rows.length; i++) {
      if (precedes(article, rows[i])) {
        stream.insertBefore(article, rows[i]);
        return true;
      }
    }
    if (rows.length && hasOlderPages()) return false;
    var more = stream.querySelector(":scope > .older-updates");
    stream.insertBefore(article, more);
    return true;
  }

  // A page opened deeper in the stream (?before=…) shows a slice of the past: updates
  // newer than its first row belong to the pages above it, not here.
  function belongsHere(article) {
    var first = streamUpdates()[0];
    return !(stream.dataset.olderPage === "true" && first && precedes(article, first));
  }

  function flash(el, className) {
    el.classList.remove(className);
    void el.offsetWidth; // restart the animation
    el.classList.add(className);
  }

  function readerIsAtTop() {
    return stream.getBoundingClientRect().top >= -40;
  }

  // Words come from the template, so they are translated with the page.
  function countText(count) {
    return count === 1
      ? button.dataset.one
      : button.dataset.many.replace("{count}", String(count));
  }

  function announce(count) {
    if (count) announcer.textContent = countText(count);
  }

  function showButton() {
    if (!held.length) {
      button.hidden = true;
      return;
    }
    button.textContent = countText(held.length);
    button.hidden = false;
  }

  function releaseHeld() {
    var first = null;
    held.sort(function (a, b) { return isNewer(a, b) ? -1 : 1; });
    held.forEach(function (article) {
      if (document.getElementById(article.id)) return;
      if (place(article)) {
        flash(article, "update--new");
        if (!first || isNewer(article, first)) first = article;
      }
    });
    held = [];
    showButton();
    if (window.liveblogTimes) window.liveblogTimes.refresh();
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
      first.scrollIntoView({ block: "start" });
    }
  }

  button.addEventListener("click", releaseHeld);

  function changedClaims(before, after) {
    var old = {};
    before.querySelectorAll("[data-claim]").forEach(function (c) {
      old[c.dataset.claim] = c.dataset.status;
    });
    after.querySelectorAll("[data-claim]").forEach(function (c) {
      if (old[c.dataset.claim] && old[c.dataset.claim] !== c.dataset.status) {
        flash(c, "claim--changed");
      }
    });
  }

  function apply(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var changes = doc.querySelector(".stream-changes");
    if (!changes) return;
    var added = 0;
    // Oldest first, new updates land below the reader: nothing they read moves.
    var atTop = oldestFirst || readerIsAtTop();
    changes.querySelectorAll("[data-removed-update]").forEach(function (gone) {
      var id = "update-" + gone.dataset.removedUpdate;
      var el = document.getElementById(id);
      if (el) el.remove();
      held = held.filter(function (a) { return a.id !== id; });
    });
    changes.querySelectorAll(":scope > article.update").forEach(function (incoming) {
      var article = document.importNode(incoming, true);
      var existing = document.getElementById(article.id);
      if (existing) {
        changedClaims(existing, article);
        if (existing.dataset.published === article.dataset.published) {
          existing.replaceWith(article);
        } else {
          // Its time was corrected: it moves to its new place, or out of this slice.
          existing.remove();
          if (!belongsHere(article) || !place(article)) return;
        }
        flash(article, "update--edited");
        return;
      }
      if (!belongsHere(article)) return;
      var waiting = held.findIndex(function (a) { return a.id === article.id; });
      if (waiting >= 0) {
        held[waiting] = article;
        return;
      }
      if (atTop) {
        if (place(article)) {
          flash(article, "update--new");
          added++;
        }
      } else {
        held.push(article);
        added++;
      }
    });
    showButton();
    announce(added);
    if (window.liveblogTimes) window.liveblogTimes.refresh();
  }

  function succeeded() {
    failures = 0;
    retryAt = 0;
    reconnecting.hidden = true;
  }

  function failed() {
    failures++;
    // 2, 4, 8 … times the interval, at most two minutes, with some jitter.
    var delay = Math.min(120, interval() * Math.pow(2, failures)) * 1000;
    retryAt = Date.now() + delay * (0.8 + Math.random() * 0.4);
    reconnecting.hidden = false;
  }

  document.body.addEventListener("htmx:beforeRequest", function (evt) {
    if (evt.detail.elt.id !== "poller") return;
    if (retryNow) {
      retryNow = false;
      return;
    }
    if (document.hidden || Date.now() < retryAt) evt.preventDefault();
  });

  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    if (evt.detail.elt.id !== "poller") return;
    var status = evt.detail.xhr.status;
    if (status >= 200 && status < 300) {
      succeeded();
      if (status === 200) apply(evt.detail.serverResponse);
    }
  });

  document.body.addEventListener("htmx:responseError", function (evt) {
    if (evt.detail.elt.id === "poller") failed();
  });
  document.body.addEventListener("htmx:sendError", function (evt) {
    if (evt.detail.elt.id === "poller") failed();
  });

  document.addEventListener("visibilitychange", function () {
    var p = poller();
    if (!document.hidden && p && p.hasAttribute("data-hx-trigger") && Date.now() >= retryAt) {
      htmx.trigger(p, "poll-now");
    }
  });

  // While reconnecting, try again as soon as the back-off allows, not a tick later.
  setInterval(function () {
    var p = poller();
    if (failures && Date.now() >= retryAt && !document.hidden && p) {
      retryAt = Date.now() + interval() * 1000;
      retryNow = true;
      htmx.trigger(p, "poll-now");
    }
  }, 1000);

  // Scrolling back to the top brings held updates in.
  window.addEventListener("scroll", function () {
    if (held.length && window.scrollY < 10) releaseHeld();
  }, { passive: true });

  // Key-event links jump within the page when the update is already loaded.
  document.addEventListener("click", function (evt) {
    var link = evt.target.closest("[data-update-link]");
    if (!link) return;
    var target = document.getElementById("update-" + link.dataset.updateLink);
    if (!target) return;
    evt.preventDefault();
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    history.replaceState(null, "", "#" + target.id);
  });
})();
