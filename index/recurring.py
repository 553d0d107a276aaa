"""Recurring issues: the same concrete matter (a project, a place, a facility, a document to
draft, a named problem) raised again at later meetings.

Candidates are each member record's nearest records in other notices (index/recurring_links.py,
a table in the index's SQLite file brought up to date notice by notice). A candidate is a link
when its cosine reaches the similarity threshold, the specific phrases the two records share
weigh at least the lexical one (see thresholds(); phrases in many notices weigh nothing, see
recurring_terms.weight) and the two do not name different specific entities (one template sent
about two sites) nor come from the bodies of two provinces (recurring_places: two plans on one
theme). Connected components of links are cut by average linkage over their stored links, so
one bridging pair cannot chain unrelated matters. A cluster keeps only the members that hold one of its anchors: phrases members
of two meetings share outside the names of agencies, officials and people the records name
(extraction.agencies.find_agencies, titles, family names), in few notices, and not made only of
common parts ("khắc phục nhanh hậu quả", "tình hình mưa lũ": see recurring_terms.specific_phrases);
a cluster without one is no group, and its label is its best anchor. A linked record that no
group keeps joins the group of a record it links to when the two share a phrase that could anchor
a group and it holds one of that group's anchors. Thresholds are tuned on the
tuning half of bench/data/recurring_pairs.jsonl (bench/recurring_pairs.py reports both halves).
What a cluster comes to is kept between calls (index/recurring_cache.py): after an update only the
clusters whose members or whose counts changed are worked out again.

    python -m index.recurring [--full]   (bring the link table up to date; --full recomputes it)"""
from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from extraction import log, settings
from index import recurring_cache, recurring_links
from index.recurring_cache import Limits, Outcome, Reading
from index.recurring_links import COMMON, document_frequency
from index.recurring_names import TITLE_WORDS, entities_of, entity_named, named_anchor, names_entity, ranked, trimmed_label
from index.recurring_terms import (RECORDS, clause_tokens, content_terms, content_text, context_keys, fold_text, fold_token,
                                   limit, specific_phrases, theme, weight, word_limit)
from index.register import task_status
from index.store import Store, month_range


def thresholds(similarity: float | None = None, lexical: float | None = None) -> tuple[float, float]:
    """The link thresholds (cosine, shared specific weight): those given, else the settings
    CHIDAO_RECURRING_SIMILARITY (0.89) and CHIDAO_RECURRING_LEXICAL (3.0)."""
    return (settings.number("CHIDAO_RECURRING_SIMILARITY") if similarity is None else similarity,
            settings.number("CHIDAO_RECURRING_LEXICAL") if lexical is None else lexical)


def generic_share() -> float:
    """The share of notices above which a two-word phrase is a common part
    (CHIDAO_RECURRING_GENERIC, 0.10)."""
    return settings.number("CHIDAO_RECURRING_GENERIC")


CUT = 0.5  # average-linkage distance: two parts join when at least half their cross pairs link
STATUS = {"done": "đã xong", "overdue": "quá hạn"}  # anything else: "đang thực hiện"


@dataclass
class Member:
    """One record of a group, with its notice."""

    id: str
    vid: int
    text: str
    kind: str
    agencies: list[str]
    month: str | None
    meeting_date: str | None
    notice_id: str
    source: str
    number: str | None = None
    meeting: str = ""  # the meeting: its date and issuer (several notices of one meeting share it)
    status: str = "đang thực hiện"
    earlier: list[str] = field(default_factory=list)  # "đã giao" dates of earlier members to the same agency


@dataclass
class Group:
    """Records that raise the same matter."""

    label: str
    terms: list[str]
    meetings: int
    first_seen: str | None
    last_seen: str | None
    months: list[str]
    agencies: list[str]
    members: list[Member]
    named: bool = False  # its matter is named: a place, project, facility, system or document (named_anchor)


_MEMBERS_SQL = """
SELECT r.id, r.vid, r.text, r.kind, r.agencies, r.month, r.deadline_date, r.notice_id, n.source, n.number,
       n.issuer, COALESCE(n.meeting_date, n.issue_date) AS day, s.done_on
FROM records r JOIN notices n USING(notice_id) LEFT JOIN status s ON s.record_id = r.id
WHERE r.vid IN ({marks}) {months}"""


