// Progressive enhancement: a workspace form that sends photos shows how much of them has been sent
// (without JavaScript the form says beforehand how long a photo takes; see src/modules/content/upload-time.ts).
// The photos are shrunk first by shrink-photos.js, which keeps the submit buttons disabled meanwhile.
// The form is sent as it would be without this script; the answer (after any redirect) replaces the page.
(function () {
  'use strict';
  if (!window.XMLHttpRequest || !window.FormData || !window.history) return;

  var hints = document.querySelectorAll('.upload-time');
  for (var i = 0; i < hints.length; i++) hints[i].hidden = true;

  function chosenBytes(form) {
    var total = 0;
    var inputs = form.querySelectorAll('input[type="file"]');
    for (var i = 0; i < inputs.length; i++) {
      for (var j = 0; j < (inputs[i].files || []).length; j++) total += inputs[i].files[j].size;
    }
    return total;
  }

  function formData(form, submitter) {
    try {
      return new FormData(form, submitter || undefined);
    } catch (_e) {
      /* older browsers: no submitter argument */
    }
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    return data;
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.enctype !== 'multipart/form-data') return;
    if (chosenBytes(form) === 0) return;
    var submitter = event.submitter || null;
    // The photo picker's button carries the typed text only: the chosen files would be sent for nothing.
    if (submitter && submitter.hasAttribute('data-no-upload')) {
      var files = form.querySelectorAll('input[type="file"]');
      for (var k = 0; k < files.length; k++) files[k].disabled = true;
      return;
    }
    var action = submitter && submitter.hasAttribute('formaction') ? submitter.formAction : form.action;
    event.preventDefault();

    var box = document.createElement('div');
    box.className = 'upload-box';
    var status = document.createElement('p');
    status.setAttribute('role', 'status');
    var label = form.getAttribute('data-progress') || 'Mengirim foto…';
    status.textContent = label;
    var bar = document.createElement('progress');
    bar.className = 'upload-progress';
    bar.max = 100;
    bar.value = 0;
    box.appendChild(status);
    box.appendChild(bar);
    (submitter && submitter.parentNode ? submitter.parentNode : form).insertAdjacentElement('afterend', box);
    var buttons = form.querySelectorAll('button[type="submit"], input[type="submit"]');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;

    var xhr = new XMLHttpRequest();
    xhr.open('POST', action);
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.min(100, Math.round((e.loaded / e.total) * 100));
      bar.value = percent;
      status.textContent = label + ' ' + percent + '%';
    });
    xhr.addEventListener('load', function () {
      if (xhr.responseURL) history.replaceState(null, '', xhr.responseURL);
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener('error', function () {
      // The connection broke: send the form the ordinary way, which tells the browser's own story.
      box.remove();
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
      HTMLFormElement.prototype.submit.call(form);
    });
    xhr.send(formData(form, submitter));
  });
})();
