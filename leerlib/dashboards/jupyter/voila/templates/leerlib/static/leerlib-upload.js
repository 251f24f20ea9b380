/* leerlib: files over the upload limit never travel to the server.
 *
 * An upload widget (ipywidgets' FileUpload) reads the chosen file and sends it to the kernel in
 * one websocket message; the server accepts messages up to a little more than the limit. A file
 * over the limit is therefore replaced, before the widget reads it, by an empty file of the same
 * name whose type records its size; the dashboard then says, on "Load", that the file is larger
 * than the limit (leerlib.dashboards._base.read_upload). Keep LIMIT equal to
 * leerlib.dashboards._data.MAX_UPLOAD_BYTES (a test checks).
 */
(function () {
  "use strict";
  var LIMIT = 52428800;
  var MARK = "application/x-leerlib-too-large";
  var files = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "files");
  if (!files || !files.get || typeof DataTransfer === "undefined") { return; }
  Object.defineProperty(HTMLInputElement.prototype, "files", {
    configurable: true,
    enumerable: files.enumerable,
    set: files.set,
    get: function () {
      var list = files.get.call(this);
      if (!list || this.type !== "file") { return list; }
      var all = Array.prototype.slice.call(list);
      if (!all.some(function (f) { return f.size > LIMIT; })) { return list; }
      var swap = new DataTransfer();
      all.forEach(function (f) {
        swap.items.add(f.size <= LIMIT ? f : new File([], f.name,
          {type: MARK + ";size=" + f.size, lastModified: f.lastModified}));
      });
      return swap.files;
    },
  });
})();

/* leerlib: a file button shows the chosen file's name (set by the dashboard), not the count
 * "(1)" that ipywidgets' FileUpload adds to its text. */
(function () {
  "use strict";
  var COUNT = / \(\d+\)$/;
  function tidy(root) {
    var buttons = root.querySelectorAll ? root.querySelectorAll(".ll-upload") : [];
    Array.prototype.forEach.call(buttons, function (b) {
      var last = b.lastChild;
      if (last && last.nodeType === 3 && COUNT.test(last.nodeValue)) {
        last.nodeValue = last.nodeValue.replace(COUNT, "");
      }
    });
  }
  if (typeof MutationObserver === "undefined") { return; }
  new MutationObserver(function () { tidy(document); })
    .observe(document.documentElement, {childList: true, subtree: true, characterData: true});
})();
