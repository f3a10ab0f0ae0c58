// Matrix products with a narrow right-hand side (at most 64 columns), the shape of every dense
// layer in the tutorial's networks: `[batch, 50] · [50, 64]`, `[batch, 64] · [64, 64]`,
// `[batch, 64] · [64, 10]`. OpenBLAS packs the tall left matrix into panels on every call,
// which costs as much as the arithmetic at these sizes; here B (at most 64 × 64 floats, 16 KB)
// stays in the L1 cache and A is read from memory once. C is computed in blocks of six rows,
// each across all of C's columns in register tiles of 6 rows × 2 eight-lane groups (12
// accumulators; with two rows of B and a broadcast element of A, 15 of AVX2's 16 vector
// registers): each element of B loaded serves six rows, each broadcast element of A two
// groups, so the fused multiply-adds, not the loads, set the pace, and the block's six rows of
// A stay in L1 from one pair of groups to the next.
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
    /// optional) added to every row after the sum; `n` is at most `narrowProductLimit`. With a
    /// `gate` (`[m, n]`, row stride `ldc`), each element of the result is zeroed where the gate's
    /// element is not positive (after any accumulation): a ReLU's backward pass
    /// (`dx = dy · [y > 0]`, with the ReLU's output as the gate) fused into the product that
    /// computes its output gradient. Runs on the calling thread. A dense layer's forward pass is
    /// then one pass over its output.
    public static func narrowProduct(rows: Range<Int>, k: Int, n: Int, a: UnsafePointer<Float>, lda: Int,
                                     paddedB: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
                                     accumulate: Bool = false, bias: UnsafePointer<Float>? = nil, rectify: Bool = false,
                                     gate: UnsafePointer<Float>? = nil) {
        guard n > 0, n <= narrowProductLimit, !rows.isEmpty else { return }
        let arguments = NarrowProduct(k: k, n: n, a: a, lda: lda, b: paddedB, c: c, ldc: ldc, accumulate: accumulate,
                                      bias: bias, rectify: rectify, gate: gate)
        arguments.run(rows: rows)
    }
}

extension BLAS {
    /// `c[r] = A[r] · v + bias`, rectified (`max(·, 0)`, NaN to 0) when `rectify`, for rows
    /// `rows` of A `[m, k]` (row stride `lda`) and `v` `[k]`: the forward pass of a dense layer
    /// with one unit (`[batch, k] · [k, 1]`, where a matrix product would fill one lane in
    /// eight). Each dot product is accumulated in two 8-lane vectors (elements j, j + 16, … in
    /// one and j + 8, j + 24, … in the other, in order, with fused multiply-adds; a partial last
    /// group is zero-padded) whose lanes are then added; no result depends on how rows are
    /// split between threads. Runs on the calling thread.
    public static func rowDots(rows: Range<Int>, k: Int, a: UnsafePointer<Float>, lda: Int, vector: UnsafePointer<Float>,
                               bias: Float, rectify: Bool, c: UnsafeMutablePointer<Float>) {
        typealias Lanes = SIMD8<Float>
        @inline(__always) func lanes(_ pointer: UnsafePointer<Float>) -> Lanes {
            UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
        }
        for r in rows {
            let row = a + r * lda
            var even = Lanes(), odd = Lanes()
            var j = 0
            while j + 16 <= k {
                even = even.addingProduct(lanes(row + j), lanes(vector + j))
                odd = odd.addingProduct(lanes(row + j + 8), lanes(vector + j + 8))
                j += 16
            }
            if j + 8 <= k {
                even = even.addingProduct(lanes(row + j), lanes(vector + j))
                j += 8
            }
            if j < k {
                odd = odd.addingProduct(Lanes.load(from: row + j, count: k - j), Lanes.load(from: vector + j, count: k - j))
            }
            let value = (even + odd).sum() + bias
            c[r] = rectify && !(value > 0) ? 0 : value
        }
    }
}

