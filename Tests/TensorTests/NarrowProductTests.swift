import Tensor
import XCTest

final class NarrowProductTests: XCTestCase {
    /// `narrowProduct` against a direct sum in Double, for every lane-group count (n = 1…64,
    /// partial groups included), with and without accumulation, bias and rectification, on a
    /// sub-range of rows with padded row strides: 25 rows, so that the register tiles (blocks of
    /// 6 rows, or of 8 for one group) run whole and the rows after the last block run one by one.
    func testMatchesDirectProduct() {
        var generator = SeededGenerator(seed: 11)
        for n in [1, 5, 8, 10, 17, 25, 40, 50, 63, 64] {
            for k in [1, 7, 64] {
                let (m, lda, ldc) = (30, k + 3, n + 2)
                let a = (0..<(m * lda)).map { _ in Float.random(in: -1..<1, using: &generator) }
                let b = (0..<(k * n)).map { _ in Float.random(in: -1..<1, using: &generator) }
                let bias = (0..<n).map { _ in Float.random(in: -1..<1, using: &generator) }
                let start = (0..<(m * ldc)).map { _ in Float.random(in: -1..<1, using: &generator) }
                for (accumulate, useBias, rectify) in [(false, false, false), (false, true, true), (true, false, false), (true, true, true)] {
                    var padded = [Float](repeating: .nan, count: k * BLAS.paddedWidth(n))
                    var paddedBias = [Float](repeating: 0, count: BLAS.paddedWidth(n))
                    for j in 0..<n { paddedBias[j] = bias[j] }
                    // Transposed source: B stored [n, k].
                    var stored = [Float](repeating: 0, count: n * k)
                    for r in 0..<k { for c in 0..<n { stored[c * k + r] = b[r * n + c] } }
                    padded.withUnsafeMutableBufferPointer { p in
                        BLAS.padRows(stored, rows: k, columns: n, transpose: true, into: p.baseAddress!)
                    }
                    var c = start
                    a.withUnsafeBufferPointer { a in
                        padded.withUnsafeBufferPointer { padded in
                            paddedBias.withUnsafeBufferPointer { paddedBias in
                                c.withUnsafeMutableBufferPointer { c in
                                    BLAS.narrowProduct(rows: 2..<27, k: k, n: n, a: a.baseAddress!, lda: lda,
                                                       paddedB: padded.baseAddress!, c: c.baseAddress!, ldc: ldc,
                                                       accumulate: accumulate, bias: useBias ? paddedBias.baseAddress! : nil,
                                                       rectify: rectify)
                                }
                            }
                        }
                    }
                    for r in 0..<m {
                        for col in 0..<ldc {
                            let index = r * ldc + col
                            guard (2..<27).contains(r), col < n else {
                                XCTAssertEqual(c[index], start[index], "untouched element r\(r) c\(col), n \(n) k \(k)")
                                continue
                            }
                            var sum = 0.0
                            for j in 0..<k { sum += Double(a[r * lda + j]) * Double(b[j * n + col]) }
                            if accumulate { sum += Double(start[index]) }
                            if useBias { sum += Double(bias[col]) }
                            if rectify { sum = max(sum, 0) }
                            XCTAssertEqual(Double(c[index]), sum, accuracy: 1e-5 * Double(k + 2),
                                           "n \(n) k \(k) accumulate \(accumulate) bias \(useBias) rectify \(rectify)")
                        }
                    }
                }
            }
        }
    }

    /// `transposedProduct` (Aᵀ · B summed over rows) against a direct sum in Double, for C of
    /// 1…64 rows (every tile height 1…6) and 1…64 columns (partial lane groups), over row counts
    /// below one chunk and over many chunks, with padded strides, set and accumulated.
    func testTransposedProductMatchesDirectSum() {
        var generator = SeededGenerator(seed: 12)
        for (m, n) in [(1, 1), (5, 8), (10, 64), (64, 50), (7, 17), (64, 64), (13, 3)] {
            for rows in [1, 37, 3000] {
                let (lda, ldb, ldc) = (m + 1, n + 2, n + 3)
                let a = (0..<(rows * lda)).map { _ in Float.random(in: -1..<1, using: &generator) }
                let b = (0..<(rows * ldb)).map { _ in Float.random(in: -1..<1, using: &generator) }
                let start = (0..<(m * ldc)).map { _ in Float.random(in: -1..<1, using: &generator) }
                var scratch = [Float](repeating: .nan, count: BLAS.transposedProductScratchCount(rows: rows, m: m, n: n))
                for accumulate in [false, true] {
                    var c = start
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            c.withUnsafeMutableBufferPointer { c in
                                scratch.withUnsafeMutableBufferPointer { scratch in
                                    BLAS.transposedProduct(rows: rows, m: m, n: n, a: a.baseAddress!, lda: lda,
                                                           b: b.baseAddress!, ldb: ldb, c: c.baseAddress!, ldc: ldc,
                                                           accumulate: accumulate, scratch: scratch.baseAddress!)
                                }
                            }
                        }
                    }
                    for h in 0..<m {
                        for col in 0..<ldc {
                            let index = h * ldc + col
                            guard col < n else {
                                XCTAssertEqual(c[index], start[index], "untouched element h\(h) c\(col)")
                                continue
                            }
                            var sum = accumulate ? Double(start[index]) : 0
                            for r in 0..<rows { sum += Double(a[r * lda + h]) * Double(b[r * ldb + col]) }
                            XCTAssertEqual(Double(c[index]), sum, accuracy: 2e-6 * Double(rows + 1),
                                           "m \(m) n \(n) rows \(rows) accumulate \(accumulate)")
                        }
                    }
                }
            }
        }
    }

    /// `rowDots` against a direct sum in Double for depths 1…70 (whole 16-element steps, an
    /// 8-element step, a partial group), with bias and rectification, on a sub-range of rows.
    func testRowDotsMatchDirectSum() {
        var generator = SeededGenerator(seed: 13)
        for k in [1, 7, 8, 15, 16, 25, 50, 64, 70] {
            let (m, lda) = (11, k + 5)
            let a = (0..<(m * lda)).map { _ in Float.random(in: -1..<1, using: &generator) }
            let v = (0..<k).map { _ in Float.random(in: -1..<1, using: &generator) }
            for (bias, rectify) in [(Float(0), false), (Float(0.25), true)] {
                var c = [Float](repeating: 7, count: m)
                a.withUnsafeBufferPointer { a in
                    v.withUnsafeBufferPointer { v in
                        c.withUnsafeMutableBufferPointer { c in
                            BLAS.rowDots(rows: 1..<10, k: k, a: a.baseAddress!, lda: lda, vector: v.baseAddress!,
                                         bias: bias, rectify: rectify, c: c.baseAddress!)
                        }
                    }
                }
                XCTAssertEqual(c[0], 7, "row 0 untouched")
                XCTAssertEqual(c[10], 7, "row 10 untouched")
                for r in 1..<10 {
                    var sum = Double(bias)
                    for j in 0..<k { sum += Double(a[r * lda + j]) * Double(v[j]) }
                    if rectify { sum = max(sum, 0) }
                    XCTAssertEqual(Double(c[r]), sum, accuracy: 1e-5 * Double(k + 1), "k \(k) row \(r)")
                }
            }
        }
    }
}
