"""Pages of the policies app: the catalogue (office), redemptions (units), the enterprise's own page,
and the public 专栏 and 公示."""
