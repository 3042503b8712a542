"""The newsroom's roles, as Django groups with model permissions.

- Journalist: posts updates and claims on live stories, edits their own, creates
  sources; cannot delete other people's updates or change a story's status.
- Editor: everything on stories, updates, claims and sources.

Ownership ("their own") is checked in code, by ``stories.permissions``; the groups
carry the model permissions. The data migration ``0002_roles`` creates the groups.
"""

JOURNALIST = "Journalist"
EDITOR = "Editor"

ROLE_PERMISSIONS = {
    JOURNALIST: [
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
    ],
    EDITOR: [
        f"{action}_{model}"
        for model in ("story", "update", "claim", "claimthread", "source", "claimstatuschange")
        for action in ("view", "add", "change", "delete")
    ]
    + ["edit_any_update"],
}


def sync_roles(group_model, permission_model) -> None:
    """Create the groups and give them exactly their permissions (idempotent)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = permission_model.objects.filter(
            content_type__app_label="stories", codename__in=codenames
        )
        group.permissions.set(permissions)
