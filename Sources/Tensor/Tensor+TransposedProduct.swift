// The weight gradient of a dense layer, `dW[hidden, features] = dyᵀ · x` summed over the batch:
// `C = Aᵀ · B` for a tall A `[rows, m]` and B `[rows, n]`. OpenBLAS packs both tall operands on
// every call, which costs as much as the arithmetic at the tutorial's sizes (64 × 64 and 64 × 50
// over 25,000 rows). Here the rows are cut into chunks of at least 512 rows; each chunk sums its
// outer products `A[r]ᵀ ⊗ B[r]` into its own partial C, walking its rows in blocks that fit in
// the L1 cache, in register tiles of up to six rows of C by two 8-lane groups (six broadcast
// elements of A and two vectors of B per row feed twelve fused multiply-adds), and the partials
// are then added in chunk order.
//
// The chunks depend only on the sizes, so the result does not depend on the number of threads.

extension BLAS {
    /// The number of row chunks (each with its own partial C) `transposedProduct` cuts `rows` into.
    public static func transposedProductChunks(rows: Int) -> Int {
        Parallel.chunkCount(count: rows, minimumChunk: 512, maximumChunks: 64)
    }

    /// The floats of scratch memory `transposedProduct` needs for these sizes: one partial
    /// `[m, paddedWidth(n)]` per chunk.
    public static func transposedProductScratchCount(rows: Int, m: Int, n: Int) -> Int {
        transposedProductChunks(rows: rows) * m * paddedWidth(n)
    }

    /// `C = Aᵀ · B` (or `C += Aᵀ · B` when `accumulate`) for A `[rows, m]` (row stride `lda`),
    /// B `[rows, n]` (row stride `ldb`) and C `[m, n]` (row stride `ldc`), using `scratch` of
    /// `transposedProductScratchCount(rows:m:n:)` floats. Runs the chunks in parallel; each
    /// element of a partial is accumulated over its chunk's rows in order with fused
    /// multiply-adds, and the partials are added in chunk order (deterministic).
    public static func transposedProduct(rows: Int, m: Int, n: Int, a: UnsafePointer<Float>, lda: Int,
                                         b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                                         accumulate: Bool, scratch: UnsafeMutablePointer<Float>) {
        guard m > 0, n > 0 else { return }
        let width = paddedWidth(n), partialCount = m * width
        let chunks = transposedProductChunks(rows: rows)
        Parallel.forEachChunkIndexed(count: rows, minimumChunk: 512, maximumChunks: 64) { chunk, range in
            let product = TransposedProduct(m: m, n: n, a: a, lda: lda, b: b, ldb: ldb,
                                            partial: scratch + chunk * partialCount, width: width)
            product.run(rows: range)
        }
        for h in 0..<m {
            let out = c + h * ldc
            if !accumulate { out.update(repeating: 0, count: n) }
            for chunk in 0..<chunks {
                let partial = UnsafePointer(scratch + chunk * partialCount + h * width)
                var column = 0
                while column < n {
                    let count = n - column
                    let sum = SIMD8<Float>.load(from: out + column, count: count)
                        + SIMD8<Float>.load(from: partial + column, count: count)
                    sum.store(to: out + column, count: count)
                    column += 8
                }
            }
        }
    }
}

/// The operands of one chunk of a transposed product (see `BLAS.transposedProduct`).
private struct TransposedProduct {
    typealias Lanes = SIMD8<Float>
    let m: Int, n: Int
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>, ldb: Int
    /// This chunk's partial C, `[m, width]`.
    let partial: UnsafeMutablePointer<Float>, width: Int

    /// Writes `Σ_{r ∈ rows} A[r]ᵀ ⊗ B[r]` to the partial: the rows in blocks whose rows of A and
    /// B fit in the L1 cache together (about 24 KB), each block tile by tile, every tile adding
    /// to what the previous blocks left in the partial.
    func run(rows: Range<Int>) {
        let groups = width / 8
        let blockRows = Swift.max(8, 6144 / (m + n))
        var blockStart = rows.lowerBound
        while blockStart < rows.upperBound {
            let block = blockStart..<Swift.min(blockStart + blockRows, rows.upperBound)
            let first = blockStart == rows.lowerBound
            var firstRow = 0
            while firstRow < m {
                let rowCount = Swift.min(6, m - firstRow)
                var firstGroup = 0
                while firstGroup < groups {
                    if groups - firstGroup >= 2 {
                        tile(rowCount: rowCount, Extent2.self, rows: block, first: first, firstRow: firstRow, firstGroup: firstGroup)
                        firstGroup += 2
                    } else {
                        tile(rowCount: rowCount, Extent1.self, rows: block, first: first, firstRow: firstRow, firstGroup: firstGroup)
                        firstGroup += 1
                    }
                }
                firstRow += 6
            }
            blockStart = block.upperBound
        }
    }

