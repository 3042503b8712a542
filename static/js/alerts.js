/*
 * "Notify me of key events" on a live story page (templates/stories/includes/alerts.html).
 *
 * Subscribes this browser to the story's key events with the Push API (the service
 * worker at /sw.js shows them) and posts the subscription to the story's subscribe
 * endpoint; the button then stops them. One browser has one push subscription for the
 * whole site, shared by every story it follows: which stories those are is kept in
 * localStorage, so the page itself is the same for every reader and stays cacheable.
 */
(function () {
  "use strict";

  var box = document.getElementById("alerts");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window)) {
    return;
  }
  var button = box.querySelector(".alerts-toggle");
  var status = box.querySelector(".alerts-status");
  var story = box.dataset.story;
  var STORAGE_KEY = "liveblog-alerts";

  function followed() {
    try {
      var list = JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (error) {
      return [];
    }
  }

  function setFollowed(list) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
    } catch (error) {
      // Private browsing may refuse storage: the subscription still works.
    }
  }

  function keyBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); });
  }

  function sameKey(buffer, bytes) {
    if (!buffer) return false;
    var theirs = new Uint8Array(buffer);
    return theirs.length === bytes.length && theirs.every(function (b, i) { return b === bytes[i]; });
  }

  // An error whose message is for the reader (ours or the server's); any other (the
  // browser's own, in its words and language) is shown as data-failed.
  function readerError(message) {
    var error = new Error(message);
    error.forReader = true;
    return error;
  }

  async function post(url, subscription) {
    var response = await fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(subscription),
      credentials: "omit",
    });
    if (!response.ok) {
      var detail = "";
      try { detail = (await response.json()).detail; } catch (error) { /* not JSON */ }
      throw readerError(detail || response.statusText);
    }
  }

  async function currentSubscription() {
    var registration = await navigator.serviceWorker.getRegistration("/");
    return registration ? registration.pushManager.getSubscription() : null;
  }

  async function subscribe() {
    if (await Notification.requestPermission() !== "granted") {
      throw readerError(box.dataset.denied);
    }
    await navigator.serviceWorker.register(box.dataset.worker, {scope: "/"});
    var registration = await navigator.serviceWorker.ready;
    var key = keyBytes(box.dataset.publicKey);
    var subscription = await registration.pushManager.getSubscription();
    if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
      // Made with another server key (the site changed its keys): it cannot be used.
      await subscription.unsubscribe();
      subscription = null;
    }
    if (!subscription) {
      subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: key,
      });
    }
    await post(box.dataset.subscribeUrl, subscription.toJSON());
    setFollowed(followed().filter(function (s) { return s !== story; }).concat([story]));
    return box.dataset.started;
  }

  async function unsubscribe() {
    var subscription = await currentSubscription();
    if (subscription) await post(box.dataset.unsubscribeUrl, subscription.toJSON());
    var rest = followed().filter(function (s) { return s !== story; });
    setFollowed(rest);
    if (subscription && rest.length === 0) await subscription.unsubscribe();
    return box.dataset.stopped;
  }

  async function show() {
    var subscription = await currentSubscription();
    var on = Boolean(subscription) && followed().indexOf(story) !== -1;
    button.textContent = on ? box.dataset.stopLabel : box.dataset.startLabel;
    button.setAttribute("aria-pressed", String(on));
    box.hidden = false;
  }

  button.addEventListener("click", async function () {
    button.disabled = true;
    status.textContent = "";
    try {
      var on = button.getAttribute("aria-pressed") === "true";
      status.textContent = await (on ? unsubscribe() : subscribe());
    } catch (error) {
      status.textContent = error.forReader ? error.message : box.dataset.failed;
    } finally {
      button.disabled = false;
      await show();
    }
  });

  // The poll swaps in the story's status line; once it says coverage has ended, no
  // more alerts will come, so the button goes (the server refuses new ones too).
  document.body.addEventListener("htmx:oobAfterSwap", function () {
    if (document.querySelector("#story-status .ended-badge")) box.hidden = true;
  });

  show().catch(function () { box.hidden = true; });
})();
