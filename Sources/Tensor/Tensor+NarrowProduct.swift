// Matrix products with a narrow right-hand side (at most 64 columns), the shape of every dense
// layer in the tutorial's networks: `[batch, 50] · [50, 64]`, `[batch, 64] · [64, 64]`,
// `[batch, 64] · [64, 10]`. OpenBLAS packs the tall left matrix into panels on every call,
// which costs as much as the arithmetic at these sizes; here B (at most 64 × 64 floats, 16 KB)
// stays in the L1 cache and A is streamed once per block of 32 columns of C. C is computed in
// register tiles of a few rows by up to four 8-lane groups (at most 12 accumulators, so that
// the tile, a row of B and a broadcast element of A fit in the 16 vector registers of AVX2):
// each element of B loaded serves every row of the tile, each broadcast element of A every
// group, so the fused multiply-adds, not the loads, set the pace.
//
// Each element of C is accumulated over k in order with fused multiply-adds, so it does not
// depend on the tiling nor on how rows are split between threads.

/// A count a matrix kernel is compiled for: the rows or 8-lane groups of a register tile
/// (`narrowProduct`, `transposedProduct`).
protocol TileExtent { static var value: Int { get } }
enum Extent1: TileExtent { static var value: Int { 1 } }
enum Extent2: TileExtent { static var value: Int { 2 } }
enum Extent3: TileExtent { static var value: Int { 3 } }
enum Extent4: TileExtent { static var value: Int { 4 } }
enum Extent5: TileExtent { static var value: Int { 5 } }
enum Extent6: TileExtent { static var value: Int { 6 } }
enum Extent8: TileExtent { static var value: Int { 8 } }

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
        arguments.run(rows: rows)
    }
}

/// One narrow product's operands (see `BLAS.narrowProduct`).
private struct NarrowProduct {
    typealias Lanes = SIMD8<Float>
    let k: Int, n: Int
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>, ldc: Int
    let accumulate: Bool
    let bias: UnsafePointer<Float>?
    let rectify: Bool

    /// Rows `rows` of C, one block of at most four 8-lane groups (32 columns) after another.
    func run(rows: Range<Int>) {
        let groups = BLAS.paddedWidth(n) / 8
        var firstGroup = 0
        while firstGroup < groups {
            switch groups - firstGroup {
            case 1: tiles(Extent8.self, Extent1.self, rows: rows, firstGroup: firstGroup)
            case 2: tiles(Extent6.self, Extent2.self, rows: rows, firstGroup: firstGroup)
            case 3: tiles(Extent3.self, Extent3.self, rows: rows, firstGroup: firstGroup)
            default: tiles(Extent2.self, Extent4.self, rows: rows, firstGroup: firstGroup)
            }
            firstGroup += min(4, groups - firstGroup)
        }
    }

    /// Rows `rows` of the `G.value` groups from `firstGroup`, in tiles of `R.value` rows and
    /// then one row at a time for the rest.
    @inline(__always)
    private func tiles<R: TileExtent, G: TileExtent>(_: R.Type, _: G.Type, rows: Range<Int>, firstGroup: Int) {
        var row = rows.lowerBound
        while row + R.value <= rows.upperBound {
            tile(R.self, G.self, firstRow: row, firstGroup: firstGroup)
            row += R.value
        }
        while row < rows.upperBound {
            tile(Extent1.self, G.self, firstRow: row, firstGroup: firstGroup)
            row += 1
        }
    }

