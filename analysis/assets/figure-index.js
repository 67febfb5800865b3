/* The "Every figure" table of the HTML briefing: search and sort, offline.
   Hand-written, no library: it is inlined in the page (analysis/figure_index.py).
   Each table is a <div data-sb-figure-index> holding an <input type=search>, a
   count line and a table whose header cells hold sort buttons; a cell's data-sort
   value (a number) sorts numerically, other cells by their text in the page's
   language. */
(function () {
  "use strict";

  function fold(text) {
    // Case, and the spaces and commas that group digits, do not matter to a search.
    return text.toLowerCase().replace(/(\d)[\s,\u00a0\u202f](?=\d)/g, "$1");
  }

  function sortKey(cell) {
    var raw = cell.getAttribute("data-sort");
    return raw !== null && raw !== "" ? parseFloat(raw) : cell.textContent.trim();
  }

  function compare(a, b, lang) {
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    return String(a).localeCompare(String(b), lang, { numeric: true });
  }

  function setUp(root) {
    var grid = root.querySelector("table");
    var body = grid.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var input = root.querySelector("input[type=search]");
    var count = root.querySelector("[data-sb-count]");
    var template = count.getAttribute("data-template");
    var lang = root.getAttribute("lang") || document.documentElement.lang || "en";
    rows.forEach(function (row) { row.setAttribute("data-sb-text", fold(row.textContent)); });

    function filter() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-sb-text");
        var hit = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !hit;
        if (hit) { shown += 1; }
      });
      count.textContent = template.replace("{shown}", shown).replace("{total}", rows.length);
    }

    function sortBy(header, column) {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(grid.tHead.rows[0].cells, function (th) {
        th.setAttribute("aria-sort", "none");
      });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var order = compare(sortKey(a.cells[column]), sortKey(b.cells[column]), lang);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }

    Array.prototype.forEach.call(grid.tHead.rows[0].cells, function (th, column) {
      var button = th.querySelector("button");
      if (button) { button.addEventListener("click", function () { sortBy(th, column); }); }
    });
    input.addEventListener("input", filter);
    filter();
  }

  function start() {
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-sb-figure-index]"), setUp
    );
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
