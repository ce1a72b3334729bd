"""The national rating content by channel (国办发〔2019〕51号, GB/T 39734-2020): the first version of each
channel's questionnaire. The first item of a questionnaire is the overall level of the rating."""

from __future__ import annotations

from yingshang.reviews.models import Channel

NATIONAL_ITEMS: dict[str, list[dict[str, str]]] = {
    Channel.ONLINE: [
        {"code": "overall", "label": "整体满意度"},
        {"code": "efficiency", "label": "办事效率"},
        {"code": "guide", "label": "办事指南精确度"},
        {"code": "convenience", "label": "办事便捷度"},
        {"code": "usability", "label": "平台操作性"},
    ],
    Channel.ONSITE: [
        {"code": "overall", "label": "整体满意度"},
        {"code": "efficiency", "label": "服务效率"},
        {"code": "skill", "label": "服务水平"},
        {"code": "attitude", "label": "服务态度"},
    ],
}
