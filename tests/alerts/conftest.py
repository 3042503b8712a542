from tests.support.push import vapid_keys
from tests.support.receivers import receiver

__all__ = ["receiver", "vapid_keys"]
