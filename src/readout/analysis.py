"""The analyses event-data users run every day, on pandas DataFrames of events.

- ``assign_clusters``: the same event reported by many articles becomes one cluster
  (same source and target codes, same CAMEO root, dates within a day; or the article is a
  near-duplicate of one that reported it).
- ``one_a_day``: one event per date, source, target and CAMEO code, keeping the merged
  article ids, URLs and quotes.
- ``dyad_table``: dyad × period counts per quad class and CAMEO root, Goldstein sum and
  mean, zero-filled periods, optionally normalized by the period's total volume.
- ``add_state_codes``: Correlates of War and Gleditsch–Ward numbers beside CAMEO codes.

Frames use the column names of ``Store.events()`` (``date``, ``source_code``,
``source_country``, ``target_code``, ``target_country``, ``cameo``, ``root``,
``quad_class``, ``goldstein``, ``article_id``, ``url``, ``event_uid``).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

import numpy as np
import pandas as pd

PERIODS: dict[str, str] = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}
ROOTS: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 21))
QUADS: tuple[int, ...] = (1, 2, 3, 4)
CLUSTER_DAYS = 1  # events of one cluster lie within this many days of its first date


# ---------------------------------------------------------------- code tables


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("readout").joinpath("data", "store", name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@lru_cache(maxsize=None)
def countries() -> dict[str, dict[str, str]]:
    """CAMEO country/region code (and ISO3 code) → row with iso3, name, cow, cow_abb, gw, fips."""
    table: dict[str, dict[str, str]] = {}
    for row in _data_rows("countries.tsv"):
        row = {k: (v or "") for k, v in row.items()}
        table.setdefault(row["cameo"], row)
        if row["iso3"]:
            table.setdefault(row["iso3"], row)
    return table


@lru_cache(maxsize=None)
def sector_labels() -> dict[str, str]:
    """CAMEO actor type code → label (GOV → Government)."""
    return {r["code"]: r["label"] for r in _data_rows("sectors.tsv")}


@lru_cache(maxsize=None)
def cameo_names() -> dict[str, tuple[str, str]]:
    """CAMEO event code → (GDELT name, ICEWS name)."""
    return {r["code"]: (r["name"], r["icews_name"]) for r in _data_rows("cameo_names.tsv")}


@lru_cache(maxsize=65536)
def code_country(code: Optional[str]) -> Optional[str]:
    """The country (or region) part of a CAMEO actor code: ``CHNGOV`` → ``CHN``,
    ``EURGOV`` → ``EUR``; None when the code's first three letters are no CAMEO country or
    region code: sectors (``MIL``, ``GOVMED``), bodies (``IGOUNO``, ``NGOAMN``), ``---``."""
    if not isinstance(code, str) or len(code) < 3:
        return None
    return code[:3] if code[:3] in countries() else None


def actor_country(code: Optional[str], country: Optional[str] = None) -> Optional[str]:
    """The country of an actor: its code's country part (``code_country``), else the
    ``country`` given with it when that is a known CAMEO country or region code, else None
    (an actor coded ``MIL`` with country ``MIL`` has no country)."""
    found = code_country(code)
    if found or not isinstance(country, str):
        return found
    return country if country in countries() else None


def split_code(code: Optional[str]) -> tuple[Optional[str], Optional[str], list[str]]:
    """(country, known group, [type codes]) of a CAMEO actor code.

    ``CHNGOVMIL`` → (CHN, None, [GOV, MIL]); ``IGOUNO`` → (None, UNO, [IGO])."""
    if not code:
        return None, None, []
    parts = [code[i:i + 3] for i in range(0, len(code), 3)]
    country = parts[0] if parts[0] in countries() else None
    rest = parts[1:] if country else parts
    group = None
    if rest and rest[0] in ("IGO", "NGO", "IMG", "MNC", "NGM") and len(rest) > 1:
        group = rest[1]
        rest = [rest[0], *rest[2:]]
    return country, group, rest


def add_state_codes(frame: pd.DataFrame, columns: Sequence[str] = ("source_country",
                                                                   "target_country")) -> pd.DataFrame:
    """The frame with ``<prefix>_cow``, ``<prefix>_cow_abb`` and ``<prefix>_gw`` beside each
    CAMEO/ISO3 country column (nullable integers; empty for non-states and regions)."""
    table = countries()
    out = frame.copy()
    for col in columns:
        prefix = col[: -len("_country")] if col.endswith("_country") else col
        rows = [table.get(c) if isinstance(c, str) else None for c in out[col]]
        for field, kind in (("cow", "Int64"), ("cow_abb", "string"), ("gw", "Int64")):
            values = [(r or {}).get(field) or None for r in rows]
            if kind == "Int64":
                values = [None if v is None else int(v) for v in values]
            out[f"{prefix}_{field}"] = pd.array(values, dtype=kind)
    return out


# ---------------------------------------------------------------- clusters


def cluster_keys(frame: pd.DataFrame) -> pd.Series:
    """``source|target|root`` for each event row (missing parts as empty strings)."""
    def part(col: str) -> pd.Series:
        return frame[col].fillna("").astype(str)
    return part("source_code") + "|" + part("target_code") + "|" + part("root")


def _nearest(rows: pd.DataFrame, candidates: pd.DataFrame) -> pd.Series:
    """For each row (index kept), the candidate cluster with its key, dated within a day."""
    cands = candidates[candidates["article_id"].isna() & candidates["date"].notna()]
    if rows.empty or cands.empty:
        return pd.Series(dtype=object)
    m = rows[["ckey", "date"]].reset_index().merge(cands[["ckey", "date", "cluster_id"]],
                                                   on="ckey", suffixes=("", "_c"))
    m["gap"] = (m["date"] - m["date_c"]).abs()
    m = m[m["gap"] <= pd.Timedelta(days=CLUSTER_DAYS)]
    m = m.sort_values(["index", "gap", "date_c", "cluster_id"]).drop_duplicates("index")
    return m.set_index("index")["cluster_id"]


def _anchor(rows: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """New clusters for rows no stored cluster took: greedy by date within each key (a
    cluster starts at its first day and takes the events of that day and the next).

    Vectorized: within a run of consecutive days of one key the greedy anchors fall on
    every second day from the run's first, so day d's anchor is d − ((d − run start) mod 2);
    a gap of two days or more starts a run. Undated events are clusters of their own."""
    assert CLUSTER_DAYS == 1, "the vectorized greedy assumes clusters of one day either side"
    rows = rows.sort_values(["ckey", "date", "event_uid"], na_position="last")
    cols = ["cluster_id", "ckey", "date", "source_code", "target_code", "root"]
    if rows.empty:
        return pd.Series(dtype=object), pd.DataFrame(columns=cols)
    days = rows["date"].to_numpy(dtype="datetime64[D]")
    undated = np.isnat(days)
    day = np.where(undated, 0, days.astype("int64"))
    keys = rows["ckey"].to_numpy(dtype=object)
    new_key = np.ones(len(rows), dtype=bool)
    new_key[1:] = (keys[1:] != keys[:-1]) | undated[1:] | undated[:-1]
    new_run = new_key.copy()
    new_run[1:] |= (day[1:] - day[:-1]) > 1
    run_start = day[np.maximum.accumulate(np.where(new_run, np.arange(len(rows)), 0))]
    anchor = day - (day - run_start) % (CLUSTER_DAYS + 1)
    first = new_run.copy()
    first[1:] |= anchor[1:] != anchor[:-1]
    uids = rows["event_uid"].to_numpy(dtype=object)
    ids = uids[np.maximum.accumulate(np.where(first, np.arange(len(rows)), 0))]
    heads = rows.loc[first, ["ckey", "source_code", "target_code", "root"]]
    new = heads.assign(cluster_id=uids[first],
                       date=np.where(undated[first], np.datetime64("NaT"), days[first])
                       ).reset_index(drop=True)[cols]
    return pd.Series(ids, index=rows.index, dtype=object), new


def _place(rows: pd.DataFrame, candidates: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    found = _nearest(rows, candidates)
    rest = rows.loc[~rows.index.isin(found.index)]
    made, new = _anchor(rest) if len(rest) else (pd.Series(dtype=object), None)
    return pd.concat([found, made]), new


def _by_duplicate(rows: pd.DataFrame, originals: pd.DataFrame) -> pd.Series:
    """Rows of near-duplicate articles → the cluster of the same-key event of the original."""
    if rows.empty or originals.empty:
        return pd.Series(dtype=object)
    m = rows[["ckey", "duplicate_of"]].reset_index().merge(
        originals[["article_id", "ckey", "cluster_id"]],
        left_on=["duplicate_of", "ckey"], right_on=["article_id", "ckey"])
    return m.sort_values(["index", "cluster_id"]).drop_duplicates("index").set_index("index")["cluster_id"]


def assign_clusters(events: pd.DataFrame,
                    candidates: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """The cluster id of each new event, and the clusters to create.

    ``events`` has ``event_uid, article_id, date, source_code, target_code, root`` and
    ``duplicate_of`` (the article it repeats, or None); ``candidates`` has stored clusters
    ``cluster_id, ckey, date`` (with ``article_id`` None) and, for near-duplicates, the
    stored events of the originals (``article_id`` set). An event joins, in order: the
    cluster of the same-key event of the article it duplicates; the stored cluster with its
    key whose date is nearest and within a day; a new cluster (named after its first event).
    """
    rows = events.copy()
    rows["ckey"] = cluster_keys(rows)
    rows["date"] = pd.to_datetime(rows["date"])
    dup = rows["duplicate_of"] if "duplicate_of" in rows else pd.Series(None, index=rows.index)
    rows["duplicate_of"] = dup
    cands = candidates.copy()
    cands["date"] = pd.to_datetime(cands["date"])
    assigned = _by_duplicate(rows[dup.notna()], cands[cands["article_id"].notna()])
    in_batch = (dup.notna() & dup.isin(rows["article_id"].unique()) if dup.notna().any()
                else pd.Series(False, index=rows.index)) & ~rows.index.isin(assigned.index)
    first = rows[~rows.index.isin(assigned.index) & ~in_batch]
    placed, new1 = _place(first, cands)
    assigned = pd.concat([assigned, placed])
    second = rows[in_batch]
    news = [n for n in (new1,) if n is not None and len(n)]
    if len(second):
        originals = first.assign(cluster_id=placed.reindex(first.index))
        found = _by_duplicate(second, originals)
        rest = second[~second.index.isin(found.index)]
        more = pd.concat([cands, *[n.assign(article_id=None) for n in news]], ignore_index=True)
        placed2, new2 = _place(rest, more) if len(rest) else (pd.Series(dtype=object), None)
        assigned = pd.concat([assigned, found, placed2])
        news += [n for n in (new2,) if n is not None and len(n)]
    new = pd.concat(news, ignore_index=True) if news else pd.DataFrame(
        columns=["cluster_id", "ckey", "date", "source_code", "target_code", "root"])
    return assigned.reindex(rows.index), new


# ---------------------------------------------------------------- one a day


def one_a_day(events: pd.DataFrame, quotes: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """One event per (date, source_code, target_code, cameo): the first reported, with
    ``n_merged`` and the lists ``article_ids``, ``urls``, ``event_uids`` and ``quotes`` (the
    texts of quotes in the same sentence of a merged article) of all merged events."""
    keys = ["date", "source_code", "target_code", "cameo"]
    frame = events.sort_values(["date", "event_uid"], na_position="last").reset_index(drop=True)
    if quotes is not None and len(quotes) and "sentence" in frame:
        q = quotes.dropna(subset=["sentence"]).groupby(["article_id", "sentence"])["content"].agg(list)
        frame["_quotes"] = [q.get((a, s), []) if pd.notna(s) else []
                            for a, s in zip(frame["article_id"], frame["sentence"])]
    else:
        frame["_quotes"] = [[] for _ in range(len(frame))]
    groups = frame.groupby(keys, dropna=False, sort=False)
    first = groups.head(1).set_index(keys)
    agg = groups.agg(n_merged=("event_uid", "size"),
                     article_ids=("article_id", lambda s: list(dict.fromkeys(s))),
                     urls=("url", lambda s: list(dict.fromkeys(v for v in s if isinstance(v, str)))),
                     event_uids=("event_uid", list),
                     quotes=("_quotes", lambda s: list(dict.fromkeys(x for lst in s for x in lst))))
    out = first.drop(columns=["_quotes"]).join(agg).reset_index()
    return out[[*events.columns.intersection(out.columns), "n_merged", "article_ids", "urls",
                "event_uids", "quotes"]]


# ---------------------------------------------------------------- periods and dyads


def period_start(dates: pd.Series, by: str) -> pd.Series:
    """The first day of each date's period (weeks start on Monday)."""
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; choose from {', '.join(PERIODS)}")
    d = pd.to_datetime(dates)
    if by == "day":
        return d.dt.normalize()
    if by == "week":
        return (d - pd.to_timedelta(d.dt.day_of_week, unit="D")).dt.normalize()
    freq = {"month": "M", "quarter": "Q", "year": "Y"}[by]
    return d.dt.to_period(freq).dt.start_time


