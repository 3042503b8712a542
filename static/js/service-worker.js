/*
 * The service worker, served at /sw.js so its scope is the whole site.
 *
 * push: shows the alert the server sent for a key event, {title, body, url, tag}.
 * notificationclick: opens the update's permalink, in a tab already showing one of the
 * site's stories when there is one (never the newsroom's admin, where work could be
 * lost), otherwise in a new window. Only addresses on this site are opened.
 */
"use strict";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  var title = typeof data.title === "string" && data.title ? data.title : "Key event";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      tag: typeof data.tag === "string" ? data.tag : undefined,
      data: {url: onThisSite(data.url)},
    })
  );
});

function onThisSite(address) {
  try {
    var url = new URL(address, self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

async function openUpdate(url) {
  var windows = await self.clients.matchAll({type: "window"});
  for (var i = 0; i < windows.length; i++) {
    if (new URL(windows[i].url).pathname.indexOf("/stories/") === 0) {
      var client = await windows[i].navigate(url);
      if (client) {
        return client.focus().catch(function () { return client; });
      }
    }
  }
  return self.clients.openWindow(url);
}

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var data = event.notification.data || {};
  event.waitUntil(openUpdate(onThisSite(data.url)));
});
