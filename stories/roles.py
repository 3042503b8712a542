"""The newsroom's roles, as Django groups with model permissions.

- Contributor (a stringer, a freelancer, a partner): writes updates and claims on live
  stories and submits them for review; cannot publish (no ``publish_update``).
- Journalist: posts updates and claims on live stories, edits their own, creates
  sources; cannot delete other people's updates or change a story's status.
- Editor: everything on stories, updates, claims and sources; publishes or returns
  others' submissions; registers partners' webhooks and reads their delivery log and
  the push alerts sent.

Ownership ("their own") is checked in code, by ``stories.permissions``; the groups
carry the model permissions. The data migrations ``0002_roles``, ``0009_update_state``
and ``0010_alerts_and_partner_webhooks`` create the groups (``create_roles``).
"""

CONTRIBUTOR = "Contributor"
JOURNALIST = "Journalist"
EDITOR = "Editor"

# What a contributor may do to the stream; publishing is what they may not.
_WRITER = [
    "view_story",
    "view_update",
    "add_update",
    "change_update",
    "delete_update",
    "view_claim",
    "add_claim",
    "change_claim",
    "delete_claim",
    "view_source",
    "add_source",
    "view_claimstatuschange",
    "view_claimthread",
    # Tags: everyone who writes files updates under them; editors rename and remove them.
    "view_tag",
    "add_tag",
]

ROLE_PERMISSIONS = {
    CONTRIBUTOR: _WRITER,
    JOURNALIST: [*_WRITER, "publish_update"],
    EDITOR: [
        f"{action}_{model}"
        for model in ("story", "update", "claim", "claimthread", "source", "claimstatuschange")
        for action in ("view", "add", "change", "delete")
    ]
    + ["edit_any_update", "publish_update"]
    # Partners' webhooks: registered by editors, with the log of what was delivered.
    + [f"{action}_partnerendpoint" for action in ("view", "add", "change", "delete")]
    + ["view_webhookdelivery", "view_keyeventalert"]
    + ["change_tag", "delete_tag"],
}


def sync_roles(group_model, permission_model) -> None:
    """Create the groups and give them exactly their permissions (idempotent)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = permission_model.objects.filter(
            content_type__app_label="stories", codename__in=codenames
        )
        group.permissions.set(permissions)


def create_roles(apps, schema_editor) -> None:
    """A data migration's step: the permissions as of now, then the groups with them."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure they exist now.
    # Historical app configs have no models module, which create_permissions skips.
    app_config = apps.get_app_config("stories")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
