import XCTest
import Frames

final class FramesLinkTests: XCTestCase {
    func testModuleLinks() {}
}
