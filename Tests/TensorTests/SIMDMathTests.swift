import Foundation
import Tensor
import XCTest

final class SIMDMathTests: XCTestCase {
    /// `laneSquareRoot` is IEEE 754's correctly rounded square root in every lane: the same bits
    /// as the scalar `Float.squareRoot()`, including zeros, subnormals, infinity and NaN.
    func testLaneSquareRootMatchesScalarBitForBit() {
        var generator = SeededGenerator(seed: 7)
        var values: [Float] = [0, -0, .leastNonzeroMagnitude, 1e-38, 1e-8, 2, 0.25, .greatestFiniteMagnitude, .infinity, -1]
        for _ in 0..<4086 { values.append(Float.random(in: 0..<1000, using: &generator) * Float.random(in: 0..<1, using: &generator)) }
        var i = 0
        while i + 8 <= values.count {
            let lanes = SIMD8<Float>(values[i..<i + 8])
            let roots = lanes.laneSquareRoot()
            for k in 0..<8 {
                let expected = values[i + k].squareRoot()
                if expected.isNaN {
                    XCTAssertTrue(roots[k].isNaN, "sqrt(\(values[i + k]))")
                } else {
                    XCTAssertEqual(roots[k].bitPattern, expected.bitPattern, "sqrt(\(values[i + k]))")
                }
            }
            i += 8
        }
    }

    /// Partial loads fill the spare lanes with zeros and read nothing past `count`; partial
    /// stores write only the first `count` floats.
    func testPartialLoadAndStore() {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 12)
        defer { buffer.deallocate() }
        for k in 0..<12 { buffer[k] = Float(k + 1) }
        XCTAssertEqual(SIMD8<Float>.load(from: buffer, count: 3), SIMD8<Float>(1, 2, 3, 0, 0, 0, 0, 0))
        XCTAssertEqual(SIMD8<Float>.load(from: buffer, count: 8), SIMD8<Float>(1, 2, 3, 4, 5, 6, 7, 8))
        XCTAssertEqual(SIMD8<Float>.load(from: buffer, count: -5), SIMD8<Float>(repeating: 0))
        SIMD8<Float>(repeating: -1).store(to: buffer + 2, count: 3)
        XCTAssertEqual(Array(UnsafeBufferPointer(start: buffer, count: 12)), [1, 2, -1, -1, -1, 6, 7, 8, 9, 10, 11, 12])
        SIMD8<Float>(repeating: -2).store(to: buffer, count: 0)
        XCTAssertEqual(buffer[0], 1)
    }

    /// `laneExp` against the exponential in Double: within 2 ulp over the normal range (a dense
    /// sweep of −87.3…88.7 and the points around its ends), 0 below, +∞ above, NaN for NaN;
    /// `VectorMath.exponentiate` gives the same lanes for a buffer with a partial last group.
    func testExponentialIsWithinTwoUlps() {
        var values: [Float] = stride(from: Float(-87.33), through: 88.72, by: 0.0137).map { $0 }
        values += [0, -0.0, 1, -1, 1e-8, -1e-8, 0.346_5, -0.346_6, 88.722, -87.336, 88.7228, -87.3365]
        values += [-87.34, -100, -.infinity, 88.73, 1000, .infinity, .nan]
        while values.count % 8 != 0 { values.append(0.5) }
        var buffer = values
        buffer.withUnsafeMutableBufferPointer { VectorMath.exponentiate($0.baseAddress!, count: values.count - 3) }
        for i in stride(from: 0, to: values.count, by: 8) {
            let lanes = SIMD8<Float>(values[i..<i + 8]).laneExp()
            for k in 0..<8 {
                let x = values[i + k], e = lanes[k]
                if i + k < values.count - 3 {
                    XCTAssertEqual(buffer[i + k].bitPattern, e.bitPattern, "exponentiate(\(x))")
                } else {
                    XCTAssertEqual(buffer[i + k].bitPattern, x.bitPattern, "past count: \(x) untouched")
                }
                if x.isNaN {
                    XCTAssertTrue(e.isNaN, "exp(nan)")
                } else if x < -87.336_544 {
                    XCTAssertEqual(e, 0, "exp(\(x))")
                } else if x > 88.722_83 {
                    XCTAssertEqual(e, .infinity, "exp(\(x))")
                } else {
                    let exact = Foundation.exp(Double(x))
                    let ulp = Double(Float(exact).ulp)
                    XCTAssertLessThanOrEqual(abs(Double(e) - exact), 2 * ulp, "exp(\(x)) = \(e), exactly \(exact)")
                }
            }
        }
    }
}
