import XCTest
import Tensor

final class TensorLinkTests: XCTestCase {
    func testModuleLinks() {}
}
