"""Fact-check self-evaluation by mutation: `python eval/mutation.py --n 200 --seed 0`.

Writes eval/results/mutation-<date>.json and prints recall; the logic is in `esgqa.eval.mutation`.
"""

import sys

from esgqa.eval.mutation import main

if __name__ == "__main__":
    sys.exit(main())
