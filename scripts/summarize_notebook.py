#!/usr/bin/env python3
"""Prints each trained model's final logged metrics from an executed notebook.

A model is a code cell whose logs contain `Epoch[k] Validation-…=…` lines (MXNet's `fit` format);
the line printed is the last epoch's value of each metric. Usage: summarize_notebook.py NOTEBOOK
"""
import json
import re
import sys

LINE = re.compile(r"Epoch\[(\d+)\] Validation-([\w-]+)=([-+0-9.eEnaif]+)")


def final_metrics(notebook):
    """[(cell index, the heading above it, {metric: (epoch, value)})] for every training cell."""
    found = []
    heading = ""
    for k, cell in enumerate(notebook["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell.get("cell_type") == "markdown":
            titles = [l.lstrip("#").strip() for l in source.splitlines() if l.startswith("#")]
            heading = titles[-1] if titles else heading
        if cell.get("cell_type") != "code":
            continue
        text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        metrics = {}
        for epoch, name, value in LINE.findall(text):
            metrics[name] = (int(epoch), float(value))
        if metrics:
            found.append((k, heading, metrics))
    return found


def main():
    with open(sys.argv[1]) as f:
        notebook = json.load(f)
    for k, label, metrics in final_metrics(notebook):
        shown = ", ".join(f"Validation-{n}={v:.4f} (epoch {e})" for n, (e, v) in metrics.items())
        print(f"{label[:48]:48s}  {shown}")


if __name__ == "__main__":
    main()
