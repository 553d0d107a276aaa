"""Score the extractor on hand-annotated notices, with the matching of tests/gold/GUIDELINES.md.

    python -m bench.gold_eval                   # both halves of tests/gold/split.tsv, apart
    python -m bench.gold_eval --set check -v    # one half, with every miss
    python -m bench.gold_eval 008_vpcp-tb637-ketluan-pttg-benh-vien-co-so-2-2025-11

Per notice and in total: found (gold keys matched by a directive record), agency accuracy of
found, strict (found with the right agencies, over all gold), cooperating (gold cooperating
covered), action (of found), deadline recall, non-directives taken as directives, issue recall,
and the negatives that are no problem taken as problems (false-iss)."""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from extraction import Notice, Record, extract
from extraction.agencies import abbreviations
from extraction.textnorm import fold, nfc

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT / "corpus"


def flat(text: str) -> str:
    """NFC, whitespace collapsed, lowercase: how keys are matched against record text."""
    return re.sub(r"\s+", " ", nfc(text)).strip().lower()


def _abbreviation_pattern() -> tuple[dict[str, str], re.Pattern[str]]:
    table = {k: v for k, v in abbreviations().items() if v[:1].isupper() or k in ("UBND", "HĐND", "TP", "TP.")}
    alternatives = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"(?<![\w&]){alternatives}(?![\w&])")


_ABBREVIATIONS = _abbreviation_pattern()


def agency_key(name: str) -> str:
    """A name folded for comparison: abbreviations expanded, no case, diacritics or punctuation."""
    table, pattern = _ABBREVIATIONS
    expanded = pattern.sub(lambda m: table[m.group(0)], nfc(name))
    return " ".join(re.sub(r"[^\w\s]", " ", fold(expanded)).split())


def names_match(found: str, gold: str) -> bool:
    """Equal after folding, or the shorter (of two words or more) inside the longer."""
    a, b = agency_key(found), agency_key(gold)
    short, long = sorted((a, b), key=len)
    return a == b or (len(short.split()) >= 2 and f" {short} " in f" {long} ")


def same_agencies(found: list[str], gold: list[str]) -> bool:
    """Every gold name matched by a found one and every found name by a gold one."""
    return all(any(names_match(f, g) for f in found) for g in gold) and \
        all(any(names_match(f, g) for g in gold) for f in found)


@dataclass
class Score:
    """Counts for one notice (or a sum of notices)."""

    directives: int = 0
    found: int = 0
    agencies_right: int = 0
    cooperating_gold: int = 0
    cooperating_right: int = 0
    actions_right: int = 0
    deadlines_gold: int = 0
    deadlines_right: int = 0
    negatives: int = 0
    false_directives: int = 0
    issues_gold: int = 0
    issues_right: int = 0
    others: int = 0  # negatives that are no problem (assessment, other)
    false_issues: int = 0  # of them, taken as problems
    misses: list[str] = field(default_factory=list)

    def __add__(self, other: "Score") -> "Score":
        total = Score()
        for name in self.__dataclass_fields__:
            setattr(total, name, getattr(self, name) + getattr(other, name))
        return total

    @property
    def strict(self) -> float:
        """Found with the right responsible agencies, over all gold directives."""
        return self.agencies_right / self.directives if self.directives else 0.0

    def figures(self) -> dict[str, float | None]:
        """The nine figures, None where there is nothing to count."""
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None
        return {
            "found": ratio(self.found, self.directives),
            "agencies": ratio(self.agencies_right, self.found),
            "strict": ratio(self.agencies_right, self.directives),
            "cooperating": ratio(self.cooperating_right, self.cooperating_gold),
            "action": ratio(self.actions_right, self.found),
            "deadline": ratio(self.deadlines_right, self.deadlines_gold),
            "non-dir": ratio(self.false_directives, self.negatives),
            "issues": ratio(self.issues_right, self.issues_gold),
            "false-iss": ratio(self.false_issues, self.others),
        }


def _find(records: list[Record], key: str, in_context: bool = True, occurrence: int = 0) -> Record | None:
    """The record holding a key, a directive first; in_context also looks in a directive's
    context (its heading and lead), which a negative never does: a heading above tasks is not taken
    as a task for being their context. A key written in several places (the same sentence under
    two agencies) is matched in document order: its n-th gold item to its n-th directive."""
    wanted = flat(key)
    hits = [r for r in records if wanted in flat(r.text)]
    hits += [r for r in records if in_context and r.kind == "directive" and r.context and wanted in flat(r.context)]
    directives = [r for r in hits if r.kind == "directive"]
    return directives[min(occurrence, len(directives) - 1)] if directives else (hits or [None])[0]


def _deadline_matches(found: str | None, gold: str) -> bool:
    if not found:
        return False
    a, b = flat(found), flat(gold)
    return a in b or b in a


