"""Recurring issues: records (directives and problems) that speak of the same thing across
different meetings.

Method: a k-nearest-neighbour graph over the records' vectors (FAISS); an edge joins two records
of different notices when they are mutual neighbours, their cosine reaches SIMILARITY and they
share enough specific content (LEXICAL: the IDF mass of the accent-folded content syllables and
bigrams they share, so "vật liệu nổ" or a decree number counts and "báo cáo ... trước ngày" not).
The graph's connected components are then cut by agglomerative clustering with average linkage
over the link matrix (distance 1 where two records are not linked, 0 where they are), at 0.5:
two groups merge only when at least half of their cross pairs are linked, so one bridging pair
cannot chain unrelated problems together. Both thresholds are calibrated on annotated pairs
(bench/recurring_pairs.py).
A group is recurring when it spans at least two meetings (different notices and dates)."""
from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field

import faiss
import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from extraction.textnorm import fold
from index.core import Index
from index.store import Store, month_range
from index.text import syllables

SIMILARITY = float(os.environ.get("CHIDAO_RECURRING_SIMILARITY", 0.88))
LEXICAL = float(os.environ.get("CHIDAO_RECURRING_LEXICAL", 0.5))
NEIGHBOURS = 10
_DISTINCT_NUMBER = re.compile(r"^(?!(?:19|20)\d\d$)\d{3,}$")  # "291", "178" (not years)
_PROCEDURAL = re.compile(r"^(?:trong qua trinh|qua trinh) (?:trien khai|to chuc|thuc hien)|neu co (?:phat sinh )?(?:kho khan|vuong mac)"
                         r"|gui loi tham hoi|chia buon|^(?:dinh ky )?bao cao .{0,60}(?:truoc ngay|hang thang|dinh ky)")
STOPWORDS = set(fold("""và các của cho với trong tại theo để được có là những một này đó trên về từ đến
khi thì đã đang sẽ cần phải việc công tác thực hiện triển khai tiếp tục tăng cường đẩy nhanh chủ trì
phối hợp tham mưu đôn đốc chỉ đạo hướng dẫn tổ chức bảo đảm đảm bảo nâng cao kịp thời khẩn trương
đơn vị cơ quan liên quan địa bàn quy định hiệu quả nghiêm túc chủ động tập trung năm tháng số
ubnd tỉnh thành phố huyện xã phường sở phòng ban ngành bộ nhiệm vụ kế hoạch báo cáo thủ tướng chính
phủ thẩm quyền tiến độ trách nhiệm giao cấp vượt kết quả trước ngày mục đích giám sát kiểm tra đẩy
mạnh ứng dụng xử lý nghiêm vi phạm trường hợp biện pháp giải pháp nội dung chức năng hoàn thành
yêu cầu đề nghị xem xét quyết định văn bản hướng dẫn thông tin tình hình các theo dõi an toàn""").split())


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
    earlier: list[str] = field(default_factory=list)  # "đã giao" dates of look-alikes to the same agency


@dataclass
class Group:
    """Records that raise the same issue."""

    label: str
    terms: list[str]
    meetings: int
    first_seen: str | None
    last_seen: str | None
    months: list[str]
    agencies: list[str]
    members: list[Member]


def content_words(text: str) -> set[str]:
    """Accent-folded content terms of a text: syllables and bigrams of syllables that are not
    function words or the genre's generic vocabulary ("khoáng sản" -> khoang, san, khoang_san)."""
    words = [w if w not in STOPWORDS and len(w) > 1 and (not w.isdigit() or _DISTINCT_NUMBER.match(w)) else ""
             for w in syllables(text)]
    return {w for w in words if w} | {f"{a}_{b}" for a, b in zip(words, words[1:]) if a and b}


def idf_table(word_sets: list[set[str]]) -> dict[str, float]:
    """Inverse document frequency of content terms over the records being grouped, divided by
    log(N + 1) so that a term seen once weighs about 1 whatever the size of the collection."""
    counts: Counter[str] = Counter()
    for words in word_sets:
        counts.update(words)
    total = len(word_sets) or 1
    scale = math.log(total + 1)
    return {word: math.log((1 + total) / n) / scale for word, n in counts.items()}


