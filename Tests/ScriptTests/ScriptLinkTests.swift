import XCTest
import Script

final class ScriptLinkTests: XCTestCase {
    func testModuleLinks() {}
}
