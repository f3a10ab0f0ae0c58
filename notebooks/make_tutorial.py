#!/usr/bin/env python3
"""Writes notebooks/tutorial.ipynb: the MXNet recommender tutorial as a Factorize notebook.

Run it after editing the cells below (`python3 notebooks/make_tutorial.py`); commit both files.
The prose is ours; the code follows the tutorial (../shared/reference/tutorial-cells.md).
"""
import json
import os

CELLS = []


def md(text):
    CELLS.append({"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")})


def code(text, tags=None):
    meta = {"tags": tags} if tags else {}
    CELLS.append({"cell_type": "code", "metadata": meta, "execution_count": None,
                  "outputs": [], "source": text.strip("\n")})


md("""
# Matrix factorization and deep matrix factorization, on the Factorize kernel

This notebook walks through recommender models built from *embeddings*: every user and every
movie gets a short vector of learned factors, and a rating is predicted either from the dot
product of the two vectors (matrix factorization) or by a small neural network that reads both
vectors (deep matrix factorization). It follows the classic MXNet tutorial step by step, but every
line here runs natively in Swift inside the Factorize kernel — no Python, no MXNet.

The first part uses synthetic matrices, where we know exactly what there is to learn. The second
part trains on real MovieLens ratings: plain and deep matrix factorization, batch
normalization, ratings as classes, factor vectors of different sizes, and genres as side
information.
""")

md("""
**Parameters.** Headless runs can override these (`papermill -p data_dir … -p batch_size 25000`,
or `factorize run tutorial.ipynb -p num_epoch 1`). `data_dir` is a folder in MovieLens 20M's file
format holding `ratings.csv` and `movies.csv`; the set-up script fetches MovieLens 100K into
`data/ml-100k`.
""")
code("""
data_dir = '../data/ml-100k'
batch_size = 1000
num_epoch = 5
seed = 0
train_fraction = 0.9
""", tags=["parameters"])

md("""
## Part 1: synthetic data

`%pylab inline` brings `numpy` (and, for plots, `plt`) into the namespace. `mxnet` here is
Factorize's own implementation of MXNet's symbol and module API. Training progress is reported
through the `logging` module, so we lower the root logger's level to see it.
""")
code("""
%pylab inline
import mxnet as mx
import pandas
import seaborn; seaborn.set_style('whitegrid')
import logging
logger = logging.getLogger()
logger.setLevel(logging.DEBUG)
""")

md("""
### A matrix with nothing to learn

We draw a 250 × 250 matrix of independent standard-normal values and observe 35,000 randomly
chosen entries. Since the entries are pure noise, no model can predict held-out entries better
than guessing zero: the root-mean-square error should stay near 1.
""")
code("""
X = numpy.random.randn(250, 250)

n = 35000
i = numpy.random.randint(250, size=n)   # row (user) of each observed entry
j = numpy.random.randint(250, size=n)   # column (movie) of each observed entry
X_values = X[i, j]
print(X_values.shape)

plt.title("Distribution of Data in Matrix", fontsize=16)
plt.ylabel("Count", fontsize=14)
plt.xlabel("Value", fontsize=14)
plt.hist(X_values, bins=100)
plt.show()
""")

md("""
Matrix factorization as a network: each index is looked up in an embedding table of 25 factors,
the two factor vectors are multiplied element by element and summed (a dot product per row), and
`LinearRegressionOutput` trains the result against the observed value with a squared loss.
""")
code("""
user = mx.symbol.Variable("user")
user = mx.symbol.Embedding(data=user, input_dim=250, output_dim=25)

movie = mx.symbol.Variable("movie")
movie = mx.symbol.Embedding(data=movie, input_dim=250, output_dim=25)

y_true = mx.symbol.Variable("softmax_label")

y_pred = mx.symbol.sum_axis(data=(user * movie), axis=1)
y_pred = mx.symbol.flatten(y_pred)
y_pred = mx.symbol.LinearRegressionOutput(data=y_pred, label=y_true)
""")

md("""
The first 25,000 entries train the model and the remaining 10,000 validate it. `fit` uses MXNet's
defaults: plain SGD with learning rate 0.01, weights drawn from Uniform(±0.01). `mx.gpu(0)` is
accepted for compatibility and runs on the CPU.
""")
code("""
X_train = mx.io.NDArrayIter({'user': i[:25000], 'movie': j[:25000]}, label=X_values[:25000], batch_size=1000)
X_eval = mx.io.NDArrayIter({'user': i[25000:], 'movie': j[25000:]}, label=X_values[25000:], batch_size=1000)

model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=5, eval_metric='rmse', eval_data=X_eval)
""")

