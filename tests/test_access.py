"""The scoping rules of upw.core.access, checked directly."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from partners.models import Project
from upw.core.access import get_visible, visible
from upw.models import Person, Session


def test_it_limits_coordinators_to_their_region(world):
    assert list(visible(world.cora, Person)) == [world.alex]
    assert list(visible(world.nia, Person)) == [world.bryn]


def test_it_hides_another_regions_person_as_not_found(world):
    with pytest.raises(Http404):
        get_visible(world.cora, Person, pk=world.bryn.pk)


def test_it_refuses_partners_any_person(world):
    with pytest.raises(PermissionDenied):
        visible(world.pat, Person)


def test_it_refuses_supervisors_the_people_list(world):
    with pytest.raises(PermissionDenied):
        visible(world.sam, Person)


def test_it_shows_partners_only_their_own_projects(world):
    assert list(visible(world.pat, Project)) == [world.project_a]
    with pytest.raises(Http404):
        get_visible(world.pat, Project, pk=world.project_b.pk)


def test_it_shows_supervisors_only_their_sessions(world):
    assert list(visible(world.sam, Session)) == [world.session_a]
    with pytest.raises(Http404):
        get_visible(world.sam, Session, pk=world.session_not_sams.pk)


def test_it_shows_administrators_everything(world):
    assert visible(world.admin, Person).count() == 2


def test_it_refuses_anonymous_users(world):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        visible(AnonymousUser(), Session)
