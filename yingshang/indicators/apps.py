from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "yingshang.indicators"
    label = "indicators"
    verbose_name = "评价指标"