md("""
### A low-rank matrix that can be learned

Now the matrix is the product of two random 250 × 25 and 25 × 250 factor matrices: exactly the
structure matrix factorization assumes. With the default SGD settings (and gradients averaged
over the batch), the squared error barely moves in five epochs.
""")
code("""
a = numpy.random.normal(0, 1, size=(250, 25))
b = numpy.random.normal(0, 1, size=(25, 250))
X = a.dot(b)

n = 35000
i = numpy.random.randint(250, size=n)
j = numpy.random.randint(250, size=n)
X_values = X[i, j]

X_train = mx.io.NDArrayIter({'user': i[:25000], 'movie': j[:25000]}, label=X_values[:25000], batch_size=100)
X_eval = mx.io.NDArrayIter({'user': i[25000:], 'movie': j[25000:]}, label=X_values[25000:], batch_size=100)

model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=5, eval_metric='mse', eval_data=X_eval)
""")

md("""
Switching the optimizer to Adam changes everything. Note that `fit`'s default
`optimizer_params` — a learning rate of 0.01 — applies to whichever optimizer is named, so this
is Adam at 0.01, ten times its usual default.
""")
code("""
model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=5, optimizer='adam', eval_metric='mse', eval_data=X_eval)
""")

md("""
### Deep matrix factorization

Instead of a fixed dot product, a small network can learn how to combine the factors: the two
embeddings are concatenated and passed through a fully connected layer of 64 units with a ReLU,
then a single output unit.
""")
code("""
nn = mx.symbol.concat(user, movie)
nn = mx.symbol.flatten(nn)
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=1)

y_pred = mx.symbol.LinearRegressionOutput(data=nn, label=y_true)

model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=5, optimizer='adam', optimizer_params=(('learning_rate', 0.001),),
          eval_metric='mse', eval_data=X_eval)
""")

md("""
## Part 2: MovieLens

Real ratings: each row of `ratings.csv` says that a user gave a movie 0.5 to 5 stars. We keep the
first three columns.
""")
code("""
import os
ratings_path = os.path.join(data_dir, 'ratings.csv')
print("reading", ratings_path, "exists:", os.path.exists(ratings_path))
data = pandas.read_csv(ratings_path, sep=',', usecols=(0, 1, 2))
data.head()
""")

md("""
User and movie ids are used directly as embedding indices, so the tables need as many rows as
the largest id — even where ids are sparse (movie ids have gaps).
""")
md("""
Ratings are given in half stars, and whole stars are far more common than halves; 4 is the
most frequent rating.
""")
code("""
plt.hist(data['rating'])
plt.xlabel("Rating", fontsize=14)
plt.ylabel("Count", fontsize=14)
plt.title("Distribution of Ratings in MovieLens", fontsize=14)
plt.show()
""")

code("""
print("user id min/max: ", data['userId'].min(), data['userId'].max())
print("# unique users: ", numpy.unique(data['userId']).shape[0])
print("movie id min/max: ", data['movieId'].min(), data['movieId'].max())
print("# unique movies: ", numpy.unique(data['movieId']).shape[0])
""")

md("""
Shuffle the ratings once (with a fixed `random_state`, so the split is the same as pandas makes
under Python), then keep the first `train_fraction` for training and the rest for validation.
Ids start at 1; embedding rows start at 0.
""")
code("""
n_users = data['userId'].max()
n_movies = data['movieId'].max()
n = int(len(data) * train_fraction)

data = data.sample(frac=1, random_state=seed).reset_index(drop=True)

train_users = data['userId'].values[:n] - 1
train_movies = data['movieId'].values[:n] - 1
train_ratings = data['rating'].values[:n]

valid_users = data['userId'].values[n:] - 1
valid_movies = data['movieId'].values[n:] - 1
valid_ratings = data['rating'].values[n:]

print("training ratings:", len(train_ratings), " validation ratings:", len(valid_ratings))
""")

