# One benchmark measurement, in the tutorial's Python — the same text runs on both sides:
#  * Factorize: run_bench.py puts it in a notebook after a `parameters` cell and runs
#    `factorize run NB.ipynb -p side factorize -p ratings_path … -p model mf …`;
#  * MXNet 1.9.1 + pandas: mxnet_model.py sets the same parameters and exec()s this file.
# So it must stay in the subset of Python that Factorize's language accepts (../shared/LANGUAGE.md).
# One process per measurement; it prints one line `BENCH {…}` (a dict literal) that
# run_bench.py parses. Parameters: side, ratings_path, movies_path, model, batch_size,
# learning_rate, train_fraction, seed, predict_rows.
#
# model: 'read_csv' (only read the file) or one of mf, dmf, dmf_bn, cls, genre.
# Split: the tutorial's — shuffle with data.sample(frac=1, random_state=seed) (Factorize's
# sample() draws the same permutation as pandas, checked by the driver through the checksums),
# first train_fraction for training, the rest for validation. Ids minus 1 index embeddings of
# input_dim = the largest id, as the tutorial does.
import time
import numpy
import pandas

result = {'side': side, 'model': model}
t0 = time.time()
data = pandas.read_csv(ratings_path, sep=',', usecols=(0, 1, 2))
result['read_csv_s'] = time.time() - t0
result['rows'] = len(data)

if model != 'read_csv':
    # mxnet is imported only here, so that the read_csv measurement is pandas alone on the
    # MXNet side (Factorize's namespaces are built into its binary either way)
    import mxnet as mx
    import logging
    logging.basicConfig(level=logging.INFO)   # fit's 'Epoch[0] Time cost=…' line, on stderr
    t0 = time.time()
    n_users = data['userId'].max()
    n_movies = data['movieId'].max()
    n = int(len(data) * train_fraction)
    data = data.sample(frac=1, random_state=seed).reset_index(drop=True)
    users = data['userId'].values - 1
    movies = data['movieId'].values - 1
    ratings = data['rating'].values
    train_users = users[:n]
    train_movies = movies[:n]
    train_ratings = ratings[:n]
    valid_users = users[n:]
    valid_movies = movies[n:]
    valid_ratings = ratings[n:]
    result['checksum'] = [int(users[:1000].sum()), int(movies[-1000:].sum()), float(ratings[:1000].sum())]
    result['n_train'] = n
    result['n_valid'] = len(data) - n

    train_inputs = {'user': train_users, 'movie': train_movies}
    valid_inputs = {'user': valid_users, 'movie': valid_movies}
    predict_inputs = {'user': users[:predict_rows], 'movie': movies[:predict_rows]}
    train_label = train_ratings
    valid_label = valid_ratings
    metric = 'rmse'
    data_names = ('user', 'movie')
    user_dim = 25
    movie_dim = 25
    if model == 'cls':
        train_label = train_ratings * 2 - 1
        valid_label = valid_ratings * 2 - 1
        metric = 'acc'
    if model == 'genre':
        # the tutorial's genre lookup; the per-rating lookup is vectorised (same values)
        genres = pandas.read_csv(movies_path)
        labels_str = [label.split("|")[0] for label in genres['genres']]
        label_set = numpy.unique(labels_str)
        label_idxs = {l: i for i, l in enumerate(label_set)}
        labels = numpy.empty(n_movies)
        for movieId, label in zip(genres['movieId'], labels_str):
            labels[movieId - 1] = label_idxs[label]
        genre_of_rating = labels[movies]
        train_inputs['movie_genre'] = genre_of_rating[:n]
        valid_inputs['movie_genre'] = genre_of_rating[n:]
        predict_inputs['movie_genre'] = genre_of_rating[:predict_rows]
        data_names = ('user', 'movie', 'movie_genre')
        user_dim = 15
        movie_dim = 20
        result['n_genres'] = len(label_set)

    X_train = mx.io.NDArrayIter(train_inputs, label=train_label, batch_size=batch_size)
    X_eval = mx.io.NDArrayIter(valid_inputs, label=valid_label, batch_size=batch_size)
    X_predict = mx.io.NDArrayIter(predict_inputs, batch_size=batch_size)

    user = mx.symbol.Variable("user")
    user = mx.symbol.Embedding(data=user, input_dim=n_users, output_dim=user_dim)
    movie = mx.symbol.Variable("movie")
    movie = mx.symbol.Embedding(data=movie, input_dim=n_movies, output_dim=movie_dim)
    y_true = mx.symbol.Variable("softmax_label")
    if model == 'mf':
        y_pred = mx.symbol.sum_axis(data=(user * movie), axis=1)
        y_pred = mx.symbol.flatten(y_pred)
        y_pred = mx.symbol.LinearRegressionOutput(data=y_pred, label=y_true)
    else:
        if model == 'genre':
            movie_genre = mx.symbol.Variable("movie_genre")
            movie_genre = mx.symbol.Embedding(data=movie_genre, input_dim=len(label_set), output_dim=5)
            nn = mx.symbol.concat(user, movie, movie_genre)
        else:
            nn = mx.symbol.concat(user, movie)
        nn = mx.symbol.flatten(nn)
        nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
        if model == 'dmf_bn':
            nn = mx.symbol.BatchNorm(data=nn)
        nn = mx.symbol.Activation(data=nn, act_type='relu')
        nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
        if model == 'dmf_bn':
            nn = mx.symbol.BatchNorm(data=nn)
        nn = mx.symbol.Activation(data=nn, act_type='relu')
        if model == 'cls':
            nn = mx.symbol.FullyConnected(data=nn, num_hidden=10)
            y_pred = mx.symbol.SoftmaxOutput(data=nn, label=y_true)
        else:
            nn = mx.symbol.FullyConnected(data=nn, num_hidden=1)
            y_pred = mx.symbol.LinearRegressionOutput(data=nn, label=y_true)
    result['prepare_s'] = time.time() - t0

    mx.random.seed(seed)
    numpy.random.seed(seed)
    module = mx.module.Module(context=mx.cpu(), data_names=data_names, symbol=y_pred)
    t0 = time.time()
    module.fit(X_train, num_epoch=1, optimizer='adam', optimizer_params=(('learning_rate', learning_rate),),
               eval_metric=metric)
    if side == 'mxnet':
        mx.nd.waitall()   # MXNet runs asynchronously: wait for the last update
    result['fit_s'] = time.time() - t0
    result['samples_per_s'] = n / result['fit_s']

    t0 = time.time()
    score = module.score(X_eval, metric)
    result['score_s'] = time.time() - t0
    result['metric'] = metric
    result['valid_metric'] = float(score[0][1])

    t0 = time.time()
    out = module.predict(X_predict).asnumpy()
    result['predict_s'] = time.time() - t0
    result['predict_rows'] = out.shape[0]

print("BENCH " + str(result))
