"""DuckDB side of the comparison: the definitions of `uptake metrics daily`, `summary --by
department` and `lifecycle` (docs/metrics.md) in SQL, over the same canonical Parquet
events and CSV roster, written to the same three CSV files.

    python duckdb_run.py EVENTS.parquet ROSTER.csv AS_OF OUT_DIR

Run inside the virtual environment compare.py makes (duckdb from PyPI).
"""

import sys
import time

import duckdb

WINDOW = 28  # --window: the active window of summary and the MAU of daily
GRACE = 14  # --grace: days after registration before an inactive person is a ghost


def main(events, roster, as_of, out):
    t0 = time.perf_counter()
    con = duckdb.connect()
    # Days are UTC dates, as uptake's.
    con.execute("SET TimeZone = 'UTC'")
    # No progress bar on stdout (it draws one for queries over 2 s, at 100M events).
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET VARIABLE as_of = DATE '{as_of}'")
    # Active person-days: every person event (bots excluded), person keys trimmed and
    # lower-cased as ingest does. Duplicated events cannot change a person-day.
    con.execute(
        f"""
        CREATE TABLE pd AS
        SELECT DISTINCT lower(trim(person)) AS person, CAST(ts AS DATE) AS day
        FROM read_parquet('{events}')
        WHERE NOT coalesce(is_bot, false) AND CAST(ts AS DATE) <= getvariable('as_of')
        """
    )
    con.execute(
        f"""
        CREATE TABLE roster AS
        SELECT lower(trim(person)) AS person,
               CAST(registered_at AS DATE) AS registered,
               CAST(nullif(deactivated_at, '') AS DATE) AS deactivated,
               coalesce(nullif(department, ''), '(none)') AS department
        FROM read_csv('{roster}', all_varchar = true, header = true)
        """
    )
    daily(con, f"{out}/daily.csv")
    summary(con, f"{out}/summary.csv")
    lifecycle(con, f"{out}/lifecycle.csv")
    print(f"duckdb: {time.perf_counter() - t0:.2f} s", file=sys.stderr)


def islands(w):
    """Each person's active days merged into covered intervals [s, e]: a day d is
    covered when an active day falls in [d - w + 1, d]."""
    return f"""
        SELECT person, min(day) AS s, max(day) + {w - 1} AS e
        FROM (SELECT person, day,
                     sum(CASE WHEN prev IS NULL OR day - prev > {w} THEN 1 ELSE 0 END)
                         OVER (PARTITION BY person ORDER BY day) AS island
              FROM (SELECT person, day,
                           lag(day) OVER (PARTITION BY person ORDER BY day) AS prev
                    FROM pd))
        GROUP BY person, island
    """


def daily(con, path):
    # Counts over a calendar by +1 at an interval's start and -1 after its end.
    con.execute(
        f"""
        COPY (
        WITH cal AS (
            SELECT CAST(d AS DATE) AS date
            FROM generate_series((SELECT min(day) FROM pd), getvariable('as_of'),
                                 INTERVAL 1 DAY) AS t(d)),
        wk AS ({islands(7)}),
        mo AS ({islands(WINDOW)}),
        elig AS (
            SELECT person, greatest(registered, (SELECT min(day) FROM pd)) AS s,
                   coalesce(deactivated, getvariable('as_of') + 1) - 1 AS e
            FROM roster),
        act_elig AS (
            SELECT greatest(mo.s, elig.s) AS s, least(mo.e, elig.e) AS e
            FROM mo JOIN elig USING (person)
            WHERE greatest(mo.s, elig.s) <= least(mo.e, elig.e)),
        diffs AS (
            SELECT s AS date, 'wau' AS k, 1 AS x FROM wk UNION ALL
            SELECT e + 1, 'wau', -1 FROM wk UNION ALL
            SELECT s, 'mau', 1 FROM mo UNION ALL
            SELECT e + 1, 'mau', -1 FROM mo UNION ALL
            SELECT s, 'eligible', 1 FROM elig WHERE s <= e UNION ALL
            SELECT e + 1, 'eligible', -1 FROM elig WHERE s <= e UNION ALL
            SELECT s, 'active_eligible', 1 FROM act_elig UNION ALL
            SELECT e + 1, 'active_eligible', -1 FROM act_elig),
        per_day AS (
            SELECT date,
                   sum(x) FILTER (WHERE k = 'wau') AS wau,
                   sum(x) FILTER (WHERE k = 'mau') AS mau,
                   sum(x) FILTER (WHERE k = 'eligible') AS eligible,
                   sum(x) FILTER (WHERE k = 'active_eligible') AS active_eligible
            FROM diffs GROUP BY date),
        running AS (
            SELECT cal.date,
                   sum(coalesce(wau, 0)) OVER w AS wau,
                   sum(coalesce(mau, 0)) OVER w AS mau,
                   sum(coalesce(eligible, 0)) OVER w AS eligible,
                   sum(coalesce(active_eligible, 0)) OVER w AS active_eligible
            FROM cal LEFT JOIN per_day USING (date)
            WINDOW w AS (ORDER BY cal.date ROWS UNBOUNDED PRECEDING)),
        dau AS (SELECT day AS date, count(*) AS dau FROM pd GROUP BY day)
        SELECT r.date, coalesce(dau.dau, 0) AS dau, CAST(r.wau AS BIGINT) AS wau,
               CAST(r.mau AS BIGINT) AS mau, CAST(r.eligible AS BIGINT) AS eligible,
               CASE WHEN r.eligible > 0 THEN r.active_eligible / r.eligible END
                   AS active_rate_28,
               CASE WHEN r.mau > 0 THEN coalesce(dau.dau, 0) / r.mau END AS stickiness
        FROM running r LEFT JOIN dau USING (date)
        ORDER BY r.date
        ) TO '{path}' (HEADER)
        """
    )


