// Suggest classmates' usernames while typing recipients. Without JavaScript people type them.
"use strict";

const input = document.querySelector("input[data-suggest]");
const list = input && document.getElementById(input.getAttribute("list"));
let timer = null;

if (input && list) {
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
}

async function suggest() {
  const parts = input.value.split(/[,;\s]+/);
  const last = parts.pop().replace(/^@/, "");
  const head = parts.filter(Boolean).join(", ");
  if (!last) {
    list.replaceChildren();
    return;
  }
  const url = `${input.dataset.suggest}?q=${encodeURIComponent(last)}`;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const people = await response.json();
  list.replaceChildren(
    ...people.map((person) => {
      const option = document.createElement("option");
      option.value = head ? `${head}, ${person.username}` : person.username;
      option.label = person.display_name;
      return option;
    }),
  );
}
