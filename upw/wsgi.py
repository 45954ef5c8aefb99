import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upw.settings")
application = get_wsgi_application()

# gunicorn does not run Django's checks, so an unsafe production configuration is refused here.
from upw.checks import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()
