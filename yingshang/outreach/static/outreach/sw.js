// Service worker of the outreach pages (scope /outreach/). Phones are shared, so pages — which carry a
// logged-in user's data — are never stored: only the static files (/static/: styles, scripts, icons)
// are kept, for a faster start with weak signal. drafts.js keeps what is typed until the connection
// returns; logging out clears this cache and the drafts (core/app.js, and the logout response).
"use strict";
const CACHE = "yingshang-outreach-static-v2";

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  // Drops every other cache, including the one of earlier versions that kept pages.
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET" || !isStatic(new URL(request.url))) return;  // pages: network only
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        const copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) {
        return hit || new Response("", { status: 503 });
      });
    })
  );
});
