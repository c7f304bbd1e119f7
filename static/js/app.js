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
      if (document.visibilityState !== "visible" || Date.now() - since < BUSY_MS) {
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