md("""
### Matrix factorization on MovieLens

The same dot-product model, now with one embedding row per user and per movie id, trained with
Adam at 0.001. The Speedometer logs throughput and the running metric every few batches while
the model trains.
""")
code("""
X_train = mx.io.NDArrayIter({'user': train_users, 'movie': train_movies}, label=train_ratings, batch_size=batch_size)
X_eval = mx.io.NDArrayIter({'user': valid_users, 'movie': valid_movies}, label=valid_ratings, batch_size=batch_size)

user = mx.symbol.Variable("user")
user = mx.symbol.Embedding(data=user, input_dim=n_users, output_dim=25)

movie = mx.symbol.Variable("movie")
movie = mx.symbol.Embedding(data=movie, input_dim=n_movies, output_dim=25)

y_true = mx.symbol.Variable("softmax_label")

y_pred = mx.symbol.sum_axis(data=(user * movie), axis=1)
y_pred = mx.symbol.flatten(y_pred)
y_pred = mx.symbol.LinearRegressionOutput(data=y_pred, label=y_true)

mx.random.seed(seed)
model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=num_epoch, optimizer='adam', optimizer_params=(('learning_rate', 0.001),),
          eval_metric='rmse', eval_data=X_eval, batch_end_callback=mx.callback.Speedometer(batch_size, 25))
""")

md("""
Five epochs are far from enough for plain matrix factorization: with weights starting near zero,
the dot product of two small vectors predicts almost nothing, and Adam at 0.001 needs many more
steps to grow them.

### Deep matrix factorization on MovieLens

The network version: concatenated factors, two fully connected layers of 64 ReLU units, and one
output. It reaches a much lower error in the same number of epochs.
""")
code("""
nn = mx.symbol.concat(user, movie)
nn = mx.symbol.flatten(nn)
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=1)

y_pred = mx.symbol.LinearRegressionOutput(data=nn, label=y_true)

mx.random.seed(seed)
model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=num_epoch, optimizer='adam', optimizer_params=(('learning_rate', 0.001),),
          eval_metric='rmse', eval_data=X_eval, batch_end_callback=mx.callback.Speedometer(batch_size, 25))
""")

md("""
### Batch normalization

Normalizing each hidden layer's activations over the batch (before the ReLU) often speeds up
training. At prediction time the layer uses the running mean and variance it accumulated while
training instead of the batch's own statistics.
""")
code("""
nn = mx.symbol.concat(user, movie)
nn = mx.symbol.flatten(nn)
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.BatchNorm(data=nn)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.BatchNorm(data=nn)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=1)

y_pred = mx.symbol.LinearRegressionOutput(data=nn, label=y_true)

mx.random.seed(seed)
model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=num_epoch, optimizer='adam', optimizer_params=(('learning_rate', 0.001),),
          eval_metric='rmse', eval_data=X_eval, batch_end_callback=mx.callback.Speedometer(batch_size, 25))
""")

md("""
### Ratings as classes

Ratings take only ten values (0.5 to 5 in half stars), so the problem can also be posed as
classification: `ratings * 2 - 1` turns them into class labels 0–9, the network ends in ten
outputs with a softmax, and the metric becomes accuracy.
""")
code("""
X_train = mx.io.NDArrayIter({'user': train_users, 'movie': train_movies}, label=train_ratings*2-1, batch_size=batch_size)
X_eval = mx.io.NDArrayIter({'user': valid_users, 'movie': valid_movies}, label=valid_ratings*2-1, batch_size=batch_size)

nn = mx.symbol.concat(user, movie)
nn = mx.symbol.flatten(nn)
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=10)

y_pred = mx.symbol.SoftmaxOutput(data=nn, label=y_true)

mx.random.seed(seed)
model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=num_epoch, optimizer='adam', optimizer_params=(('learning_rate', 0.001),),
          eval_metric='acc', eval_data=X_eval, batch_end_callback=mx.callback.Speedometer(batch_size, 25))
""")

md("""
To compare with the regression models, take the most likely class of each validation rating,
turn it back into stars and measure the root-mean-square error. The histogram shows which
ratings the classifier predicts: mostly the common whole-star values.
""")
code("""
y_pred = model.predict(X_eval).asnumpy().argmax(axis=1)
y_pred = (y_pred + 1.) / 2

plt.hist(y_pred)
plt.xlabel("Predicted rating", fontsize=14)
plt.ylabel("Count", fontsize=14)
plt.show()

numpy.sqrt(((y_pred - valid_ratings) ** 2).mean())
""")

