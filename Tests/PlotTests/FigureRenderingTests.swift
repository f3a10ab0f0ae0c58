import Foundation
import XCTest
import Plot

final class FigureRenderingTests: XCTestCase {
    /// Writes `png` to `$PLOT_SNAPSHOT_DIR/name` when that variable is set (for looking at figures).
    func snapshot(_ png: [UInt8], _ name: String) {
        guard let directory = ProcessInfo.processInfo.environment["PLOT_SNAPSHOT_DIR"] else { return }
        _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(png))
    }

    /// `count` standard-normal-looking values from a fixed linear congruential sequence.
    func sample(_ count: Int) -> [Double] {
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return (0..<count).map { _ in
            (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
        }
    }

    func isBlueish(_ p: [UInt8]) -> Bool { Int(p[2]) > Int(p[0]) + 60 && Int(p[2]) > Int(p[1]) + 30 }

    func testHistogramFigureHasBarsTitleAndLabels() throws {
        let figure = try Figure(style: .whitegrid)
        let histogram = try figure.axes.hist(sample(5000), bins: .count(40))
        XCTAssertEqual(histogram.counts.reduce(0, +), 5000)
        figure.axes.title = PlotText("Distribution of Data in Matrix", fontSize: 16)
        figure.axes.xLabel = PlotText("Value", fontSize: 14)
        figure.axes.yLabel = PlotText("Count", fontSize: 14)
        let png = try figure.pngData()
        snapshot(png, "hist-whitegrid.png")
        let image = try PNG.decode(png)
        XCTAssertEqual(image.width, 640)
        XCTAssertEqual(image.height, 480)

        var colours = Set<[UInt8]>()
        var blue = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                guard let p = image.pixel(x: x, y: y) else { continue }
                colours.insert(p)
                if isBlueish(p) { blue += 1 }
            }
        }
        XCTAssertGreaterThan(colours.count, 10)
        XCTAssertGreaterThan(blue, 640 * 480 / 20, "bars cover a good part of the axes")
        // The default cycle's first colour, #1f77b4, fills the tallest bar's middle.
        XCTAssertTrue(colours.contains([0x1f, 0x77, 0xb4, 255]))

        // Title band: above the axes (which start at 12 % of the height), dark text pixels.
        func darkPixels(rows: Range<Int>, columns: Range<Int>) -> Int {
            var dark = 0
            for y in rows { for x in columns where (image.pixel(x: x, y: y)?[0] ?? 255) < 100 { dark += 1 } }
            return dark
        }
        XCTAssertGreaterThan(darkPixels(rows: 0..<57, columns: 80..<576), 200, "title text")
        XCTAssertGreaterThan(darkPixels(rows: 455..<480, columns: 250..<400), 50, "x label text")
        XCTAssertGreaterThan(darkPixels(rows: 150..<350, columns: 0..<40), 50, "rotated y label text")
        XCTAssertEqual(darkPixels(rows: 0..<57, columns: 0..<70), 0, "nothing left of the title")
    }

    func testStyleChangesTheAxesBackground() throws {
        func axesCorner(_ style: PlotStyle) throws -> [UInt8]? {
            let figure = try Figure(style: style)
            try figure.axes.plot(y: [1, 3, 2])
            let image = try PNG.decode(try figure.pngData())
            snapshot(try figure.pngData(), "line-\(style.rawValue).png")
            return image.pixel(x: 100, y: 75)
        }
        XCTAssertEqual(try axesCorner(.whitegrid), [255, 255, 255, 255])
        XCTAssertEqual(try axesCorner(.darkgrid), [0xEA, 0xEA, 0xF2, 255])
    }

    func testFigureSizeAndDpi() throws {
        let figure = try Figure(widthInches: 4, heightInches: 3, dpi: 100)
        try figure.axes.scatter(x: [1, 2, 3], y: [3, 1, 2])
        let image = try PNG.decode(try figure.pngData(dpi: 50))
        XCTAssertEqual([image.width, image.height], [200, 150])
        XCTAssertEqual(figure.summary, "<Figure size 400x300 with 1 Axes>")
        XCTAssertThrowsError(try Figure(widthInches: -1, heightInches: 3))
        XCTAssertThrowsError(try Figure(widthInches: 1000, heightInches: 3)) { error in
            XCTAssertEqual((error as? PlotError)?.message, "Image size of 100000x300 pixels is too large. It must be less than 2^16 in each direction.")
        }
        XCTAssertThrowsError(try Figure(widthInches: 600, heightInches: 600)) { error in
            XCTAssertEqual((error as? PlotError)?.kind, .memory)
        }
    }

    func testMissingFontIsAThrownError() throws {
        let figure = try Figure()
        XCTAssertThrowsError(try figure.pngData(fontPath: "/nonexistent/font.ttf")) { error in
            XCTAssertEqual((error as? PlotError)?.kind, .resource)
            XCTAssertTrue((error as? PlotError)?.message.contains("/nonexistent/font.ttf") ?? false)
        }
    }

    func testAutomaticLimitsFollowMatplotlibMargins() throws {
        let axes = Axes()
        try axes.hist([0, 1, 2, 3, 4], bins: .count(4))
        let limits = axes.viewLimits()
        // matplotlib: ax.hist([0,1,2,3,4], bins=4) → xlim (-0.2, 4.2), ylim (0.0, 2.1)
        XCTAssertEqual(limits.x.0, -0.2, accuracy: 1e-12)
        XCTAssertEqual(limits.x.1, 4.2, accuracy: 1e-12)
        XCTAssertEqual(limits.y.0, 0)
        XCTAssertEqual(limits.y.1, 2.1, accuracy: 1e-12)
        axes.yLimits = (nil, 10)
        XCTAssertEqual(axes.viewLimits().y.1, 10)
        XCTAssertEqual(axes.viewLimits().y.0, 0)
    }

    func testLegendAndColourCycle() throws {
        let figure = try Figure()
        try figure.axes.plot(y: [0, 1, 4, 9], label: "squares")
        try figure.axes.plot(y: [0, 1, 2, 3], lineStyle: .dashed, label: "linear")
        figure.axes.legendVisible = true
        figure.axes.gridVisible = true
        let png = try figure.pngData()
        snapshot(png, "legend.png")
        let image = try PNG.decode(png)
        var orange = 0
        for y in 0..<image.height {
            for x in 0..<image.width {
                if let p = image.pixel(x: x, y: y), p[0] > 200, p[1] > 100, p[1] < 160, p[2] < 60 { orange += 1 }
            }
        }
        XCTAssertGreaterThan(orange, 100, "the second line takes the cycle's second colour, #ff7f0e")
    }

    func testLargeCountsShowAPowerOfTenAboveTheAxis() throws {
        let figure = try Figure()
        // Counts of MovieLens 20M ratings, in millions: the y axis reads 0…5 with "1e6" on top.
        try figure.axes.bar(x: [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5],
                            heights: [239_125, 680_732, 279_252, 1_430_997, 883_398, 4_291_193, 2_200_156, 5_561_926, 1_534_824, 2_898_660],
                            width: [0.4])
        figure.axes.xLabel = PlotText("Rating", fontSize: 14)
        let png = try figure.pngData()
        snapshot(png, "bar-default.png")
        let image = try PNG.decode(png)
        var dark = 0
        // Just above the axes' top-left corner (axes top at 57.6 px, left at 80 px).
        for y in 35..<56 { for x in 78..<110 where (image.pixel(x: x, y: y)?[0] ?? 255) < 100 { dark += 1 } }
        XCTAssertGreaterThan(dark, 20, "the shared multiplier 1e6")
        // Default style: black spines and outward tick marks below the bottom spine.
        XCTAssertEqual(image.pixel(x: 300, y: 427), [0, 0, 0, 255])
    }
}