    private func tile<G: TileExtent>(rowCount: Int, _ group: G.Type, rows: Range<Int>, first: Bool, firstRow: Int, firstGroup: Int) {
        // A last group that reaches past column n is loaded element by element; the other tiles
        // are compiled without that branch (it would cost a register, and the tile needs 15).
        if 8 * (firstGroup + G.value) > n {
            tile(rowCount: rowCount, group, PartialLastGroup.self, rows: rows, first: first, firstRow: firstRow, firstGroup: firstGroup)
        } else {
            tile(rowCount: rowCount, group, WholeGroups.self, rows: rows, first: first, firstRow: firstRow, firstGroup: firstGroup)
        }
    }

    private func tile<G: TileExtent, L: GroupLoading>(rowCount: Int, _ group: G.Type, _ loading: L.Type, rows: Range<Int>,
                                                      first: Bool, firstRow: Int, firstGroup: Int) {
        switch rowCount {
        case 1: tile(Extent1.self, group, loading, rows: rows, first: first, firstRow: firstRow, firstGroup: firstGroup)
        case 2: tile(Extent2.self, group, loading, rows: rows, first: first, firstRow: firstRow, firstGroup: firstGroup)
        case 3: tile(Extent3.self, group, loading, rows: rows, first: first, firstRow: firstRow, firstGroup: firstGroup)
        case 4: tile(Extent4.self, group, loading, rows: rows, first: first, firstRow: firstRow, firstGroup: firstGroup)
        case 5: tile(Extent5.self, group, loading, rows: rows, first: first, firstRow: firstRow, firstGroup: firstGroup)
        default: tile(Extent6.self, group, loading, rows: rows, first: first, firstRow: firstRow, firstGroup: firstGroup)
        }
    }

    /// Adds rows `rows` of A and B to rows `firstRow..<firstRow + R.value` and groups
    /// `firstGroup..<firstGroup + G.value` of the partial (which starts from zero when `first`):
    /// accumulator `i` holds row `i / G.value`, group `i % G.value`.
    @inline(__always)
    private func tile<R: TileExtent, G: TileExtent, L: GroupLoading>(_: R.Type, _: G.Type, _: L.Type, rows: Range<Int>,
                                                                     first: Bool, firstRow: Int, firstGroup: Int) {
        let groups = G.value, tile = R.value * groups
        let column0 = 8 * firstGroup, column1 = column0 + 8
        let count0 = n - column0, count1 = n - column1
        @inline(__always) func load(_ pointer: UnsafePointer<Float>, _ count: Int, last: Bool) -> Lanes {
            L.partial && last ? Lanes.load(from: pointer, count: count) : UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
        }
        @inline(__always) func address(_ i: Int) -> UnsafeMutablePointer<Float> {
            partial + (firstRow + i / groups) * width + 8 * (firstGroup + i % groups)
        }
        @inline(__always) func start(_ i: Int) -> Lanes {
            first || i >= tile ? Lanes() : UnsafeRawPointer(address(i)).loadUnaligned(as: Lanes.self)
        }
        var acc0 = start(0), acc1 = start(1), acc2 = start(2), acc3 = start(3)
        var acc4 = start(4), acc5 = start(5), acc6 = start(6), acc7 = start(7)
        var acc8 = start(8), acc9 = start(9), acc10 = start(10), acc11 = start(11)
        for r in rows {
            let bRow = b + r * ldb, aRow = a + r * lda + firstRow
            let b0 = load(bRow + column0, count0, last: groups == 1)
            let b1 = groups < 2 ? Lanes() : load(bRow + column1, count1, last: true)
            @inline(__always) func group(_ g: Int) -> Lanes { g == 0 ? b0 : b1 }
            @inline(__always) func element(_ i: Int) -> Lanes { Lanes(repeating: aRow[i]) }
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
        }
        @inline(__always) func write(_ sum: Lanes, _ i: Int) {
            UnsafeMutableRawPointer(address(i)).storeBytes(of: sum, as: Lanes.self)
        }
        if tile > 0 { write(acc0, 0) }
        if tile > 1 { write(acc1, 1) }
        if tile > 2 { write(acc2, 2) }
        if tile > 3 { write(acc3, 3) }
        if tile > 4 { write(acc4, 4) }
        if tile > 5 { write(acc5, 5) }
        if tile > 6 { write(acc6, 6) }
        if tile > 7 { write(acc7, 7) }
        if tile > 8 { write(acc8, 8) }
        if tile > 9 { write(acc9, 9) }
        if tile > 10 { write(acc10, 10) }
        if tile > 11 { write(acc11, 11) }
    }
}

/// Whether a tile's last 8-lane group of B reaches past column n (and is loaded element by element).
private protocol GroupLoading { static var partial: Bool { get } }
private enum WholeGroups: GroupLoading { static var partial: Bool { false } }
private enum PartialLastGroup: GroupLoading { static var partial: Bool { true } }
