from django.conf import settings


def service(request):
    return {"service_name": settings.SERVICE_NAME, "govuk_branding": settings.GOVUK_BRANDING}
