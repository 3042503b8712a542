/*
 * The share control under each update (stories/reader/markup/share.py).
 *
 * The plain links to each service work without this. With it, the page shows the
 * browser's own share sheet (Web Share API) where there is one, and "Copy link" where the
 * clipboard can be written: the <html> element gets a class per ability, which the
 * stylesheet uses to show the buttons, so updates arriving by poll need no work here.
 * Nothing is loaded from any other site.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  if (typeof navigator.share === "function") root.classList.add("can-web-share");
  if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
    root.classList.add("can-clipboard");
  }

  function say(box, text) {
    var status = box.querySelector(".share-status");
    if (status) status.textContent = text;
  }

  document.addEventListener("click", function (evt) {
    var button = evt.target.closest(".share-native, .share-copy");
    if (!button) return;
    var box = button.closest(".share");
    var url = box.dataset.shareUrl;
    if (button.classList.contains("share-native")) {
      // A cancelled share sheet rejects: nothing to report.
      navigator.share({ title: box.dataset.shareTitle, url: url }).catch(function () {});
      return;
    }
    navigator.clipboard.writeText(url).then(function () {
      button.textContent = button.dataset.copied;
      say(box, button.dataset.copied);
    });
  });
})();
