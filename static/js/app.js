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

  // Paging a list with htmx ("Older", "Newer"): the link that had focus is gone with the old
  // list, so focus moves to the new list itself (a keyboard or screen-reader user carries on
  // reading from its start instead of from the top of the page).
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    if (!config || !config.elt || !config.elt.hasAttribute("data-pager")) return;
    var region = document.getElementById(config.elt.getAttribute("hx-target").slice(1));
    if (!region) return;
    if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "-1");
    region.focus();
    if (region.getBoundingClientRect().top < 0) region.scrollIntoView({ block: "start" });
  });

  // Live regions poll only while the page is visible (PRODUCT.md: "while the page is visible").
  // Done here rather than in an hx-trigger filter, which would need 'unsafe-eval'.
  // While the live event stream is open (below), a region's timed poll is skipped: the stream
  // says when to fetch. A poll that an event asked for ("poll-now") always goes ahead.
  // A live region also takes one request at a time: the person's own click (a form inside it)
  // cancels a poll on its way and holds the next polls back until its answer replaces the
  // region (and this mark with it). A poll answered after the click would swap into a region
  // that is already gone, and htmx 2.0 then drops a preserved half-typed answer with it.
  var BUSY_MS = 10000;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt) return;
    if (elt.hasAttribute("data-poll")) {
      var since = Number(elt.dataset.busySince || 0);
      var timed = !(event.detail.requestConfig && event.detail.requestConfig.triggeringEvent);
      if (
        document.visibilityState !== "visible" ||
        Date.now() - since < BUSY_MS ||
        (timed && window.coupleSafeLiveOpen)
      ) {
        event.preventDefault();
      }
      return;
    }
    var region = elt.closest && elt.closest("[data-poll]");
    if (!region || !window.htmx) return;
    window.htmx.trigger(region, "htmx:abort");
    region.dataset.busySince = String(Date.now());
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && window.htmx) {
      document.querySelectorAll("[data-poll]").forEach(function (elt) {
        window.htmx.trigger(elt, "poll-now");
      });
    }
  });

  // The conversation page: when the partner moves the conversation on (a new step, a break,
  // a return), bring the current step into view, unless the person is typing.
  var lastMoment = null;
  document.addEventListener("htmx:afterSettle", function () {
    var live = document.getElementById("conversation-live");
    if (!live) return;
    var moment = live.getAttribute("data-moment");
    var typing = document.activeElement && document.activeElement.tagName === "TEXTAREA";
    if (lastMoment !== null && moment !== lastMoment && !typing) {
      var target = document.getElementById("current-step") || live;
      var top = target.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.6) {
        target.scrollIntoView({ block: "start", behavior: "smooth" });
      }
    }
    lastMoment = moment;
  });
  document.addEventListener("DOMContentLoaded", function () {
    var live = document.getElementById("conversation-live");
    if (live) lastMoment = live.getAttribute("data-moment");
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

// The navigation's "More" menu is a <details>: it works without this script. With it, Escape
// closes the menu (focus back on "More") and a tap or click elsewhere closes it too.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector("details[data-nav-more][open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    var menu = document.querySelector("details[data-nav-more][open]");
    if (menu && !menu.contains(event.target)) menu.open = false;
  });
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

// When a session ends (logout elsewhere, expiry), the server answers an htmx request with
// HX-Redirect to the login page and X-Session-Ended. Before htmx follows it, keep what was
// typed in this tab (sessionStorage: this tab only, gone when it closes) and put it back into
// the same boxes when the person returns to the page after logging in.
(function () {
  "use strict";
  var KEY = "couplesafe-drafts";

  function saveDrafts() {
    var fields = [];
    document.querySelectorAll("textarea[name], input[type=text][name]").forEach(function (box) {
      if (box.value && box.value.trim() && !box.readOnly) {
        var form = box.form;
        fields.push({
          form: form ? (form.getAttribute("action") || "") : "",
          name: box.name,
          value: box.value,
        });
      }
    });
    if (!fields.length) return;
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, fields: fields }));
    } catch (e) { /* storage full or off: nothing more we can do */ }
  }

  function restoreDrafts() {
    var raw;
    try { raw = sessionStorage.getItem(KEY); } catch (e) { return; }
    if (!raw) return;
    var saved;
    try { saved = JSON.parse(raw); } catch (e) { sessionStorage.removeItem(KEY); return; }
    if (!saved || saved.path !== location.pathname) return;
    var restored = 0;
    (saved.fields || []).forEach(function (field) {
      var boxes = document.querySelectorAll("textarea[name], input[type=text][name]");
      for (var i = 0; i < boxes.length; i++) {
        var box = boxes[i];
        var action = box.form ? (box.form.getAttribute("action") || "") : "";
        if (box.name === field.name && action === field.form && !box.value) {
          box.value = field.value;
          restored++;
          break;
        }
      }
    });
    if (restored) sessionStorage.removeItem(KEY);
  }

  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("X-Session-Ended")) saveDrafts();
  });
  document.addEventListener("DOMContentLoaded", restoreDrafts);
  document.addEventListener("htmx:afterSettle", restoreDrafts);
})();

// A poll answered 429 (too fast) waits as long as Retry-After says before polling again.
(function () {
  "use strict";
  var pausedUntil = 0;
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 429) {
      var seconds = parseInt(xhr.getResponseHeader("Retry-After") || "10", 10);
      pausedUntil = Date.now() + (isNaN(seconds) ? 10 : seconds) * 1000;
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute("data-poll") && Date.now() < pausedUntil) event.preventDefault();
  });
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
