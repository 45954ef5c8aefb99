"""The confirmation after a CSV import counts the orders in words that agree with the number."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.intake.conftest import csv_file, row

pytestmark = pytest.mark.django_db


def _import(client, content: bytes, capture) -> str:
    upload = SimpleUploadedFile("orders.csv", content, content_type="text/csv")
    with capture(execute=True):
        response = client.post(reverse("intake_import_upload"), {"file": upload})
    return client.get(response.url).context["result_message"]


def test_one_imported_order_is_an_order_not_orders(client, world, districts, django_capture_on_commit_callbacks):
    client.force_login(world.cora)
    assert _import(client, csv_file(row()), django_capture_on_commit_callbacks) == "1 new order imported."


def test_several_imported_orders_are_orders(client, world, districts, django_capture_on_commit_callbacks):
    client.force_login(world.cora)
    content = csv_file(row(), row(crn="K100002", order="UPW/2"))
    assert _import(client, content, django_capture_on_commit_callbacks) == "2 new orders imported."
