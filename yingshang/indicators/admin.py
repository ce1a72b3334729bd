from django.contrib import admin

from yingshang.indicators.models import Indicator, IndicatorWarning, Observation

admin.site.register(Indicator)
admin.site.register(Observation)
admin.site.register(IndicatorWarning)
