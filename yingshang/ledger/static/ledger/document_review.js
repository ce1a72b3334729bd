// Import review page: highlight a measure's source span in the original text.
(function () {
  const text = JSON.parse(document.getElementById("source-text").textContent);
  const box = document.getElementById("source");
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  box.innerHTML = esc(text);
  function show(el) {
    const s = +el.dataset.start, e = +el.dataset.end;
    box.innerHTML = esc(text.slice(0, s)) + '<mark class="span">' + esc(text.slice(s, e)) + "</mark>" + esc(text.slice(e));
    document.querySelectorAll(".measure.active").forEach((m) => m.classList.remove("active"));
    el.classList.add("active");
    const mark = box.querySelector("mark.span");
    if (mark) box.scrollTop = mark.offsetTop - box.offsetTop - 40;
  }
  document.querySelectorAll(".measure").forEach((el) => {
    el.addEventListener("click", (ev) => { if (!["INPUT", "SELECT", "OPTION", "LABEL"].includes(ev.target.tagName)) show(el); });
    el.addEventListener("mouseenter", () => show(el));
  });
})();
