-- Every reservation, payment and release updates a product row, and a popular product's row is updated
-- hundreds of times a second. Room left free on each page lets PostgreSQL put the new row version on the
-- same page (a HOT update: no new index entry, and old versions pruned in place), so the primary key
-- index does not fill with entries for dead versions that every later lookup of that product would step
-- through. Vacuum runs on this small table after every few hundred changes rather than after 20 % of it.
ALTER TABLE products SET (fillfactor = 20, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500,
                          autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 500);
