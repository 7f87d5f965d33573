// Progressive enhancement: before a photo leaves a phone on a weak signal, shrink it in the browser
// (longest side at most 2048 px, JPEG 0.85). Nothing depends on it: without JavaScript, or if
// anything here fails, the original file is sent and the server copes on its own.
(function () {
  'use strict';
  var MAX_SIDE = 2048;
  var MIN_BYTES = 600 * 1024;
  var TIMEOUT_MS = 30000;
  var SHRINKABLE = /^image\/(jpeg|png|webp)$/;

  function supported() {
    if (typeof window.createImageBitmap !== 'function' || typeof window.DataTransfer !== 'function') return false;
    if (!window.HTMLCanvasElement || !HTMLCanvasElement.prototype.toBlob) return false;
    try {
      new DataTransfer();
      return true;
    } catch (_err) {
      return false;
    } // some browsers forbid `new DataTransfer()`
  }
  if (!supported()) return;

  var fmt = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  function mb(bytes) {
    return fmt.format(Math.max(bytes / 1048576, 0.1)) + ' MB';
  }

  function withTimeout(promise) {
    return Promise.race([
      promise,
      new Promise(function (_, reject) {
        setTimeout(reject, TIMEOUT_MS, new Error('timeout'));
      }),
    ]);
  }

  // One file → a smaller JPEG File, or null to keep the original.
  async function shrink(file) {
    if (!SHRINKABLE.test(file.type)) return null;
    var bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    try {
      var side = Math.max(bitmap.width, bitmap.height);
      if (file.size <= MIN_BYTES && side <= MAX_SIDE) return null;
      var scale = Math.min(1, MAX_SIDE / side);
      var canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      var g = canvas.getContext('2d');
      if (!g) return null;
      g.fillStyle = '#fff'; // a transparent PNG would otherwise turn black in JPEG
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.imageSmoothingQuality = 'high';
      g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      var blob = await new Promise(function (resolve) {
        canvas.toBlob(resolve, 'image/jpeg', 0.85);
      });
      canvas.width = canvas.height = 0; // free the pixels at once on a small phone
      if (!blob || blob.size >= file.size) return null;
      var name = (file.name.replace(/\.[^.]*$/, '') || 'foto') + '.jpg';
      return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
    } finally {
      if (bitmap.close) bitmap.close();
    }
  }

  // Submit buttons are disabled while any input of the form is busy; only those we disabled come back.
  var busy = new WeakMap();
  function hold(form) {
    var state = busy.get(form);
    if (!state) {
      var buttons = Array.prototype.filter.call(form.querySelectorAll('button, input[type="submit"], input[type="image"]'), function (b) {
        return b.type === 'submit' || b.type === 'image' ? !b.disabled : false;
      });
      buttons.forEach(function (b) {
        b.disabled = true;
      });
      state = { count: 0, buttons: buttons };
      busy.set(form, state);
    }
    state.count++;
    return function release() {
      if (--state.count > 0) return;
      state.buttons.forEach(function (b) {
        b.disabled = false;
      });
      busy.delete(form);
    };
  }

  var hints = new WeakMap();
  var runs = new WeakMap();
  function say(input, text) {
    var p = hints.get(input);
    if (!p) {
      p = document.createElement('p');
      p.className = 'hint';
      p.setAttribute('role', 'status');
      input.insertAdjacentElement('afterend', p);
      hints.set(input, p);
    }
    p.textContent = text;
    p.hidden = !text;
  }

  async function onChange(input) {
    var run = (runs.get(input) || 0) + 1; // a newer choice makes any earlier, unfinished run stale
    runs.set(input, run);
    var files = Array.prototype.slice.call(input.files || []);
    if (
      !files.some(function (f) {
        return SHRINKABLE.test(f.type);
      })
    )
      return say(input, '');
    var release = hold(input.form);
    say(input, 'Memperkecil foto…');
    try {
      var results = await Promise.all(
        files.map(function (f) {
          return withTimeout(shrink(f)).catch(function () {
            return null;
          }); // any failure keeps the original
        }),
      );
      if (runs.get(input) !== run) return; // another choice was made meanwhile
      var before = 0,
        after = 0,
        count = 0;
      var dt = new DataTransfer();
      files.forEach(function (f, i) {
        var small = results[i];
        if (small) {
          count++;
          before += f.size;
          after += small.size;
        }
        dt.items.add(small || f);
      });
      if (count === 0) return say(input, '');
      input.files = dt.files;
      say(input, (count > 1 ? count + ' foto diperkecil: ' : 'Foto diperkecil: ') + mb(before) + ' → ' + mb(after));
    } catch (_err) {
      if (runs.get(input) === run) say(input, '');
    } finally {
      release();
    }
  }

  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.form) return;
    if (input.form.enctype !== 'multipart/form-data' || !/image/.test(input.accept || '')) return;
    onChange(input);
  });
})();
