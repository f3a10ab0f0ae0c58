"""The tables of bench/RESULTS.md, from the runs that run_bench.py measured (standard library only)."""
import os
import statistics

MODELS = ["mf", "dmf", "dmf_bn", "cls", "genre"]
TITLES = {
    "read_csv": "read_csv, whole file (usecols 0-2)",
    "mf": "MF (user 25 · movie 25)",
    "dmf": "deep MF (25 + 25 → 64 → 64 → 1, relu)",
    "dmf_bn": "deep MF + BatchNorm",
    "cls": "classifier (10 half-star classes)",
    "genre": "genre model (user 15, movie 20, genre 5)",
}
SPEED_TARGETS = {"read_csv": 4.0, "mf": 3.0, "dmf": 1.5, "dmf_bn": 2.0, "cls": 1.5, "genre": 1.5}
PREDICT_TARGET = 2.0
METRIC_TOLERANCE = 0.01


def _ok(runs, side, model):
    return [r for r in runs if r["side"] == side and r["model"] == model and "error" not in r]


def _median(runs, key):
    values = [r[key] for r in runs if key in r]
    return statistics.median(values) if values else None


def _secs(v):
    return "—" if v is None else ("%.2f s" % v if v < 100 else "%.0f s" % v)


def _rate(n, secs):
    return "" if not n or not secs else " (%.2f M/s)" % (n / secs / 1e6)


def _met(ratio, target, higher_is_better=True):
    if ratio is None:
        return "—"
    good = ratio >= target if higher_is_better else ratio <= target
    return "yes" if good else "**no**"


def _spread(runs, key, fmt):
    values = sorted(r[key] for r in runs if key in r)
    if len(values) < 2:
        return ""
    return " [" + fmt % values[0] + "–" + fmt % values[-1] + "]"


def speed_rows(runs, models):
    rows, verdicts = [], []
    for model in models:
        f, m = _ok(runs, "factorize", model), _ok(runs, "mxnet", model)
        key = "read_csv_s" if model == "read_csv" else "fit_s"
        fv, mv = _median(f, key), _median(m, key)
        ratio = mv / fv if fv and mv else None
        n = _median(f, "n_train") if model != "read_csv" else None
        what = TITLES[model] if model == "read_csv" else "1 epoch: " + TITLES[model]
        other = " (pandas)" if model == "read_csv" else ""
        met = _met(ratio, SPEED_TARGETS[model])
        verdicts.append(met)
        rows.append("| %s | %s%s%s | %s%s%s%s | %s | ≥ %.1f× | %s |" % (
            what, _secs(fv), _rate(n, fv), _spread(f, key, "%.2f"), _secs(mv), _rate(n, mv),
            _spread(m, key, "%.2f"), other, "—" if ratio is None else "%.2f×" % ratio,
            SPEED_TARGETS[model], met))
    for model in [x for x in models if x != "read_csv"]:
        f, m = _ok(runs, "factorize", model), _ok(runs, "mxnet", model)
        fv, mv = _median(f, "predict_s"), _median(m, "predict_s")
        ratio = mv / fv if fv and mv else None
        n = _median(f, "predict_rows")
        met = _met(ratio, PREDICT_TARGET)
        verdicts.append(met)
        rows.append("| predict %s rows: %s | %s%s%s | %s%s%s | %s | ≥ %.1f× | %s |" % (
            "{:,}".format(int(n)) if n else "?", TITLES[model], _secs(fv), _rate(n, fv), _spread(f, "predict_s", "%.2f"),
            _secs(mv), _rate(n, mv), _spread(m, "predict_s", "%.2f"), "—" if ratio is None else "%.2f×" % ratio,
            PREDICT_TARGET, met))
    return rows, verdicts


def memory_rows(runs, models):
    rows, verdicts = [], []
    for model in models:
        f, m = _ok(runs, "factorize", model), _ok(runs, "mxnet", model)
        fv, mv = _median(f, "peak_rss_mib"), _median(m, "peak_rss_mib")
        ratio = fv / mv if fv and mv else None
        met = _met(ratio, 1.0, higher_is_better=False)
        verdicts.append(met)
        rows.append("| peak RSS: %s | %s | %s%s | %s | ≤ 1.00 | %s |" % (
            TITLES[model], "—" if fv is None else "%.0f MiB" % fv, "—" if mv is None else "%.0f MiB" % mv,
            " (pandas)" if model == "read_csv" else "", "—" if ratio is None else "%.2f" % ratio, met))
    return rows, verdicts


