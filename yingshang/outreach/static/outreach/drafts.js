// Drafts kept on the device: a visit log or a supervisor's finding typed without signal is stored in
// localStorage when the form is submitted offline, and posted when the connection returns. Drafts are
// kept per user (the key carries the user's id, <body data-user>), so on a shared phone one user's draft
// is never sent under another's login; logging out removes them (core/app.js).
(function () {
  "use strict";
  const PREFIX = "yingshang-outreach-drafts";
  const KEY = PREFIX + ":" + (document.body ? document.body.dataset.user || "" : "");
  // A draft stored before drafts were kept per user cannot be told apart: it is dropped, never sent.
  try { window.localStorage.removeItem(PREFIX); } catch (e) { /* storage refused */ }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function store(drafts) { window.localStorage.setItem(KEY, JSON.stringify(drafts)); }

  function showCount() {
    const n = load().length;
    document.querySelectorAll("[data-draft-count]").forEach(function (el) {
      el.hidden = n === 0;
      el.textContent = n ? "本机有 " + n + " 条草稿未提交，联网后将自动提交。" : "";
    });
  }

  function keep(form) {
    const fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") fields.push([name, value]);
    });
    const drafts = load();
    drafts.push({ url: form.action || window.location.href, label: form.dataset.draft, fields: fields, saved: Date.now() });
    store(drafts);
    form.reset();
    showCount();
  }

  let sending = false;
  function sendAll() {
    if (sending || !navigator.onLine) return;
    const drafts = load();
    if (!drafts.length) return;
    sending = true;
    const left = [];
    let chain = Promise.resolve();
    drafts.forEach(function (draft) {
      chain = chain.then(function () {
        return fetch(draft.url, {
          method: "POST",
          credentials: "same-origin",
          body: new URLSearchParams(draft.fields),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }).then(function (response) {
          // A saved form redirects; anything else (a refused field, a lost login) keeps the draft.
          if (!(response.ok && response.redirected)) left.push(draft);
        }).catch(function () { left.push(draft); });
      });
    });
    chain.then(function () {
      store(left);
      sending = false;
      showCount();
      document.dispatchEvent(new CustomEvent("drafts:sent", { detail: { left: left.length } }));
    });
  }

  document.addEventListener("submit", function (ev) {
    const form = ev.target;
    if (form instanceof HTMLFormElement && form.dataset.draft && !navigator.onLine) {
      ev.preventDefault();
      keep(form);
    }
  });
  window.addEventListener("online", sendAll);
  document.addEventListener("DOMContentLoaded", function () {
    showCount();
    sendAll();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/outreach/sw.js").catch(function () {});
    }
  });
})();
