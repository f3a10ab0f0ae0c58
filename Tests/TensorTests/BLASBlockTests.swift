import XCTest
import Tensor

/// `BLAS.gemm` cuts large products into row or column blocks; each layout and transpose must
/// still give the product (checked against a Double reference), and small products too.
final class BLASBlockTests: XCTestCase {
    private func reference(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int,
                           transposeA: Bool, transposeB: Bool) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p * m + i] : a[i * k + p]
                    let y = transposeB ? b[j * k + p] : b[p * n + j]
                    sum += Double(x) * Double(y)
                }
                c[i * n + j] = sum
            }
        }
        return c
    }

    func testBlockedProductsEqualTheReference() {
        var generator = SeededGenerator(seed: 12)
        // (m, n, k): split by rows (m ≥ 64, large), split by columns (m < 64, large), unsplit.
        for (m, n, k) in [(300, 70, 200), (40, 300, 400), (7, 5, 3)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = (0..<m * k).map { _ in generator.uniform(-1, 1) }
                    let b = (0..<k * n).map { _ in generator.uniform(-1, 1) }
                    let start = (0..<m * n).map { _ in generator.uniform(-1, 1) }
                    var c = start
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            c.withUnsafeMutableBufferPointer { c in
                                BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 2,
                                          a: a.baseAddress!, b: b.baseAddress!, beta: 0.5, c: c.baseAddress!)
                            }
                        }
                    }
                    let product = reference(a, b, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
                    var worst = 0.0
                    for index in 0..<m * n {
                        let expected = 2 * product[index] + 0.5 * Double(start[index])
                        worst = max(worst, abs(Double(c[index]) - expected))
                    }
                    XCTAssertLessThan(worst, 1e-3, "m \(m) n \(n) k \(k) transposeA \(transposeA) transposeB \(transposeB)")
                }
            }
        }
    }
}
