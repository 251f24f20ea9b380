/* leerlib map mounting: draws maps that arrive in a page as inert markup.
 *
 * A page that loads vis-network, leerlib-map.js and this file once (leerlib's Voila template)
 * can show maps written by NetworkMap.mount_html(): a root element with class "leerlib-map"
 * and its data in an inert <script type="application/json"> element, with no script to run.
 * This file watches the page and builds every such root as soon as it appears (for example
 * when a dashboard widget replaces its content; a map built while hidden is drawn when first
 * shown), and releases maps whose root has left the page. The data is read with JSON.parse and shown only through
 * textContent and the canvas.
 *
 * Dashboards: a map can arrive before the widgets do, as a plain output
 * <div class="leerlib-map-home" data-slot="S">; when the widget's placeholder
 * <div class="leerlib-map-slot" data-slot="S"> appears, the map (already drawn) moves into it.
 * A later map for slot S, sent by the widget, replaces a home map that was never moved.
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

  function draw(root) {
    if (!root.isConnected || root.hasAttribute("data-mounted")) { return; }
    root.setAttribute("data-mounted", "1");
    var source = document.getElementById(root.id + "-data");
    if (!source) { return; }
    try {
      window.leerlibMap(root, JSON.parse(source.textContent));
    } catch (err) {
      root.setAttribute("data-error", "1");
      if (window.console) { window.console.error("leerlib map", root.id, err); }
    }
  }

  function homeOf(slot) {
    var homes = document.querySelectorAll(".leerlib-map-home[data-slot]");
    for (var i = 0; i < homes.length; i++) {
      if (homes[i].getAttribute("data-slot") === slot) { return homes[i]; }
    }
    return null;
  }

  function adopt() {
    var slots = document.querySelectorAll(".leerlib-map-slot[data-slot]:not([data-filled])");
    Array.prototype.forEach.call(slots, function (slot) {
      var home = homeOf(slot.getAttribute("data-slot"));
      if (!home) { return; }
      slot.setAttribute("data-filled", "1");
      var root = home.querySelector(".leerlib-map");
      var source = root && document.getElementById(root.id + "-data");
      if (root) { slot.appendChild(root); }
      if (source) { slot.appendChild(source); }
      home.remove();
      // the slot is another size than the page was: fit the view to it (nobody has had time
      // to zoom yet; the widgets arrive a fraction of a second after the map)
      var state = root && (window.leerlibMaps || {})[root.id];
      if (state && state.network) {
        try {
          state.network.setSize();  // the map's own width and height options, measured anew
          state.network.fit({ animation: false });
        } catch (err) { /* vis-network redraws at its next resize check */ }
      }
    });
    // a newer map sent by a widget for a slot whose first map never moved in
    var sent = document.querySelectorAll(".leerlib-map[data-slot]");
    Array.prototype.forEach.call(sent, function (root) {
      if (root.closest(".leerlib-map-home")) { return; }
      var home = homeOf(root.getAttribute("data-slot"));
      if (home) { home.remove(); }
    });
  }

  function mount() {
    if (!window.vis || !window.leerlibMap) { return; }
    adopt();
    var roots = document.querySelectorAll(".leerlib-map[data-mount]:not([data-mounted])");
    if (roots.length) { release(); }
    // built at once, also while hidden (leerlib-map.js fits the view when it is first shown)
    Array.prototype.forEach.call(roots, draw);
  }

  window.leerlibMountMaps = mount;

  function start() {
    new MutationObserver(mount).observe(document.body, { childList: true, subtree: true });
    // maps already in the page are built in a task of their own, after the page's other
    // DOMContentLoaded work (Voila starts loading its widgets there)
    window.setTimeout(mount, 0);
  }

  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
