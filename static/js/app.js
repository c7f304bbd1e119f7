// CoupleSafe's own small script. No inline handlers anywhere: the CSP stays strict.
(function () {
  "use strict";

  // Sign-up: guess the time zone from the browser when the field is still at its default.
  function guessTimeZone() {
    var select = document.querySelector("select[data-guess-time-zone]");
    if (!select || select.dataset.guessed) return;
    select.dataset.guessed = "1";
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
        select.value = zone;
      }
    } catch (e) { /* keep UTC */ }
  }

  // Sentence stems: a button with data-stem-for="<textarea id>" puts its stem into the box.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-stem-for]");
    if (!button) return;
    var box = document.getElementById(button.dataset.stemFor);
    if (!box) return;
    event.preventDefault();
    var stem = button.dataset.stem || button.textContent.trim();
    box.value = box.value ? box.value.replace(/\s*$/, " ") + stem + " " : stem + " ";
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  });

  // Live regions poll only while the page is visible (PRODUCT.md: "while the page is visible").
  // Done here rather than in an hx-trigger filter, which would need 'unsafe-eval'.
  // While the live event stream is open (below), a region's timed poll is skipped: the stream
  // says when to fetch. A poll that an event asked for ("poll-now") always goes ahead.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.hasAttribute("data-poll")) return;
    var timed = !(event.detail.requestConfig && event.detail.requestConfig.triggeringEvent);
    if (document.visibilityState !== "visible" || (timed && window.coupleSafeLiveOpen)) {
      event.preventDefault();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && window.htmx) {
      document.querySelectorAll("[data-poll]").forEach(function (elt) {
        window.htmx.trigger(elt, "poll-now");
      });
    }
  });

  // A confirm step for buttons that do something big: data-confirm="Question?".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", guessTimeZone);
  document.addEventListener("htmx:afterSettle", guessTimeZone);
})();

// Phones: the main navigation is one swipeable row; bring the current page's link into view.
(function () {
  "use strict";
  function showCurrentNavItem() {
    var list = document.querySelector(".main-nav .nav-list");
    var current = list && list.querySelector('a[aria-current="page"]');
    if (!current || list.scrollWidth <= list.clientWidth) return;
    var item = current.parentElement;
    if (item.offsetLeft + item.offsetWidth > list.clientWidth - 24) {
      list.scrollLeft = item.offsetLeft - 16;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showCurrentNavItem);
  } else {
    showCurrentNavItem();
  }
})();

// Idle sign-out (the person's own setting, safety.signin): while they read or type, tell the
// server at most once a minute; after the chosen time with no activity, reload, and the
// server shows the sign-in page instead of what was on the screen.
(function () {
  "use strict";
  function start() {
    var body = document.body;
    var minutes = parseInt(body.getAttribute("data-idle-minutes") || "0", 10);
    var url = body.getAttribute("data-still-here-url");
    if (!minutes || !url) return;
    var timer = null;
    var lastPing = Date.now();
    function arm() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { window.location.reload(); }, minutes * 60000 + 2000);
    }
    function activity() {
      arm();
      if (Date.now() - lastPing > 60000) {
        lastPing = Date.now();
        window.fetch(url, { credentials: "same-origin" }).catch(function () { /* offline */ });
      }
    }
    ["keydown", "pointerdown", "input", "scroll"].forEach(function (name) {
      document.addEventListener(name, activity, { passive: true });
    });
    arm();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The installable app: a service worker from the site root (see /sw.js).
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* the site works without */ });
  });
}

// Live updates: one server-sent event stream per page (couplesafe/lib/stream.py). An event
// names a topic ("conversation", "cards", …) and never carries words; every region whose
// data-live lists that topic (or "topic:ref") fetches itself again through its own view.
// When the stream drops, the regions' ordinary polls take over until it is back.
(function () {
  "use strict";
  var url = document.body && document.body.getAttribute("data-live-url");
  if (!url || !window.EventSource || !document.querySelector("[data-live]")) return;
  var source = null;
  var opened = 0;

  function refresh(topic, ref) {
    document.querySelectorAll("[data-live]").forEach(function (elt) {
      var topics = elt.getAttribute("data-live").split(" ");
      if (topic === "*" || topics.indexOf(topic) >= 0 || (ref && topics.indexOf(topic + ":" + ref) >= 0)) {
        if (window.htmx) window.htmx.trigger(elt, "poll-now");
      }
    });
  }

  function setOpen(open) {
    window.coupleSafeLiveOpen = open;
    document.documentElement.setAttribute("data-live-stream", open ? "open" : "closed");
  }

  function connect() {
    source = new EventSource(url);
    source.addEventListener("open", function () {
      setOpen(true);
      // After a drop, anything missed meanwhile: every region checks once.
      if (opened++ > 0) refresh("*");
    });
    source.addEventListener("change", function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.topic) refresh(data.topic, data.ref);
    });
    source.addEventListener("end", function () {
      // The scope changed (logged out, couple or link ended) or the stream grew old: start
      // again; a signed-out person gets no new stream (204), and the page polls.
      source.close();
      setOpen(false);
      window.setTimeout(connect, 500);
    });
    source.addEventListener("error", function () {
      setOpen(source.readyState === EventSource.OPEN);
      // CLOSED: the server answered without a stream (204: no event server or signed out;
      // 503: busy). The page polls; try again in a minute.
      if (source.readyState === EventSource.CLOSED) window.setTimeout(connect, 60000);
    });
  }

  // Leaving the page (or the back-forward cache keeping it) closes the stream at once.
  window.addEventListener("pagehide", function () { if (source) source.close(); setOpen(false); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) connect(); });
  connect();
})();
