/* leerlib pages, for keyboard users.
   - A folded panel's title (ipywidgets' Accordion: the overview's cleaning report, the course's
     worked answers) reacts to the mouse only; here it becomes a button that Tab reaches and
     Enter or space opens, saying whether it is open (aria-expanded).
   - The overview's "text version of the map" button opens another tab and so hides itself; the
     keyboard then continues from that tab's title instead of from the top of the page. */
(function () {
  "use strict";
  var HEADER = ".jupyter-widget-Collapse-header, .lm-Collapse-header, .p-Collapse-header";

  function openState(header) {
    var box = header.parentElement;
    var open = !!box && /(^|\s)(jupyter-widget|lm|p)-Collapse-open(\s|$)/.test(box.className);
    if (header.getAttribute("aria-expanded") !== String(open)) {
      header.setAttribute("aria-expanded", String(open));
    }
  }

  function fixHeaders() {
    Array.prototype.forEach.call(document.querySelectorAll(HEADER), function (header) {
      if (!header.hasAttribute("data-ll-key")) {
        header.setAttribute("data-ll-key", "1");
        header.setAttribute("tabindex", "0");
        header.setAttribute("role", "button");
        header.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); header.click(); }
        });
      }
      openState(header);
    });
  }

  var pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fixHeaders(); });
  }
  function watch() {
    fixHeaders();
    new MutationObserver(later).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["class"]
    });
  }
  if (document.body) { watch(); } else { document.addEventListener("DOMContentLoaded", watch); }

  document.addEventListener("click", function (ev) {
    var button = ev.target && ev.target.closest ? ev.target.closest(".ll-text-version") : null;
    if (!button || button.tagName === "A") { return; }
    var app = button.closest(".ll-app");
    var tries = 0;
    var timer = setInterval(function () {
      tries += 1;
      var bar = app && app.querySelector(".lm-TabBar, .p-TabBar");
      var current = bar && bar.querySelector(".lm-mod-current, .p-mod-current");
      if (current && button.offsetParent === null) {
        clearInterval(timer);
        current.focus();
      } else if (tries > 50) {
        clearInterval(timer);
      }
    }, 100);
  });
})();
