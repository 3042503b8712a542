"""Claim threads: every existing claim becomes a thread of one claim, its history with it.

The data step is three statements whatever the number of claims: the threads are
inserted from the claims in one ``INSERT ... SELECT`` (a thread takes its claim's id,
text, status, note and latest-change fields), then each claim and each history row is
pointed at the thread of the same id. Reversing gives history rows made on a thread
(not through a claim) to the thread's first claim, and drops those of threads without
claims; the claims' own status and note were kept all along.
"""

import django.db.models.deletion
import django.utils.timezone
from django.core.management.color import no_style
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery

COPIED = (
    "status",
    "note",
    "created_at",
    "status_changed_at",
    "previous_status",
    "previous_status_since",
)


def claims_become_threads(apps, schema_editor):
    Claim = apps.get_model("stories", "Claim")
    Thread = apps.get_model("stories", "ClaimThread")
    Change = apps.get_model("stories", "ClaimStatusChange")
    quote = schema_editor.quote_name
    columns = ", ".join(quote(name) for name in ("id", "wording", *COPIED))
    selected = ", ".join(quote(name) for name in ("id", "text", *COPIED))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Thread._meta.db_table)} ({columns}) "
            f"SELECT {selected} FROM {quote(Claim._meta.db_table)}"
        )
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Thread]):
            cursor.execute(statement)
    Claim.objects.update(thread_id=F("id"))
    Change.objects.update(thread_id=F("claim_id"))


def threads_become_claims(apps, schema_editor):
    Claim = apps.get_model("stories", "Claim")
    Change = apps.get_model("stories", "ClaimStatusChange")
    first_claim = Claim.objects.filter(thread_id=OuterRef("thread_id")).order_by("pk")
    Change.objects.filter(claim__isnull=True).update(
        claim_id=Subquery(first_claim.values("pk")[:1])
    )
    Change.objects.filter(claim__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0006_story_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimThread",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "wording",
                    models.TextField(
                        help_text="The statement, in the newsroom's own short words.",
                        verbose_name="wording",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("unverified", "Unverified"),
                            ("confirmed", "Confirmed"),
                            ("disputed", "Disputed"),
                            ("false", "False"),
                        ],
                        default="unverified",
                        max_length=16,
                        verbose_name="verification status",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="newsroom note")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created at"
                    ),
                ),
                ("status_changed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "previous_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("unverified", "Unverified"),
                            ("confirmed", "Confirmed"),
                            ("disputed", "Disputed"),
                            ("false", "False"),
                        ],
                        editable=False,
                        max_length=16,
                    ),
                ),
                (
                    "previous_status_since",
                    models.DateTimeField(blank=True, editable=False, null=True),
                ),
            ],
            options={
                "verbose_name": "claim thread",
                "verbose_name_plural": "claim threads",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["unverified", "confirmed", "disputed", "false"])
                        ),
                        name="claim_thread_status_known",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="claim",
            name="thread",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="stories.claimthread",
                verbose_name="thread",
            ),
        ),
        migrations.AddField(
            model_name="claimstatuschange",
            name="thread",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="status_changes",
                to="stories.claimthread",
            ),
        ),
        migrations.AlterField(
            model_name="claimstatuschange",
            name="claim",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="status_changes",
                to="stories.claim",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created at"
            ),
        ),
        migrations.AddIndex(
            model_name="claimstatuschange",
            index=models.Index(fields=["thread", "changed_at"], name="status_change_thread_time"),
        ),
        migrations.RunPython(claims_become_threads, threads_become_claims, elidable=False),
    ]
