#!/usr/bin/env python3
"""Turn graded answers to bank questions into cases for questions the bank does not know.

Each case of dev.jsonl, fresh.jsonl, fresh4.jsonl and fresh5.jsonl gets, instead of its `question_id`, an inline
`question`: the prompt (prefixed, so that it matches no bank wording), the rubric's `assesses` lines as plain-string points (the seeds'
points of assessment, "Assesses the candidate's ...", and lines in the same style such as "Knows that imports are
cached in sys.modules"), its pitfall descriptions as pitfalls and its standard answer. Scoring these measures the
offline scorer on a new question given the way interview write-ups give one, without the bank's evidence phrases.

A second set of files, dev-as-new-points.jsonl, fresh-as-new-points.jsonl, fresh4-as-new-points.jsonl and
fresh5-as-new-points.jsonl, gives the same questions with content points instead: each rubric point's `expected` text ("Lists are mutable: elements can be added, removed or
replaced ..."), the way a rubric that states what an answer should say gives them.

Run from the repository root: python3 tests/data/graded/as-new-questions.py
It writes tests/data/graded/<set>-as-new.jsonl and <set>-as-new-points.jsonl for dev, fresh, fresh4 and fresh5 (same ids,
grades, kinds and splits).
"""
import json
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[3]
GRADED = ROOT / "tests" / "data" / "graded"

def inline_bank(point_key):
    bank = {}
    for path in sorted((ROOT / "rubrics").glob("*.toml")):
        question = tomllib.loads(path.read_text())
        bank[question["id"]] = {
            "prompt": "Interview question: " + question["prompt"],
            "points": [point[point_key] for point in question.get("points", [])],
            "pitfalls": [pitfall["description"] for pitfall in question.get("pitfalls", [])],
            "standard_answer": question["standard_answer"].strip(),
        }
    return bank


for point_key, suffix in (("assesses", "as-new"), ("expected", "as-new-points")):
    bank = inline_bank(point_key)
    for name in ("dev", "fresh", "fresh4", "fresh5"):
        lines = []
        for line in (GRADED / f"{name}.jsonl").read_text().splitlines():
            case = json.loads(line)
            case["question"] = bank[case.pop("question_id")]
            lines.append(json.dumps(case, ensure_ascii=False))
        (GRADED / f"{name}-{suffix}.jsonl").write_text("\n".join(lines) + "\n")
