// Auto-advance the celebration wall one shout-out at a time. Without JavaScript they are a list.
"use strict";

const slides = document.querySelector("[data-wall]");
const SECONDS_PER_SLIDE = 9;

if (slides && slides.children.length > 1) {
  const items = Array.from(slides.children);
  let current = 0;
  slides.classList.add("advancing");
  const show = (index) => {
    items.forEach((item, i) => item.classList.toggle("current", i === index));
  };
  show(current);
  setInterval(() => {
    current = (current + 1) % items.length;
    show(current);
  }, SECONDS_PER_SLIDE * 1000);
}
