{% load static %}
// CoupleSafe's service worker. It caches only the app shell — our CSS, scripts and icons, the
// offline page and the crisis-help page fetched without cookies — never a page with anyone's
// data: every other page goes to the network, and offline the calm offline page answers.
"use strict";

const CACHE = "couplesafe-{{ version }}";
const OFFLINE = "{% url 'notifications:offline' %}";
const HELP = "{% url 'help' %}";
const SHELL = [
  "{% static 'css/app.css' %}",
  "{% static 'js/app.js' %}",
  "{% static 'js/push.js' %}",
  "{% static 'favicon.svg' %}",
  "{% static 'icons/icon-192.png' %}",
  "{% static 'icons/icon-512.png' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL);
    // Anonymous copies: a signed-in person's name never lands in the cache.
    for (const page of [OFFLINE, HELP]) {
      const response = await fetch(page, { credentials: "omit", cache: "reload" });
      if (response.ok) await cache.put(page, response);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        return await fetch(request);
      } catch (error) {
        const cache = await caches.open(CACHE);
        const page = url.pathname === HELP ? HELP : OFFLINE;
        return (await cache.match(page)) || Response.error();
      }
    })());
    return;
  }
  if (url.pathname.startsWith("{{ static_prefix }}")) {
    event.respondWith((async () => {
      const cached = await caches.match(request);
      return cached || fetch(request);
    })());
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  event.waitUntil((async () => {
    // Someone looking at CoupleSafe right now sees the change on the page itself.
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    if (windows.some((client) => client.focused && client.visibilityState === "visible")) return;
    const options = {
      body: data.body || "",
      tag: data.tag || "note",
      data: { url: data.url || "/home/" },
    };
    // A discreet push ("plain") shows no app icon on the lock screen: nothing identifying.
    if (!data.plain) options.icon = "{% static 'icons/icon-192.png' %}";
    await self.registration.showNotification(data.title || "", options);
  })());
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data.url || "/home/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window" });
    for (const client of windows) {
      if ("focus" in client) {
        await client.navigate(target.href);
        return client.focus();
      }
    }
    return self.clients.openWindow(target.href);
  })());
});
