#!/usr/bin/env python3
"""Fetch the default dataset: MovieLens 100K, from the `recbole` 1.2.1 wheel on PyPI, written in
MovieLens 20M's file format (ratings.csv: userId,movieId,rating,timestamp; movies.csv:
movieId,title,genres with `|`-separated genres), so the tutorial notebook reads it unchanged.

MovieLens 100K is GroupLens data (https://grouplens.org/datasets/movielens/); see its licence there.
Usage: python3 scripts/get_movielens_100k.py OUT_DIR
"""
import csv
import io
import os
import subprocess
import sys
import tempfile
import zipfile

WHEEL = "recbole==1.2.1"
INTER = "recbole/dataset_example/ml-100k/ml-100k.inter"
ITEM = "recbole/dataset_example/ml-100k/ml-100k.item"
# ML-100K genre names → ML-20M's spelling.
GENRE_NAMES = {"Children's": "Children", "unknown": None}


def read_member(wheel_path, name):
    with zipfile.ZipFile(wheel_path) as wheel:
        return wheel.read(name).decode("utf-8", errors="replace")


def convert(wheel_path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    inter = read_member(wheel_path, INTER).splitlines()
    with open(os.path.join(out_dir, "ratings.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["userId", "movieId", "rating", "timestamp"])
        for line in inter[1:]:
            if not line.strip():
                continue
            user, item, rating, ts = line.split("\t")
            w.writerow([int(user), int(item), f"{float(rating):.1f}", int(float(ts))])
    items = read_member(wheel_path, ITEM).splitlines()
    with open(os.path.join(out_dir, "movies.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["movieId", "title", "genres"])
        for line in items[1:]:
            if not line.strip():
                continue
            item, title, year, classes = (line.split("\t") + ["", "", ""])[:4]
            genres = [GENRE_NAMES.get(g, g) for g in classes.split()]
            genres = [g for g in genres if g]
            w.writerow([int(item), f"{title} ({year})" if year else title,
                        "|".join(genres) if genres else "(no genres listed)"])
    return len(inter) - 1, len(items) - 1


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "data/ml-100k"
    if os.path.exists(os.path.join(out_dir, "ratings.csv")) and os.path.exists(os.path.join(out_dir, "movies.csv")):
        print(f"{out_dir} already holds ratings.csv and movies.csv")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        "--disable-pip-version-check", WHEEL, "-d", tmp], check=True)
        wheel = next(os.path.join(tmp, n) for n in os.listdir(tmp) if n.endswith(".whl"))
        n_ratings, n_movies = convert(wheel, out_dir)
    print(f"wrote {out_dir}/ratings.csv ({n_ratings} ratings) and movies.csv ({n_movies} movies)")


if __name__ == "__main__":
    main()
