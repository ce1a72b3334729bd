// 评价器: each button posts one rating to the API, shows the answer, then the page resets for the next
// person after a few seconds. No inline script (the Content-Security-Policy refuses it).
(function () {
  "use strict";
  var root = document.getElementById("kiosk");
  if (!root) { return; }
  var buttons = root.querySelectorAll("button[data-level]");
  var message = root.querySelector(".kiosk-message");
  var resetAfter = parseInt(root.getAttribute("data-reset-seconds"), 10) * 1000;
  var timer = null;

  function setDisabled(disabled) {
    for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = disabled; }
  }

  function reset() {
    message.textContent = "";
    root.removeAttribute("data-state");
    setDisabled(false);
  }

  function rate(level) {
    setDisabled(true);
    message.textContent = "正在提交…";
    fetch(root.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kiosk_key: root.getAttribute("data-kiosk-key"), level: level })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (answer.ok) {
        message.textContent = "感谢您的评价！";
        root.setAttribute("data-state", "done");
      } else {
        message.textContent = answer.body.message || "提交失败，请稍后再试。";
        root.setAttribute("data-state", "error");
      }
    }).catch(function () {
      message.textContent = "网络异常，请稍后再试。";
      root.setAttribute("data-state", "error");
    }).then(function () {
      clearTimeout(timer);
      timer = setTimeout(reset, resetAfter);
    });
  }

  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (event) {
      rate(parseInt(event.currentTarget.getAttribute("data-level"), 10));
    });
  }
}());
