"""Factories for test data. Coordinates are set directly, so no postcode table is needed."""

import datetime as dt

import factory
from django.utils import timezone

from partners.models import PartnerMembership, PartnerOrganisation, Project, Site
from upw import domain
from upw.models import (
    Allocation,
    Office,
    Person,
    ProbationDeliveryUnit,
    Region,
    Requirement,
    Role,
    Session,
    SessionSupervisor,
    Supervisor,
    User,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())


class PDUFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProbationDeliveryUnit
        django_get_or_create = ("code",)

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"pdu-{n}")
    name = factory.LazyAttribute(lambda o: o.code.upper())


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    pdu = factory.SubFactory(PDUFactory)
    name = factory.Sequence(lambda n: f"Office {n}")
    postcode = "NE1 4XX"
    latitude = 54.97
    longitude = -1.61


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.title())
    last_name = "Test"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.COORDINATOR
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    crn = factory.Sequence(lambda n: f"X{n:06d}")
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = "Smith"
    date_of_birth = dt.date(1990, 1, 1)
    gender = "male"
    postcode = "NE1 1AD"
    latitude = 54.97
    longitude = -1.61
    pdu = factory.SubFactory(PDUFactory)
    employment_status = "unemployed"
    availability_mask = domain.FULL_AVAILABILITY
    offence_summary = "Theft from a shop"
    risk_level = "medium"
    phone = "07700 900123"
    # Assessed by default; pass None for someone waiting for assessment.
    assessed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=25))


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    person = factory.SubFactory(PersonFactory)
    order_reference = factory.Sequence(lambda n: f"ORD-{n:05d}")
    court = "Newcastle Magistrates' Court"
    sentence_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    hours_ordered = 100
    deadline = factory.LazyAttribute(lambda o: domain.completion_deadline(o.sentence_date, 12))
    # Inducted by default (matching places nobody before induction); pass None for a new order.
    induction_completed_on = factory.LazyAttribute(lambda o: o.sentence_date + dt.timedelta(days=3))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = "local"
    region = factory.SubFactory(RegionFactory)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    postcode = "NE2 1AA"
    latitude = 54.98
    longitude = -1.60
    pdu = factory.SubFactory(PDUFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    site = factory.SubFactory(SiteFactory, organisation=factory.SelfAttribute("..organisation"))
    name = factory.Sequence(lambda n: f"Project {n}")
    work_type = "gardening"
    status = "active"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    project = factory.SubFactory(ProjectFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=2))
    start_time = dt.time(9, 0)
    end_time = dt.time(16, 30)
    capacity = 8


class SupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supervisor

    user = factory.SubFactory(UserFactory, role=Role.SUPERVISOR)
    gender = "female"
    base_office = factory.SubFactory(OfficeFactory)


class SessionSupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSupervisor

    session = factory.SubFactory(SessionFactory)
    supervisor = factory.SubFactory(SupervisorFactory)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    requirement = factory.SubFactory(RequirementFactory)
    session = factory.SubFactory(SessionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMembership

    user = factory.SubFactory(UserFactory, role=Role.PARTNER)
    organisation = factory.SubFactory(OrganisationFactory)
