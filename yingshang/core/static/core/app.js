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

  // <form data-logout>: a phone may be shared, so before the logout is sent the device forgets what this
  // user left on it — Cache Storage and the outreach drafts (the logout response also asks the browser
  // to clear them: Clear-Site-Data).
  function forgetDevice() {
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf("yingshang-outreach-drafts") === 0) window.localStorage.removeItem(key);
      });
    } catch (e) { /* storage refused */ }
    if (!("caches" in window)) return Promise.resolve();
    return caches.keys().then(function (keys) {
      return Promise.all(keys.map(function (k) { return caches.delete(k); }));
    }).catch(function () {});
  }
  document.addEventListener("submit", function (ev) {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement) || !("logout" in form.dataset) || ev.defaultPrevented) return;
    ev.preventDefault();
    forgetDevice().then(function () { form.submit(); });
  });

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
