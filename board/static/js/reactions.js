// Reactions without a page reload. The forms work without JavaScript; this only upgrades them.
"use strict";

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-reaction]");
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector("button");
  if (button.disabled) return;
  button.disabled = true;
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`reaction failed: ${response.status}`);
    const data = await response.json();
    button.setAttribute("aria-pressed", data.on ? "true" : "false");
    button.classList.toggle("reaction-on", data.on);
    button.querySelector(".reaction-count").textContent = data.count;
  } catch (error) {
    form.submit(); // fall back to the plain form post, which shows any error page
  } finally {
    button.disabled = false;
  }
});