def load_members(store: Store, vids: list[int], since: str | None = None, until: str | None = None,
                 as_of: date | None = None) -> list[Member]:
    """Members (with meeting, status) of these records, in the month range."""
    months, params = month_range(since, until)
    rows = []
    for start in range(0, len(vids), 900):
        chunk = vids[start:start + 900]
        rows += store.query(_MEMBERS_SQL.format(marks=",".join("?" * len(chunk)), months=months), [*chunk, *params])
    as_of = as_of or date.today()
    members = []
    for row in rows:
        status = task_status(row["deadline_date"], row["done_on"], as_of) if row["kind"] == "directive" else "open"
        members.append(Member(id=row["id"], vid=row["vid"], text=row["text"], kind=row["kind"],
                              agencies=Store.record_dict(row)["agencies"], month=row["month"], meeting_date=row["day"],
                              notice_id=row["notice_id"], source=row["source"], number=row["number"],
                              meeting=f"{row['day']}|{row['issuer'] or ''}" if row["day"] else row["notice_id"],
                              status=STATUS.get(status, "đang thực hiện")))
    return members


def _components(edges: list[tuple[int, int]]) -> list[list[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def split(members: list[Member], links: set[tuple[int, int]], cut: float = CUT) -> list[list[int]]:
    """Average-linkage clusters (positions) of one component over its stored links: a pair the
    link table does not hold (neither is among the other's neighbours) counts as unlinked."""
    if len(members) <= 2:
        return [list(range(len(members)))]
    vids = [m.vid for m in members]
    size = len(members)
    linked = np.zeros((size, size), dtype=bool)
    for i in range(size):
        for j in range(i + 1, size):
            linked[i, j] = linked[j, i] = (min(vids[i], vids[j]), max(vids[i], vids[j])) in links
    distance = 1.0 - linked.astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), method="average"), t=cut, criterion="distance")
    clusters: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        clusters.setdefault(int(label), []).append(position)
    return [c for c in clusters.values() if len(c) > 1]


def _common_run(a: list[str], b: list[str]) -> tuple[int, int]:
    """(start in a, length) of the longest run of folded tokens two token lists share."""
    best = (0, 0)
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best[1]:
                    best = (i - current[j], current[j])
        previous = current
    return best


def anchors(members: list[Member], df: dict, notices: int) -> tuple[dict[str, set[str]], dict[str, list[str]], dict[str, float]]:
    """The specific phrases members of two meetings or more share: not in the names of the
    agencies, officials and people the records name (recurring_terms.content_terms), weighing
    (in few notices), not made only of common parts (recurring_terms.specific_phrases) and not
    the running theme of their notices unless they name an entity (recurring_terms.theme: "khoáng
    sản trái phép" is no matter, "Cụm công nghiệp Đầm Hồng" is one however often it comes up).
    Per phrase: the meetings holding it, its spellings member by member, its weight."""
    held = [content_terms(member.text).phrases for member in members]
    twice = {key for key, n in Counter(key for phrases in held for key in phrases).items() if n > 1}
    holders: dict[str, set[str]] = {}
    surfaces: dict[str, list[str]] = {}  # the spellings of each phrase, member by member
    for member, phrases in zip(members, held):
        for key in twice.intersection(phrases):
            holders.setdefault(key, set()).add(member.meeting)
            surfaces.setdefault(key, []).append(phrases[key])
    specific: set[str] = set()
    for member, phrases in zip(members, held):
        if twice.intersection(phrases):
            specific |= specific_phrases(member.text, df, notices, generic_share())
    named = set().union(*(content_terms(member.text).entities for member in members))
    weights = {}
    for key, meetings in holders.items():
        if len(meetings) > 1 and key in specific and (w := _anchor_weight(key, named, df, notices)) > 0:
            weights[key] = w
    return {k: holders[k] for k in weights}, {k: surfaces[k] for k in weights}, weights


def _anchor_weight(key: str, entities: set[str], df, notices: int) -> float:  # noqa: ANN001
    """The weight of a specific phrase as an anchor: its weight (in few notices), or 0 when it
    is the running theme of its notices and names none of these entities."""
    found = weight(df.get(key, 1), notices, COMMON)
    return found if found > 0 and (names_entity(key, entities) or not theme(key, df)) else 0.0  # the theme's counts read only then


