// Progressive enhancements; every page is complete and readable without this script.
// 1. Directory tables: sort by a column, filter rows by text.
// 2. Tables too wide for the screen scroll sideways: make the scrolling box focusable and
//    named, so keyboard users can scroll it too (axe: scrollable-region-focusable).
// 3. Letters print in full.
(function () {
  "use strict";

  function sortKey(text) {
    var months = ["january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december"];
    var match = text.match(/^(?:(\d{1,2}) )?(?:([A-Za-z]+) )?(\d{4})/);
    if (match) {
      var month = match[2] ? months.indexOf(match[2].toLowerCase()) + 1 : 0;
      return [1, Number(match[3]) * 10000 + month * 100 + Number(match[1] || 0), ""];
    }
    return [text === "" ? 2 : 0, 0, text.toLowerCase()];
  }

  function compare(a, b) {
    for (var i = 0; i < 3; i++) {
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return 0;
  }

  function enhance(table, index) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    var status = document.createElement("p");
    status.className = "directory-status";
    status.setAttribute("role", "status");

    Array.prototype.forEach.call(headers, function (cell, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = cell.textContent;
      cell.textContent = "";
      cell.appendChild(button);
      cell.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = cell.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var order = compare(sortKey(a.cells[column].textContent.trim()), sortKey(b.cells[column].textContent.trim()));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });

    var label = document.createElement("label");
    label.className = "directory-filter";
    label.textContent = "Filter this page: ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "directory-filter-" + index;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown++;
      });
      status.textContent = words.length ? shown + " of " + rows.length + " rows shown" : "";
    });
    label.appendChild(input);
    var wrapper = table.closest(".directory");
    wrapper.parentNode.insertBefore(label, wrapper);
    wrapper.parentNode.insertBefore(status, wrapper);
  }

  function scrollable() {
    var number = 0;
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset table:not([class])").forEach(function (box) {
      number++;
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          // Landmarks need distinct names: number the tables of the page.
          box.setAttribute("aria-label", "Table " + number + ", scrolls sideways");
          box.setAttribute("data-scroll-region", "");
        }
      } else if (box.hasAttribute("data-scroll-region")) {
        box.removeAttribute("data-scroll-region");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function start() {
    document.querySelectorAll(".directory table").forEach(function (table, index) {
      if (!table.hasAttribute("data-enhanced")) {
        table.setAttribute("data-enhanced", "");
        enhance(table, index);
      }
    });
    scrollable();
  }
  // Material announces each page on its document$ stream once its own components (such as
  // the table scroll boxes) are in place.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.addEventListener("resize", scrollable);
  // 3. Print the letters in full (browsers without ::details-content in print CSS).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.letter:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-opened-for-print");
    });
  });
})();
