"""An integrator's service for the end-to-end tests (tests/test_handler_e2e.py), on one stack:

    handler_server.py wsgi|flask|django LOCAL_JSON RECORD_FILE

serves Docs' callback at /callback (each verified callback appended to RECORD_FILE as one JSON line
before the answer; on status 2 and 6 the file at `url` is downloaded first, as a real save does),
a small document at /files/doc.docx behind the download adapter, and /healthz. Settings come from
`oo_jwt.load_config(LOCAL_JSON)`. Listens on 127.0.0.1, port chosen by the system, and prints
`listening PORT` once the socket accepts connections.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import oo_jwt  # noqa: E402

STACK, LOCAL_JSON, RECORD = sys.argv[1:4]
SETTINGS = oo_jwt.load_config(LOCAL_JSON)
DOCUMENT = b"PK\x03\x04 a small stand-in for doc.docx\n"


def save(cb: oo_jwt.Callback) -> None:
    saved = None
    if cb.status in (oo_jwt.CallbackStatus.READY_FOR_SAVING, oo_jwt.CallbackStatus.FORCE_SAVE):
        with urllib.request.urlopen(cb.url, timeout=60) as r:
            saved = len(r.read())
    record = {
        "status": int(cb.status), "status_type": type(cb.status).__name__, "key": cb.key,
        "url": cb.url, "changesurl": cb.changesurl, "history": cb.history, "users": cb.users,
        "actions": cb.actions, "forcesavetype": cb.forcesavetype, "filetype": cb.filetype,
        "userdata": cb.userdata, "forcesavetype_type": type(cb.forcesavetype).__name__,
        "saved_bytes": saved,
    }
    with open(RECORD, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def wsgi_server():
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from oo_jwt.wsgi import callback_app, protect_download

    callback = callback_app(SETTINGS, save)

    def document(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return [DOCUMENT]

    download = protect_download(document, SETTINGS)

    def app(environ, start_response):
        path = environ.get("PATH_INFO")
        if path == "/callback":
            return callback(environ, start_response)
        if path == "/files/doc.docx":
            return download(environ, start_response)
        start_response("200 OK" if path == "/healthz" else "404 Not Found", [])
        return [b"ok"]

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    return make_server("127.0.0.1", 0, app, handler_class=Quiet)


def flask_server():
    from flask import Flask
    from werkzeug.serving import make_server

    from oo_jwt.flask import callback_view, download_protected

    app = Flask(__name__)
    app.add_url_rule("/callback", view_func=callback_view(SETTINGS, save), methods=["POST"])

    @app.get("/files/doc.docx")
    @download_protected(SETTINGS)
    def document():
        return DOCUMENT, 200, {"Content-Type": "application/octet-stream"}

    @app.get("/healthz")
    def healthz():
        return "ok"

    return make_server("127.0.0.1", 0, app, threaded=True)


def django_server():
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False, SECRET_KEY="handler-test-only", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"],
        # CSRF middleware on, as in a real project: the callback view must be exempt from it.
        MIDDLEWARE=["django.middleware.common.CommonMiddleware",
                    "django.middleware.csrf.CsrfViewMiddleware"],
        INSTALLED_APPS=[], DATABASES={}, USE_TZ=True, LOGGING_CONFIG=None,
    )
    django.setup()
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpResponse
    from django.urls import path

    from oo_jwt.django import callback_view, download_protected

    @download_protected(SETTINGS)
    def document(request):
        return HttpResponse(DOCUMENT, content_type="application/octet-stream")

    global urlpatterns
    urlpatterns = [
        path("callback", callback_view(SETTINGS, save)),
        path("files/doc.docx", document),
        path("healthz", lambda request: HttpResponse(b"ok")),
    ]
    # The server `manage.py runserver` runs (Django's threaded wsgiref server), on port 0.
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    return server


urlpatterns: list = []

if __name__ == "__main__":
    server = {"wsgi": wsgi_server, "flask": flask_server, "django": django_server}[STACK]()
    print("listening %d" % server.server_address[1], flush=True)
    server.serve_forever()