def summary(con, path):
    con.execute(
        f"""
        COPY (
        WITH a AS (SELECT getvariable('as_of') AS d),
        per AS (SELECT person, min(day) AS first_active, max(day) AS last_active
                FROM pd GROUP BY person),
        standing AS (
            SELECT r.department, r.registered, per.first_active,
                   coalesce(per.last_active > (SELECT d FROM a) - {WINDOW}, false) AS active
            FROM roster r LEFT JOIN per USING (person)
            WHERE r.registered <= (SELECT d FROM a)
              AND (r.deactivated IS NULL OR r.deactivated > (SELECT d FROM a))),
        flags AS (
            SELECT department, active, first_active IS NOT NULL AS activated,
                   first_active - registered AS delay,
                   NOT active AND registered <= (SELECT d FROM a) - {GRACE} AS ghost
            FROM standing),
        grouped AS (
            SELECT coalesce(department, 'all') AS segment, department IS NULL AS is_all,
                   count(*) AS eligible,
                   count(*) FILTER (WHERE active) AS active_28d,
                   count(*) FILTER (WHERE activated) AS activated,
                   count(*) FILTER (WHERE ghost AND NOT activated) AS ghosts_never,
                   count(*) FILTER (WHERE ghost AND activated) AS ghosts_lapsed,
                   median(delay) FILTER (WHERE activated) AS median_days_to_activation
            FROM flags GROUP BY GROUPING SETS ((department), ()))
        SELECT segment, eligible, active_28d, activated, ghosts_never, ghosts_lapsed,
               active_28d / eligible AS active_rate,
               activated / eligible AS activation_rate,
               (ghosts_never + ghosts_lapsed) / eligible AS ghost_rate,
               median_days_to_activation
        FROM grouped ORDER BY is_all, segment
        ) TO '{path}' (HEADER)
        """
    )


def lifecycle(con, path):
    # ISO weeks from Monday; from the first week anyone was active to the as-of week.
    con.execute(
        f"""
        COPY (
        WITH w AS (SELECT DISTINCT person, CAST(date_trunc('week', day) AS DATE) AS wk FROM pd),
        last AS (SELECT CAST(date_trunc('week', getvariable('as_of')) AS DATE) AS wk),
        f AS (SELECT person, wk,
                     lag(wk) OVER (PARTITION BY person ORDER BY wk) AS prev,
                     lead(wk) OVER (PARTITION BY person ORDER BY wk) AS next
              FROM w),
        active AS (
            SELECT wk,
                   count(*) FILTER (WHERE prev IS NULL) AS new,
                   count(*) FILTER (WHERE prev = wk - 7) AS "returning",
                   count(*) FILTER (WHERE prev < wk - 7) AS resurrecting
            FROM f GROUP BY wk),
        dormant AS (
            SELECT wk + 7 AS wk, count(*) AS dormant FROM f
            WHERE (next IS NULL OR next > wk + 7) AND wk + 7 <= (SELECT wk FROM last)
            GROUP BY wk + 7),
        weeks AS (
            SELECT CAST(d AS DATE) AS wk
            FROM generate_series((SELECT min(wk) FROM w), (SELECT wk FROM last),
                                 INTERVAL 7 DAY) AS t(d))
        SELECT weeks.wk AS week, coalesce(new, 0) AS new,
               coalesce("returning", 0) AS "returning",
               coalesce(resurrecting, 0) AS resurrecting, coalesce(dormant, 0) AS dormant
        FROM weeks LEFT JOIN active USING (wk) LEFT JOIN dormant USING (wk)
        ORDER BY week
        ) TO '{path}' (HEADER)
        """
    )


if __name__ == "__main__":
    main(*sys.argv[1:5])
