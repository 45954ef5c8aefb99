from django.db import models
from django.db.models import Q


def coordinates_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Latitude and longitude are both set or both empty, and inside their ranges."""
    lat, lon = "latitude", "longitude"
    return [
        models.CheckConstraint(
            condition=(Q(**{f"{lat}__isnull": True}) & Q(**{f"{lon}__isnull": True}))
            | (Q(**{f"{lat}__gte": -90, f"{lat}__lte": 90}) & Q(**{f"{lon}__gte": -180, f"{lon}__lte": 180})),
            name=f"{prefix}_coordinates_valid",
        )
    ]


class Region(models.Model):
    """One of the probation regions of England and Wales."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProbationDeliveryUnit(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="pdus")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = "probation delivery unit"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="pdu_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A probation office: where supervisors are based and vans start from."""

    pdu = models.ForeignKey(ProbationDeliveryUnit, on_delete=models.PROTECT, related_name="offices")
    name = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = coordinates_constraints("office")

    def __str__(self) -> str:
        return self.name


class PostcodeUnit(models.Model):
    """A full postcode and its centroid (Ordnance Survey Code-Point Open or the ONS directory)."""

    postcode = models.CharField(max_length=8, primary_key=True)  # normalised: "NE1 1AD"
    district = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["postcode"]
        constraints = coordinates_constraints("postcodeunit")

    def __str__(self) -> str:
        return self.postcode


class PostcodeDistrict(models.Model):
    """The outward code ("NE1") and the mean of its postcodes' centroids."""

    district = models.CharField(max_length=4, primary_key=True)
    area = models.CharField(max_length=2, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcode_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["district"]
        constraints = coordinates_constraints("postcodedistrict")

    def __str__(self) -> str:
        return self.district
