"""热线知识库 (hotline knowledge base): answers the hotline gives on the spot, maintained by their units.

Shaped after GB/T 44191-2024: each entry names its question, its answer, the policy it rests on, the unit
that owns it, how long it is valid and when it must be reviewed; it is drafted, published and retired,
and every change is an event, so its versions can be read back.
"""
