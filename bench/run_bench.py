#!/usr/bin/env python3
"""Factorize vs MXNet 1.9.1 (and pandas) at MovieLens-20M scale, side by side (issue 5).

  python3 bench/run_bench.py                      # = make bench: 20,000,263 rows, 3 repeats
  python3 bench/run_bench.py --rows 2000000 --repeats 1 --out /tmp/quick.md   # a quick check

Needs only the standard library. The MXNet side runs in the venv of
../shared/anchors/mxnet/setup.sh (--mxvenv, default /tmp/mxvenv) with OMP_NUM_THREADS=2;
Factorize is the binary in $FACTORIZE_BIN (default the checkout's .build/release/factorize), copied
into the data folder at the start so that a rebuild during the run cannot mix two builds.

1. Data (once per row count, kept in --data-dir): ratings.csv from
   ../shared/anchors/mxnet/make_ml20m_like.py (ML-20M's shape and format), movies.csv from
   bench/make_movies.py (ML-20M-like first-genre frequencies).
2. Measurements, each ONE process doing one thing, so its peak resident memory (ru_maxrss from
   wait4) is that measurement's: `read_csv` (read the whole file, usecols 0-2) and one process per
   model (read, shuffle + split, build, fit one epoch, score the validation set, predict 1M rows).
   Both sides run the same program, bench/measure.py: Factorize as a notebook through
   `factorize run`, MXNet by mxnet_model.py. For each repeat and each measurement the two sides
   run back to back, the order alternating between repeats.
   Last, the whole tutorial notebook runs once on the same data (Factorize only; its target is
   absolute: under 10 minutes).
3. Medians, their ratios, the targets of issue 5, and the validation metrics, written to --out
   (bench/RESULTS.md) with the machine, versions, date and command; every run's raw numbers to
   the .json next to it.
"""
import argparse
import ast
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ANCHORS = os.path.normpath(os.path.join(REPO, "..", "shared", "anchors", "mxnet"))
ML20M_ROWS = 20000263
sys.path.insert(0, HERE)
from bench_report import MODELS, write_report  # noqa: E402  (the tables; kept apart to stay short)


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def sh(cmd, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        return "unavailable (%s)" % e


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------
def ensure_data(args):
    folder = os.path.join(args.data_dir, "rows%d_seed%d" % (args.rows, args.seed))
    ratings = os.path.join(folder, "ratings.csv")
    movies = os.path.join(folder, "movies.csv")
    os.makedirs(folder, exist_ok=True)
    if not os.path.exists(ratings):
        log("generating %s (%d rows)" % (ratings, args.rows))
        tmp = ratings + ".partial"
        run_checked([args.python, os.path.join(ANCHORS, "make_ml20m_like.py"), "--rows", str(args.rows),
                     "--out", tmp, "--seed", str(args.seed)], os.path.join(folder, "make_ml20m_like.log"))
        os.replace(tmp, ratings)
    if not os.path.exists(movies):
        log("generating %s" % movies)
        tmp = movies + ".partial"
        run_checked([args.python, os.path.join(HERE, "make_movies.py"), "--ratings", ratings, "--out", tmp,
                     "--seed", str(args.seed)], os.path.join(folder, "make_movies.log"))
        os.replace(tmp, movies)
    return folder, ratings, movies


def run_checked(cmd, logfile):
    with open(logfile, "w") as f:
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    with open(logfile) as f:
        text = f.read()
    if r.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (r.returncode, " ".join(cmd), text[-3000:]))
    print(text.strip(), flush=True)


# --------------------------------------------------------------------------------------------
# one measured process
# --------------------------------------------------------------------------------------------
PARAMETERS = ("side", "ratings_path", "movies_path", "model", "batch_size", "learning_rate",
              "train_fraction", "seed", "predict_rows")


