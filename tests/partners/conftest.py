from tests.support.receivers import receiver

__all__ = ["receiver"]
