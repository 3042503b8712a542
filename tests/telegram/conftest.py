from tests.support.local_sites import local_site  # noqa: F401
from tests.support.telegram import bot_api  # noqa: F401
