// Reactions without a page reload. The forms work without JavaScript; this only upgrades them.
"use strict";

// Buttons whose reaction is on its way. Not `disabled`: disabling the focused button drops focus
// to the page, and a keyboard or screen-reader user would have to find their place again.
const sending = new WeakSet();

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-reaction]");
  const button = event.submitter;
  if (!form || !button || button.name !== "kind") return;
  event.preventDefault();
  if (sending.has(button)) return;
  const body = new FormData(form, button);
  sending.add(button);
  button.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`reaction failed: ${response.status}`);
    const data = await response.json();
    button.setAttribute("aria-pressed", data.on ? "true" : "false");
    button.classList.toggle("reaction-on", data.on);
    button.querySelector(".reaction-count").textContent = data.count;
  } catch (error) {
    // Fall back to the plain form post, which shows any error page. submit() sends no button,
    // so the kind goes in a hidden field.
    const kind = document.createElement("input");
    kind.type = "hidden";
    kind.name = "kind";
    kind.value = button.value;
    form.append(kind);
    form.submit();
  } finally {
    sending.delete(button);
    button.removeAttribute("aria-busy");
  }
});
