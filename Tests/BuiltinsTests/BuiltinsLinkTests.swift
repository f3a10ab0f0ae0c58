import XCTest
import Builtins

final class BuiltinsLinkTests: XCTestCase {
    func testModuleLinks() {}
}
