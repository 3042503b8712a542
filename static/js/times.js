/*
 * Relative times ("5 min ago") next to each update's absolute time, kept fresh.
 * The absolute time in <time datetime> stays the source of truth; this only adds words.
 */
(function () {
  "use strict";

  function describe(seconds) {
    if (seconds < 45) return "just now";
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) return minutes + " min ago";
    var hours = Math.round(minutes / 60);
    if (hours < 24) return hours === 1 ? "1 hour ago" : hours + " hours ago";
    var days = Math.round(hours / 24);
    return days === 1 ? "yesterday" : days + " days ago";
  }

  function refresh() {
    var now = Date.now();
    document.querySelectorAll("[data-relative-for]").forEach(function (el) {
      var at = Date.parse(el.dataset.relativeFor);
      if (!isNaN(at)) el.textContent = describe(Math.max(0, (now - at) / 1000));
    });
  }

  window.liveblogTimes = { refresh: refresh };
  document.addEventListener("DOMContentLoaded", refresh);
  document.addEventListener("htmx:afterSettle", refresh);
  setInterval(refresh, 30000);
})();
