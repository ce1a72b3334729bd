from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "yingshang.ledger"
    label = "ledger"
    verbose_name = "督查督办"
