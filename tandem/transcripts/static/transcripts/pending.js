// While background work shown on this page is still running (an element carries
// data-refresh-seconds), reload the page every few seconds until it is done, and say so.
// Without JavaScript the page offers a link that reloads it, and promises nothing more; with it,
// the link goes (data-hidden-with-script) and the promise shows (data-shown-with-script).
(function () {
  "use strict";
  var marker = document.querySelector("[data-refresh-seconds]");
  if (!marker) {
    return;
  }
  var seconds = parseInt(marker.getAttribute("data-refresh-seconds"), 10) || 3;
  // Only now that the script runs is it true that the page refreshes by itself, and no longer
  // true that the reader must refresh it: each sentence is shown only while it holds (hidden,
  // not just out of sight, so a screen reader is told the same).
  marker.querySelectorAll("[data-shown-with-script]").forEach(function (note) {
    note.hidden = false;
  });
  marker.querySelectorAll("[data-hidden-with-script]").forEach(function (note) {
    note.hidden = true;
  });
  function reload() {
    var active = document.activeElement;
    // Never while someone is typing into a form on the page: wait for them.
    if (active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
      window.setTimeout(reload, seconds * 1000);
      return;
    }
    window.location.reload();
  }
  window.setTimeout(reload, seconds * 1000);
})();
