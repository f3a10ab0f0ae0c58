import XCTest
import Plot

/// Expected values come from numpy 2.x (`/tmp/fzvenv/bin/python`); each test quotes the command.
final class HistogramTests: XCTestCase {
    /// Exactly representable data, with many values on bin edges:
    /// `v = np.array([((i*37) % 101) / 8.0 - 3 for i in range(300)])`.
    let values = (0..<300).map { Double(($0 * 37) % 101) / 8.0 - 3 }

    func testDefaultTenBinsMatchNumpy() throws {
        // np.histogram(v)
        let h = try Histogram(values: values)
        XCTAssertEqual(h.counts, [30, 30, 29, 30, 30, 30, 29, 30, 30, 32])
        XCTAssertEqual(h.edges, [-3.0, -1.75, -0.5, 0.75, 2.0, 3.25, 4.5, 5.75, 7.0, 8.25, 9.5])
    }

    func testRangeIgnoresValuesOutside() throws {
        // np.histogram(v, bins=7, range=(-1, 5))
        let h = try Histogram(values: values, bins: .count(7), range: (-1, 5))
        XCTAssertEqual(h.counts, [21, 20, 21, 21, 21, 21, 20])
        XCTAssertEqual(h.edges, [-1.0, -0.1428571428571429, 0.7142857142857142, 1.5714285714285712,
                                 2.4285714285714284, 3.2857142857142856, 4.142857142857142, 5.0])
    }

    func testExplicitEdgesLastBinClosed() throws {
        // np.histogram(v, bins=[-3, -1, 0, 0.5, 4, 9.5])  — 9.5 (the maximum) counts in the last bin
        let h = try Histogram(values: values, bins: .edges([-3, -1, 0, 0.5, 4, 9.5]))
        XCTAssertEqual(h.counts, [48, 24, 11, 84, 133])
        XCTAssertEqual(h.counts.reduce(0, +), 300)
    }

    func testDensityIntegratesToOne() throws {
        // np.histogram(v, bins=4, density=True)
        let h = try Histogram(values: values, bins: .count(4), density: true)
        let expected = [0.08, 0.07893333333333333, 0.07893333333333333, 0.08213333333333334]
        for (a, b) in zip(h.counts, expected) { XCTAssertEqual(a, b, accuracy: 1e-15) }
        XCTAssertEqual(h.edges, [-3.0, 0.125, 3.25, 6.375, 9.5])
        let integral = zip(h.counts, zip(h.edges, h.edges.dropFirst())).map { $0 * ($1.1 - $1.0) }.reduce(0, +)
        XCTAssertEqual(integral, 1, accuracy: 1e-12)
    }

    func testValueOnComputedEdge() throws {
        // np.histogram(np.array([0.1, 0.2, 0.3, 0.7]), bins=3) → [2, 1, 1], edges [0.1, 0.3, 0.5, 0.7]
        let h = try Histogram(values: [0.1, 0.2, 0.3, 0.7], bins: .count(3))
        XCTAssertEqual(h.counts, [2, 1, 1])
        XCTAssertEqual(h.edges, [0.1, 0.3, 0.5, 0.7])
    }

    func testSingleValueWidensRangeAndEmptyDataUsesUnitRange() throws {
        // np.histogram(np.array([2.0, 2.0]), bins=2) → [0, 2], [1.5, 2.0, 2.5]
        let single = try Histogram(values: [2, 2], bins: .count(2))
        XCTAssertEqual(single.counts, [0, 2])
        XCTAssertEqual(single.edges, [1.5, 2.0, 2.5])
        // np.histogram(np.array([]), bins=3) → [0, 0, 0], [0, 1/3, 2/3, 1]
        let empty = try Histogram(values: [], bins: .count(3))
        XCTAssertEqual(empty.counts, [0, 0, 0])
        XCTAssertEqual(empty.edges, [0.0, 0.3333333333333333, 0.6666666666666666, 1.0])
    }

    func testErrorsUseNumpyMessages() {
        // np.histogram(np.array([1.0, np.nan])) → ValueError
        XCTAssertThrowsError(try Histogram(values: [1, .nan])) { error in
            XCTAssertEqual(error as? PlotError, PlotError(.value, "autodetected range of [nan, nan] is not finite"))
        }
        // np.histogram(v, range=(2, 1))
        XCTAssertThrowsError(try Histogram(values: values, range: (2, 1))) { error in
            XCTAssertEqual((error as? PlotError)?.message, "max must be larger than min in range parameter.")
        }
        XCTAssertThrowsError(try Histogram(values: values, bins: .count(0))) { error in
            XCTAssertEqual((error as? PlotError)?.message, "`bins` must be positive, when an integer")
        }
        XCTAssertThrowsError(try Histogram(values: values, bins: .edges([0, 2, 1]))) { error in
            XCTAssertEqual((error as? PlotError)?.message, "`bins` must increase monotonically, when an array")
        }
    }

    func testAbsurdBinCountIsAMemoryErrorNotACrash() {
        XCTAssertThrowsError(try Histogram(values: [1, 2], bins: .count(1_000_000_000_000))) { error in
            XCTAssertEqual((error as? PlotError)?.kind, .memory)
        }
    }

    func testNaNIgnoredWithExplicitRange() throws {
        // np.histogram(np.array([0.5, np.nan, 1.5]), bins=2, range=(0, 2)) → [1, 1]
        let h = try Histogram(values: [0.5, .nan, 1.5], bins: .count(2), range: (0, 2))
        XCTAssertEqual(h.counts, [1, 1])
    }
}
