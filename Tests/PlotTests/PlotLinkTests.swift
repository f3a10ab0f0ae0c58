import XCTest
import Plot

final class PlotLinkTests: XCTestCase {
    func testModuleLinks() {}
}