def period_range(start: pd.Timestamp, end: pd.Timestamp, by: str) -> pd.DatetimeIndex:
    """Every period start from ``start``'s period to ``end``'s."""
    lo, hi = period_start(pd.Series([start, end]), by)
    return pd.date_range(lo, hi, freq=PERIODS[by])


def net_cooperation(frame: pd.DataFrame) -> pd.Series:
    """(cooperative − conflictual events) / all events, from −1 to 1; 0 for no events."""
    total = frame[["quad1", "quad2", "quad3", "quad4"]].sum(axis=1)
    net = frame["quad1"] + frame["quad2"] - frame["quad3"] - frame["quad4"]
    return (net / total.where(total > 0)).fillna(0.0)


def fill_timeline(frame: pd.DataFrame, by: str, since: Optional[str] = None,
                  until: Optional[str] = None) -> pd.DataFrame:
    """A per-period frame (``period, events, quad1..4, goldstein_sum``) with every period
    from ``since`` (else the first) to ``until`` (else the last) present, mean Goldstein and
    the net cooperation score."""
    cols = ["events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum"]
    frame = frame.assign(period=pd.to_datetime(frame["period"])).set_index("period")
    lo = pd.Timestamp(since) if since else (frame.index.min() if len(frame) else None)
    hi = pd.Timestamp(until) if until else (frame.index.max() if len(frame) else None)
    if lo is None or hi is None:
        out = pd.DataFrame(columns=["period", *cols])
    else:
        idx = period_range(lo, hi, by)
        out = frame.reindex(idx)[cols].fillna(0).rename_axis("period").reset_index()
    for c in cols[:-1]:
        out[c] = out[c].astype("int64")
    out["goldstein_sum"] = out["goldstein_sum"].astype(float)
    out["goldstein_mean"] = (out["goldstein_sum"] / out["events"].where(out["events"] > 0)).round(3)
    out["net_cooperation"] = net_cooperation(out).round(3)
    return out


