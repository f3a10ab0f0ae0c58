import XCTest
import Learn

final class LearnLinkTests: XCTestCase {
    func testModuleLinks() {}
}
