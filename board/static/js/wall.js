// The celebration wall: one shout-out at a time, moving on by itself (a hallway screen), with
// Pause, Previous and Next for whoever presents it (buttons, or the arrow, Page and space keys
// of a presentation clicker). Without JavaScript the shout-outs are a list.
// Rotation follows the WAI-ARIA carousel pattern: the slides are not announced while they move
// on by themselves (aria-live off), and are announced when someone moves them (polite).
"use strict";

const slides = document.querySelector("[data-wall]");
const SECONDS_PER_SLIDE = 9;

if (slides && slides.children.length > 1) {
  const items = Array.from(slides.children);
  let current = 0;
  let timer = null;

  const button = (label, action) => {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  };
  const controls = document.createElement("div");
  controls.className = "wall-controls";
  controls.setAttribute("role", "group");
  controls.setAttribute("aria-label", "Shout-out controls");
  const position = document.createElement("p");
  position.className = "wall-position";

  const show = (index) => {
    current = (index + items.length) % items.length;
    items.forEach((item, i) => item.classList.toggle("current", i === current));
    position.textContent = `${current + 1} of ${items.length}`;
  };
  const play = () => {
    timer = setInterval(() => show(current + 1), SECONDS_PER_SLIDE * 1000);
    slides.setAttribute("aria-live", "off");
    pause.textContent = "Pause";
  };
  const stop = () => {
    clearInterval(timer);
    timer = null;
    slides.setAttribute("aria-live", "polite");
    pause.textContent = "Play";
  };
  const step = (by) => {
    stop();
    show(current + by);
  };
  const pause = button("Pause", () => (timer ? stop() : play()));
  // Pause first: the rotation control leads the tab order (WAI-ARIA carousel pattern).
  controls.append(pause, button("Previous", () => step(-1)), button("Next", () => step(1)), position);
  slides.after(controls);

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest("button") && (event.key === " " || event.key === "Enter")) return;
    const moves = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
    if (event.key in moves) {
      step(moves[event.key]);
    } else if (event.key === " ") {
      timer ? stop() : play();
    } else {
      return;
    }
    event.preventDefault();
  });

  slides.classList.add("advancing");
  show(0);
  play();
}