def metric_rows(runs, models):
    rows, verdicts = [], []
    for model in [x for x in models if x != "read_csv"]:
        f, m = _ok(runs, "factorize", model), _ok(runs, "mxnet", model)
        fv, mv = _median(f, "valid_metric"), _median(m, "valid_metric")
        name = (f or m or [{}])[0].get("metric", "?")
        diff = fv - mv if fv is not None and mv is not None else None
        met = "—" if diff is None else ("yes" if abs(diff) <= METRIC_TOLERANCE else "**no**")
        verdicts.append(met)
        rows.append("| %s | %s | %s%s | %s%s | %s | %s |" % (
            TITLES[model], name, "—" if fv is None else "%.4f" % fv, _spread(f, "valid_metric", "%.4f"),
            "—" if mv is None else "%.4f" % mv, _spread(m, "valid_metric", "%.4f"),
            "—" if diff is None else "%+.4f" % diff, met))
    return rows, verdicts


def process_rows(runs, models):
    rows = []
    for model in models:
        f, m = _ok(runs, "factorize", model), _ok(runs, "mxnet", model)
        cells = []
        for side in (f, m):
            wall, cpu = _median(side, "wall_s"), _median(side, "cpu_s")
            cells.append("—" if wall is None else "%.1f s / %s" % (wall, "?" if cpu is None else "%.1f s" % cpu))
        rows.append("| %s | %s | %s |" % (TITLES[model], cells[0], cells[1]))
    return rows


def split_check(runs):
    sums = {tuple(r["checksum"]) for r in runs if "checksum" in r}
    if not sums:
        return "no model ran, so the split was not checked."
    if len(sums) == 1:
        return ("identical on both sides in every run (checksums of the first 1,000 shuffled user ids, "
                "the last 1,000 movie ids and the first 1,000 ratings agree: %s)." % list(next(iter(sums))))
    return "**DIFFERENT between runs — the comparison is invalid**: checksums %s." % sorted(sums)


TUTORIAL_TARGET_S = 600


