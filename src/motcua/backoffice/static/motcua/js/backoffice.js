/* motcua back office: keyboard shortcut to search and focus management after htmx swaps.
   Everything works without this file; it only saves keystrokes. */
(function () {
  "use strict";

  function isTyping(el) {
    if (!el) return false;
    var tag = el.tagName;
    return el.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  // "/" jumps to the dossier search box from anywhere on the page.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    var box = document.getElementById("quick-search");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // After htmx replaces part of the page because the user asked for it (a click, a submit),
  // move the focus to the new content so keyboard and screen-reader users land on it. Live
  // results while typing keep the focus in the search box.
  var swappedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    swappedId = event.detail.target ? event.detail.target.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (!trigger || (trigger.type !== "click" && trigger.type !== "submit")) return;
    // An outerHTML swap replaced the target: find its successor by id.
    var region = swappedId ? document.getElementById(swappedId) : event.detail.target;
    if (!region) return;
    var focus = region.querySelector("[data-autofocus], [role=alert], h2, h3");
    if (!focus && region.hasAttribute("data-focus-after-swap")) focus = region;
    if (!focus) return;
    if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
    focus.focus();
  });
})();
