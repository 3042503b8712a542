"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py``.

Every value can be changed from the environment (listed in docs/deploy.md). The defaults
are what ``make bench`` measured best on a 2-core machine; see docs/deploy.md.
"""

import os

wsgi_app = "liveblog.wsgi:application"

# nginx proxies to this address; a unix socket ("unix:/run/liveblog/gunicorn.sock")
# saves a little more than loopback TCP.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Threads (gthread) rather than one request per process (sync): gthread keeps client
# and nginx connections alive between requests, which make bench measured at about a
# quarter less CPU per poll and twice the polls per second. The app is CPU-bound (a
# nothing-changed poll reads only the cache), so one process per core; the threads cover
# a request waiting on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# No recycling by default: make bench (target 9) measured gthread without it best with
# keep-alive and without, and its soaks show no growth. Recycling under poll load replaced
# a worker every few seconds, and keep-alive clients then all stayed on the survivor.
# Set it (with the jitter, so workers never restart together) against a dependency's leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))

# A worker whose main loop is silent this long is killed and replaced. With gthread the
# loop keeps answering while a thread works, so this does not bound one request's work:
# the app's limits on uploads and Markdown do (docs/deploy.md).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# malloc in each worker (liveblog/allocator.py, docs/deploy.md, "A worker's memory"). A
# page request makes and frees blocks of a page's size (50-200 KB of HTML), which leave
# holes between the caches' long-lived entries in malloc's heaps; left alone, a worker's
# memory crept up by 2-6 % in each half of make bench's random-depth soak. Every
# GUNICORN_MALLOC_TRIM_SECONDS (0: never) a worker hands the free memory in its heaps
# back to the system after a request. GUNICORN_MALLOC_MMAP_THRESHOLD, when set, gives
# blocks of that many bytes or more their own mapping instead (flat too, but each page
# then pays for fresh mappings: +3 ms of CPU for an uncached page); 0 leaves glibc's own.
malloc_mmap_threshold = int(os.environ.get("GUNICORN_MALLOC_MMAP_THRESHOLD", "0"))
malloc_trim_seconds = float(os.environ.get("GUNICORN_MALLOC_TRIM_SECONDS", "1"))
_trimmer = None


# Python's garbage collector in each worker: the objects it started with frozen, and the
# youngest generation collected every this many new objects (Python's own: 700), so a
# fresh page (tens of thousands of objects) is not walked dozens of times
# (liveblog/collector.py). 0 keeps Python's threshold.
gc_first_generation = int(os.environ.get("GUNICORN_GC_FIRST_GENERATION", "10000"))


def post_fork(server, worker):
    global _trimmer
    from liveblog.allocator import Trimmer, fix_mmap_threshold
    from liveblog.collector import tune_collector

    fix_mmap_threshold(malloc_mmap_threshold)
    tune_collector(gc_first_generation)
    _trimmer = Trimmer(malloc_trim_seconds)


def post_request(worker, req, environ, resp):
    if _trimmer is not None:
        _trimmer()


# Load Django once in the master, so workers start fast and share its memory pages.
# Safe: Django opens database connections lazily, in the workers.
preload_app = True

# nginx logs every request already; set GUNICORN_ACCESS_LOG ("-" for stderr) to log here too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Worker heartbeats on tmpfs: a slow disk must not make healthy workers look stuck.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn's runtime control socket defaults to one path per user, which several
# instances on one machine would share; it is off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
