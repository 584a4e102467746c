(function () {
  'use strict';
  var box = document.getElementById('switches');
  var result = document.getElementById('switch-result');
  function post(name, action) {
    fetch('/demo/datastores/' + encodeURIComponent(name) + '/' + action, { method: 'POST' })
      .then(function (r) { return r.json(); })
      .then(function (states) { result.textContent = name + (action === 'cut' ? ' cut.' : ' restored.'); draw(states); });
  }
  function draw(states) {
    box.replaceChildren();
    Object.keys(states).forEach(function (name) {
      var cut = states[name];
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = (cut ? 'Restore ' : 'Cut ') + name;
      button.setAttribute('aria-pressed', String(cut));
      button.addEventListener('click', function () { post(name, cut ? 'restore' : 'cut'); });
      box.appendChild(button);
    });
  }
  fetch('/demo/datastores').then(function (r) { return r.json(); }).then(draw);
})();
