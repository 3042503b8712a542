"""Logging a newsroom user in to the admin in a real browser, through its login form."""

from tests.support.factories import PASSWORD


def log_in(page, live_server, user, next_path: str) -> None:
    """Log ``user`` (made by tests.support.factories) in, landing on ``next_path``."""
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_path}")
