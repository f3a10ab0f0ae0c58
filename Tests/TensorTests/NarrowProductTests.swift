import Tensor
import XCTest

final class NarrowProductTests: XCTestCase {
    /// `narrowProduct` against a direct sum in Double, for every lane-group count (n = 1…64,
    /// partial groups included), with and without accumulation, bias and rectification, on a
    /// sub-range of rows with padded row strides.
    func testMatchesDirectProduct() {
        var generator = SeededGenerator(seed: 11)
        for n in [1, 5, 8, 10, 17, 25, 40, 50, 63, 64] {
            for k in [1, 7, 64] {
                let (m, lda, ldc) = (9, k + 3, n + 2)
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
                                    BLAS.narrowProduct(rows: 2..<8, k: k, n: n, a: a.baseAddress!, lda: lda,
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
                            guard (2..<8).contains(r), col < n else {
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
}
