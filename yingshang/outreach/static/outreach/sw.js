// Service worker of the outreach pages (scope /outreach/): pages and their static files come from the
// network and are kept, so that a cadre or a supervisor can open a form they used before without
// signal; drafts.js keeps what they type until the connection returns.
"use strict";
const CACHE = "yingshang-outreach-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        const copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) {
        return hit || new Response("当前没有网络连接，请联网后重试。", {
          status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
        });
      });
    })
  );
});
