#!/usr/bin/env python3
"""Parses a feed of clippings and prints each item's title and the passages its clipping quotes.

    PYTHONPATH=bindings/python python3 examples/python_example.py [FEED]

FEED defaults to examples/clippings.xml. The clipfeed package comes from `pip install
./bindings/python`, or from the checkout as above (it then loads build/libclipfeed.so.1).
"""
import sys
from pathlib import Path

import clipfeed


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("clippings.xml")
    try:
        feed = clipfeed.parse_file(path)
    except clipfeed.Error as error:
        print(f"python_example: {error}", file=sys.stderr)
        return 1
    print(feed.title)
    for item in feed.items:
        print(f"\n{item.title}")
        if item.clipping is None:
            print("  (no clipping)")
            continue
        for quote in item.clipping.quotes:
            print(f"  > {quote.text}")
        if item.clipping.source:
            print(f"  read at {item.clipping.source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
