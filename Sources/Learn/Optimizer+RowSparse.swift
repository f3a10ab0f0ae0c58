// MXNet's lazy update for row-sparse gradients (`Embedding(sparse_grad=True)`): only the rows a
// batch reads are updated, with their optimizer state; the other rows do not move at all.
import Tensor

/// The gradient of an embedding table for an update of some of its rows: `dense`, the whole
/// `[rows, width]` table's (row `r` at `r·width`), or `compact`, a row-sparse gradient's values
/// (MXNet's `row_sparse`: the gradient of the `j`-th updated row at `j·width`).
enum TableGradient {
    case dense(UnsafePointer<Float>)
    case compact(UnsafePointer<Float>)

    /// The gradient of table row `row`, the `j`-th of the updated rows.
    @inline(__always)
    func row(_ row: Int, at j: Int, width: Int) -> UnsafePointer<Float> {
        switch self {
        case let .dense(base): return base + row * width
        case let .compact(base): return base + j * width
        }
    }
}

/// An optimizer that can apply MXNet's lazy update to a row-sparse gradient.
protocol RowSparseUpdating: Optimizer {
    /// MXNet `lazy_update`: when false, a row-sparse gradient is applied densely.
    var lazyUpdate: Bool { get }
    /// One step of parameter `index` on the rows `rows` (unique, each in range) of a table of
    /// `width`-element rows; every other row and its state are left as they are (MXNet's
    /// `adam_update` / `sgd_update` with `lazy_update=True` on a row-sparse gradient). Weight
    /// decay applies to the updated rows only, as in MXNet.
    func updateTouchedRows(index: Int, weight: UnsafeMutablePointer<Float>, gradient: TableGradient,
                           width: Int, rows: [Int])
}

extension SGD: RowSparseUpdating {
    var lazyUpdate: Bool { common.lazyUpdate }

    func updateTouchedRows(index: Int, weight: UnsafeMutablePointer<Float>, gradient: TableGradient,
                           width: Int, rows: [Int]) {
        rows.withUnsafeBufferPointer { rows in
            Parallel.forEachChunk(count: rows.count, minimumChunk: 256) { range in
                for j in range {
                    step(index: index, range: rows[j] * width..<(rows[j] + 1) * width, weight: weight,
                         gradient: gradient.row(rows[j], at: j, width: width))
                }
            }
        }
    }
}

extension Adam: RowSparseUpdating {
    var lazyUpdate: Bool { common.lazyUpdate }

    /// As the protocol says; `t` (hence `lr_t`) counts every step of the parameter, touched or not.
    func updateTouchedRows(index: Int, weight: UnsafeMutablePointer<Float>, gradient: TableGradient,
                           width: Int, rows: [Int]) {
        guard index < means.count else { return }
        let lr = beginStep(index: index)
        let wd = common.weightDecay(for: index), rescale = common.rescaleGrad, clip = common.clipGradient
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        let mean = means[index].pointer, variance = variances[index].pointer
        rows.withUnsafeBufferPointer { rows in
            Parallel.forEachChunk(count: rows.count, minimumChunk: 256) { range in
                for j in range {
                    adamKernel(range: rows[j] * width..<(rows[j] + 1) * width, weight: weight,
                               gradient: gradient.row(rows[j], at: j, width: width),
                               mean: mean, variance: variance, lr: lr, wd: wd, rescale: rescale, clip: clip,
                               beta1: beta1, beta2: beta2, epsilon: epsilon)
                }
            }
        }
    }
}
