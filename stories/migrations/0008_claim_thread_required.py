"""Every claim and every history row has a thread (0007 gave each one); now required.

A migration of its own so that, on PostgreSQL, the ``ALTER TABLE`` runs in a transaction
without the data updates of 0007 pending. The roles also get the threads' permissions.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models


def thread_permissions_for_roles(apps, schema_editor):
    # Editors set a thread's status (change_claimthread); everyone in the newsroom sees it.
    create_roles = import_module("stories.migrations.0002_roles").create_roles
    create_roles(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0007_claim_threads"),
    ]

    operations = [
        migrations.AlterField(
            model_name="claim",
            name="thread",
            field=models.ForeignKey(
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="stories.claimthread",
                verbose_name="thread",
            ),
        ),
        migrations.AlterField(
            model_name="claimstatuschange",
            name="thread",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="status_changes",
                to="stories.claimthread",
            ),
        ),
        migrations.RunPython(thread_permissions_for_roles, migrations.RunPython.noop),
    ]
