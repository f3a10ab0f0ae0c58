#!/usr/bin/env python3
"""Run one benchmark measurement (bench/measure.py) with the real MXNet 1.9.1 and pandas.

  OMP_NUM_THREADS=2 /tmp/mxvenv/bin/python bench/mxnet_model.py --ratings R.csv --movies M.csv \
      --model mf [--batch-size 25000 --learning-rate 0.001 --train-fraction 0.9 --seed 0 \
      --predict-rows 1000000]

measure.py is the very program Factorize runs (as a notebook); here its parameters become
globals and the file is exec()'d, so both sides run the same code on the same split.
--model read_csv only times pandas.read_csv(path, usecols=(0, 1, 2)) (imports mxnet first, like
the Factorize side whose whole runtime is one binary, so the timing excludes import costs on both).
"""
import argparse
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ratings", required=True)
    ap.add_argument("--movies", required=True)
    ap.add_argument("--model", required=True, choices=["read_csv", "mf", "dmf", "dmf_bn", "cls", "genre"])
    ap.add_argument("--batch-size", type=int, default=25000)
    ap.add_argument("--learning-rate", type=float, default=0.001)
    ap.add_argument("--train-fraction", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--predict-rows", type=int, default=1000000)
    args = ap.parse_args()
    program = os.path.join(HERE, "measure.py")
    with open(program) as f:
        source = f.read()
    scope = {
        "__name__": "__measure__",
        "side": "mxnet", "ratings_path": args.ratings, "movies_path": args.movies, "model": args.model,
        "batch_size": args.batch_size, "learning_rate": args.learning_rate,
        "train_fraction": args.train_fraction, "seed": args.seed, "predict_rows": args.predict_rows,
    }
    exec(compile(source, program, "exec"), scope)


if __name__ == "__main__":
    main()
