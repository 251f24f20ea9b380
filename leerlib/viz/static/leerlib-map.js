/* leerlib network map: draws one map into one root element with vis-network.
 *
 * Everything is scoped to the root element, so several maps share a page without colliding.
 * Every text from the data (names, teams, topics, labels) reaches the page through textContent
 * or a canvas, never through innerHTML: a name is always shown as text and never runs.
 */
(function () {
  "use strict";
  if (window.leerlibMap) { return; }
  window.leerlibMaps = window.leerlibMaps || {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  // A map in a scrolling page (a notebook) lets the mouse wheel scroll the page past it, as
  // web maps do: the wheel zooms with Ctrl (Cmd on a Mac) held, or once the map was clicked,
  // until the pointer leaves it. A wheel turn without either shows a short hint. The wheel event
  // is stopped on its way down (capture phase), before vis-network's own listener sees it, and
  // is not cancelled, so the page scrolls.
  function guardWheel(root, canvas, T) {
    var active = false;
    var timer = null;
    var hint = el("div", "lm-wheel-hint", T.wheel_hint || "Ctrl + scroll to zoom");
    hint.hidden = true;
    canvas.style.position = "relative";
    canvas.appendChild(hint);
    root.setAttribute("data-wheel-active", "0");
    function activate(on) {
      active = on;
      root.setAttribute("data-wheel-active", on ? "1" : "0");
      if (on) { hint.hidden = true; }
    }
    canvas.addEventListener("wheel", function (ev) {
      if (active || ev.ctrlKey || ev.metaKey) { return; }
      ev.stopPropagation();
      hint.hidden = false;
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { hint.hidden = true; }, 1500);
    }, { capture: true });
    canvas.addEventListener("pointerdown", function () { activate(true); });
    root.addEventListener("mouseleave", function () { activate(false); });
    document.addEventListener("pointerdown", function (ev) {
      if (!root.contains(ev.target)) { activate(false); }
    }, true);
  }

  window.leerlibMap = function (root, data) {
    var T = data.text;
    var canvas = root.querySelector(".lm-canvas");
    var card = root.querySelector(".lm-card");
    var legend = root.querySelector(".lm-legend");
    var search = root.querySelector(".lm-search");
    var names = root.querySelector("datalist");
    var fAttr = root.querySelector(".lm-filter-attr");
    var fValue = root.querySelector(".lm-filter-value");
    var state = { drawn: false, firstDrawMs: null, selected: null, root: root };
    window.leerlibMaps[root.id] = state;

    var info = {};
    var visNodes = data.nodes.map(function (n) {
      info[n.id] = n;
      return {
        id: n.id, label: n.label, x: n.x, y: n.y, value: n.value, shape: n.shape || "dot",
        color: { background: n.color, border: n.border || "#ffffff",
                 highlight: { background: n.color, border: "#222222" },
                 hover: { background: n.color, border: "#222222" } },
        fixed: true
      };
    });
    var visEdges = data.edges.map(function (e, i) {
      var edge = { id: "e" + i, from: e.from, to: e.to, width: e.width };
      edge.color = { color: e.color, highlight: e.color, hover: e.color, opacity: e.opacity || 0.45 };
      if (e.dashes) { edge.dashes = true; }
      return edge;
    });
    var nodes = new vis.DataSet(visNodes);
    var edges = new vis.DataSet(visEdges);
    var n = visNodes.length;
    var options = {
      autoResize: true,
      physics: false,
      layout: { improvedLayout: false, randomSeed: 0 },
      interaction: { hover: true, tooltipDelay: 100000, hideEdgesOnDrag: n > 500,
                     hideEdgesOnZoom: n > 1000, multiselect: false, navigationButtons: false },
      nodes: {
        shape: "dot", borderWidth: 1, borderWidthSelected: 3,
        scaling: { min: data.size.min, max: data.size.max,
                   // label sizes by network size (leerlib.viz._style.label_spacing)
                   label: { enabled: data.labels, min: (data.label_size || {}).min || 10,
                            max: (data.label_size || {}).max || 30, drawThreshold: 8, maxVisible: 30 } },
        font: { face: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", color: "#1a1a1a",
                strokeWidth: 4, strokeColor: "rgba(255,255,255,0.85)" }
      },
      edges: {
        arrows: { to: { enabled: data.directed, scaleFactor: 0.45 } },
        selectionWidth: 1.5,
        smooth: n > 500 ? false : { enabled: true, type: "curvedCW", roundness: 0.12 }
      }
    };
    if (!data.labels) { options.nodes.font.size = 0; }
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, options);
    state.network = network; state.nodes = nodes; state.edges = edges;
    // For a screen reader the drawing is one image, named by the map's title and described by
    // its legend (and by the lists the page names in data-describedby); the keyboard reaches
    // the search box, the filters and the legend instead of a canvas it cannot use.
    var title = root.querySelector(".lm-title");
    legend.id = root.id + "-legend";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", String(T.map_label || "{title}")
      .replace("{title}", title ? title.textContent : ""));
    canvas.setAttribute("aria-describedby",
      (legend.id + " " + (root.getAttribute("data-describedby") || "")).trim());
    Array.prototype.forEach.call(canvas.querySelectorAll("[tabindex]"), function (f) {
      f.setAttribute("tabindex", "-1");
    });
    if (root.getAttribute("data-wheel") === "guard") { guardWheel(root, canvas, T); }

    function shown() { return canvas.offsetWidth > 0 && canvas.offsetHeight > 0; }
    network.on("afterDrawing", function () {
      if (!state.drawn && shown()) {
        state.drawn = true;
        state.firstDrawMs = window.performance ? window.performance.now() : null;
        root.setAttribute("data-drawn", "1");
      }
    });
    // Built while hidden (a page still loading, a closed tab): the view was fitted to no
    // size at all, so fit it once the map is first shown.
    if (!shown() && window.ResizeObserver) {
      var watch = new ResizeObserver(function () {
        if (shown()) { watch.disconnect(); network.fit({ animation: false }); network.redraw(); }
      });
      watch.observe(canvas);
    }

    // hover card ------------------------------------------------------------------------
    function showCard(id, pointer) {
      var n = info[id];
      if (!n) { return; }
      card.replaceChildren();
      card.appendChild(el("div", "lm-card-title", n.label || n.id));
      (n.card || []).forEach(function (row) {
        var line = el("div", "lm-card-row");
        line.appendChild(el("span", "lm-card-key", row[0]));
        line.appendChild(el("span", "lm-card-val", row[1]));
        card.appendChild(line);
      });
      card.hidden = false;
      var box = root.getBoundingClientRect();
      var left = Math.min(pointer.x + 14, Math.max(0, box.width - card.offsetWidth - 8));
      var top = Math.min(pointer.y + 14, Math.max(0, canvas.offsetHeight - card.offsetHeight - 8));
      card.style.left = left + "px";
      card.style.top = (top + canvas.offsetTop) + "px";
    }
    network.on("hoverNode", function (p) { showCard(p.node, p.pointer.DOM); });
    network.on("blurNode", function () { if (state.selected === null) { card.hidden = true; } });

    // click: highlight a person's ties ------------------------------------------------------
    var FADED = "rgba(200,200,200,0.35)";
    function fade(keep, showEdge) {
      nodes.update(visNodes.map(function (v) {
        var on = keep[v.id];
        return { id: v.id, color: on ? v.color : { background: FADED, border: FADED },
                 font: { color: on ? "#1a1a1a" : "rgba(0,0,0,0.15)" } };
      }));
      edges.update(visEdges.map(function (e) { return { id: e.id, hidden: !showEdge(e) }; }));
    }
    function highlight(id) {
      state.selected = id;
      state.picked = null;
      var keep = {};
      keep[id] = true;
      network.getConnectedNodes(id).forEach(function (m) { keep[m] = true; });
      var touching = {};
      network.getConnectedEdges(id).forEach(function (e) { touching[e] = true; });
      fade(keep, function (e) { return touching[e.id]; });
    }
    function pick(color) {
      // a legend entry: show that cluster (or category) and the ties inside it
      reset();
      state.picked = color;
      var keep = {};
      visNodes.forEach(function (v) { if (v.color.background === color) { keep[v.id] = true; } });
      fade(keep, function (e) { return keep[e.from] && keep[e.to]; });
      network.fit({ nodes: Object.keys(keep), animation: false });
    }
    state.pick = pick;
    function reset() {
      state.selected = null;
      state.picked = null;
      network.unselectAll();
      nodes.update(visNodes.map(function (v) {
        return { id: v.id, color: v.color, font: { color: "#1a1a1a" } };
      }));
      edges.update(visEdges.map(function (e) { return { id: e.id, hidden: false }; }));
      card.hidden = true;
    }
    state.highlight = highlight; state.reset = reset;
    network.on("click", function (p) {
      if (p.nodes.length) {
        highlight(p.nodes[0]);
        showCard(p.nodes[0], p.pointer.DOM);
      } else { reset(); }
    });

    // search --------------------------------------------------------------------------------
    var byLabel = {};
    data.nodes.forEach(function (n) {
      if (n.searchable === false) { return; }
      var key = String(n.label || n.id);
      if (byLabel[key] === undefined) {
        byLabel[key] = n.id;
        var opt = document.createElement("option");
        opt.value = key;
        names.appendChild(opt);
      }
    });
    function find(q) {
      q = String(q || "").trim();
      if (!q) { reset(); return null; }
      if (byLabel[q] !== undefined) { return byLabel[q]; }
      var low = q.toLowerCase();
      var keys = Object.keys(byLabel);
      for (var i = 0; i < keys.length; i++) {
        if (keys[i].toLowerCase().indexOf(low) >= 0) { return byLabel[keys[i]]; }
      }
      return null;
    }
    function go() {
      var id = find(search.value);
      if (id === null) { return; }
      network.selectNodes([id]);
      highlight(id);
      network.focus(id, { scale: 1.4, animation: false });
      var pos = network.canvasToDOM(network.getPositions([id])[id]);
      showCard(id, pos);
    }
    state.search = function (q) { search.value = q; go(); return state.selected; };
    search.addEventListener("change", go);
    search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { go(); } });

    // filter by attribute -------------------------------------------------------------------
    var attrs = Object.keys(data.filters || {});
    if (!attrs.length) { fAttr.hidden = true; fValue.hidden = true; }
    fAttr.appendChild(el("option", null, T.filter_attr_all || T.filter_all)).value = "";
    // shown in the page's language (the values stay the data's own, for matching)
    var attrNames = T.filter_names || {}, valueNames = T.filter_values || {};
    attrs.forEach(function (a) { fAttr.appendChild(el("option", null, attrNames[a] || a)).value = a; });
    function fillValues() {
      fValue.replaceChildren();
      fValue.appendChild(el("option", null, T.filter_value_all || T.filter_all)).value = "";
      (data.filters[fAttr.value] || []).forEach(function (v) {
        fValue.appendChild(el("option", null, valueNames[v] || v)).value = v;
      });
      fValue.disabled = !fAttr.value;
    }
    function applyFilter() {
      var a = fAttr.value, val = fValue.value;
      nodes.update(visNodes.map(function (v) {
        var attrsOf = info[v.id].attrs || {};
        var show = info[v.id].always || !a || !val || String(attrsOf[a]) === val;
        return { id: v.id, hidden: !show };
      }));
    }
    state.filter = function (a, val) { fAttr.value = a; fillValues(); fValue.value = val; applyFilter(); };
    fillValues();
    fAttr.addEventListener("change", function () { fillValues(); applyFilter(); });
    fValue.addEventListener("change", applyFilter);

    // legend ----------------------------------------------------------------------------------
    if (data.legend_title) { legend.appendChild(el("div", "lm-legend-title", data.legend_title)); }
    (data.legend || []).forEach(function (item) {
      var row = el("div", "lm-legend-row");
      var sw = el("span", "lm-swatch");
      sw.style.background = item.color;
      row.appendChild(sw);
      row.appendChild(el("span", "lm-legend-label", item.label));
      if (data.legend_pick) {
        // a button for the keyboard too (Enter or space), saying whether it is pressed
        row.className = "lm-legend-row lm-pick";
        row.title = T.legend_pick;
        row.tabIndex = 0;
        row.setAttribute("role", "button");
        row.setAttribute("aria-pressed", "false");
        var toggle = function () {
          if (state.picked === item.color) { reset(); } else { pick(item.color); }
          Array.prototype.forEach.call(legend.querySelectorAll(".lm-pick"), function (r) {
            r.setAttribute("aria-pressed", r === row && state.picked === item.color ? "true" : "false");
          });
        };
        row.addEventListener("click", toggle);
        row.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(); }
        });
      }
      legend.appendChild(row);
    });
    if (data.legend_note) { legend.appendChild(el("div", "lm-legend-note", data.legend_note)); }
    if (data.direction_note) { legend.appendChild(el("div", "lm-legend-note", data.direction_note)); }
    if (!legend.childNodes.length) { legend.hidden = true; }
    return state;
  };
})();
