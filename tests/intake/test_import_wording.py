"""The confirmation after a CSV import counts the orders in words that agree with the number."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.intake.conftest import csv_file, row

pytestmark = pytest.mark.django_db


def _import(client, content: bytes) -> list[str]:
    upload = SimpleUploadedFile("orders.csv", content, content_type="text/csv")
    response = client.post(reverse("intake_import_upload"), {"file": upload})
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_one_imported_order_is_an_order_not_orders(client, world, districts):
    client.force_login(world.cora)
    assert _import(client, csv_file(row())) == ["1 new order imported."]


def test_several_imported_orders_are_orders(client, world, districts):
    client.force_login(world.cora)
    content = csv_file(row(), row(crn="K100002", order="UPW/2"))
    assert _import(client, content) == ["2 new orders imported."]
