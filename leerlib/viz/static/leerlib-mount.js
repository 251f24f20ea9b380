/* leerlib map mounting: draws maps that arrive in a page as inert markup.
 *
 * A page that loads vis-network, leerlib-map.js and this file once (leerlib's Voila template)
 * can show maps written by NetworkMap.mount_html(): a root element with class "leerlib-map"
 * and its data in an inert <script type="application/json"> element, with no script to run.
 * This file watches the page, draws every such root when it appears (for example when a
 * dashboard widget replaces its content) and releases maps whose root has left the page.
 * The data is read with JSON.parse and shown only through textContent and the canvas.
 */
(function () {
  "use strict";
  if (window.leerlibMountMaps) { return; }

  function release() {
    var maps = window.leerlibMaps || {};
    Object.keys(maps).forEach(function (id) {
      var state = maps[id];
      if (state && state.root && !state.root.isConnected) {
        if (state.network) { state.network.destroy(); }
        delete maps[id];
      }
    });
  }

  function mount() {
    if (!window.vis || !window.leerlibMap) { return; }
    var roots = document.querySelectorAll(".leerlib-map[data-mount]:not([data-mounted])");
    if (roots.length) { release(); }
    Array.prototype.forEach.call(roots, function (root) {
      root.setAttribute("data-mounted", "1");
      var source = document.getElementById(root.id + "-data");
      if (!source) { return; }
      try {
        window.leerlibMap(root, JSON.parse(source.textContent));
      } catch (err) {
        root.setAttribute("data-error", "1");
        if (window.console) { window.console.error("leerlib map", root.id, err); }
      }
    });
  }

  window.leerlibMountMaps = mount;

  function start() {
    mount();
    new MutationObserver(mount).observe(document.body, { childList: true, subtree: true });
  }

  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
