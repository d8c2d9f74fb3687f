// pruneline registry console: keeps an open page up to date. The page is whole without this script (reload for
// news); with it, each change the registry records (a server-sent event) makes the page fetch itself again and swap
// in the parts marked data-live. The new parts come from the server's own escaped HTML: nothing from an event is
// ever written into the page.
(function () {
  'use strict';
  var body = document.body;
  var url = body.getAttribute('data-events');
  var status = document.getElementById('live');
  if (!url || !window.EventSource || !window.fetch || !window.DOMParser) {
    return;
  }
  var busy = false;
  var again = false;
  var updates = 0;

  function setState(state, text) {
    body.setAttribute('data-live-state', state);
    if (status) {
      status.setAttribute('data-state', state);
      status.textContent = text;
    }
  }

  // A region holding what the visitor is typing (an operator's reason) is left alone until the next update.
  function busyWithInput(region) {
    if (region.contains(document.activeElement) && document.activeElement.tagName === 'INPUT') {
      return true;
    }
    var inputs = region.querySelectorAll('input[type=text]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value) {
        return true;
      }
    }
    return false;
  }

  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var regions = document.querySelectorAll('[data-live]');
        for (var i = 0; i < regions.length; i++) {
          var region = regions[i];
          var replacement = fresh.querySelector('[data-live="' + region.getAttribute('data-live') + '"]');
          if (replacement && !busyWithInput(region)) {
            region.replaceWith(document.importNode(replacement, true));
          }
        }
        updates++;
        body.setAttribute('data-updates', String(updates));
      })
      .catch(function () {
        setState('error', 'update failed: reload');
      })
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  // One connection per visible page: a browser opens at most six to a server over HTTP/1.1, so a page in a hidden
  // tab, or left for the back-forward cache, closes its own; coming back, it connects again, and the new connection's
  // hello brings it up to date.
  var source = null;

  function connect() {
    if (source) {
      return;
    }
    source = new EventSource(url);
    source.addEventListener('open', function () {
      setState('open', 'live');
    });
    source.addEventListener('error', function () {
      // EventSource reconnects by itself; the hello of the new connection brings the page up to date.
      setState('error', 'reconnecting…');
    });
    source.addEventListener('message', function () {
      // The first message of each connection is its hello: what changed between the page's rendering and the
      // connection is fetched then, like every later change.
      refresh();
    });
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
      setState('off', 'paused');
    }
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
      disconnect();
    } else {
      connect();
    }
  });
  window.addEventListener('pagehide', disconnect);
  window.addEventListener('pageshow', function () {
    if (document.visibilityState !== 'hidden') {
      connect();
    }
  });
  if (document.visibilityState !== 'hidden') {
    connect();
  }
}());
