// The supervisors' service worker: their pages open with no signal, even from a cold start.
//
// It keeps the page furniture (styles and scripts) and, as the "My sessions" page asks, the
// registers of today and tomorrow. Pages are fetched from the network first and saved as they come;
// with no answer within a few seconds, or none at all, the saved copy is shown. Attendance recorded
// meanwhile is queued by the page itself (attendance-offline.js), not here.
const SHELL = "upw-shell-{{ version }}";
const REGISTERS = "upw-registers";
const ASSETS = {{ assets|safe }};
const SLOW_NETWORK_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("upw-shell-") && n !== SHELL).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function save(cache, url) {
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok && !response.redirected) await cache.put(url, response);
  } catch {
    // No signal: the copy saved before stays.
  }
}

// Saves these pages, and only these: yesterday's registers are dropped, so a phone holds no more
// personal data than the next day's work needs.
async function keep(urls) {
  const cache = await caches.open(REGISTERS);
  const wanted = new Set(urls.map((url) => new URL(url, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
  await Promise.all([...wanted].map((url) => save(cache, url)));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) event.waitUntil(keep(data.urls));
  if (data.type === "refresh" && data.url) event.waitUntil(caches.open(REGISTERS).then((cache) => save(cache, data.url)));
  if (data.type === "forget") event.waitUntil(caches.delete(REGISTERS));
});

const OFFLINE_PAGE = `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>No signal - {{ service_name }}</title></head>
<body style="font-family: sans-serif; margin: 20px; line-height: 1.4">
<h1>No signal</h1><p>This page was not saved on this phone. Today's and tomorrow's registers are saved each time you open My sessions with signal.</p>
<p><a href="{{ my_sessions_url }}">Go to My sessions</a></p></body></html>`;

async function page(request) {
  const cache = await caches.open(REGISTERS);
  const network = fetch(request).then(async (response) => {
    if (response.redirected && new URL(response.url).pathname.startsWith("{{ login_url }}")) {
      await caches.delete(REGISTERS);
    } else if (response.ok && !response.redirected) {
      await cache.put(request, response.clone());
    }
    return response;
  });
  const saved = await cache.match(request);
  if (!saved) {
    return network.catch(
      () => new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }),
    );
  }
  const slow = new Promise((resolve) => setTimeout(() => resolve(saved), SLOW_NETWORK_MS));
  return Promise.race([network.catch(() => saved), slow]);
}

async function asset(request) {
  const saved = await caches.match(request);
  if (saved) return saved;
  return fetch(request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
});