def label_of(members: list[Member], df: dict, notices: int, found: tuple | None = None) -> tuple[str, list[str]]:
    """The shared matter as written: the specific phrase (see anchors) shared by the most
    meetings (longest, then rarest), widened to the longest run of words the first two members
    holding it share; and the group's other shared phrases, as written."""
    holders, surfaces, weights = found or anchors(members, df, notices)
    held = [content_terms(member.text).phrases for member in members]
    order = ranked(holders, weights)
    if not order:
        return members[0].text[:160], []
    best = order[0]
    surface = max(Counter(surfaces[best]).items(), key=lambda item: (sum(ord(c) > 127 for c in item[0]), item[1]))[0]
    with_best = [m for m, phrases in zip(members, held) if best in phrases][:2]
    if len(with_best) == 2:
        for clause_a in clause_tokens(content_text(with_best[0].text)):
            keys_a = [fold_token(t) for t in clause_a]
            if " ".join(keys_a).find(best) < 0:
                continue
            for clause_b in clause_tokens(content_text(with_best[1].text)):
                start, length = _common_run(keys_a, [fold_token(t) for t in clause_b])
                if length > len(best.split()) and best in " ".join(keys_a[start:start + length]):
                    surface = " ".join(clause_a[start:start + min(length, 12)])
    others: list[str] = []
    folded, seen = fold_text(surface), []
    for key in order[1:]:
        text = Counter(surfaces[key]).most_common(1)[0][0]
        plain = fold_text(text)
        if plain not in folded and not any(plain in o for o in seen):
            others.append(text)
            seen.append(plain)
        if len(others) == 5:
            break
    surface = trimmed_label(surface)
    return surface[:1].upper() + surface[1:], others


def describe(members: list[Member], label: str, terms: list[str], named: bool = False) -> Group:
    """A group: label, meetings, members in date order with the earlier dates of their agencies."""
    ordered = _in_date_order(members)
    for position, member in enumerate(ordered):
        member.earlier = sorted({e.meeting_date or e.month or "?" for e in ordered[:position]
                                 if set(e.agencies) & set(member.agencies) and e.meeting != member.meeting
                                 and (e.meeting_date or e.month or "") < (member.meeting_date or member.month or "")})
    dates = sorted({m.meeting_date or m.month for m in members if m.meeting_date or m.month})
    return Group(label=label, terms=terms, meetings=len({m.meeting for m in members}),
                 first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
                 months=sorted({d[:7] for d in dates}), agencies=sorted({a for m in members for a in m.agencies}),
                 members=ordered, named=named)


def outcome(picked: list[Member], df, notices: int) -> Outcome:  # noqa: ANN001
    """What a cluster (members in date order) comes to: the members holding one of its anchors
    (the others leave it), and with two notices or more among them its label and shared phrases."""
    found = anchors(picked, df, notices)
    kept = tuple(i for i, m in enumerate(picked) if _holds(content_terms(m.text).phrases, m.meeting, found[0]))
    if len({picked[i].notice_id for i in kept}) < 2:
        return Outcome(kept, None, [], frozenset())
    members = [picked[i] for i in kept]
    found = found if len(kept) == len(picked) else anchors(members, df, notices)
    label, terms = label_of(members, df, notices, found)
    return Outcome(kept, label, terms, frozenset(found[2]), named_anchor(members, found[0], found[2], label))


