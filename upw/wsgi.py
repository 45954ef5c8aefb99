import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upw.settings")
application = get_wsgi_application()

# gunicorn does not run Django's checks, so an unsafe production configuration is refused here.
from upw.checks import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()

# Django imports the URLconf (every view and the whole API, about a second of CPU) on a process's
# first request. Done here, a server that loads the application before forking (gunicorn --preload)
# does it once, and a worker started afresh (max_requests) answers its first request at full speed.
# It opens no database connection, so nothing is shared across the fork.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
