"""Gunicorn settings (read by `gunicorn` from the working directory).

A sync worker serves one connection at a time, so a few clients that send their request slowly hold every
worker and stall the site. Threads let a worker serve others meanwhile, and the timeouts drop what stays
slow; nginx in front (docs/deploy.md) buffers whole requests so that slow clients never reach the app at all.
"""

import os

wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))  # per worker: 2 × 8 requests at once
timeout = 30  # a request (or a stuck worker) that takes longer is cut off and the worker restarted
graceful_timeout = 30
keepalive = 5  # idle keep-alive connections are closed after 5 s rather than holding a thread
# Small bounds on what a client may send before the app sees it (bodies are capped by MAX_CONTENT_LENGTH).
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