def group_links(store: Store, similarity: float | None = None, lexical: float | None = None, min_meetings: int = 2,
                since: str | None = None, until: str | None = None, as_of: date | None = None,
                reuse: bool = True) -> list[Group]:
    """Groups from the stored links at these thresholds, named matters first (named_anchor), then
    most meetings first, then most recent:
    the clusters that keep an anchor (outcome), each joined by the records left out of every
    group that link to one of its members and share an anchor-like phrase with it (_shares).
    With `reuse`, what this process worked out before for a cluster or a left-out record is
    taken again while nothing it rests on changed (recurring_cache): the same groups as without,
    faster after an update."""
    similarity, lexical = thresholds(similarity, lexical)
    rows = store.query("SELECT a, b FROM recurring_links WHERE cosine >= ? AND mass >= ? AND conflict = 0",
                       (similarity, lexical))
    links = {(r["a"], r["b"]) for r in rows}
    members = load_members(store, sorted({v for pair in links for v in pair}), since, until, as_of)
    clusters = _clusters(members, links)
    notices = _notices(store)
    limits = Limits((math.floor(limit(notices, COMMON)), math.floor(limit(notices, generic_share()))), math.floor(word_limit(notices)))
    with recurring_cache.LOCK:  # one grouping at a time uses a memo
        memo = recurring_cache.memo_for(store, limits) if reuse and notices >= 2 else None
        found = _worked_out(store, memo, clusters, [_key(c) for c in clusters], outcome, notices)
        labelled = [([c[i] for i in o.kept], o) for c, o in zip(clusters, found or []) if o.label is not None]
        left = _left_out(members, {m.vid for kept, _ in labelled for m in kept}, links)
        shares = _worked_out(store, memo, left, [(ORPHAN, *_key(item)) for item in left],
                             lambda item, df, n: _shares(item[0], item[1:], df, n), notices) if found is not None else None
        if shares is None:  # another process updated the links meanwhile
            recurring_cache.forget(store)
            return group_links(store, similarity, lexical, min_meetings, since, until, as_of, reuse=False)
        _attach(labelled, left, shares)
        if memo:
            memo.retain_used()
    groups = [describe(kept, o.label, o.terms, bool(o.named)) for kept, o in _same_name_joined(labelled, links)
              if len({m.meeting for m in kept}) >= min_meetings]
    return sorted(groups, key=lambda g: (g.named, g.meetings, g.last_seen or "", len(g.members)), reverse=True)


def _same_name_joined(labelled: list[tuple[list[Member], Outcome]],
                      links: set[tuple[int, int]]) -> list[tuple[list[Member], Outcome]]:
    """The groups, a part whose matter one entity names (the same place, project or document
    number, or a title with the same first TITLE_WORDS words) joined to an earlier part naming it
    that a stored link reaches, under the label of the part with the most members: average
    linkage may cut "Nghị định số 178/2026/NĐ-CP" or "Cụm công nghiệp Đầm Hồng" into parts, which
    a clerk reads as one matter; two groups that merely name one commune or cite one decree, with
    no link between them, stay apart."""
    joined: list[tuple[list[Member], Outcome]] = []
    named: dict[str, list[int]] = {}
    for kept, found in labelled:
        entity = (entity_named(found.named, entities_of(kept)) or " ".join(found.named.split()[:TITLE_WORDS])) if found.named else ""
        vids = {m.vid for m in kept}
        target = next((n for n in named.get(entity, []) if any(
            (min(a, b), max(a, b)) in links for a in vids for b in (m.vid for m in joined[n][0]))), None)
        if target is not None:
            members, label = joined[target]
            joined[target] = (members + kept, found if len(kept) > len(members) else label)
            continue
        if entity:
            named.setdefault(entity, []).append(len(joined))
        joined.append((list(kept), found))
    return joined


ORPHAN = (-1, "", "", "")  # heads the memo key of a left-out record and the records it links to


def _key(members: list[Member]) -> tuple:
    """What a cluster's memo entry is kept under: its members as they read."""
    return tuple((m.vid, m.notice_id, m.meeting, m.text) for m in members)


def _clusters(members: list[Member], links: set[tuple[int, int]]) -> list[list[Member]]:
    """The average-linkage clusters (split) of each connected component of the links, in date order."""
    position = {m.vid: i for i, m in enumerate(members)}
    clusters = []
    for component in _components([(position[a], position[b]) for a, b in links if a in position and b in position]):
        chosen = [members[i] for i in component]
        clusters += [_in_date_order([chosen[i] for i in cluster]) for cluster in split(chosen, links)]
    return clusters


def _worked_out(store: Store, memo, items: list[list[Member]], keys: list, work, notices: int) -> list[Outcome] | None:  # noqa: ANN001
    """work(item, counts, notices) of each item, taken from the memo where it holds a valid one;
    None when another process updated the link table after the memo was refreshed."""
    found = [memo.get(key) if memo else None for key in keys]
    df = document_frequency(store, dict.fromkeys(_read_terms(item for item, o in zip(items, found) if o is None), 0))
    if memo and not recurring_cache.still_current(store, memo):
        return None
    for position, (item, key) in enumerate(zip(items, keys)):
        if found[position] is None:
            reading = Reading(df)
            found[position] = work(item, reading, notices)
            if memo:
                memo.put(key, found[position], reading)
    return found


