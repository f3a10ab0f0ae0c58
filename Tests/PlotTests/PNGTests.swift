import XCTest
import Plot

final class PNGTests: XCTestCase {
    func testRoundTripThroughLibpng() throws {
        let width = 7, height = 5
        var rgba: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { rgba += [UInt8(x * 30), UInt8(y * 50), UInt8((x * y) % 256), UInt8(255 - x)] }
        }
        let png = try PNG.encode(rgba: rgba, width: width, height: height)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let image = try PNG.decode(png)
        XCTAssertEqual(image.width, width)
        XCTAssertEqual(image.height, height)
        XCTAssertEqual(image.rgba, rgba)
        XCTAssertEqual(image.pixel(x: 3, y: 2), [90, 100, 6, 252])
        XCTAssertNil(image.pixel(x: 7, y: 0))
    }

    func testBadInputIsAnErrorNotACrash() {
        XCTAssertThrowsError(try PNG.decode([1, 2, 3, 4, 5, 6, 7, 8, 9])) { error in
            XCTAssertEqual((error as? PlotError)?.kind, .value)
        }
        XCTAssertThrowsError(try PNG.encode(rgba: [0, 0, 0], width: 1, height: 1)) { error in
            XCTAssertEqual((error as? PlotError)?.kind, .value)
        }
        XCTAssertThrowsError(try PNG.encode(rgba: [], width: 0, height: 0))
    }
}
