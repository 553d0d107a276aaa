"""Score the extractor against a gold annotation file (one JSON object a line: key, agencies,
action, deadline; .neg.jsonl beside it: sentences that are not directives).

    python -m bench.gold_eval NOTICE.txt GOLD.jsonl [--verbose]

Prints strict accuracy (directive found with the right responsible agencies), deadline recall,
action accuracy and the share of non-directives taken as directives."""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from extraction import Notice, Record, extract
from extraction.agencies import registry
from extraction.textnorm import match_key


@dataclass
class Score:
    """Figures of one notice against its gold."""

    directives: int
    found: int
    strict: int
    actions: int
    deadlines: int
    deadlines_gold: int
    negatives: int
    false_directives: int
    misses: list[str]

    def line(self, name: str) -> str:
        """One row of the figures table."""
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.2f}" if b else "n/a"
        return (f"{name[:40]:40} found {ratio(self.found, self.directives)}  strict {ratio(self.strict, self.directives)}  "
                f"action {ratio(self.actions, self.directives)}  deadline recall {ratio(self.deadlines, self.deadlines_gold)}  "
                f"non-directives as directives {ratio(self.false_directives, self.negatives)}")


def _find(records: list[Record], key: str) -> Record | None:
    wanted = match_key(key)
    hits = [r for r in records if wanted in match_key(r.text)]
    hits += [r for r in records if r.context and wanted in match_key(r.context) and r.kind == "directive"]
    directives = [r for r in hits if r.kind == "directive"]
    return (directives or hits or [None])[0]


def _same_agencies(found: list[str], gold: list[str]) -> bool:
    reg = registry()
    return {match_key(reg.canonical(a)) for a in found} == {match_key(reg.canonical(a)) for a in gold}


def score(notice: Notice, gold: list[dict], negatives: list[dict]) -> Score:
    """Compare a notice's records with its gold annotations."""
    found = strict = actions = deadlines = deadlines_gold = false_directives = 0
    misses = []
    for item in gold:
        record = _find(notice.records, item["key"])
        ok = record is not None and record.kind == "directive"
        found += ok
        agencies_ok = ok and _same_agencies(record.agencies, item.get("agencies", []))
        strict += agencies_ok
        actions += ok and (record.action or "").lower() == item.get("action", "").lower()
        if item.get("deadline"):
            deadlines_gold += 1
            deadlines += ok and record.deadline is not None and match_key(item["deadline"]) in match_key(record.deadline)
        if not agencies_ok:
            misses.append(f"{item['key']!r}: got {record.kind if record else None} {record.agencies if record else ''} want {item.get('agencies')}")
        elif (record.action or "").lower() != item.get("action", "").lower():
            misses.append(f"{item['key']!r}: action {record.action!r} want {item.get('action')!r}")
    for item in negatives:
        record = _find(notice.records, item["neg"])
        if record is not None and record.kind == "directive":
            false_directives += 1
            misses.append(f"non-directive taken as directive: {item['neg']!r}")
    return Score(len(gold), found, strict, actions, deadlines, deadlines_gold, len(negatives), false_directives, misses)


def load_gold(path: Path) -> tuple[list[dict], list[dict]]:
    """Directive annotations and the negatives beside them (NAME.neg.jsonl), if any."""
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    neg_path = path.with_name(path.name.replace(".jsonl", ".neg.jsonl"))
    negatives = [json.loads(line) for line in neg_path.read_text(encoding="utf-8").splitlines() if line.strip()] if neg_path.exists() else []
    return [g for g in gold if "key" in g], negatives + [g for g in gold if "neg" in g]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pairs", nargs="+", help="NOTICE GOLD [NOTICE GOLD ...]")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    for notice_path, gold_path in zip(args.pairs[::2], args.pairs[1::2]):
        gold, negatives = load_gold(Path(gold_path))
        result = score(extract(notice_path), gold, negatives)
        print(result.line(Path(notice_path).name))
        if args.verbose:
            print("\n".join("   " + m for m in result.misses))


if __name__ == "__main__":
    main()
