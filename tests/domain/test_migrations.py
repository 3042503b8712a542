import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_roles_are_created_by_migration():
    journalist = Group.objects.get(name="Journalist")
    editor = Group.objects.get(name="Editor")
    assert journalist.permissions.filter(codename="add_update").exists()
    assert not journalist.permissions.filter(codename="change_story").exists()
    assert editor.permissions.filter(codename="edit_any_update").exists()