md("""
### Structural regularization

Users and movies need not have factor vectors of the same length. Here users get 15 factors and
movies 25: a smaller user table is a structural way to limit what the model can memorise about
each user.
""")
code("""
X_train = mx.io.NDArrayIter({'user': train_users, 'movie': train_movies}, label=train_ratings, batch_size=batch_size)
X_eval = mx.io.NDArrayIter({'user': valid_users, 'movie': valid_movies}, label=valid_ratings, batch_size=batch_size)

user = mx.symbol.Variable("user")
user = mx.symbol.Embedding(data=user, input_dim=n_users, output_dim=15)

movie = mx.symbol.Variable("movie")
movie = mx.symbol.Embedding(data=movie, input_dim=n_movies, output_dim=25)

nn = mx.symbol.concat(user, movie)
nn = mx.symbol.flatten(nn)
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=1)

y_pred = mx.symbol.LinearRegressionOutput(data=nn, label=y_true)

mx.random.seed(seed)
model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie'), symbol=y_pred)
model.fit(X_train, num_epoch=num_epoch, optimizer='adam', optimizer_params=(('learning_rate', 0.001),),
          eval_metric='rmse', eval_data=X_eval, batch_end_callback=mx.callback.Speedometer(batch_size, 25))
""")

md("""
### Genres as a third input

Side information can enter the network as another embedding. Each movie's first listed genre
becomes a class index, looked up in a small table of 5 factors and concatenated with the user
and movie factors.
""")
code("""
genres = pandas.read_csv(os.path.join(data_dir, 'movies.csv'))
genres.head()
""")
code("""
labels_str = [label.split("|")[0] for label in genres['genres']]
label_set = numpy.unique(labels_str)
label_idxs = {l: i for i, l in enumerate(label_set)}
label_idxs
""")
code("""
labels = numpy.empty(n_movies)
for movieId, label in zip(genres['movieId'], labels_str):
    labels[movieId - 1] = label_idxs[label]

train_genres = numpy.array([labels[int(j)] for j in train_movies])
valid_genres = numpy.array([labels[int(j)] for j in valid_movies])
train_genres[:10]
""")
code("""
X_train = mx.io.NDArrayIter({'user': train_users, 'movie': train_movies, 'movie_genre': train_genres},
                            label=train_ratings, batch_size=batch_size)
X_eval = mx.io.NDArrayIter({'user': valid_users, 'movie': valid_movies, 'movie_genre': valid_genres},
                           label=valid_ratings, batch_size=batch_size)

user = mx.symbol.Variable("user")
user = mx.symbol.Embedding(data=user, input_dim=n_users, output_dim=15)

movie = mx.symbol.Variable("movie")
movie = mx.symbol.Embedding(data=movie, input_dim=n_movies, output_dim=20)

movie_genre = mx.symbol.Variable("movie_genre")
movie_genre = mx.symbol.Embedding(data=movie_genre, input_dim=len(label_set), output_dim=5)

nn = mx.symbol.concat(user, movie, movie_genre)
nn = mx.symbol.flatten(nn)
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=64)
nn = mx.symbol.Activation(data=nn, act_type='relu')
nn = mx.symbol.FullyConnected(data=nn, num_hidden=1)

y_pred = mx.symbol.LinearRegressionOutput(data=nn, label=y_true)

mx.random.seed(seed)
model = mx.module.Module(context=mx.gpu(0), data_names=('user', 'movie', 'movie_genre'), symbol=y_pred)
model.fit(X_train, num_epoch=num_epoch, optimizer='adam', optimizer_params=(('learning_rate', 0.001),),
          eval_metric='rmse', eval_data=X_eval, batch_end_callback=mx.callback.Speedometer(batch_size, 25))
""")

md("""
## Where to go from here

Every model above is a few lines of symbols; try other factor sizes, more layers, `Dropout`, or
`mx.metric` choices. With MovieLens 20M in `data_dir` and `batch_size = 25000`, the same notebook
trains on twenty million ratings.
""")

NOTEBOOK = {
    "cells": CELLS,
    "metadata": {
        "kernelspec": {"name": "factorize", "display_name": "Factorize", "language": "python"},
        "language_info": {"name": "python", "file_extension": ".py", "mimetype": "text/x-python",
                          "codemirror_mode": {"name": "ipython", "version": 3},
                          "pygments_lexer": "ipython3", "nbconvert_exporter": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}

if __name__ == "__main__":
    for k, cell in enumerate(CELLS):
        cell["id"] = f"cell-{k:02d}"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tutorial.ipynb")
    with open(path, "w") as f:
        json.dump(NOTEBOOK, f, indent=1)
        f.write("\n")
    print("wrote", path)