/// What a narrow product does to each sum before it stores it, fixed at compile time so that
/// each tile's stores stay a few instructions (see `BLAS.narrowProduct`).
private protocol Epilogue {
    static var addsBias: Bool { get }
    static var rectifies: Bool { get }
    static var gates: Bool { get }
}
private enum PlainSums: Epilogue {
    static var addsBias: Bool { false }
    static var rectifies: Bool { false }
    static var gates: Bool { false }
}
private enum BiasedSums: Epilogue {
    static var addsBias: Bool { true }
    static var rectifies: Bool { false }
    static var gates: Bool { false }
}
private enum RectifiedSums: Epilogue {
    static var addsBias: Bool { false }
    static var rectifies: Bool { true }
    static var gates: Bool { false }
}
private enum BiasedRectifiedSums: Epilogue {
    static var addsBias: Bool { true }
    static var rectifies: Bool { true }
    static var gates: Bool { false }
}
private enum GatedSums: Epilogue {
    static var addsBias: Bool { false }
    static var rectifies: Bool { false }
    static var gates: Bool { true }
}

/// Whether a tile's stores check for columns past n and for accumulation (see
/// `NarrowProduct.write`), fixed at compile time: a tile of whole groups that adds nothing
/// stores each sum with one vector store.
private protocol StoreChecks { static var checks: Bool { get } }
private enum WholeStores: StoreChecks { static var checks: Bool { false } }
private enum CheckedStores: StoreChecks { static var checks: Bool { true } }

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
    let gate: UnsafePointer<Float>?

    /// Rows `rows` of C, with the epilogue the operands ask for.
    func run(rows: Range<Int>) {
        if gate != nil {
            // A gated product (a ReLU's backward pass) has neither bias nor rectification.
            run(GatedSums.self, rows: rows)
        } else if bias != nil {
            if rectify { run(BiasedRectifiedSums.self, rows: rows) } else { run(BiasedSums.self, rows: rows) }
        } else {
            if rectify { run(RectifiedSums.self, rows: rows) } else { run(PlainSums.self, rows: rows) }
        }
    }

    /// Rows `rows` of C: blocks of six rows, each across all of C's groups two at a time (twelve
    /// accumulators, two rows of B and a broadcast element of A: 15 of AVX2's 16 registers;
    /// the block's rows of A stay in the L1 cache from pair to pair, so A is read from memory
    /// once), then the last rows one at a time. A single group (n ≤ 8) runs in blocks of eight
    /// rows.
    private func run<E: Epilogue>(_: E.Type, rows: Range<Int>) {
        let groups = BLAS.paddedWidth(n) / 8
        var row = rows.lowerBound
        if groups == 1 {
            while row + 8 <= rows.upperBound {
                tile(Extent8.self, Extent1.self, E.self, firstRow: row, firstGroup: 0)
                row += 8
            }
        } else {
            while row + 6 <= rows.upperBound {
                var group = 0
                while group + 2 <= groups {
                    tile(Extent6.self, Extent2.self, E.self, firstRow: row, firstGroup: group)
                    group += 2
                }
                if group < groups { tile(Extent6.self, Extent1.self, E.self, firstRow: row, firstGroup: group) }
                row += 6
            }
        }
        while row < rows.upperBound {
            var group = 0
            while group < groups {
                switch groups - group {
                case 1: tile(Extent1.self, Extent1.self, E.self, firstRow: row, firstGroup: group)
                case 2: tile(Extent1.self, Extent2.self, E.self, firstRow: row, firstGroup: group)
                case 3: tile(Extent1.self, Extent3.self, E.self, firstRow: row, firstGroup: group)
                default: tile(Extent1.self, Extent4.self, E.self, firstRow: row, firstGroup: group)
                }
                group += 4
            }
            row += 1
        }
    }

    /// C's rows `firstRow..<firstRow + R.value`, groups `firstGroup..<firstGroup + G.value`:
    /// accumulator `i` holds row `i / G.value`, group `i % G.value` of the tile.
    @inline(__always)
    private func tile<R: TileExtent, G: TileExtent, E: Epilogue>(_: R.Type, _: G.Type, _: E.Type, firstRow: Int,
                                                                firstGroup: Int) {
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
        @inline(__always) func store<S: StoreChecks>(_: S.Type) {
            if tile > 0 { write(acc0, row: firstRow + 0 / groups, column: 8 * (firstGroup + 0 % groups), E.self, S.self) }
            if tile > 1 { write(acc1, row: firstRow + 1 / groups, column: 8 * (firstGroup + 1 % groups), E.self, S.self) }
            if tile > 2 { write(acc2, row: firstRow + 2 / groups, column: 8 * (firstGroup + 2 % groups), E.self, S.self) }
            if tile > 3 { write(acc3, row: firstRow + 3 / groups, column: 8 * (firstGroup + 3 % groups), E.self, S.self) }
            if tile > 4 { write(acc4, row: firstRow + 4 / groups, column: 8 * (firstGroup + 4 % groups), E.self, S.self) }
            if tile > 5 { write(acc5, row: firstRow + 5 / groups, column: 8 * (firstGroup + 5 % groups), E.self, S.self) }
            if tile > 6 { write(acc6, row: firstRow + 6 / groups, column: 8 * (firstGroup + 6 % groups), E.self, S.self) }
            if tile > 7 { write(acc7, row: firstRow + 7 / groups, column: 8 * (firstGroup + 7 % groups), E.self, S.self) }
            if tile > 8 { write(acc8, row: firstRow + 8 / groups, column: 8 * (firstGroup + 8 % groups), E.self, S.self) }
            if tile > 9 { write(acc9, row: firstRow + 9 / groups, column: 8 * (firstGroup + 9 % groups), E.self, S.self) }
            if tile > 10 { write(acc10, row: firstRow + 10 / groups, column: 8 * (firstGroup + 10 % groups), E.self, S.self) }
            if tile > 11 { write(acc11, row: firstRow + 11 / groups, column: 8 * (firstGroup + 11 % groups), E.self, S.self) }
        }
        // Groups wholly below n, and nothing to add: plain vector stores, no checks.
        if !accumulate && 8 * (firstGroup + groups) <= n { store(WholeStores.self) } else { store(CheckedStores.self) }
    }

    /// Stores a tile's sum for C's row `row`, columns `column..<column + 8` (those below n):
    /// added to C when `accumulate`, then biased, rectified or gated as `E` says. With
    /// `WholeStores` the caller has checked that all 8 columns are below n and that nothing is
    /// added.
    @inline(__always)
    private func write<E: Epilogue, S: StoreChecks>(_ sum: Lanes, row: Int, column: Int, _: E.Type, _: S.Type) {
        if !S.checks {
            var value = sum
            if E.addsBias, let bias { value += UnsafeRawPointer(bias + column).loadUnaligned(as: Lanes.self) }
            if E.rectifies { value = value.replacing(with: 0, where: .!(value .> 0)) }
            if E.gates, let gate {
                value = value.replacing(with: 0, where: .!(UnsafeRawPointer(gate + row * ldc + column).loadUnaligned(as: Lanes.self) .> 0))
            }
            UnsafeMutableRawPointer(c + row * ldc + column).storeBytes(of: value, as: Lanes.self)
            return
        }
        let count = n - column
        guard count > 0 else { return }
        let destination = c + row * ldc + column
        @inline(__always) func load(_ pointer: UnsafePointer<Float>) -> Lanes {
            count >= 8 ? UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self) : Lanes.load(from: pointer, count: count)
        }
        var value = sum
        if accumulate { value += load(destination) }
        if E.addsBias, let bias { value += load(bias + column) }
        if E.rectifies { value = value.replacing(with: 0, where: .!(value .> 0)) }
        if E.gates, let gate { value = value.replacing(with: 0, where: .!(load(gate + row * ldc + column) .> 0)) }
        if count >= 8 {
            UnsafeMutableRawPointer(destination).storeBytes(of: value, as: Lanes.self)
        } else {
            value.store(to: destination, count: count)
        }
    }
}
