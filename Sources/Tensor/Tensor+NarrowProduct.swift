// Matrix products with a narrow right-hand side (at most 64 columns), the shape of every dense
// layer in the tutorial's networks: `[batch, 50] · [50, 64]`, `[batch, 64] · [64, 64]`,
// `[batch, 64] · [64, 10]`. OpenBLAS packs the tall left matrix into panels on every call,
// which costs as much as the arithmetic at these sizes; here B (at most 64 × 64 floats, 16 KB)
// stays in the L1 cache and each row of A is streamed once: a row of C is up to eight 8-lane
// accumulators, one fused multiply-add per element of A and lane group.
//
// Each element of C is accumulated over k in order with fused multiply-adds, so it does not
// depend on how rows are split between threads.

/// The number of 8-lane groups a narrow product's kernel is compiled for.
protocol LaneGroupCount { static var value: Int { get } }
enum OneGroup: LaneGroupCount { static var value: Int { 1 } }
enum TwoGroups: LaneGroupCount { static var value: Int { 2 } }
enum ThreeGroups: LaneGroupCount { static var value: Int { 3 } }
enum FourGroups: LaneGroupCount { static var value: Int { 4 } }
enum FiveGroups: LaneGroupCount { static var value: Int { 5 } }
enum SixGroups: LaneGroupCount { static var value: Int { 6 } }
enum SevenGroups: LaneGroupCount { static var value: Int { 7 } }
enum EightGroups: LaneGroupCount { static var value: Int { 8 } }

extension BLAS {
    /// The widest B (columns) `narrowProduct` takes.
    public static let narrowProductLimit = 64

    /// The row length of B as `narrowProduct` takes it: `n` rounded up to a multiple of 8.
    public static func paddedWidth(_ n: Int) -> Int { (n + 7) / 8 * 8 }

    /// Copies B into `destination` as `narrowProduct` takes it: `rows` rows of
    /// `paddedWidth(columns)` floats, zeros after the `columns` values. With `transpose`, B is
    /// the transpose of `source` stored `[columns, rows]` (a layer's weight `[hidden, features]`
    /// gives `Wᵀ`, `[features, hidden]`); otherwise `source` is `[rows, columns]`.
    public static func padRows(_ source: UnsafePointer<Float>, rows: Int, columns: Int, transpose: Bool,
                               into destination: UnsafeMutablePointer<Float>) {
        let width = paddedWidth(columns)
        destination.update(repeating: 0, count: rows * width)
        for r in 0..<rows {
            for c in 0..<columns {
                destination[r * width + c] = transpose ? source[c * rows + r] : source[r * columns + c]
            }
        }
    }

    /// `C = A · B + bias` (or `C += A · B` when `accumulate`), rectified (`max(·, 0)`, NaN to
    /// 0, as a ReLU) when `rectify`, for rows `rows` of A `[m, k]` (row stride `lda`) and C
    /// `[m, n]` (row stride `ldc`), with B `[k, n]` as `padRows` writes it and `bias` (`[n]`,
    /// optional) added to every row after the sum; `n` is at most `narrowProductLimit`. Runs on
    /// the calling thread. A dense layer's forward pass is then one pass over its output.
    public static func narrowProduct(rows: Range<Int>, k: Int, n: Int, a: UnsafePointer<Float>, lda: Int,
                                     paddedB: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
                                     accumulate: Bool = false, bias: UnsafePointer<Float>? = nil, rectify: Bool = false) {
        guard n > 0, n <= narrowProductLimit, !rows.isEmpty else { return }
        let arguments = NarrowProduct(k: k, n: n, a: a, lda: lda, b: paddedB, c: c, ldc: ldc, accumulate: accumulate,
                                      bias: bias, rectify: rectify)
        switch paddedWidth(n) / 8 {
        case 1: arguments.run(OneGroup.self, rows: rows)
        case 2: arguments.run(TwoGroups.self, rows: rows)
        case 3: arguments.run(ThreeGroups.self, rows: rows)
        case 4: arguments.run(FourGroups.self, rows: rows)
        case 5: arguments.run(FiveGroups.self, rows: rows)
        case 6: arguments.run(SixGroups.self, rows: rows)
        case 7: arguments.run(SevenGroups.self, rows: rows)
        default: arguments.run(EightGroups.self, rows: rows)
        }
    }
}

/// One narrow product's operands (see `BLAS.narrowProduct`).
private struct NarrowProduct {
    let k: Int, n: Int
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>, ldc: Int
    let accumulate: Bool
    let bias: UnsafePointer<Float>?
    let rectify: Bool

    /// Rows `rows` of C with `G.value` accumulators of 8 lanes per row.
    @inline(__always)
    func run<G: LaneGroupCount>(_: G.Type, rows: Range<Int>) {
        typealias Lanes = SIMD8<Float>
        let groups = G.value, width = groups * 8
        for r in rows {
            let row = a + r * lda, out = c + r * ldc
            var acc0 = Lanes(), acc1 = Lanes(), acc2 = Lanes(), acc3 = Lanes()
            var acc4 = Lanes(), acc5 = Lanes(), acc6 = Lanes(), acc7 = Lanes()
            var bRow = b
            for j in 0..<k {
                let s = Lanes(repeating: row[j])
                @inline(__always) func lanes(_ g: Int) -> Lanes { UnsafeRawPointer(bRow + 8 * g).loadUnaligned(as: Lanes.self) }
                acc0 = acc0.addingProduct(s, lanes(0))
                if groups > 1 { acc1 = acc1.addingProduct(s, lanes(1)) }
                if groups > 2 { acc2 = acc2.addingProduct(s, lanes(2)) }
                if groups > 3 { acc3 = acc3.addingProduct(s, lanes(3)) }
                if groups > 4 { acc4 = acc4.addingProduct(s, lanes(4)) }
                if groups > 5 { acc5 = acc5.addingProduct(s, lanes(5)) }
                if groups > 6 { acc6 = acc6.addingProduct(s, lanes(6)) }
                if groups > 7 { acc7 = acc7.addingProduct(s, lanes(7)) }
                bRow += width
            }
            @inline(__always) func write(_ sum: Lanes, _ g: Int) {
                let count = n - 8 * g
                guard count > 0 else { return }
                let destination = out + 8 * g
                var value = sum
                if accumulate { value += Lanes.load(from: destination, count: count) }
                if let bias { value += Lanes.load(from: bias + 8 * g, count: count) }
                if rectify { value = value.replacing(with: 0, where: .!(value .> 0)) }
                value.store(to: destination, count: count)
            }
            write(acc0, 0)
            if groups > 1 { write(acc1, 1) }
            if groups > 2 { write(acc2, 2) }
            if groups > 3 { write(acc3, 3) }
            if groups > 4 { write(acc4, 4) }
            if groups > 5 { write(acc5, 5) }
            if groups > 6 { write(acc6, 6) }
            if groups > 7 { write(acc7, 7) }
        }
    }
}
