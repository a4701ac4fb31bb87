// Reactions without a page reload. The forms work without JavaScript; this only upgrades them.
"use strict";

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-reaction]");
  const button = event.submitter;
  if (!form || !button || button.name !== "kind") return;
  event.preventDefault();
  if (button.disabled) return;
  const body = new FormData(form, button); // before disabling: a disabled button sends nothing
  button.disabled = true;
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
    button.disabled = false;
  }
});
