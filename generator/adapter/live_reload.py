"""The preview's live reload as a script file, so that previewed pages keep the built site's
policy (csp.py): MkDocs injects an inline script that changes on every request, which only
'unsafe-inline' would let run. Here the page gets a <script src> from the server itself
('self'), its epoch and request id as data attributes, and MkDocs' own long poll answers it.

The web editor's page opts out (OPT_OUT): a rebuild must not reload a form being filled.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.livereload import LiveReloadServer

SCRIPT_PATH = "assets/javascripts/sk-xem-truoc.js"
"""Under the server's mount path; served from memory, never written into the site."""
OPT_OUT = b'<meta name="sk-live-reload" content="off">'
"""A page holding this gets no live reload."""

SCRIPT = b"""\
(function () {
  "use strict";
  var tag = document.currentScript;
  var epoch = Number(tag.dataset.epoch), request = tag.dataset.request;
  var req, timeout;
  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + request);
    req.send();
  }
  function stop() {
    if (req) { req.abort(); }
    if (timeout) { clearTimeout(timeout); }
    req = timeout = undefined;
  }
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") { poll(); }
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
})();
"""


def script_tag(mount_path: str, epoch: int, request: int) -> bytes:
    src = mount_path.rstrip("/") + "/" + SCRIPT_PATH
    return (f'<script src="{src}" data-epoch="{int(epoch)}" data-request="{int(request)}">'
            "</script>").encode()


def with_script(content: bytes, mount_path: str, epoch: int) -> bytes:
    """The page with the live-reload script before its </body> (at its end without one)."""
    if OPT_OUT in content:
        return content
    end = content.rfind(b"</body>")
    if end < 0:
        end = len(content)
    tag = script_tag(mount_path, epoch, time.monotonic_ns() // 1000)
    return content[:end] + tag + content[end:]


def install(server: LiveReloadServer) -> None:
    """Serve the script and inject its tag instead of MkDocs' inline script."""
    mount_path: str = server.mount_path
    path = mount_path.rstrip("/") + "/" + SCRIPT_PATH
    serve_request: Callable[..., Iterable[bytes] | None] = server._serve_request

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]
              ) -> Iterable[bytes] | None:
        if environ.get("PATH_INFO") == path:
            start_response("200 OK", [("Content-Type", "text/javascript; charset=utf-8"),
                                      ("Content-Length", str(len(SCRIPT)))])
            return [SCRIPT]
        return serve_request(environ, start_response)

    def inject(content: bytes, epoch: int) -> bytes:
        return with_script(content, mount_path, epoch)

    server._serve_request = serve  # type: ignore[method-assign]
    server._inject_js_into_html = inject  # type: ignore[method-assign]
