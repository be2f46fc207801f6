// Keeps the driver's lists readable without a connection: a list page (and the files it
// uses) is stored each time it loads, and shown from the store when the network fails.
// Logging out (or a session that has ended) empties the store, so no list stays behind.
const CACHE = "cantina-driver-lists";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") return;
  const kept = url.pathname.startsWith("/driver/lists/") || url.pathname.startsWith("/static/");
  if (!kept) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.redirected && new URL(response.url).pathname.startsWith("/login")) {
          caches.delete(CACHE);
        } else if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(url.pathname).then((stored) => stored || Response.error())
      )
  );
});
