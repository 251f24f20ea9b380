// The survey page of a round asked inside leerlib (leerlib/dashboards/collect_web.py).
// Everything shown is made with text nodes: no name or answer is ever read as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lc-data").textContent);
  var T = data.texts, state = data.state;
  var main = document.getElementById("lc-main"), bar = document.getElementById("lc-bar");

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") n.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") n.addEventListener(k.slice(2), attrs[k]);
      else n.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { if (c) n.appendChild(c); });
    return n;
  }
  function fmt(s, o) { return s.replace(/\{(\w+)\}/g, function (_, k) { return o[k]; }); }

  // status line, progress ---------------------------------------------------------------
  var status = el("p", {"class": "lc-status", role: "status", "aria-live": "polite"});
  var progress = el("progress", {max: "1", value: "0", "aria-labelledby": "lc-progress-text"});
  var progressText = el("p", {id: "lc-progress-text"});
  bar.appendChild(progressText); bar.appendChild(progress); bar.appendChild(status);

  // saving: one request at a time, each retried a few times (a save is idempotent) -------
  var queue = Promise.resolve();
  function save(body) {
    body.persoon = data.person; body.code = data.code;
    status.className = "lc-status"; status.textContent = T.collect_saving;
    // a failure never blocks the saves after it
    queue = queue.then(function () { return attempt(body, 0); }).catch(function () {
      status.className = "lc-status lc-bad"; status.textContent = T.collect_failed;
    });
    return queue;
  }
  function attempt(body, tries) {
    return fetch(data.save, {method: "POST", headers: {"Content-Type": "application/json"},
                             body: JSON.stringify(body), credentials: "omit"})
      .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
      .then(function (res) {
        if (res[1].ok) { state = res[1].state; render(); status.textContent = T.collect_saved; return; }
        if (res[0] >= 500 && tries < 3) return retry(body, tries);
        status.className = "lc-status lc-bad"; status.textContent = T.collect_failed;
        render();
      }, function () {
        if (tries < 3) return retry(body, tries);
        status.className = "lc-status lc-bad"; status.textContent = T.collect_failed;
      });
  }
  function retry(body, tries) {
    return new Promise(function (ok) { setTimeout(ok, 500 * (tries + 1)); })
      .then(function () { return attempt(body, tries + 1); });
  }

  // one select per tie scale -----------------------------------------------------------------
  function scaleSelect(scale, tie, key) {
    var labels = data.scales[scale];
    if (!labels) return null;
    var s = el("select", {"data-k": key + "|" + scale, onchange: function () {
      var b = {action: "tie", topic: tie.topic, target: tie.target, external: tie.external,
               frequency: tie.frequency, usefulness: tie.usefulness};
      b[scale] = s.value;
      save(b);
    }});
    s.appendChild(el("option", {value: "", text: "(" + T.collect_choose + ")"}));
    labels.forEach(function (l) {
      var o = el("option", {value: l, text: l});
      if (l === tie[scale]) o.selected = true;
      s.appendChild(o);
    });
    return el("label", {}, [el("span", {text: T["collect_" + scale]}), s]);
  }
  function who(tie) {
    var where = tie.target ? [tie.school, tie.team].filter(Boolean).join(" · ") : T.collect_outside;
    return el("span", {"class": "lc-who"}, [document.createTextNode(tie.name),
               el("span", {"class": "lc-where", text: where})]);
  }
  function tieKey(tie) { return tie.topic + "|" + (tie.target || "ext:" + tie.external); }

  // a topic: its ties, last round's relations, the search, an outsider, "nobody" -------------
  var parts = {};
  data.topics.forEach(function (tp, i) {
    var qid = "lc-q-" + i;
    var list = el("div", {}), props = el("div", {});
    var input = el("input", {type: "text", id: qid + "-s", role: "combobox", autocomplete: "off",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": qid + "-hits",
      "aria-describedby": qid + "-hint", "data-k": tp.key + "|search"});
    var hits = el("ul", {"class": "lc-hits", id: qid + "-hits", role: "listbox"});
    var found = [], active = -1, timer = null, asked = 0;
    function showHits() {
      hits.textContent = "";
      found.forEach(function (h, j) {
        var li = el("li", {role: "option", id: qid + "-h" + j, "aria-selected": j === active ? "true" : "false",
                           onmousedown: function (ev) { ev.preventDefault(); pick(h); }},
                    [document.createTextNode(h.name),
                     el("span", {"class": "lc-where", text: [h.school, h.team].filter(Boolean).join(" · ")})]);
        hits.appendChild(li);
      });
      if (!found.length && input.value.trim()) hits.appendChild(el("li", {text: T.collect_no_hits}));
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      if (active >= 0) input.setAttribute("aria-activedescendant", qid + "-h" + active);
      else input.removeAttribute("aria-activedescendant");
    }
    function pick(h) {
      found = []; active = -1; input.value = ""; showHits();
      save({action: "tie", topic: tp.key, target: h.person_id});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { found = []; active = -1; showHits(); return; }
      timer = setTimeout(function () {
        var n = ++asked;
        var url = data.search + "?" + new URLSearchParams({persoon: data.person, code: data.code, q: q});
        fetch(url, {credentials: "omit"}).then(function (r) { return r.json(); }).then(function (j) {
          if (n !== asked) return;
          found = j.ok ? j.hits : []; active = found.length ? 0 : -1; showHits();
        });
      }, 150);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && found.length) { active = (active + 1) % found.length; showHits(); ev.preventDefault(); }
      else if (ev.key === "ArrowUp" && found.length) { active = (active + found.length - 1) % found.length; showHits(); ev.preventDefault(); }
      else if (ev.key === "Enter" && active >= 0) { pick(found[active]); ev.preventDefault(); }
      else if (ev.key === "Escape") { found = []; active = -1; input.value = ""; showHits(); }
    });
    var ext = el("input", {type: "text", id: qid + "-x", maxlength: "120", "data-k": tp.key + "|ext"});
    function addExt() {
      var v = ext.value.trim();
      if (v) { ext.value = ""; save({action: "tie", topic: tp.key, external: v}); }
    }
    ext.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { addExt(); ev.preventDefault(); } });
    var nobody = el("input", {type: "checkbox", id: qid + "-n", "data-k": tp.key + "|nobody",
      onchange: function () { if (nobody.checked) save({action: "nobody", topic: tp.key}); }});
    var sec = el("section", {"aria-labelledby": qid}, [
      el("h2", {id: qid, text: fmt(T.collect_question, {topic: tp.label})}),
      props, list,
      el("label", {"for": qid + "-s", text: T.collect_search}),
      el("p", {id: qid + "-hint", "class": "ll-note", text: T.collect_search_hint}),
      input, hits,
      el("label", {"for": qid + "-x", text: T.collect_outsider}),
      el("div", {"class": "lc-row"}, [ext, el("button", {type: "button", "class": "lc-secondary",
        "data-k": tp.key + "|addext", text: T.collect_add, onclick: addExt})]),
      el("p", {}, [nobody, el("label", {"for": qid + "-n", text: " " + T.collect_nobody})])
    ]);
    main.appendChild(sec);
    parts[tp.key] = {list: list, props: props, nobody: nobody};
  });

  var valueBox = null;
  if (data.value.length) {
    valueBox = el("section", {"aria-labelledby": "lc-value"}, [el("h2", {id: "lc-value", text: T.collect_value_title})]);
    data.value.forEach(function (v, j) {
      var fs = el("fieldset", {}, [el("legend", {text: v.item})]);
      v.labels.forEach(function (l, m) {
        var id = "lc-v" + j + "-" + m;
        var r = el("input", {type: "radio", name: "lc-v" + j, id: id, value: l, "data-k": "v|" + j + "|" + m,
          onchange: function () { save({action: "value", item: j, score: l}); }});
        fs.appendChild(el("label", {"for": id}, [r, document.createTextNode(l)]));
      });
      valueBox.appendChild(fs);
    });
    main.appendChild(valueBox);
  }
  var thanks = el("p", {"class": "lc-thanks", role: "status", hidden: "hidden", text: T.collect_thanks});
  main.appendChild(el("section", {}, [
    el("button", {type: "button", id: "lc-done", text: T.collect_done, onclick: function () { save({action: "done"}); }}),
    thanks]));

  // what changes after every save ---------------------------------------------------------
  function render() {
    var focused = document.activeElement && document.activeElement.getAttribute("data-k");
    data.topics.forEach(function (tp) {
      var p = parts[tp.key];
      p.list.textContent = ""; p.props.textContent = "";
      state.ties.filter(function (x) { return x.topic === tp.key; }).forEach(function (tie) {
        var k = tieKey(tie);
        p.list.appendChild(el("div", {"class": "lc-tie"}, [who(tie),
          scaleSelect("frequency", tie, k), scaleSelect("usefulness", tie, k),
          el("button", {type: "button", "class": "lc-secondary", "data-k": k + "|rm",
            "aria-label": T.collect_remove + ": " + tie.name, text: T.collect_remove,
            onclick: function () { save({action: "drop", topic: tie.topic, target: tie.target, external: tie.external}); }})]));
      });
      var mine = state.proposals.filter(function (x) { return x.topic === tp.key; });
      if (mine.length) p.props.appendChild(el("p", {text: T.collect_last_time}));
      mine.forEach(function (prop) {
        var k = tieKey(prop);
        p.props.appendChild(el("div", {"class": "lc-prop"}, [who(prop),
          el("button", {type: "button", "data-k": k + "|yes", "aria-label": T.collect_yes + ": " + prop.name,
            text: T.collect_yes, onclick: function () {
              save({action: "tie", topic: prop.topic, target: prop.target, external: prop.external,
                    frequency: prop.frequency, usefulness: prop.usefulness}); }}),
          el("button", {type: "button", "class": "lc-secondary", "data-k": k + "|no",
            "aria-label": T.collect_no + ": " + prop.name, text: T.collect_no, onclick: function () {
              save({action: "drop", topic: prop.topic, target: prop.target, external: prop.external}); }})]));
      });
      p.nobody.checked = state.nobody.indexOf(tp.key) >= 0;
    });
    if (valueBox) {
      data.value.forEach(function (v, j) {
        v.labels.forEach(function (l, m) {
          document.getElementById("lc-v" + j + "-" + m).checked = state.values[String(j)] === l;
        });
      });
    }
    progress.max = state.progress[1]; progress.value = state.progress[0];
    progressText.textContent = fmt(T.collect_progress, {done: state.progress[0], total: state.progress[1]});
    thanks.hidden = !state.done;
    if (focused) {
      var again = document.querySelector('[data-k="' + focused.replace(/["\\]/g, "\\$&") + '"]');
      if (again && document.activeElement !== again) again.focus();
    }
  }
  render();
})();
