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
})();
