// The operator's desk on appeal pages, without inline script:
// - <input class="unit-filter" data-filter="ID"> narrows the options of select#ID, or the labels inside
//   the element #ID (a checkbox list), to those containing what is typed;
// - <button data-choose-unit="PK" data-target="ID"> (a suggestion tag) chooses that unit in select#ID;
// - the list's periodic refresh waits while appeals are ticked for a bulk dispatch.
(function () {
  "use strict";

  function matches(text, needle) {
    return text.toLowerCase().indexOf(needle) !== -1;
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("unit-filter")) return;
    var target = document.getElementById(input.getAttribute("data-filter"));
    if (!target) return;
    var needle = input.value.trim().toLowerCase();
    var items = target.tagName === "SELECT" ? target.options : target.querySelectorAll("label");
    var firstShown = null;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var keep = !needle || item.value === "" || matches(item.textContent, needle);
      item.hidden = !keep;
      if (keep && item.value && firstShown === null) firstShown = item;
    }
    if (target.tagName === "SELECT" && needle && target.selectedOptions.length && target.selectedOptions[0].hidden && firstShown) {
      target.value = firstShown.value;
    }
  });

  document.addEventListener("click", function (event) {
    var tag = event.target.closest ? event.target.closest("[data-choose-unit]") : null;
    if (!tag) return;
    var select = document.getElementById(tag.getAttribute("data-target"));
    if (!select) return;
    select.value = tag.getAttribute("data-choose-unit");
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var rows = event.target;
    if (rows.id === "appeal-rows" && rows.querySelector("input[type=checkbox]:checked, .unit-filter:focus, select:focus")) {
      event.preventDefault();
    }
  });
})();
