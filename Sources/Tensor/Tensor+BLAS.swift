// Matrix products on OpenBLAS (cblas_sgemm), the engine's dense-layer workhorse.
import CBLAS

/// Thin, checked-at-the-call-site wrappers over CBLAS for row-major Float32 matrices.
///
/// Reproducibility: OpenBLAS runs single-threaded (set once, on first use), and large products
/// are cut into blocks of output rows (or columns) whose number depends only on the sizes, run
/// concurrently by `Parallel`. Every output element is then computed by the same single-threaded
/// code whatever the number of cores or `OPENBLAS_NUM_THREADS`, so results repeat bit for bit.
public enum BLAS {
    /// Makes OpenBLAS single-threaded (its own thread splits depend on the thread count).
    static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// Multiply-adds per block below which a product is not split.
    static let blockWork = 1 << 21

    /// `C = alpha · op(A) · op(B) + beta · C` for row-major matrices, where `op(A)` is `[m, k]`
    /// (A stored `[m, k]`, or `[k, m]` when `transposeA`), `op(B)` is `[k, n]`, C is `[m, n]`.
    /// Pointers must cover those sizes; leading dimensions are the stored row lengths. Sizes
    /// must fit in `Int32` (callers check: OpenBLAS's interface is 32-bit).
    ///
    /// `split: false` runs the whole product on the calling thread (for callers that already
    /// run blocks of a larger product in parallel).
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, split: Bool = true
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            if beta == 0 { c.update(repeating: 0, count: m * n) } else if beta != 1 {
                for index in 0..<(m * n) { c[index] *= beta }
            }
            return
        }
        _ = singleThreaded
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        let work = m * n * k
        // One block: the whole product.
        func block(rows: Range<Int>, columns: Range<Int>) {
            let aStart = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
            let bStart = transposeB ? b + columns.lowerBound * ldb : b + columns.lowerBound
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(rows.count), Int32(columns.count), Int32(k), alpha, aStart, Int32(lda), bStart, Int32(ldb),
                beta, c + rows.lowerBound * n + columns.lowerBound, Int32(n))
        }
        if work < 2 * blockWork || !split {
            block(rows: 0..<m, columns: 0..<n)
        } else if m >= 64 {
            let minimumRows = Swift.max(16, blockWork / Swift.max(n * k, 1))
            Parallel.forEachChunk(count: m, minimumChunk: minimumRows, maximumChunks: 32) { rows in
                block(rows: rows, columns: 0..<n)
            }
        } else {
            let minimumColumns = Swift.max(16, blockWork / Swift.max(m * k, 1))
            Parallel.forEachChunk(count: n, minimumChunk: minimumColumns, maximumChunks: 32) { columns in
                block(rows: 0..<m, columns: columns)
            }
        }
    }
}

extension BLAS {
    /// `y = alpha · op(A) · x + beta · y` for a row-major `A` stored `[rows, columns]`; `op(A)`
    /// is `A` (x has `columns` elements, y `rows`) or `Aᵀ` when `transpose` (x `rows`, y `columns`).
    public static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Float = 1, a: UnsafePointer<Float>,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0, columns > 0 else {
            let count = transpose ? columns : rows
            if count > 0 {
                if beta == 0 { y.update(repeating: 0, count: count) } else { for i in 0..<count { y[i] *= beta } }
            }
            return
        }
        _ = singleThreaded
        cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
                    alpha, a, Int32(columns), x, 1, beta, y, 1)
    }
}

extension Tensor {
    /// The matrix product of two 2-D tensors, `[m, k] · [k, n] → [m, n]` (optionally transposed
    /// operands, like numpy's `a.T @ b`).
    /// - Throws: `EngineError.shapeMismatch` unless both are 2-D with matching inner sizes.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
        guard a.rank == 2, b.rank == 2 else {
            throw EngineError.shapeMismatch("matmul needs 2-D tensors, got shapes \(a.shape) and \(b.shape)")
        }
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == k2 else {
            throw EngineError.shapeMismatch("matmul: shapes \(a.shape) and \(b.shape) not aligned")
        }
        let limit = Int(Int32.max)
        guard a.count <= limit, b.count <= limit, m * n <= limit else {
            throw EngineError.invalidArgument("matmul: shapes \(a.shape) and \(b.shape) are too large for OpenBLAS's 32-bit sizes")
        }
        let result = try Tensor(shape: [m, n])
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                  a: a.storage.pointer, b: b.storage.pointer, c: result.storage.pointer)
        return result
    }
}
