import XCTest
import Graph

final class GraphLinkTests: XCTestCase {
    func testModuleLinks() {}
}
