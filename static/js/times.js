/*
 * Relative times ("5 minutes ago") next to each update's absolute time, kept fresh.
 * The absolute time in <time datetime> stays the source of truth; this only adds words,
 * in the page's language through Intl.RelativeTimeFormat.
 */
(function () {
  "use strict";

  var format = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, {
    numeric: "auto",
  });

  function describe(seconds) {
    if (seconds < 45) return format.format(0, "second");
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) return format.format(-minutes, "minute");
    var hours = Math.round(minutes / 60);
    if (hours < 24) return format.format(-hours, "hour");
    return format.format(-Math.round(hours / 24), "day");
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
