// Staff tools navigation (mod/_nav.html): the list of tools is a <details> that starts closed, so
// a phone's first screen shows the queue counts. On a wide screen there is room: open it.
"use strict";
document.querySelectorAll("details[data-open-wide]").forEach((details) => {
  if (window.matchMedia("(min-width: 48rem)").matches) details.open = true;
});
