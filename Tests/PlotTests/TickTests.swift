import XCTest
import Plot

/// Expected ticks and labels are matplotlib 3.11's for a default 640×480 axes (9 bins), from
/// `ax.set_xlim(lo, hi); fig.canvas.draw(); ax.get_xticks()` and the visible tick labels.
final class TickTests: XCTestCase {
    func assertTicks(_ lower: Double, _ upper: Double, _ expected: [Double], _ labels: [String],
                     multiplier: String = "", file: StaticString = #filePath, line: UInt = #line) {
        let ticks = TickLocator.ticks(lower: lower, upper: upper, maximumBins: 9)
        XCTAssertEqual(ticks.count, expected.count, "ticks \(ticks)", file: file, line: line)
        for (a, b) in zip(ticks, expected) {
            XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b)), "ticks \(ticks)", file: file, line: line)
        }
        let formatted = TickLabels(ticks: ticks, lower: lower, upper: upper)
        XCTAssertEqual(formatted.labels, labels, file: file, line: line)
        XCTAssertEqual(formatted.multiplier, multiplier, file: file, line: line)
    }

    func testUnitInterval() {
        assertTicks(0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1], ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        assertTicks(-0.05, 1.05, [0, 0.2, 0.4, 0.6, 0.8, 1], ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    func testIntegerStepsWithUnicodeMinus() {
        assertTicks(-4.2, 4.5, [-4, -3, -2, -1, 0, 1, 2, 3, 4],
                    ["\u{2212}4", "\u{2212}3", "\u{2212}2", "\u{2212}1", "0", "1", "2", "3", "4"])
        assertTicks(-3.625, 10.125, [-2, 0, 2, 4, 6, 8, 10], ["\u{2212}2", "0", "2", "4", "6", "8", "10"])
        assertTicks(0, 31.5, [0, 5, 10, 15, 20, 25, 30], ["0", "5", "10", "15", "20", "25", "30"])
    }

    func testHalfSteps() {
        assertTicks(0.5, 5, [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5],
                    ["0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0"])
    }

    func testLargeAndSmallValuesShareAPowerOfTen() {
        assertTicks(0, 5.5e6, [0, 1e6, 2e6, 3e6, 4e6, 5e6], ["0", "1", "2", "3", "4", "5"], multiplier: "1e6")
        assertTicks(-1e-6, 3e-6, [-1e-6, -5e-7, 0, 5e-7, 1e-6, 1.5e-6, 2e-6, 2.5e-6, 3e-6],
                    ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"],
                    multiplier: "1e\u{2212}6")
    }
}
