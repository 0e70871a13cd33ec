-- A new era for a live feed (V8): eras only grow, so a feed's numbers are above any earlier feed's.
SELECT nextval('feed_eras') AS era