def score(notice: Notice, gold: list[dict], negatives: list[dict]) -> Score:
    """Compare a notice's records with its gold annotations."""
    result = Score(directives=len(gold), negatives=len(negatives))
    seen: Counter[str] = Counter()
    for item in gold:
        record = _find(notice.records, item["key"], occurrence=seen[flat(item["key"])])
        seen[flat(item["key"])] += 1
        found = record is not None and record.kind == "directive"
        label = f"{item['key']!r}"
        if not found:
            result.misses.append(f"not found {label} (got {record.kind if record else 'nothing'})")
            result.cooperating_gold += bool(item.get("cooperating"))
            result.deadlines_gold += bool(item.get("deadline"))
            continue
        result.found += 1
        if same_agencies(record.agencies, item.get("agencies", [])):
            result.agencies_right += 1
        else:
            result.misses.append(f"agencies {label}: {record.agencies} want {item.get('agencies')}")
        if item.get("cooperating"):
            result.cooperating_gold += 1
            if all(any(names_match(f, g) for f in record.cooperating) for g in item["cooperating"]):
                result.cooperating_right += 1
            else:
                result.misses.append(f"cooperating {label}: {record.cooperating} want {item['cooperating']}")
        if (record.action or "").lower() == item.get("action", "").lower():
            result.actions_right += 1
        else:
            result.misses.append(f"action {label}: {record.action!r} want {item.get('action')!r}")
        if item.get("deadline"):
            result.deadlines_gold += 1
            if _deadline_matches(record.deadline, item["deadline"]):
                result.deadlines_right += 1
            else:
                result.misses.append(f"deadline {label}: {record.deadline!r} want {item['deadline']!r}")
    for item in negatives:
        record = _find(notice.records, item["neg"], in_context=False)
        if record is not None and record.kind == "directive":
            result.false_directives += 1
            result.misses.append(f"non-directive taken: {item['neg']!r}")
        if item.get("kind") == "issue":
            result.issues_gold += 1
            if record is not None and record.kind == "issue":
                result.issues_right += 1
            else:
                result.misses.append(f"issue missed {item['neg']!r} (got {record.kind if record else 'nothing'})")
        else:
            result.others += 1
            if record is not None and record.kind == "issue":
                result.false_issues += 1
                result.misses.append(f"taken as a problem: {item['neg']!r} ({item.get('kind')})")
    return result


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_gold(path: Path) -> tuple[list[dict], list[dict]]:
    """Directive annotations and the negatives beside them (NAME.neg.jsonl), duplicates dropped."""
    items = _read_jsonl(path) + _read_jsonl(path.with_name(path.name.replace(".jsonl", ".neg.jsonl")))
    negatives, seen = [], set()
    for item in items:
        if "neg" in item and item["neg"] not in seen:
            seen.add(item["neg"])
            negatives.append(item)
    return [g for g in items if "key" in g], negatives


def split() -> dict[str, str]:
    """Notice name -> "tune" or "check", from tests/gold/split.tsv."""
    halves = {}
    for line in (GOLD / "split.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, half = line.split("\t")
            halves[name] = half
    return halves


def score_notice(name: str) -> Score:
    """Extract corpus/NAME.txt and score it against tests/gold/NAME.jsonl."""
    gold, negatives = load_gold(GOLD / f"{name}.jsonl")
    return score(extract(CORPUS / f"{name}.txt"), gold, negatives)


def _row(name: str, result: Score) -> str:
    cells = " ".join(f"{'—' if v is None else f'{v:.2f}':>7}" for v in result.figures().values())
    return f"{name[:44]:44} {result.directives:4} {cells}"


def report(names: list[str], title: str, verbose: bool) -> Score:
    """Print one table (a row per notice and the total) and return the total."""
    header = " ".join(f"{k:>7}" for k in Score().figures())
    print(f"\n{title}\n{'notice':44} {'gold':>4} {header}")
    total = Score()
    for name in names:
        result = score_notice(name)
        total += result
        print(_row(name, result))
        if verbose:
            print("\n".join("      " + m for m in result.misses))
    print(_row(f"TOTAL ({len(names)} notices)", total))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="notice names (default: the halves of split.tsv)")
    parser.add_argument("--set", choices=["tune", "check", "all"], default="all")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if args.names:
        report([Path(n).name.removesuffix(".txt").removesuffix(".jsonl") for n in args.names], "selected", args.verbose)
        return
    halves = split()
    available = {name: half for name, half in halves.items() if (GOLD / f"{name}.jsonl").exists()}
    for half in ("tune", "check"):
        if args.set in (half, "all"):
            names = sorted(n for n, h in available.items() if h == half)
            report(names, f"{half} half", args.verbose)


if __name__ == "__main__":
    main()