def _left_out(members: list[Member], grouped: set[int], links: set[tuple[int, int]]) -> list[list[Member]]:
    """Each linked record that no group keeps, followed by the records of other meetings it links to."""
    by_vid = {m.vid: m for m in members}
    linked: dict[int, list[int]] = {}
    for a, b in links:
        if a in by_vid and b in by_vid:
            linked.setdefault(a, []).append(b)
            linked.setdefault(b, []).append(a)
    left = []
    for vid in sorted(set(linked) - grouped):
        others = [by_vid[o] for o in sorted(linked[vid]) if by_vid[o].meeting != by_vid[vid].meeting]
        if others:
            left.append([by_vid[vid], *others])
    return left


def _shares(orphan: Member, others: list[Member], df, notices: int) -> Outcome:  # noqa: ANN001
    """Which of the records a left-out record links to share with it a phrase that could anchor
    a group (_anchoring): their positions, the most phrases shared first, then the rarest; as
    anchors, the left-out record's phrases that could anchor a group. The order reads counts
    only (not weights, which move with the number of notices), so the memo that watches those
    counts stays right."""
    mine = _anchoring(orphan, df, notices)
    found = []
    for position, other in enumerate(others):
        if shared := mine & _anchoring(other, df, notices):
            found.append((-len(shared), min(df.get(k, 1) for k in shared), position))
    return Outcome(tuple(p for *_, p in sorted(found)), None, [], frozenset(mine))


def _anchoring(member: Member, df, notices: int) -> set[str]:  # noqa: ANN001
    """The phrases of a record that could anchor a group (see anchors: specific, weighing, no
    running theme unless they name an entity)."""
    terms = content_terms(member.text)
    return {key for key in terms.phrases.keys() & specific_phrases(member.text, df, notices, generic_share())
            if _anchor_weight(key, terms.entities, df, notices) > 0}


def _attach(labelled: list[tuple[list[Member], Outcome]], left: list[list[Member]], shares: list[Outcome]) -> None:
    """Each left-out record joins the group of the first record it shares a phrase with (in
    _shares's order) whose group it holds an anchor of; groups are those of the clusters, so joining
    does not chain."""
    group_of = {m.vid: number for number, (kept, _) in enumerate(labelled) for m in kept}
    for (orphan, *others), share in zip(left, shares):
        chosen = next((group_of[others[p].vid] for p in share.kept if others[p].vid in group_of
                       and not labelled[group_of[others[p].vid]][1].anchors.isdisjoint(share.anchors)), None)
        if chosen is not None:
            labelled[chosen][0].append(orphan)


def _read_terms(clusters: Iterable[list[Member]]) -> set[str]:
    """The notice counts outcome() reads for these clusters: phrases two members share (and their
    record counts), and the syllables and two-word phrases of each member (recurring_terms.context_keys)."""
    terms: set[str] = set()
    for cluster in clusters:
        content = [content_terms(m.text).phrases for m in cluster]
        shared = [key for key, n in Counter(k for phrases in content for k in phrases).items() if n > 1]
        terms.update(shared)
        terms.update(RECORDS + key for key in shared)
        for member in cluster:
            terms.update(context_keys(member.text))
    return terms


def _in_date_order(members: list[Member]) -> list[Member]:
    return sorted(members, key=lambda m: (m.meeting_date or m.month or "9999", m.source, m.vid))


def _holds(phrases: dict[str, str], meeting: str, holders: dict[str, set[str]]) -> bool:
    return any(meeting in holders[key] for key in holders.keys() & phrases.keys())


def _notices(store: Store) -> int:
    return store.query("SELECT COUNT(*) n FROM recurring_seen")[0]["n"]


