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
    showScan(el);
  }
  // A scanned document: the page image with the measure's OCR'd line framed (box as page fractions).
  const scan = document.getElementById("scan");
  function showScan(el) {
    if (!scan || !el.dataset.page) return;
    const img = document.getElementById("scan-image");
    const frame = document.getElementById("scan-box");
    const url = scan.dataset.url.replace(/\/0\/$/, "/" + el.dataset.page + "/");
    if (img.getAttribute("src") !== url) img.setAttribute("src", url);
    document.getElementById("scan-page-number").textContent = el.dataset.page;
    const [x, y, w, h] = el.dataset.box.split(" ").map(Number);
    frame.style.left = x * 100 + "%";
    frame.style.top = y * 100 + "%";
    frame.style.width = w * 100 + "%";
    frame.style.height = h * 100 + "%";
    frame.hidden = false;
  }
  document.querySelectorAll(".measure").forEach((el) => {
    el.addEventListener("click", (ev) => { if (!["INPUT", "SELECT", "OPTION", "LABEL"].includes(ev.target.tagName)) show(el); });
    el.addEventListener("mouseenter", () => show(el));
  });
})();
