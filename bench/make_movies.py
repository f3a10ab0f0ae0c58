#!/usr/bin/env python3
"""Write a movies.csv (movieId,title,genres) that matches a synthetic ML-20M-like ratings.csv.

  python make_movies.py --ratings DIR/ratings.csv --out DIR/movies.csv [--seed 0]

Needs numpy and pandas (run it with the MXNet venv's python, /tmp/mxvenv/bin/python).

* Every movie id that occurs in ratings.csv gets a row, plus as many unrated ids (drawn from the
  gaps below the largest rated id) as ML-20M has: 27,278 movies listed for 26,744 rated, so
  2.0 % extra. Rows are sorted by movieId, as in ML-20M.
* Titles look like ML-20M's: "Movie 123 (1994)", and about one in ten "Movie 123, The (1994)",
  which the csv module quotes because of the comma (as ML-20M does).
* The FIRST genre (the one the tutorial's genre model uses) follows the first-genre frequencies
  below. They are the first-genre counts of MovieLens "latest-small"
  (../../shared/data/ml-latest-small/movies.csv, 9,742 movies: same catalogue, same 19 genre
  names, genres listed in alphabetical order as in ML-20M), plus 'IMAX' at a small weight so that
  the label set has ML-20M's 20 names (the tutorial prints label_idxs from '(no genres listed)': 0
  to 'Western': 19 and uses input_dim=20). ML-20M's own first-genre counts could not be looked up
  from this machine. Each of the 20 names is given to at least one movie.
* After the first genre come 0-2 further genres, alphabetically later, in alphabetical order
  ('(no genres listed)' stands alone), so the genres column has ML-20M's "A|B|C" form.
"""
import argparse
import csv
import os

import numpy as np
import pandas as pd

ML20M_LISTED, ML20M_RATED = 27278, 26744

# first genre -> count among ml-latest-small's 9,742 movies (IMAX: added, see above)
FIRST_GENRE_COUNTS = {
    "(no genres listed)": 34, "Action": 1828, "Adventure": 653, "Animation": 298,
    "Children": 197, "Comedy": 2779, "Crime": 537, "Documentary": 386, "Drama": 2226,
    "Fantasy": 42, "Film-Noir": 12, "Horror": 468, "IMAX": 2, "Musical": 23, "Mystery": 48,
    "Romance": 38, "Sci-Fi": 62, "Thriller": 84, "War": 4, "Western": 23,
}
GENRES = sorted(FIRST_GENRE_COUNTS)  # alphabetical, '(no genres listed)' first


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ratings", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)

    rated = np.unique(pd.read_csv(args.ratings, usecols=["movieId"])["movieId"].to_numpy())
    max_id = int(rated.max())
    n_extra = int(round(len(rated) * (ML20M_LISTED - ML20M_RATED) / ML20M_RATED))
    gaps = np.setdiff1d(np.arange(1, max_id + 1), rated)
    extra = rng.choice(gaps, size=min(n_extra, len(gaps)), replace=False)
    ids = np.sort(np.concatenate([rated, extra]))
    n = len(ids)

    weights = np.array([FIRST_GENRE_COUNTS[g] for g in GENRES], dtype=np.float64)
    first = rng.choice(len(GENRES), size=n, p=weights / weights.sum())
    # every label at least once (small --rows runs have few movies), on random distinct movies
    spots = rng.choice(n, size=len(GENRES), replace=False)
    first[spots] = np.arange(len(GENRES))

    years = rng.integers(1915, 2016, size=n)
    with_the = rng.random(n) < 0.1
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["movieId", "title", "genres"])
        for k in range(n):
            g = int(first[k])
            names = [GENRES[g]]
            if g > 0:  # not '(no genres listed)'
                later = np.arange(g + 1, len(GENRES))
                more = rng.choice(later, size=min(len(later), int(rng.integers(0, 3))), replace=False)
                names += [GENRES[i] for i in sorted(more)]
            title = "Movie %d%s (%d)" % (ids[k], ", The" if with_the[k] else "", years[k])
            w.writerow([int(ids[k]), title, "|".join(names)])
    counts = np.bincount(first, minlength=len(GENRES))
    print("movies.csv: %d movies (%d rated, %d unrated), ids %d..%d, first genres %s"
          % (n, len(rated), len(extra), ids.min(), ids.max(),
             ", ".join("%s %d" % (GENRES[i], counts[i]) for i in range(len(GENRES)))))


if __name__ == "__main__":
    main()