def lexical_overlap(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """The IDF mass of the content terms two records share: rare shared terms (a place, a
    decree, "vật liệu nổ") weigh about 1 each, generic ones little; unseen terms weigh 1."""
    return sum(idf.get(term, 1.0) for term in a & b)


def procedural(text: str) -> bool:
    """Boilerplate that recurs in every document without being an issue (escalation lines,
    condolences)."""
    return bool(_PROCEDURAL.search(fold(text)))


def _load(index: Index, since: str | None, until: str | None) -> tuple[list[Member], np.ndarray]:
    months, params = month_range(since, until)
    where = "r.kind IN ('directive', 'issue') AND r.vector IS NOT NULL" + months
    rows = index.store.query(
        f"SELECT r.*, n.source, COALESCE(n.meeting_date, n.issue_date) AS day FROM records r "
        f"JOIN notices n USING(notice_id) WHERE {where} ORDER BY r.vid", params)
    rows = [row for row in rows if not procedural(row["text"])]
    members = []
    for row in rows:
        data = Store.record_dict(row)
        members.append(Member(id=row["id"], vid=row["vid"], text=row["text"], kind=row["kind"],
                              agencies=data["agencies"], month=row["month"], meeting_date=row["day"],
                              notice_id=row["notice_id"], source=row["source"]))
    vectors = Store.decode_vectors(rows) if rows \
        else np.zeros((0, 384), dtype=np.float32)
    return members, vectors


def pair_edges(members: list[Member], vectors: np.ndarray, similarity: float = SIMILARITY,
               lexical: float = LEXICAL, neighbours: int = NEIGHBOURS) -> list[tuple[int, int]]:
    """Edges (i, j) between records of different notices that pass both checks and are mutual
    nearest neighbours."""
    if len(members) < 2:
        return []
    k = min(neighbours + 1, len(members))
    graph = faiss.IndexFlatIP(vectors.shape[1])
    graph.add(vectors)
    scores, ids = graph.search(vectors, k)
    near = [set(row[scores_row >= similarity].tolist()) for row, scores_row in zip(ids, scores)]
    words = [content_words(m.text) for m in members]
    idf = idf_table(words)
    edges = []
    for i, candidates in enumerate(near):
        for j in candidates:
            if j <= i or i not in near[j] or members[i].notice_id == members[j].notice_id:
                continue
            if lexical_overlap(words[i], words[j], idf) >= lexical:
                edges.append((i, j))
    return edges


def _term_matrix(words: list[set[str]], idf: dict[str, float]) -> tuple[sparse.csr_matrix, np.ndarray]:
    vocabulary = {term: i for i, term in enumerate(idf)}
    rows = [i for i, terms in enumerate(words) for t in terms if t in vocabulary]
    cols = [vocabulary[t] for terms in words for t in terms if t in vocabulary]
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(words), len(vocabulary)))
    weights = np.array([idf[t] for t in vocabulary], dtype=np.float32)
    return matrix, weights


def _split(component: list[int], members: list[Member], vectors: np.ndarray, terms: sparse.csr_matrix,
           weights: np.ndarray, similarity: float, lexical: float) -> list[list[int]]:
    """Average-linkage clusters of a component over its full link matrix."""
    if len(component) == 2:
        return [component]
    chosen = np.array(component)
    cosine = vectors[chosen] @ vectors[chosen].T
    part = terms[chosen]
    shared = (part.multiply(weights) @ part.T).toarray()
    notices = np.array([members[i].notice_id for i in component])
    linked = (cosine >= similarity) & (shared >= lexical) & (notices[:, None] != notices[None, :])
    distance = 1.0 - linked.astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), method="average"), t=0.5, criterion="distance")
    clusters: dict[int, list[int]] = {}
    for node, label in zip(component, labels):
        clusters.setdefault(int(label), []).append(node)
    return [c for c in clusters.values() if len(c) > 1]


def _components(size: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(size))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for node in range(size):
        groups.setdefault(find(node), []).append(node)
    return [g for g in groups.values() if len(g) > 1]


def _describe(members: list[Member], vectors: np.ndarray) -> Group:
    similarity = vectors @ vectors.T
    medoid = int(np.argmax(similarity.sum(axis=1)))
    counts: Counter[str] = Counter()
    for member in members:
        counts.update(content_words(member.text))
    terms = [t for t, n in counts.most_common(6) if n > 1]
    ordered = sorted(members, key=lambda m: (m.meeting_date or m.month or "", m.source))
    for position, member in enumerate(ordered):
        member.earlier = sorted({(e.meeting_date or e.month or "?") for e in ordered[:position]
                                 if set(e.agencies) & set(member.agencies) and e.notice_id != member.notice_id
                                 and (e.meeting_date or e.month or "") < (member.meeting_date or member.month or "")})
    meetings = {(m.notice_id, m.meeting_date or m.month) for m in members}
    dates = sorted({m.meeting_date or m.month for m in members if m.meeting_date or m.month})
    agencies = sorted({a for m in members for a in m.agencies})
    return Group(label=members[medoid].text[:200], terms=terms, meetings=len(meetings),
                 first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
                 months=sorted({d[:7] for d in dates}), agencies=agencies, members=ordered)


def recurring(index: Index, min_meetings: int = 2, since: str | None = None, until: str | None = None,
              similarity: float = SIMILARITY, lexical: float = LEXICAL) -> list[Group]:
    """Recurring groups, ranked by number of meetings, then by the most recent."""
    members, vectors = _load(index, since, until)
    return group_records(members, vectors, min_meetings, similarity, lexical)


def group_records(members: list[Member], vectors: np.ndarray, min_meetings: int = 2,
                  similarity: float = SIMILARITY, lexical: float = LEXICAL) -> list[Group]:
    """The grouping itself, on records already loaded (so benchmarks can call it on any set)."""
    words = [content_words(m.text) for m in members]
    terms, weights = _term_matrix(words, idf_table(words))
    clusters = [cluster for component in _components(len(members), pair_edges(members, vectors, similarity, lexical))
                for cluster in _split(component, members, vectors, terms, weights, similarity, lexical)]
    groups = []
    for component in clusters:
        chosen = [members[i] for i in component]
        if len({m.notice_id for m in chosen}) < min_meetings or len({m.meeting_date or m.month for m in chosen}) < 2:
            continue
        group = _describe(chosen, vectors[component])
        if group.meetings >= min_meetings:
            groups.append(group)
    return sorted(groups, key=lambda g: (g.meetings, g.last_seen or ""), reverse=True)
