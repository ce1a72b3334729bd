// Behaviour shared by every page, kept out of the markup (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  // <form data-confirm="…">: ask before submitting (deletions).
  document.addEventListener("submit", function (ev) {
    const form = ev.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      ev.preventDefault();
    }
  }, true);

  // The header's menu button on phones.
  document.addEventListener("click", function (ev) {
    const button = ev.target instanceof Element ? ev.target.closest(".menu-toggle") : null;
    if (!button) return;
    const bar = button.closest(".topbar");
    const open = bar.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // Wide tables become stacked cards on phones: each cell carries its column's name (app.css shows it).
  function labelCells(root) {
    root.querySelectorAll("table.list").forEach(function (table) {
      const heads = Array.from(table.querySelectorAll("thead th")).map(function (th) { return th.textContent.trim(); });
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.from(tr.children).forEach(function (td, i) {
          if (heads[i] && !td.hasAttribute("data-label") && !td.hasAttribute("colspan")) td.setAttribute("data-label", heads[i]);
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelCells(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { labelCells(ev.target); });
})();