    /// C's rows `firstRow..<firstRow + R.value`, groups `firstGroup..<firstGroup + G.value`:
    /// accumulator `i` holds row `i / G.value`, group `i % G.value` of the tile.
    @inline(__always)
    private func tile<R: TileExtent, G: TileExtent>(_: R.Type, _: G.Type, firstRow: Int, firstGroup: Int) {
        let groups = G.value, tile = R.value * groups
        let width = BLAS.paddedWidth(n)
        var acc0 = Lanes(), acc1 = Lanes(), acc2 = Lanes(), acc3 = Lanes()
        var acc4 = Lanes(), acc5 = Lanes(), acc6 = Lanes(), acc7 = Lanes()
        var acc8 = Lanes(), acc9 = Lanes(), acc10 = Lanes(), acc11 = Lanes()
        var bRow = b + 8 * firstGroup
        var aColumn = a + firstRow * lda
        for _ in 0..<k {
            let b0 = UnsafeRawPointer(bRow).loadUnaligned(as: Lanes.self)
            let b1 = groups > 1 ? UnsafeRawPointer(bRow + 8).loadUnaligned(as: Lanes.self) : Lanes()
            let b2 = groups > 2 ? UnsafeRawPointer(bRow + 16).loadUnaligned(as: Lanes.self) : Lanes()
            let b3 = groups > 3 ? UnsafeRawPointer(bRow + 24).loadUnaligned(as: Lanes.self) : Lanes()
            @inline(__always) func group(_ g: Int) -> Lanes { g == 0 ? b0 : g == 1 ? b1 : g == 2 ? b2 : b3 }
            @inline(__always) func element(_ r: Int) -> Lanes { Lanes(repeating: aColumn[r * lda]) }
            if tile > 0 { acc0 = acc0.addingProduct(element(0 / groups), group(0 % groups)) }
            if tile > 1 { acc1 = acc1.addingProduct(element(1 / groups), group(1 % groups)) }
            if tile > 2 { acc2 = acc2.addingProduct(element(2 / groups), group(2 % groups)) }
            if tile > 3 { acc3 = acc3.addingProduct(element(3 / groups), group(3 % groups)) }
            if tile > 4 { acc4 = acc4.addingProduct(element(4 / groups), group(4 % groups)) }
            if tile > 5 { acc5 = acc5.addingProduct(element(5 / groups), group(5 % groups)) }
            if tile > 6 { acc6 = acc6.addingProduct(element(6 / groups), group(6 % groups)) }
            if tile > 7 { acc7 = acc7.addingProduct(element(7 / groups), group(7 % groups)) }
            if tile > 8 { acc8 = acc8.addingProduct(element(8 / groups), group(8 % groups)) }
            if tile > 9 { acc9 = acc9.addingProduct(element(9 / groups), group(9 % groups)) }
            if tile > 10 { acc10 = acc10.addingProduct(element(10 / groups), group(10 % groups)) }
            if tile > 11 { acc11 = acc11.addingProduct(element(11 / groups), group(11 % groups)) }
            bRow += width
            aColumn += 1
        }
        @inline(__always) func write(_ sum: Lanes, _ r: Int, _ g: Int) {
            let column = 8 * (firstGroup + g)
            let count = n - column
            guard count > 0 else { return }
            let destination = c + (firstRow + r) * ldc + column
            var value = sum
            if accumulate { value += Lanes.load(from: destination, count: count) }
            if let bias { value += Lanes.load(from: bias + column, count: count) }
            if rectify { value = value.replacing(with: 0, where: .!(value .> 0)) }
            value.store(to: destination, count: count)
        }
        if tile > 0 { write(acc0, 0 / groups, 0 % groups) }
        if tile > 1 { write(acc1, 1 / groups, 1 % groups) }
        if tile > 2 { write(acc2, 2 / groups, 2 % groups) }
        if tile > 3 { write(acc3, 3 / groups, 3 % groups) }
        if tile > 4 { write(acc4, 4 / groups, 4 % groups) }
        if tile > 5 { write(acc5, 5 / groups, 5 % groups) }
        if tile > 6 { write(acc6, 6 / groups, 6 % groups) }
        if tile > 7 { write(acc7, 7 / groups, 7 % groups) }
        if tile > 8 { write(acc8, 8 / groups, 8 % groups) }
        if tile > 9 { write(acc9, 9 / groups, 9 % groups) }
        if tile > 10 { write(acc10, 10 / groups, 10 % groups) }
        if tile > 11 { write(acc11, 11 / groups, 11 % groups) }
    }
}
