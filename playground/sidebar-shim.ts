// The client half of google.script.run for the sidebar the add-on's showSidebar produced: a
// script put at the top of that HTML which forwards every call to POST /rpc, where the runtime
// runs it as google.script.run would. Nothing of the sidebar's own markup or code is changed.

/**
 * Runs in the sidebar's frame, so it is plain ES2019 in a string. Like Apps Script's client:
 * `withSuccessHandler` / `withFailureHandler` / `withUserObject` return a new runner, each call is
 * asynchronous, arguments travel as JSON, a failure handler gets an Error carrying the server's
 * message, and a call nobody handles shows up in the console.
 */
const SHIM = `(function () {
  'use strict';
  function runner(success, failure, userObject) {
    var base = {
      withSuccessHandler: function (fn) { return runner(fn, failure, userObject); },
      withFailureHandler: function (fn) { return runner(success, fn, userObject); },
      withUserObject: function (obj) { return runner(success, failure, obj); }
    };
    return new Proxy(base, {
      get: function (target, name) {
        if (typeof name !== 'string') return undefined;
        if (Object.prototype.hasOwnProperty.call(target, name)) return target[name];
        return function () {
          var args = Array.prototype.slice.call(arguments);
          var fail = function (message, errorName) {
            var error = new Error(message);
            error.name = errorName || 'ScriptError';
            if (failure) failure(error, userObject);
            else console.error('google.script.run.' + name + ' failed with no failure handler: ' + message);
          };
          var body;
          try {
            body = JSON.stringify({ fn: name, args: args });
          } catch (e) {
            setTimeout(function () { fail('Failed due to illegal value in property: 0', 'Error'); }, 0);
            return;
          }
          fetch('/rpc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
            .then(function (res) { return res.json(); })
            .then(function (answer) {
              // The call may have changed the sheet or the selection (selectRow): the page re-reads now.
              post({ type: 'zcs-playground:ran' });
              if (answer.ok) { if (success) success(answer.value === undefined ? null : answer.value, userObject); }
              else fail(answer.error && answer.error.message || 'We\\'re sorry, a server error occurred. Please wait a bit and try again.', answer.error && answer.error.name);
            }, function () { fail('NetworkError: Connection failure due to HTTP 0', 'NetworkError'); });
        };
      }
    });
  }
  // The page is another origin (see server.ts); these messages carry nothing private.
  var post = function (message) { if (window.parent !== window) window.parent.postMessage(message, '*'); };
  window.google = window.google || {};
  window.google.script = {
    run: runner(null, null, undefined),
    host: {
      origin: location.origin,
      close: function () { post({ type: 'zcs-playground:close-sidebar' }); },
      setHeight: function () {},
      setWidth: function () {},
      editor: { focus: function () { post({ type: 'zcs-playground:focus-editor' }); } }
    },
    url: { getLocation: function (cb) { cb({ hash: '', parameter: {}, parameters: {} }); } }
  };
})();`;

/** The HtmlOutput's content with the shim as the first script of the page. */
export function injectShim(html: string): string {
  const tag = `<script>${SHIM}</script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return tag + html;
}