def tutorial_rows(runs):
    """The whole tutorial notebook's run (see run_bench.measure_tutorial), against its 10-minute target."""
    rows, verdicts = [], []
    for r in runs:
        if r.get("model") != "tutorial":
            continue
        if "error" in r:
            rows.append("| whole tutorial notebook | FAILED (exit %d) | — | ≤ %d min | **no** |" % (r["exit_code"], TUTORIAL_TARGET_S // 60))
            verdicts.append("no")
            continue
        met = "yes" if r["wall_s"] <= TUTORIAL_TARGET_S else "no"
        rows.append("| whole tutorial notebook | %.1f min (%.0f s) | %.0f MiB | ≤ %d min | %s |" % (
            r["wall_s"] / 60, r["wall_s"], r["peak_rss_mib"], TUTORIAL_TARGET_S // 60, met if met == "yes" else "**no**"))
        verdicts.append(met)
    return rows, verdicts


def write_report(path, command, env, settings, runs, raw_path):
    models = settings["models"]
    tutorial, v4 = tutorial_rows(runs)
    runs = [r for r in runs if r.get("model") != "tutorial"]
    speed, v1 = speed_rows(runs, models)
    memory, v2 = memory_rows(runs, models)
    metrics, v3 = metric_rows(runs, models)
    verdicts = v1 + v2 + v3 + v4
    failures = [r for r in runs if "error" in r]
    L = []
    L.append("# Factorize vs MXNet 1.9.1 at MovieLens-20M scale")
    L.append("")
    L.append("Written by `%s` (bench/run_bench.py) on %s. Raw numbers of every run: `%s`." % (
        command, env["date_utc"], os.path.basename(raw_path)))
    L.append("")
    L.append("- **Machine**: %s cores (`nproc`), %s, %s GiB RAM; %s. Load average (1 min) %.2f at the start, %.2f at the end "
             "and %.2f on average when a run started (other work shared the CPUs; each run's `load_before` and CPU "
             "seconds `cpu_s` are in the JSON)." % (
                 env["nproc"], env["cpu"], env["ram_gib"], env["os"], env["load_start"][0], env["load_end"][0],
                 statistics.mean(r["load_before"] for r in runs) if runs else float("nan")))
    L.append("- **Factorize**: `%s` (sha256 %s…), built from %s. Threads: the binary's default%s." % (
        env["factorize_bin"], env["factorize_sha256"], env["factorize_commit"],
        (" with " + ", ".join("%s=%s" % kv for kv in env["factorize_threads_env"].items())) if env["factorize_threads_env"] else ""))
    L.append("- **Reference**: MXNet %s (PyPI CPU wheel), numpy %s, pandas %s, CPython %s, `OMP_NUM_THREADS=%s`. "
             "Swift: %s. Harness commit %s." % (env["mxnet"], env["numpy"], env["pandas"], env["python"],
                                               env["omp_num_threads_mxnet"], env["swift"], env["harness_commit"]))
    L.append("- **Data**: %s ratings from `../shared/anchors/mxnet/make_ml20m_like.py --seed %d` (ML-20M's shape and "
             "format), `movies.csv` from `bench/make_movies.py`. **Settings**: batch %d, Adam learning rate %g, one "
             "epoch, the tutorial's factor sizes and networks, input_dim = largest id; split = the tutorial's "
             "`data.sample(frac=1, random_state=%d)`, first %g for training, the rest for validation; predict over "
             "the first %s shuffled rows." % (
                 "{:,}".format(settings["rows"]), settings["seed"], settings["batch_size"], settings["learning_rate"],
                 settings["seed"], settings["train_fraction"], "{:,}".format(settings["predict_rows"])))
    L.append("- **Protocol**: %d run(s) of each measurement on each side, each run one fresh process (so peak RSS is "
             "that measurement's, `ru_maxrss` of the process), the two sides back to back and their order alternating "
             "between repeats; medians, with [min–max] over runs. Both sides execute the same program, "
             "`bench/measure.py` (Factorize via `factorize run`, MXNet via `bench/mxnet_model.py`). "
             "An epoch's time is the wall time of `fit(num_epoch=1)` without `eval_data` (bind, initialisation and the "
             "training pass); the validation metric comes from `score()` afterwards. Total %.1f minutes." % (
                 settings["repeats"], env["total_minutes"]))
    L.append("- **Split**: " + split_check(runs))
    if env.get("runs_done", 0) < env.get("runs_planned", 0):
        L.append("- **INCOMPLETE**: %d of %d runs so far (the benchmark was interrupted or is still running)."
                 % (env["runs_done"], env["runs_planned"]))
    L.append("")
    met = sum(v == "yes" for v in verdicts)
    L.append("**%d of %d targets met**%s." % (met, len(verdicts),
             "" if not failures else "; %d run(s) FAILED (see the JSON)" % len(failures)))
    L.append("")
    L.append("## Speed (ratio = MXNet or pandas time / Factorize time; above 1 means Factorize is faster)")
    L.append("")
    L.append("| measurement | Factorize median | MXNet / pandas median | ratio | target | met? |")
    L.append("| --- | --- | --- | --- | --- | --- |")
    L += speed
    L.append("")
    L.append("## Peak resident memory (ratio = Factorize / MXNet or pandas)")
    L.append("")
    L.append("| measurement | Factorize median | MXNet / pandas median | ratio | target | met? |")
    L.append("| --- | --- | --- | --- | --- | --- |")
    L += memory
    L.append("")
    L.append("## Validation metric after one epoch (MXNet's: rmse = mean of per-batch RMSE, acc per sample)")
    L.append("")
    L.append("| model | metric | Factorize | MXNet | Factorize − MXNet | within %.2f? |" % METRIC_TOLERANCE)
    L.append("| --- | --- | --- | --- | --- | --- |")
    L += metrics
    L.append("")
    if tutorial:
        L.append("## The whole tutorial on this data (`notebooks/tutorial.ipynb`, batch %d, once, Factorize only)" % settings["batch_size"])
        L.append("")
        L.append("Load, split, and the six MovieLens models × 5 epochs with validation after every epoch (plus the "
                 "synthetic-data part), through `factorize run`.")
        L.append("")
        L.append("| measurement | wall time | peak RSS | target | met? |")
        L.append("| --- | --- | --- | --- | --- |")
        L += tutorial
        L.append("")
    L.append("## Whole process, for judging the load: wall time / CPU time (user + system), medians")
    L.append("")
    L.append("| measurement | Factorize | MXNet / pandas |")
    L.append("| --- | --- | --- |")
    L += process_rows(runs, models)
    L.append("")
    text = "\n".join(L)
    with open(path, "w") as f:
        f.write(text)
    return text
