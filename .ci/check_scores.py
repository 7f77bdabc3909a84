#!/usr/bin/env python3
"""Fail when a development-corpus F1 falls below its floor.

    check_scores.py SCORES.json FLOORS.json

SCORES.json is the output of ../shared/eval/score.py --json.
"""
import json
import sys


def main():
    scores = json.load(open(sys.argv[1], encoding="utf-8"))
    floors = json.load(open(sys.argv[2], encoding="utf-8"))
    failed = False
    for kind, floor in floors.items():
        if kind.startswith("_"):
            continue
        f1 = scores[kind]["f1"]
        status = "ok" if f1 >= floor else "BELOW FLOOR"
        failed |= f1 < floor
        print(f"{kind:<14} F1 {f1:.3f}  floor {floor:.3f}  {status}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
