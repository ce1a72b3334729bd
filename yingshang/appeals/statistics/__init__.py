"""Appeal statistics read from summary cells the services and the worker keep (see docs/appeals.md).

``models``: the cells. ``cells``: what one appeal contributes, and the three ways cells change — a
service's change to appeals already counted (``track``/``keeps_statistics``, same transaction), the
worker folding in new filings (``fold_pending``) and a full rebuild (``rebuild_cells``). ``read``: the
figures for a user, cells plus the filings not folded yet.
"""