def dyad_table(events: pd.DataFrame, by: str = "month", directed: bool = True,
               level: str = "country", normalize: bool = False, fill: bool = True,
               since: Optional[str] = None, until: Optional[str] = None) -> pd.DataFrame:
    """Dyad × period counts: ``events``, ``quad1..quad4``, ``root01..root20``,
    ``goldstein_sum``, ``goldstein_mean``; COW/GW codes at the country level.

    ``level`` is ``country`` (CHN) or ``code`` (CHNGOV); undirected dyads put the two sides
    in alphabetical order (columns ``side_a``, ``side_b``). With ``fill`` every dyad has a
    row for every period between the first and last (or ``since``/``until``). With
    ``normalize`` the count columns are divided by the period's total event volume (all
    events of the frame in that period) and ``total_events`` is added."""
    col = {"country": "_country", "code": "_code"}[level]
    frame = events.assign(period=period_start(events["date"], by))
    frame = frame[frame["period"].notna()]
    totals = frame.groupby("period").size().rename("total_events")
    frame = frame.dropna(subset=[f"source{col}", f"target{col}"])
    a, b = frame[f"source{col}"].astype(str), frame[f"target{col}"].astype(str)
    names = ("source", "target") if directed else ("side_a", "side_b")
    if not directed:
        a, b = a.where(a <= b, b), b.where(a <= b, a)
    frame = frame.assign(**{names[0]: a, names[1]: b})
    keys = [names[0], names[1], "period"]
    quad = pd.crosstab([frame[k] for k in keys], frame["quad_class"]).reindex(columns=QUADS, fill_value=0)
    quad.columns = [f"quad{q}" for q in QUADS]
    root = pd.crosstab([frame[k] for k in keys], frame["root"].astype(str)).reindex(columns=ROOTS, fill_value=0)
    root.columns = [f"root{r}" for r in ROOTS]
    gold = frame.groupby(keys)["goldstein"].sum().rename("goldstein_sum")
    table = pd.concat([quad.sum(axis=1).rename("events"), quad, root, gold], axis=1)
    if fill and len(table):
        lo = pd.Timestamp(since) if since else table.index.get_level_values("period").min()
        hi = pd.Timestamp(until) if until else table.index.get_level_values("period").max()
        dyads = table.index.droplevel("period").unique()
        full = pd.MultiIndex.from_tuples([(x, y, p) for x, y in dyads for p in period_range(lo, hi, by)],
                                         names=keys)
        table = table.reindex(full, fill_value=0)
    table = table.reset_index()
    table["goldstein_mean"] = (table["goldstein_sum"] / table["events"].where(table["events"] > 0)).round(3)
    if normalize:
        table = table.merge(totals, left_on="period", right_index=True, how="left")
        table["total_events"] = table["total_events"].fillna(0).astype("int64")
        counts = ["events", *[f"quad{q}" for q in QUADS], *[f"root{r}" for r in ROOTS]]
        table[counts] = table[counts].div(table["total_events"].where(table["total_events"] > 0), axis=0).fillna(0.0)
    if level == "country":
        table = table.rename(columns={n: f"{n}_country" for n in names})
        table = add_state_codes(table, [f"{n}_country" for n in names])
        table = table.rename(columns={f"{n}_country": n for n in names})
    return table.sort_values([names[0], names[1], "period"], ignore_index=True)


def top_dyads(events: pd.DataFrame, n: int = 10, directed: bool = False) -> pd.DataFrame:
    """The ``n`` country dyads with the most events, with quad counts and mean Goldstein."""
    table = dyad_table(events, by="year", directed=directed, fill=False)
    names = ["source", "target"] if directed else ["side_a", "side_b"]
    if table.empty:
        return pd.DataFrame(columns=[*names, "events", "quad1", "quad2", "quad3", "quad4",
                                     "goldstein_mean"])
    agg = table.groupby(names)[["events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum"]].sum()
    agg["goldstein_mean"] = (agg["goldstein_sum"] / agg["events"]).round(3)
    agg = agg.drop(columns="goldstein_sum").sort_values("events", ascending=False).head(n)
    return agg.reset_index()


__all__ = ["add_state_codes", "assign_clusters", "cluster_keys", "code_country", "countries",
           "dyad_table", "fill_timeline", "net_cooperation", "one_a_day", "period_start",
           "split_code", "top_dyads"]
