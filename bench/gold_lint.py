"""Check hand-written gold files against their notice's text, without running the extractor.

    python -m bench.gold_lint tests/gold/NAME.jsonl [...]
    python -m bench.gold_lint --refs bench/data/queries_tune.jsonl   # "NNN|snippet" references

For each directive key and each negative: it must occur in the notice (after NFC, collapsing
whitespace and lowercasing), should occur once, and must not cross a ";" or a sentence end (a
key lies inside one clause). Fields are checked against GUIDELINES.md. Exit code 1 on errors."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Iterator

from extraction.textnorm import nfc

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FIELDS = {"key", "agencies", "cooperating", "action", "deadline", "field", "note"}
NEG_FIELDS = {"neg", "kind", "note"}


def flat(text: str) -> str:
    """The comparison form of the scorer: NFC, whitespace collapsed, lowercase."""
    return re.sub(r"\s+", " ", nfc(text)).strip().lower()


def notice_for(gold: Path) -> Path:
    """The notice a gold file annotates (corpus/NAME.txt for NAME.jsonl or NAME.neg.jsonl)."""
    return CORPUS / (gold.name.split(".")[0] + ".txt")


def json_lines(path: Path, problems: list[str]) -> Iterator[tuple[str, dict]]:
    """("FILE:LINE", item) for each non-blank JSON line; a line that is not JSON is reported in
    problems and skipped."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc})")


def lint(gold: Path) -> list[str]:
    """Problems found in one gold file; 'warning:' lines do not fail the check."""
    problems: list[str] = []
    text = flat(notice_for(gold).read_text(encoding="utf-8"))
    for where, item in json_lines(gold, problems):
        phrase = item.get("key") or item.get("neg")
        allowed = FIELDS if "key" in item else NEG_FIELDS
        if not phrase:
            problems.append(f"{where}: no key/neg")
            continue
        if set(item) - allowed:
            problems.append(f"{where}: unknown fields {sorted(set(item) - allowed)}")
        wanted = flat(phrase)
        count = text.count(wanted)
        if count == 0:
            problems.append(f"{where}: not in the notice: {phrase!r}")
        elif count > 1:
            problems.append(f"warning: {where}: occurs {count} times: {phrase!r}")
        if ";" in wanted.rstrip(";") or re.search(r"[.!?] [a-zđà-ỹ]", wanted):
            problems.append(f"warning: {where}: crosses a ';' or a sentence end: {phrase!r}")
        if "key" in item:
            words = len(phrase.split())
            if not 4 <= words <= 16:
                problems.append(f"warning: {where}: key of {words} words")
            if not isinstance(item.get("agencies"), list) or not isinstance(item.get("action"), str):
                problems.append(f"{where}: agencies must be a list and action a string")
            if item.get("deadline") and flat(item["deadline"]) not in text:
                problems.append(f"{where}: deadline not in the notice: {item['deadline']!r}")
        elif item.get("kind") not in ("assessment", "issue", "other"):
            problems.append(f"{where}: kind must be assessment, issue or other")
    return problems


def _reference_problems(reference: str, where: str) -> list[str]:
    prefix, _, snippet = reference.partition("|")
    matches = sorted(CORPUS.glob(f"{prefix}*.txt"))
    if len(matches) != 1 or not snippet:
        return [f"{where}: {reference!r} must be 'NNN|snippet' naming one notice of corpus/"]
    text = flat(matches[0].read_text(encoding="utf-8"))
    count = text.count(flat(snippet))
    if count == 0:
        return [f"{where}: not in {matches[0].name}: {snippet!r}"]
    problems = [f"warning: {where}: occurs {count} times in {matches[0].name}: {snippet!r}"] if count > 1 else []
    if ";" in flat(snippet).rstrip(";") or re.search(r"[.!?] [a-zđà-ỹ]", flat(snippet)):
        problems.append(f"warning: {where}: crosses a ';' or a sentence end: {snippet!r}")
    return problems


def lint_references(path: Path) -> list[str]:
    """Problems of the "NNN|snippet" references in a query or pair file (fields relevant, a, b)."""
    problems: list[str] = []
    for where, item in json_lines(path, problems):
        references = list(item.get("relevant", [])) + [item[k] for k in ("a", "b") if k in item]
        if not references:
            problems.append(f"{where}: no relevant/a/b references")
        for reference in references:
            problems += _reference_problems(reference, where)
    return problems


def main() -> int:
    """Run the check; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--refs", nargs="*", type=Path, default=[], help="query or pair files with NNN|snippet references")
    args = parser.parse_args()
    errors = 0
    for path in args.refs:
        for problem in lint_references(path):
            print(problem)
            errors += not problem.startswith("warning:")
    for path in args.files:
        for problem in lint(path):
            print(problem)
            errors += not problem.startswith("warning:")
    print(f"{len(args.files) + len(args.refs)} files, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
