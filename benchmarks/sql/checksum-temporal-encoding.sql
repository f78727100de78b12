-- Issue #19: the cost of the temporal checksum encodings that keep ±infinity and 294276 AD exact, side by
-- side with the encodings they replace, on 1,000,000 rows of timestamptz, timestamp, time and date.
-- Run: psql -h 127.0.0.1 -U postgres -d postgres -f benchmarks/sql/checksum-temporal-encoding.sql
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
DROP TABLE IF EXISTS sb_bench_temporal;
CREATE TABLE sb_bench_temporal AS
  SELECT g AS id, timestamptz '2026-01-01 00:00:00+00' + g * interval '1.000001 second' AS tz,
         timestamp '2026-01-01 00:00:00' + g * interval '1.000001 second' AS ts,
         time '00:00:00' + g * interval '0.000001 second' AS tm, date '2026-01-01' + (g % 3650) AS dt
    FROM generate_series(1, 1000000) g;
VACUUM ANALYZE sb_bench_temporal;
SELECT count(*) FROM sb_bench_temporal; -- warm the cache
\timing on
-- baseline (before issue #19): casts that fail on infinity with a 0A000
SELECT sum(('x' || substr(md5('T' || (EXTRACT(EPOCH FROM tz) * 1000000)::bigint || ';' || 'T' || (EXTRACT(EPOCH FROM ts) * 1000000)::bigint || ';'
       || 'M' || (EXTRACT(EPOCH FROM tm) * 1000000)::bigint || ';' || 'E' || (dt - DATE '1970-01-01') || ';'), 1, 16))::bit(64)::bigint) FROM sb_bench_temporal;
-- issue #19: infinity compared, 294276 AD exact
SELECT sum(('x' || substr(md5('T' || CASE WHEN tz = 'infinity' THEN 'inf' WHEN tz = '-infinity' THEN '-inf' WHEN tz < '200000-01-01'
       THEN (EXTRACT(EPOCH FROM tz) * 1000000)::bigint::text ELSE (((tz AT TIME ZONE 'UTC')::date - DATE '1970-01-01')::numeric * 86400000000
       + (EXTRACT(EPOCH FROM (tz AT TIME ZONE 'UTC')::time) * 1000000)::bigint)::text END || ';'
       || 'T' || CASE WHEN ts = 'infinity' THEN 'inf' WHEN ts = '-infinity' THEN '-inf' WHEN ts < '200000-01-01'
       THEN (EXTRACT(EPOCH FROM ts) * 1000000)::bigint::text ELSE ((ts::date - DATE '1970-01-01')::numeric * 86400000000
       + (EXTRACT(EPOCH FROM ts::time) * 1000000)::bigint)::text END || ';'
       || 'M' || trim_scale(EXTRACT(EPOCH FROM tm) * 1000000) || ';'
       || 'E' || CASE WHEN dt = 'infinity' THEN 'inf' WHEN dt = '-infinity' THEN '-inf' ELSE (dt - DATE '1970-01-01')::text END || ';'), 1, 16))::bit(64)::bigint)
  FROM sb_bench_temporal;
\timing off
DROP TABLE sb_bench_temporal;
