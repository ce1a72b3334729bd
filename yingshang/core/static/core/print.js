// Print buttons: any element with a data-print attribute prints the page. A static file with a listener,
// not an inline handler, so the pages keep working under a Content-Security-Policy without 'unsafe-inline'.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
