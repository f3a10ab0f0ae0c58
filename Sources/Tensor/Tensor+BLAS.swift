// Matrix products on OpenBLAS (cblas_sgemm), the engine's dense-layer workhorse.
import CBLAS

/// Thin, checked-at-the-call-site wrappers over CBLAS for row-major Float32 matrices.
public enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` for row-major matrices, where `op(A)` is `[m, k]`
    /// (A stored `[m, k]`, or `[k, m]` when `transposeA`), `op(B)` is `[k, n]`, C is `[m, n]`.
    /// Pointers must cover those sizes; leading dimensions are the stored row lengths. Sizes
    /// must fit in `Int32` (callers check: OpenBLAS's interface is 32-bit).
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0, c: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            if beta == 0 { c.update(repeating: 0, count: m * n) } else if beta != 1 {
                for index in 0..<(m * n) { c[index] *= beta }
            }
            return
        }
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
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