def write_notebook(path):
    """measure.py as a notebook: a `parameters` cell (defaults), then the program in one cell."""
    with open(os.path.join(HERE, "measure.py")) as f:
        program = f.read()
    defaults = ("side = 'factorize'\nratings_path = ''\nmovies_path = ''\nmodel = 'read_csv'\n"
                "batch_size = 25000\nlearning_rate = 0.001\ntrain_fraction = 0.9\nseed = 0\n"
                "predict_rows = 1000000\n")
    cells = [{"cell_type": "code", "id": "parameters", "metadata": {"tags": ["parameters"]},
              "execution_count": None, "outputs": [], "source": defaults},
             {"cell_type": "code", "id": "measure", "metadata": {}, "execution_count": None,
              "outputs": [], "source": program}]
    nb = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "factorize", "display_name": "Factorize", "language": "python"}}}
    with open(path, "w") as f:
        json.dump(nb, f, indent=1)


def command(side, model, args, paths):
    ratings, movies = paths
    values = dict(side=side, ratings_path=ratings, movies_path=movies, model=model,
                  batch_size=args.batch_size, learning_rate=args.learning_rate,
                  train_fraction=args.train_fraction, seed=args.seed, predict_rows=args.predict_rows)
    env = dict(os.environ)
    if side == "factorize":
        cmd = [args.factorize_copy, "run", args.notebook, "-o", args.notebook_out]
        for name in PARAMETERS:
            cmd += ["-p", name, str(values[name])]
    else:
        env["OMP_NUM_THREADS"] = str(args.omp_threads)
        cmd = [args.python, os.path.join(HERE, "mxnet_model.py"), "--ratings", ratings, "--movies", movies,
               "--model", model, "--batch-size", str(args.batch_size), "--learning-rate", str(args.learning_rate),
               "--train-fraction", str(args.train_fraction), "--seed", str(args.seed),
               "--predict-rows", str(args.predict_rows)]
    return cmd, env


TIME_COST = re.compile(r"Epoch\[0\] Time cost=([0-9.]+)")


