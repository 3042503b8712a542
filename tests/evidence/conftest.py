from tests.support.local_sites import local_site  # noqa: F401 (a fixture)
