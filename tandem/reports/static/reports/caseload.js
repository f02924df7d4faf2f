// Caseload: filter as you type, "only those needing attention", and keys to move between clients.
// Progressive: without JavaScript the page is a plain table with server-side filters.
(function () {
  "use strict";
  var table = document.getElementById("caseload");
  var panel = document.getElementById("caseload-filters");
  if (!table || !panel) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr.caseload-row"));
  var search = document.getElementById("caseload-search");
  var only = document.getElementById("caseload-attention");
  var count = document.getElementById("caseload-count");
  panel.hidden = false;
  var hint = document.querySelector(".keys-hint");
  if (hint) hint.hidden = false;

  // A name copied from a page holds a no-break space beside its initial ("Ada\u00a0L."): every
  // kind of space, in what is typed and in the names, counts as one plain space.
  function plain(text) {
    return text.replace(/\s+/g, " ");
  }
  var names = rows.map(function (row) { return plain(row.dataset.name); });

  function apply() {
    var q = plain(search.value).trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = (!q || names[i].indexOf(q) !== -1) && (!only.checked || row.dataset.attention);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    // The words come from the page, in its language ("{shown} of {total} shown"); without them
    // the count stays as the page wrote it rather than speak English (docs/i18n.md).
    var words = count.getAttribute("data-words");
    if (words) count.textContent = words.replace("{shown}", shown).replace("{total}", rows.length);
  }
  search.addEventListener("input", apply);
  only.addEventListener("change", apply);
  apply();

  function links() {
    return rows.filter(function (r) { return !r.hidden; }).map(function (r) {
      return r.querySelector("a.client-link");
    });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "TEXTAREA" || target.isContentEditable ||
      (target.tagName === "INPUT" && ["checkbox", "radio", "button", "submit"].indexOf(target.type) === -1));
    if (event.key === "/" && !typing) {
      event.preventDefault();
      search.focus();
      return;
    }
    if (typing && target !== search) return;
    var down = event.key === "ArrowDown" || (!typing && event.key === "j");
    var up = event.key === "ArrowUp" || (!typing && event.key === "k");
    if (!down && !up) return;
    var list = links();
    if (!list.length) return;
    var at = list.indexOf(document.activeElement);
    if (target === search || at === -1) {
      if (!down) return;
      at = -1;
    }
    event.preventDefault();
    var next = Math.max(0, Math.min(list.length - 1, at + (down ? 1 : -1)));
    list[next].focus();
  });
})();
