// Progressive enhancements for the call to action; every page works without this script.
// 1. Letters: a "Copy the letter" button next to each letter's e-mail button copies its
//    subject and body (read back from the mailto: link, so the copy is exactly what the
//    e-mail program would get), for pasting into an official contact form.
// 2. The states page: type a state's name to go to its page (the list stays as it is).
(function () {
  "use strict";

  function letterText(href) {
    var fields = {};
    href.slice(href.indexOf("?") + 1).split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) fields[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1));
    });
    return "Subject: " + (fields.subject || "") + "\n\n" + (fields.body || "").replace(/\r\n/g, "\n");
  }

  function addCopyButton(block) {
    var link = block.querySelector('a[href^="mailto:"]');
    if (!link || !navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button letter-copy";
    button.textContent = "Copy the letter";
    var status = document.createElement("span");
    status.className = "letter-copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(letterText(link.getAttribute("href"))).then(function () {
        status.textContent = "Copied. Paste it into the contact form or your e-mail, then replace the words in brackets.";
      }, function () {
        status.textContent = "Your browser did not allow copying: select the letter below and copy it.";
      });
    });
    link.parentNode.appendChild(document.createTextNode(" "));
    link.parentNode.appendChild(button);
    link.parentNode.appendChild(status);
  }

  function addStateJump(box) {
    var links = Array.prototype.slice.call(document.querySelectorAll(".md-content table a[href]"));
    if (!links.length) return;
    var form = document.createElement("form");
    form.className = "state-jump-form";
    form.setAttribute("role", "search");
    var label = document.createElement("label");
    label.htmlFor = "state-jump-input";
    label.textContent = "Go to your state: ";
    var input = document.createElement("input");
    input.id = "state-jump-input";
    input.type = "text";
    input.autocomplete = "off";
    input.setAttribute("list", "state-jump-names");
    var names = document.createElement("datalist");
    names.id = "state-jump-names";
    links.forEach(function (link) {
      var option = document.createElement("option");
      option.value = link.textContent.trim();
      names.appendChild(option);
    });
    var go = document.createElement("button");
    go.type = "submit";
    go.className = "md-button";
    go.textContent = "Go";
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = input.value.trim().toLowerCase();
      var exact = links.filter(function (l) { return l.textContent.trim().toLowerCase() === typed; });
      var starts = links.filter(function (l) { return typed && l.textContent.trim().toLowerCase().indexOf(typed) === 0; });
      var match = exact[0] || (starts.length === 1 ? starts[0] : null);
      if (match) {
        window.location.href = match.href;
      } else {
        status.textContent = starts.length > 1
          ? "Several states start with that: " + starts.map(function (l) { return l.textContent.trim(); }).join(", ") + "."
          : "No state or D.C. has that name: choose one from the list below.";
      }
    });
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(names);
    form.appendChild(document.createTextNode(" "));
    form.appendChild(go);
    box.appendChild(form);
    box.appendChild(status);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-letter]"), addCopyButton);
    var box = document.querySelector("[data-state-jump]");
    if (box) addStateJump(box);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
