// While background work shown on this page is still running (an element carries
// data-refresh-seconds), reload the page every few seconds until it is done. Without
// JavaScript the page says so and offers a link that reloads it.
(function () {
  "use strict";
  var marker = document.querySelector("[data-refresh-seconds]");
  if (!marker) {
    return;
  }
  var seconds = parseInt(marker.getAttribute("data-refresh-seconds"), 10) || 3;
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