def measure(side, model, rep, args, paths):
    """Runs one process; returns its BENCH dict plus wall time, peak RSS and fit's Time cost."""
    cmd, env = command(side, model, args, paths)
    stem = os.path.join(args.log_dir, "%s_%s_rep%d" % (side, model, rep))
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    with open(stem + ".stdout", "w") as out, open(stem + ".stderr", "w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=args.data_folder)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    with open(stem + ".stdout") as f:
        stdout = f.read()
    with open(stem + ".stderr") as f:
        stderr = f.read()
    rec = {"side": side, "model": model, "rep": rep, "exit_code": code, "wall_s": wall,
           "peak_rss_mib": usage.ru_maxrss / 1024.0, "cpu_s": usage.ru_utime + usage.ru_stime,
           "load_before": load}
    lines = [l for l in stdout.splitlines() if l.startswith("BENCH ")]
    if code != 0 or not lines:
        tail = (stderr.strip() or stdout.strip())[-1500:]
        rec["error"] = tail
        log("%-9s %-8s rep %d FAILED (exit %d): %s" % (side, model, rep, code, tail.splitlines()[-1:] or ""))
        return rec
    rec.update(ast.literal_eval(lines[-1][len("BENCH "):]))
    m = TIME_COST.search(stderr)
    if m:
        rec["time_cost_s"] = float(m.group(1))
    log("%-9s %-8s rep %d: %s" % (side, model, rep, summary(rec)))
    return rec


def measure_tutorial(args):
    """The whole tutorial notebook (notebooks/tutorial.ipynb: synthetic data, then the MovieLens part:
    load, split, six models x num_epoch epochs with validation each epoch) on the benchmark's data at
    batch 25000, once, through `factorize run`; returns its wall time and peak RSS."""
    out = os.path.join(args.log_dir, "tutorial-out.ipynb")
    cmd = [args.factorize_copy, "run", os.path.join(REPO, "notebooks", "tutorial.ipynb"), "-o", out, "--quiet",
           "-p", "data_dir", args.data_folder, "-p", "batch_size", str(args.batch_size)]
    stem = os.path.join(args.log_dir, "factorize_tutorial")
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    with open(stem + ".stdout", "w") as so, open(stem + ".stderr", "w") as se:
        proc = subprocess.Popen(cmd, stdout=so, stderr=se, cwd=os.path.join(REPO, "notebooks"))
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    rec = {"side": "factorize", "model": "tutorial", "rep": 0, "exit_code": code, "wall_s": wall,
           "peak_rss_mib": usage.ru_maxrss / 1024.0, "cpu_s": usage.ru_utime + usage.ru_stime, "load_before": load}
    if code != 0:
        with open(stem + ".stderr") as f:
            rec["error"] = f.read()[-1500:]
        log("tutorial FAILED (exit %d)" % code)
    else:
        log("tutorial: wall %.1fs, rss %.0f MiB" % (wall, rec["peak_rss_mib"]))
    return rec


def summary(rec):
    parts = ["wall %.1fs" % rec["wall_s"], "rss %.0f MiB" % rec["peak_rss_mib"], "read_csv %.2fs" % rec["read_csv_s"]]
    if "fit_s" in rec:
        parts += ["fit %.2fs (%.0f K/s)" % (rec["fit_s"], rec["samples_per_s"] / 1e3),
                  "val %s %.4f" % (rec["metric"], rec["valid_metric"]), "predict %.2fs" % rec["predict_s"]]
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# environment
# --------------------------------------------------------------------------------------------
def factorize_commit(args):
    if args.factorize_commit:
        return args.factorize_commit
    real = os.path.realpath(args.factorize_bin)
    marker = os.sep + ".build" + os.sep
    if marker in real:
        repo = real.split(marker)[0]
        head = sh(["git", "-C", repo, "log", "-1", "--format=%h %cI %s"])
        dirty = sh(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"])
        return "%s (%s)%s" % (head, repo, " + uncommitted changes" if dirty else "")
    return "unknown: not inside a git checkout (pass --factorize-commit)"


def environment(args):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem_kib = int(f.readline().split()[1])
    except OSError:
        mem_kib = 0
    with open(args.factorize_copy, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    py = ("import mxnet, numpy, pandas, platform; "
          "print(mxnet.__version__, numpy.__version__, pandas.__version__, platform.python_version())")
    versions = sh([args.python, "-c", py]).split()
    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "swift": sh(["swift", "--version"]).splitlines()[0] if shutil.which("swift") else "not installed",
        "factorize_bin": args.factorize_bin, "factorize_sha256": digest,
        "factorize_commit": factorize_commit(args),
        "harness_commit": sh(["git", "-C", REPO, "log", "-1", "--format=%h"]),
        "mxnet": versions[0] if len(versions) == 4 else "?", "numpy": versions[1] if len(versions) == 4 else "?",
        "pandas": versions[2] if len(versions) == 4 else "?", "python": versions[3] if len(versions) == 4 else "?",
        "omp_num_threads_mxnet": args.omp_threads,
        "factorize_threads_env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                               "FACTORIZE_THREADS") if k in os.environ},
    }


# --------------------------------------------------------------------------------------------
def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=ML20M_ROWS, help="ratings to generate (default ML-20M's 20000263)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each measurement on each side (default 3)")
    ap.add_argument("--models", default="read_csv," + ",".join(MODELS),
                    help="comma-separated subset of read_csv,mf,dmf,dmf_bn,cls,genre")
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"), help="the Markdown report")
    ap.add_argument("--data-dir", default=os.environ.get("FACTORIZE_BENCH_DATA", "/tmp/factorize-bench"))
    ap.add_argument("--factorize-bin", default=os.environ.get(
        "FACTORIZE_BIN", os.path.join(os.path.dirname(HERE), ".build", "release", "factorize")))
    ap.add_argument("--factorize-commit", default=os.environ.get("FACTORIZE_COMMIT"),
                    help="the commit the binary was built from, for the report (found from the path when it is "
                         "inside a checkout's .build)")
    ap.add_argument("--mxvenv", default=os.environ.get("MXVENV", "/tmp/mxvenv"))
    ap.add_argument("--omp-threads", type=int, default=2, help="OMP_NUM_THREADS for MXNet (default 2)")
    ap.add_argument("--batch-size", type=int, default=25000)
    ap.add_argument("--learning-rate", type=float, default=0.001)
    ap.add_argument("--train-fraction", type=float, default=0.9)
    ap.add_argument("--predict-rows", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=0, help="data generator seed and the split's random_state")
    ap.add_argument("--no-tutorial", dest="tutorial", action="store_false",
                    help="skip the run of the whole tutorial notebook on the data (Factorize only, once)")
    ap.add_argument("--report-from", metavar="JSON", help="only rewrite --out from the raw numbers of an earlier run")
    args = ap.parse_args()
    if args.report_from:
        return args
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    bad = [m for m in args.models if m not in ["read_csv"] + MODELS]
    if bad:
        ap.error("unknown measurement(s): %s" % ", ".join(bad))
    args.python = os.path.join(args.mxvenv, "bin", "python")
    if not os.path.exists(args.python):
        ap.error("%s not found: run bash ../shared/anchors/mxnet/setup.sh first" % args.python)
    if not os.access(args.factorize_bin, os.X_OK):
        ap.error("Factorize binary %s not found (set FACTORIZE_BIN or --factorize-bin)" % args.factorize_bin)
    return args


def main():
    args = parse_args()
    if args.report_from:
        with open(args.report_from) as f:
            raw = json.load(f)
        print(write_report(args.out, raw["command"], raw["environment"], raw["settings"], raw["runs"],
                           args.report_from))
        return
    started = time.time()
    args.data_folder, ratings, movies = ensure_data(args)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    args.log_dir = os.path.join(args.data_folder, "logs-" + stamp)
    os.makedirs(args.log_dir)
    args.factorize_copy = os.path.join(args.log_dir, "factorize")
    shutil.copy2(args.factorize_bin, args.factorize_copy)
    args.notebook = os.path.join(args.log_dir, "measure.ipynb")
    args.notebook_out = os.path.join(args.log_dir, "measure-out.ipynb")
    write_notebook(args.notebook)
    env = environment(args)
    env["load_start"] = os.getloadavg()
    log("logs in %s" % args.log_dir)

    command_line = "python3 bench/run_bench.py " + shlex.join(sys.argv[1:])
    raw_path = os.path.splitext(args.out)[0] + ".json"
    settings = dict(rows=args.rows, repeats=args.repeats, models=args.models, batch_size=args.batch_size,
                    learning_rate=args.learning_rate, train_fraction=args.train_fraction, seed=args.seed,
                    predict_rows=args.predict_rows, data_folder=args.data_folder)
    planned = [(rep, model, side) for rep in range(args.repeats) for model in args.models
               for side in (["factorize", "mxnet"] if rep % 2 == 0 else ["mxnet", "factorize"])]
    runs = []
    for rep, model, side in planned:
        runs.append(measure(side, model, rep, args, (ratings, movies)))
        # the report is rewritten after every run, so an interrupted benchmark keeps what it measured
        env["load_end"] = os.getloadavg()
        env["total_minutes"] = round((time.time() - started) / 60, 1)
        env["runs_done"], env["runs_planned"] = len(runs), len(planned)
        with open(raw_path, "w") as f:
            json.dump(dict(command=command_line, environment=env, settings=settings, runs=runs), f, indent=1)
            f.write("\n")
        text = write_report(args.out, command_line, env, settings, runs, raw_path)
    if args.tutorial:
        runs.append(measure_tutorial(args))
        env["load_end"] = os.getloadavg()
        env["total_minutes"] = round((time.time() - started) / 60, 1)
        with open(raw_path, "w") as f:
            json.dump(dict(command=command_line, environment=env, settings=settings, runs=runs), f, indent=1)
            f.write("\n")
        text = write_report(args.out, command_line, env, settings, runs, raw_path)
    print(text)
    log("wrote %s and %s" % (args.out, raw_path))
    if any("error" in r for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