_BEFORE_SQL = """
WITH mine AS (SELECT r.vid, r.id, COALESCE(n.meeting_date, n.issue_date) AS day FROM records r
              JOIN notices n USING(notice_id) WHERE r.id IN ({marks})),
     linked AS (SELECT m.id AS mine, m.day AS mine_day, l.b AS other FROM mine m JOIN recurring_links l ON l.a = m.vid
                WHERE l.cosine >= ? AND l.mass >= ? AND l.conflict = 0
                UNION ALL
                SELECT m.id, m.day, l.a FROM mine m JOIN recurring_links l ON l.b = m.vid
                WHERE l.cosine >= ? AND l.mass >= ? AND l.conflict = 0)
SELECT k.mine, o.id, o.vid, o.text, o.kind, o.notice_id, n.source, n.number, n.title,
       COALESCE(n.meeting_date, n.issue_date) AS day
FROM linked k JOIN records o ON o.vid = k.other JOIN notices n ON n.notice_id = o.notice_id
WHERE k.mine_day IS NOT NULL AND COALESCE(n.meeting_date, n.issue_date) < k.mine_day
ORDER BY day, o.kind != 'directive', n.source, o.vid"""


def given_before(store: Store, record_ids: list[str], similarity: float | None = None, lexical: float | None = None,
                 most: int = 3) -> dict[str, list[dict]]:
    """For each of these records, the records of earlier meetings a stored link joins it to (the
    grouping's rule: cosine, shared specific weight, no conflicting entities), earliest first
    (directives before problems of one day), at most `most`: id, vid, text, kind, notice_id,
    source, number, title, day and label ("đã giao ngày 18/03/2024 (TB số 215/TB-UBND)"; "đã nêu"
    when the earlier record is a problem). Reads the link table only, so a page can ask for every
    row it shows; records without an earlier one are left out."""
    if not store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recurring_links'"):
        return {}
    similarity, lexical = thresholds(similarity, lexical)
    found: dict[str, list[dict]] = {}
    ids = list(dict.fromkeys(record_ids))
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        for row in store.query(_BEFORE_SQL.format(marks=",".join("?" * len(chunk))),
                               [*chunk, similarity, lexical, similarity, lexical]):
            earlier = found.setdefault(row["mine"], [])
            if len(earlier) < most and all(e["id"] != row["id"] for e in earlier):
                item = {key: row[key] for key in ("id", "vid", "text", "kind", "notice_id", "source", "number", "title", "day")}
                earlier.append({**item, "label": given_label(item)})
    return found


def given_label(earlier: dict) -> str:
    """"đã giao ngày 18/03/2024 (TB số 215/TB-UBND)" ("đã nêu" for a problem; the file name when
    the notice has no number)."""
    day = earlier["day"] or ""
    shown = f"{day[8:10]}/{day[5:7]}/{day[:4]}" if len(day) >= 10 else day
    verb = "đã nêu" if earlier.get("kind") == "issue" else "đã giao"
    return f"{verb} ngày {shown} ({'TB số ' + earlier['number'] if earlier.get('number') else earlier['source']})"


def given_text(earlier: list[dict]) -> str:
    """The earliest label, and how many more earlier meetings there are ("" when none)."""
    if not earlier:
        return ""
    more = len({e["day"] for e in earlier[1:]} - {earlier[0]["day"]})
    return earlier[0]["label"] + (f"; và {more} lần khác" if more else "")


def recurring(index, min_meetings: int = 2, since: str | None = None, until: str | None = None,  # noqa: ANN001
              similarity: float | None = None, lexical: float | None = None, as_of: date | None = None) -> list[Group]:
    """Recurring matters of an index (its link table brought up to date first)."""
    recurring_links.sync(index.store)
    return group_links(index.store, similarity, lexical, min_meetings, since, until, as_of)


def main() -> None:
    """Update (or with --full recompute) the link table of the index in data/ or CHIDAO_INDEX_DIR."""
    from index.core import Index

    parser = argparse.ArgumentParser(prog="python -m index.recurring")
    parser.add_argument("--full", action="store_true", help="tính lại toàn bộ bảng liên kết")
    args = parser.parse_args()
    settings.stop_on_bad()
    try:
        done = recurring_links.sync(Index().store, full=args.full)
    except Exception as exc:  # one line for the user, the traceback in the log the index opened
        log.error("python -m index.recurring")
        print(f"lỗi: {log.one_line(exc)}", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"đã cập nhật liên kết của {done} thông báo")


if __name__ == "__main__":
    main()
