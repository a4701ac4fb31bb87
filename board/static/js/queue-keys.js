// Queue pages (mod/queue.html): "select all" ticks every item, and keyboard shortcuts
// (j/k move, x select, a approve, r reject, ? help). Without JavaScript the page still works:
// "Select all on this page" is sent with the form, and every action has its own button.
"use strict";
(() => {
  const selectAll = document.querySelector("[data-select-all]");
  const boxes = () => Array.from(document.querySelectorAll("[data-select-item]"));

  if (selectAll) {
    selectAll.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = selectAll.checked; });
    });
    document.addEventListener("change", (event) => {
      if (!event.target.matches("[data-select-item]")) return;
      const all = boxes();
      selectAll.checked = all.every((box) => box.checked);
      selectAll.indeterminate = !selectAll.checked && all.some((box) => box.checked);
    });
  }

  const help = document.getElementById("shortcuts-help");
  const helpButton = document.querySelector("[data-shortcuts-open]");
  if (!help || !helpButton) return;
  helpButton.hidden = false;
  helpButton.addEventListener("click", () => help.showModal());

  const items = Array.from(document.querySelectorAll(".queue-item"));
  let current = null;

  function focusItem(item) {
    if (!item) return;
    if (current) current.classList.remove("is-current");
    current = item;
    item.classList.add("is-current");
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function itemWithFocus() {
    const here = document.activeElement && document.activeElement.closest(".queue-item");
    return here || current;
  }

  function move(step) {
    const here = itemWithFocus();
    const index = here ? items.indexOf(here) + step : step > 0 ? 0 : items.length - 1;
    focusItem(items[Math.max(0, Math.min(items.length - 1, index))]);
  }

  function typing(target) {
    // A checkbox or a button has focus after a click: keys still work there.
    const field = "textarea, select, [contenteditable], input:not([type=checkbox]):not([type=submit])";
    return target.closest(field) !== null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || help.open) return;
    if (event.target instanceof Element && typing(event.target)) return;
    const item = itemWithFocus();
    if (event.key === "?") {
      help.showModal();
    } else if (event.key === "j") {
      move(1);
    } else if (event.key === "k") {
      move(-1);
    } else if (event.key === "x" && item) {
      const box = item.querySelector("[data-select-item]");
      if (box) box.click();
    } else if (event.key === "a" && item) {
      const approve = item.querySelector("form[action$='/approve'] button");
      if (approve) approve.click();
    } else if (event.key === "r" && item) {
      const reject = item.querySelector("details.reject");
      if (!reject) return;
      reject.open = true;
      reject.querySelector("select").focus();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
